/**
 * The backup document of an online endpoint: canonical JSON (sorted keys, no server-generated or
 * read-only field, never a key or token), and its sha256. The hash covers what a restore puts
 * back — live traffic, mirror traffic and each deployment's spec — so the live endpoint, read
 * the same way, hashes to it exactly when it is at the backup. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { endpointPutBody, omit, type RawEndpoint } from '../online/endpoint-body.ts';
import { writableDeployment, type RawDeployment } from '../online/deployment-body.ts';
import { canonicalJson, isPlainObject } from '../transport/plain-data.ts';
import type { WorkspaceRef } from '../types.ts';

export const BACKUP_SCHEMA = 'mlops-actions/endpoint-backup';
export const BACKUP_VERSION = 1;

/** The workflow run that took the backup (its id finds "the latest backup of this run"). */
export interface BackupRun {
  id: string;
  attempt?: string | undefined;
  repository?: string | undefined;
  workflow?: string | undefined;
  url?: string | undefined;
}

/** What a restore puts back, and what the sha256 is of. */
export interface RestorableState {
  /** Deployment -> percent of live traffic; deployments at 0 % are left out. */
  traffic: Record<string, number>;
  /** Deployment -> percent of mirrored traffic; deployments at 0 % are left out. */
  mirrorTraffic: Record<string, number>;
  /** Deployment name -> the body that PUTs it back as it was. */
  deployments: Record<string, Record<string, unknown>>;
}

/** Version 1 of the document (docs: README, backup-and-rollback). */
export interface BackupDocument extends RestorableState {
  schema: typeof BACKUP_SCHEMA;
  version: typeof BACKUP_VERSION;
  id: string;
  endpointName: string;
  takenAt: string;
  /** The api-versions the endpoint and its deployments were read at (and are written back at). */
  apiVersions: { endpoint: string; deployments: string };
  run: BackupRun | null;
  commit: string | null;
  workspace: WorkspaceRef;
  /** The endpoint's writable settings as read (location, tags, identity, auth mode...), for people: a restore keeps the live ones. */
  endpoint: Record<string, unknown>;
  /** Of the canonical bytes of `{ deployments, mirrorTraffic, traffic }`. */
  sha256: string;
}

/** Endpoint properties that never go into a backup: the restorable state has them, or they are secrets. */
const ENDPOINT_KEPT_APART = ['traffic', 'mirrorTraffic', 'keys'];

/** Only the deployments that take a share: 0 % and absent are alike to Azure. */
export function shares(map: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([, percent]) => percent > 0));
}

/**
 * The restorable state of an endpoint and its deployments as read. With `only`, just those
 * deployments (case-insensitive): a deployment created after a backup is not part of it.
 */
export function restorableState(
  endpoint: RawEndpoint,
  deployments: readonly RawDeployment[],
  only?: readonly string[],
): RestorableState {
  const wanted = only && new Set(only.map((name) => name.toLowerCase()));
  return {
    traffic: shares(endpoint.properties?.traffic),
    mirrorTraffic: shares(endpoint.properties?.mirrorTraffic),
    deployments: Object.fromEntries(
      deployments
        .filter((d) => !wanted || wanted.has((d.name ?? '').toLowerCase()))
        .map((d) => [d.name ?? '', writableDeployment(d) as unknown as Record<string, unknown>]),
    ),
  };
}

export function stateSha256(state: RestorableState): string {
  const { traffic, mirrorTraffic, deployments } = state;
  return createHash('sha256')
    .update(canonicalJson({ deployments, mirrorTraffic, traffic }))
    .digest('hex');
}

export interface DocumentFacts {
  endpointName: string;
  takenAt: string;
  apiVersions: BackupDocument['apiVersions'];
  run?: BackupRun | undefined;
  commit?: string | undefined;
  workspace: WorkspaceRef;
}

export function backupDocument(
  facts: DocumentFacts,
  endpoint: RawEndpoint,
  deployments: readonly RawDeployment[],
): BackupDocument {
  const state = restorableState(endpoint, deployments);
  const writable = endpointPutBody(endpoint, {});
  const settings = {
    ...writable,
    properties: omit(writable.properties ?? {}, ENDPOINT_KEPT_APART),
  };
  const sha256 = stateSha256(state);
  return {
    schema: BACKUP_SCHEMA,
    version: BACKUP_VERSION,
    id: backupIdFor(facts.takenAt, sha256),
    endpointName: facts.endpointName,
    takenAt: facts.takenAt,
    apiVersions: facts.apiVersions,
    run: facts.run ?? null,
    commit: facts.commit ?? null,
    workspace: facts.workspace,
    endpoint: settings,
    ...state,
    sha256,
  };
}

/** The bytes stored: the whole document, canonical, indented for people, one final newline. */
export const documentBytes = (document: BackupDocument): string =>
  `${canonicalJson(document, 2)}\n`;

/** The id of a backup taken at `takenAt` (ISO): its time to the millisecond, sortable, then the state's hash. */
export function backupIdFor(takenAt: string, sha256: string): string {
  return `${takenAt.replace(/[-:]/g, '').replace('.', '')}-${sha256.slice(0, 12)}`;
}

/** Why a stored document cannot be used; the caller names the backup. */
export type DocumentProblem =
  { kind: 'malformed'; detail: string } | { kind: 'tampered'; detail: string };

/** The document in `text`, its shape and its sha256 checked; a problem otherwise. */
export function parseBackupDocument(
  text: string,
): { ok: true; document: BackupDocument } | { ok: false; problem: DocumentProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = `not JSON (${err instanceof Error ? err.message : String(err)})`;
    return { ok: false, problem: { kind: 'malformed', detail } };
  }
  const malformed = shapeProblem(value);
  if (malformed) return { ok: false, problem: { kind: 'malformed', detail: malformed } };
  const document = value as BackupDocument;
  const actual = stateSha256(document);
  if (actual !== document.sha256) {
    return {
      ok: false,
      problem: {
        kind: 'tampered',
        detail: `its content hashes to sha256 ${actual}, not the ${document.sha256} it records`,
      },
    };
  }
  return { ok: true, document };
}

function shapeProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not a JSON object';
  if (value.schema !== BACKUP_SCHEMA || value.version !== BACKUP_VERSION) {
    return `not a version ${BACKUP_VERSION} ${BACKUP_SCHEMA} document (schema ${JSON.stringify(value.schema)}, version ${JSON.stringify(value.version)})`;
  }
  for (const field of ['id', 'endpointName', 'takenAt', 'sha256'] as const) {
    if (typeof value[field] !== 'string') return `${field}: expected a string`;
  }
  for (const field of ['traffic', 'mirrorTraffic'] as const) {
    const map = value[field];
    if (!isPlainObject(map) || !Object.values(map).every((p) => Number.isInteger(p))) {
      return `${field}: expected an object of deployment -> percent`;
    }
  }
  if (!isPlainObject(value.deployments) || !Object.values(value.deployments).every(isPlainObject)) {
    return 'deployments: expected an object of deployment name -> deployment';
  }
  return undefined;
}
