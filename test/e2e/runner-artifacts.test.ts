/**
 * Workflow artifacts in a real runner: with ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN set,
 * the bundled backup-and-rollback and notify `mode: audit` upload through `@actions/artifact` to
 * the emulator's artifact service (uploads in real Azurite behind signed URLs), and the test reads
 * them back with the same client. A name used twice in one run is refused, as GitHub does.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditRecord } from '@mlops-actions/action-kit';
import type { Emulator } from '@mlops-actions/emulator';
import { workflowContext } from '@mlops-actions/local-runner';
import { blueGreenEndpoint } from '../support/rollout.ts';
import {
  actionStep,
  errorsOf,
  expectNoLeak,
  runMainStep,
  startE2eEmulator,
  uniqueName,
} from './support.ts';

let emu: Emulator;
let temp: string;
beforeAll(async () => {
  emu = await startE2eEmulator({
    endpointProvisioningSeconds: 3,
    defaultDeployment: { provisioningSeconds: 3 },
  });
  temp = mkdtempSync(path.join(os.tmpdir(), 'runner-artifacts-'));
});
afterAll(async () => {
  await emu?.stop();
  rmSync(temp, { recursive: true, force: true });
});

/** Downloads an artifact of the emulated run with `@actions/artifact`, as a later job would. */
async function download(id: number, into: string): Promise<string[]> {
  const saved = { ...process.env };
  Object.assign(process.env, emu.artifactServiceEnv());
  try {
    await new DefaultArtifactClient().downloadArtifact(id, { path: into });
  } finally {
    process.env = saved;
  }
  return readdirSync(into);
}

test('a backup and the audit records become artifacts of the run; a name used twice is refused', async () => {
  const endpoint = uniqueName('art');
  await blueGreenEndpoint(emu, endpoint);
  const context = workflowContext({ RUNNER_TEMP: path.join(temp, 'runner') });
  const step = (action: string, name: string, inputs: Record<string, string>) =>
    actionStep(action, emu, {
      context: { ...context, GITHUB_ACTION: name },
      env: emu.artifactServiceEnv(),
      inputs,
    });
  const runPage = `${context.GITHUB_SERVER_URL}/${context.GITHUB_REPOSITORY}/actions/runs/${context.GITHUB_RUN_ID}/artifacts/`;

  const backup = await runMainStep(
    step('backup-and-rollback', 'backup', { mode: 'backup', 'endpoint-name': endpoint }),
  );
  expect(errorsOf(backup)).toEqual([]);
  const backupId = backup.outputs['backup-id'] ?? '';
  expect(backupId).not.toBe('');
  expect(backup.log).not.toContain('not bundled');
  expect(backup.summary).toContain(`${runPage}1`);

  const audit = await runMainStep(step('notify', 'audit', { mode: 'audit' }));
  expect(errorsOf(audit)).toEqual([]);
  expect(audit.outputs['audit-location']).toBe(`${runPage}2`);

  const stored = emu.control.artifacts();
  expect(stored.map((a) => [a.id, a.name])).toEqual([
    [1, `backup-${endpoint}-${backupId}`],
    [2, 'mlops-audit'],
  ]);
  expect(stored.every((a) => a.size !== undefined && a.digest?.startsWith('sha256:'))).toBe(true);

  const backupDir = path.join(temp, 'backup');
  expect(await download(1, backupDir)).toEqual([`${backupId}.json`]);
  const document = JSON.parse(readFileSync(path.join(backupDir, `${backupId}.json`), 'utf8')) as {
    id: string;
    endpointName: string;
    traffic: Record<string, number>;
  };
  expect(document).toMatchObject({ id: backupId, endpointName: endpoint, traffic: { blue: 100 } });

  const auditDir = path.join(temp, 'audit');
  const [recordFile, ...others] = await download(2, auditDir);
  expect(others).toEqual([]);
  const records = readFileSync(path.join(auditDir, recordFile ?? ''), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditRecord);
  expect(records.map((r) => [r.action, r.outcome.result])).toEqual([
    ['backup-and-rollback', 'success'],
  ]);

  // A second collection under the same name, in the same run: GitHub answers 409, and the step
  // says so without failing; the records are still in its summary.
  const again = await runMainStep(step('notify', 'audit-again', { mode: 'audit' }));
  expect(again.exitCode).toBe(0);
  expect(again.log).toContain('an artifact with this name already exists on the workflow run');
  expect(again.summary).toContain('backup-and-rollback');
  expect(emu.control.artifacts()).toHaveLength(2);

  expectNoLeak(emu, [backup, audit, again]);
});
