/**
 * The audit trail: one JSON record per step that changed or checked something in Azure, appended
 * as a line to `$RUNNER_TEMP/mlops-audit/<run>-<attempt>-<job>-<step>.jsonl`. The record format
 * is versioned and documented in docs/audit-record.md; every record passes through the secret
 * registry's redaction before it is written, and secret inputs are left out altogether.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AzureRequestRecord, Failure, WorkspaceRef } from '@mlops-actions/azureml';
import { runnerContext } from './context.ts';
import type { ActionDefinition } from './definition.ts';
import { redact } from './secrets.ts';

export const AUDIT_SCHEMA = 'mlops-actions/audit';
export const AUDIT_VERSION = 1;
export const AUDIT_DIR_NAME = 'mlops-audit';

/** What a step was about, from its use case's report; every field may be missing. */
export interface AuditSubject {
  environment?: string | undefined;
  endpoint?: string | undefined;
  deployment?: string | undefined;
  model?: { name: string; version?: string | undefined } | undefined;
  job?: string | undefined;
  trafficBefore?: Record<string, number> | undefined;
  trafficAfter?: Record<string, number> | undefined;
  backup?: { id: string; sha256: string } | undefined;
  changeTicket?: string | undefined;
}

/** Version 1 of the record (docs/audit-record.md). */
export interface AuditRecord {
  schema: typeof AUDIT_SCHEMA;
  version: typeof AUDIT_VERSION;
  id: string;
  action: string;
  who: { actor: string | null; triggeringActor: string | null };
  inputs: Record<string, unknown>;
  where: {
    environment: string | null;
    subscriptionId: string | null;
    resourceGroup: string | null;
    workspace: string | null;
    endpoint: string | null;
    deployment: string | null;
  };
  model: { name: string; version: string | null } | null;
  job: string | null;
  traffic: { before: Record<string, number> | null; after: Record<string, number> | null };
  backup: { id: string; sha256: string } | null;
  changeTicket: string | null;
  repository: string | null;
  commit: string | null;
  runUrl: string | null;
  run: { id: string | null; attempt: string | null; job: string | null; step: string | null };
  startedAt: string;
  endedAt: string;
  outcome: { result: 'success' | 'failure'; failure: string | null };
  requests: AzureRequestRecord[];
}

interface Pending {
  action: string;
  inputs: Record<string, unknown>;
  startedAt: string;
  where?: WorkspaceRef;
  requests: AzureRequestRecord[];
}

// One step per process: what readInputs and connectAzure learnt, until conclude writes it.
let pending: Pending | undefined;

/** readInputs tells the audit which action runs and its inputs; secret ones are left out. */
export function noteInputs(
  definition: Pick<ActionDefinition, 'name' | 'inputs'>,
  values: Record<string, unknown>,
): void {
  const inputs = Object.fromEntries(
    Object.entries(values).filter(([name]) => !definition.inputs[name]?.secret),
  );
  pending = { action: definition.name, inputs, startedAt: new Date().toISOString(), requests: [] };
}

/**
 * connectAzure starts the record: from now on the step talks to Azure, so it is audited. Returns
 * the callback the SDK pipeline tells of each request that changed something.
 */
export function beginAudit(where: WorkspaceRef): (record: AzureRequestRecord) => void {
  pending ??= { action: 'unknown', inputs: {}, startedAt: new Date().toISOString(), requests: [] };
  pending.where = where;
  const requests = pending.requests;
  return (record) => requests.push(record);
}

/** The folder the steps of this job write their records to. */
export const auditDir = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.RUNNER_TEMP || os.tmpdir(), AUDIT_DIR_NAME);

/** The record of the step so far, ending now. */
export function auditRecord(
  subject: AuditSubject,
  failure: Failure | undefined,
  env = process.env,
): AuditRecord | undefined {
  if (!pending?.where) return undefined;
  const run = runnerContext(env);
  const { where } = pending;
  return {
    schema: AUDIT_SCHEMA,
    version: AUDIT_VERSION,
    // node:crypto loads only now, not at every action's start.
    id: globalThis.crypto.randomUUID(),
    action: pending.action,
    who: { actor: run.actor ?? null, triggeringActor: run.triggeringActor ?? run.actor ?? null },
    inputs: pending.inputs,
    where: {
      environment: subject.environment ?? null,
      subscriptionId: where.subscriptionId,
      resourceGroup: where.resourceGroup,
      workspace: where.workspace,
      endpoint: subject.endpoint ?? null,
      deployment: subject.deployment ?? null,
    },
    model: subject.model
      ? { name: subject.model.name, version: subject.model.version ?? null }
      : null,
    job: subject.job ?? null,
    traffic: { before: subject.trafficBefore ?? null, after: subject.trafficAfter ?? null },
    backup: subject.backup ?? null,
    changeTicket: subject.changeTicket ?? null,
    repository: run.repository ?? null,
    commit: run.sha ?? null,
    runUrl: run.runUrl ?? null,
    run: {
      id: run.runId ?? null,
      attempt: run.runAttempt ?? null,
      job: run.job ?? null,
      step: run.action ?? null,
    },
    startedAt: pending.startedAt,
    endedAt: new Date().toISOString(),
    outcome: { result: failure ? 'failure' : 'success', failure: failure?.what ?? null },
    requests: [...pending.requests],
  };
}

/** conclude writes the step's record (when it talked to Azure), redacted, as one JSON line. */
export function writeAuditRecord(
  subject: AuditSubject,
  failure: Failure | undefined,
  env = process.env,
): string | undefined {
  const record = auditRecord(subject, failure, env);
  if (!record) return undefined;
  const dir = auditDir(env);
  mkdirSync(dir, { recursive: true });
  const run = runnerContext(env);
  const name = [
    run.runId ?? 'local',
    run.runAttempt ?? '1',
    run.job ?? 'job',
    run.action ?? record.action,
  ]
    .join('-')
    .replace(/[^\w.-]/g, '_');
  const file = path.join(dir, `${name}.jsonl`);
  appendFileSync(file, `${redact(JSON.stringify(record))}\n`);
  pending = undefined;
  return file;
}

/** Every record in `dir`'s .jsonl files, oldest first; lines of another schema or version are refused. */
export function readAuditRecords(dir: string): {
  records: AuditRecord[];
  files: string[];
  problems: string[];
} {
  if (!existsSync(dir)) return { records: [], files: [], problems: [] };
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const records: AuditRecord[] = [];
  const problems: string[] = [];
  for (const name of names) {
    readFileSync(path.join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .forEach((line, i) => {
        try {
          const record = JSON.parse(line) as AuditRecord;
          if (record.schema !== AUDIT_SCHEMA || record.version !== AUDIT_VERSION) {
            problems.push(`${name}:${i + 1}: not a version ${AUDIT_VERSION} audit record`);
          } else records.push(record);
        } catch {
          problems.push(`${name}:${i + 1}: not JSON`);
        }
      });
  }
  records.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return { records, files: names.map((n) => path.join(dir, n)), problems };
}
