import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { defineAction, input, readAuditRecords } from '@mlops-actions/action-kit';
import {
  auditDir,
  beginAudit,
  noteInputs,
  writeAuditRecord,
} from '../../../packages/action-kit/src/audit.ts';
import { rememberSecret } from '../../../packages/action-kit/src/secrets.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const definition = defineAction({
  name: 'audited',
  description: 'x',
  inputs: {
    endpoint: input.string({ description: 'x' }),
    'client-secret': input.string({ description: 'x', secret: true }),
  },
});

function env(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-unit-'));
  dirs.push(dir);
  return {
    RUNNER_TEMP: dir,
    GITHUB_REPOSITORY: 'contoso/churn',
    GITHUB_RUN_ID: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: 'step',
    GITHUB_ACTOR: 'mona',
  };
}

const where = { subscriptionId: 's', resourceGroup: 'rg', workspace: 'ws' };

test('a record leaves secret inputs out and redacts any secret value that slipped into the rest', () => {
  const e = env();
  rememberSecret('s3cr3t-value-0123456789');
  noteInputs(definition, {
    endpoint: 'ep-s3cr3t-value-0123456789',
    'client-secret': 'hidden-value',
  });
  const onChange = beginAudit(where);
  onChange({ method: 'PUT', resourceId: '/x', status: 201, requestId: 'r1', at: 'now' });
  const file = writeAuditRecord({ endpoint: 'ep' }, undefined, e);
  expect(file).toBe(path.join(auditDir(e), '7-1-deploy-step.jsonl'));
  const text = readFileSync(file ?? '', 'utf8');
  expect(text).not.toContain('s3cr3t-value');
  expect(text).not.toContain('hidden-value');
  const { records, problems } = readAuditRecords(auditDir(e));
  expect(problems).toEqual([]);
  expect(records).toMatchObject([
    {
      schema: 'mlops-actions/audit',
      version: 1,
      action: 'audited',
      inputs: { endpoint: 'ep-***' },
      where: { subscriptionId: 's', workspace: 'ws', endpoint: 'ep' },
      outcome: { result: 'success', failure: null },
      requests: [{ method: 'PUT', resourceId: '/x', status: 201 }],
    },
  ]);
});

test('no record for a step that never connected to Azure; other versions are refused when read', () => {
  const e = env();
  noteInputs(definition, {});
  expect(writeAuditRecord({}, undefined, e)).toBeUndefined();
  const dir = auditDir(e);
  beginAudit(where);
  writeAuditRecord({}, { what: 'It broke' }, e);
  const file = readAuditRecords(dir).files[0] ?? '';
  writeFileSync(
    file,
    `${readFileSync(file, 'utf8')}{"schema":"mlops-actions/audit","version":2}\nnot json\n`,
  );
  const { records, problems } = readAuditRecords(dir);
  expect(records.map((r) => r.outcome)).toEqual([{ result: 'failure', failure: 'It broke' }]);
  expect(problems).toEqual([
    '7-1-deploy-step.jsonl:2: not a version 1 audit record',
    '7-1-deploy-step.jsonl:3: not JSON',
  ]);
});
