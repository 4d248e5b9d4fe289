/**
 * backup-and-rollback, bundled, as the runner runs it, against the emulator (its workspaceblobstore
 * is real Azurite): a backup, a change, a rollback from the latest backup of the run, verify; a
 * later workflow_dispatch run restoring by id; a tampered backup refused before any write.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { readAuditRecords } from '@mlops-actions/action-kit';
import { workflowContext } from '@mlops-actions/local-runner';
import { backupPath } from '@mlops-actions/azureml';
import { armClient } from '../emulator/support.ts';
import { writeEndpoint } from '../support/endpoint-write.ts';
import {
  changesSince,
  deployStep,
  endpointName,
  registerModelVersions,
  requestMark,
  startDeployEmulator,
} from './deploy-endpoint-support.ts';
import type { StepResult } from '@mlops-actions/local-runner';
import { actionStep, errorsOf, expectNoLeak, runMainStep, type StepSetup } from './support.ts';

let emu: Emulator;
let endpoint: string;
let model: string;
const temp = mkdtempSync(path.join(os.tmpdir(), 'backup-e2e-'));
const artifacts = path.join(temp, 'artifacts');

/** The release run: deploy, then the backup before the change, then a rollback. */
const release = workflowContext({ GITHUB_WORKFLOW: 'release', GITHUB_JOB: 'prod' });

const backupStep = (inputs: Record<string, string>, setup: Omit<StepSetup, 'inputs'> = {}) =>
  actionStep('backup-and-rollback', emu, {
    context: release,
    ...setup,
    env: { MLOPS_ARTIFACT_DIR: artifacts, ...setup.env },
    inputs: { 'endpoint-name': endpoint, 'poll-interval': '100ms', ...inputs },
  });

/** Someone moves all traffic to green and deletes blue. */
async function breakEndpoint(): Promise<void> {
  await writeEndpoint(emu, endpoint, { traffic: { blue: 0, green: 100 }, mirrorTraffic: {} });
  await armClient(emu).onlineDeployments.beginDeleteAndWait(
    emu.resourceGroup,
    emu.workspace,
    endpoint,
    'blue',
    { updateIntervalInMs: 10 },
  );
}

beforeAll(async () => {
  emu = await startDeployEmulator();
  endpoint = endpointName();
  model = await registerModelVersions(emu, 2);
  for (const [deployment, version] of [
    ['blue', '1'],
    ['green', '2'],
  ] as const) {
    const deploy = await runMainStep(
      deployStep(emu, {
        'endpoint-name': endpoint,
        model: `azureml:${model}:${version}`,
        'deployment-name': deployment,
      }),
    );
    expect(errorsOf(deploy)).toEqual([]);
  }
  await writeEndpoint(emu, endpoint, { mirrorTraffic: { green: 10 } });
  expect(emu.control.endpoint(endpoint)).toMatchObject({
    traffic: { blue: 100 },
    mirrorTraffic: { green: 10 },
  });
});
afterAll(async () => {
  await emu?.stop();
  rmSync(temp, { recursive: true, force: true });
});

/** What the steps of the release run left for the later ones. */
const run: { id: string; sha256: string; steps: StepResult[] } = { id: '', sha256: '', steps: [] };

test('backup: the canonical document in the datastore, a copy as the artifact, the outputs', async () => {
  const backup = await runMainStep(backupStep({ mode: 'backup' }));
  run.steps.push(backup);
  expect(errorsOf(backup)).toEqual([]);
  const id = backup.outputs['backup-id'] ?? '';
  expect(id).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{12}$/);
  expect(backup.outputs).toMatchObject({
    'backup-sha256': expect.stringMatching(/^[0-9a-f]{64}$/),
    'backup-uri': expect.stringContaining(
      `/datastores/workspaceblobstore/paths/${backupPath(endpoint, id)}`,
    ),
    restored: 'false',
    diff: '[]',
  });
  expect(backup.summary).toContain(`Backup of endpoint ${endpoint}`);
  expect(backup.summary).toContain('blue 100 %');
  // Durable in the datastore, and a copy as the run's artifact, byte for byte.
  const storage = await emu.blobStorage();
  const stored = (
    await storage.container().getBlobClient(backupPath(endpoint, id)).downloadToBuffer()
  ).toString();
  const artifact = path.join(artifacts, `backup-${endpoint}-${id}`, `${id}.json`);
  expect(readFileSync(artifact, 'utf8')).toBe(stored);
  expect(JSON.parse(stored)).toMatchObject({
    run: { id: release.GITHUB_RUN_ID, repository: 'contoso/churn-model', workflow: 'release' },
    commit: release.GITHUB_SHA,
  });

  Object.assign(run, { id, sha256: backup.outputs['backup-sha256'] });
});

test('rollback from the latest backup of the run: blue recreated, then one traffic write; verify finds no difference', async () => {
  const { id } = run;
  await breakEndpoint();
  const mark = requestMark(emu);
  const rollback = await runMainStep(backupStep({ mode: 'rollback' }));
  expect(errorsOf(rollback)).toEqual([]);
  expect(rollback.outputs).toMatchObject({ 'backup-id': id, restored: 'true' });
  expect(JSON.parse(rollback.outputs.diff ?? '').map((d: { path: string }) => d.path)).toEqual([
    'traffic.blue',
    'traffic.green',
    'mirrorTraffic.green',
    'deployments.blue',
  ]);
  expect(emu.control.endpoint(endpoint)).toMatchObject({
    traffic: { blue: 100 },
    mirrorTraffic: { green: 10 },
  });
  // Blue recreated first, then exactly one endpoint write.
  expect(changesSince(emu, mark).map((c) => c.split('/onlineEndpoints/')[1])).toEqual([
    `${endpoint}/deployments/blue`,
    endpoint,
  ]);
  expect(rollback.summary).toContain('Deployment `blue` created again.');
  expect(rollback.summary).toContain('Verified: the endpoint hashes to the backup');

  const verify = await runMainStep(backupStep({ mode: 'verify', 'fail-on-diff': 'true' }));
  run.steps.push(rollback, verify);
  expect(errorsOf(verify)).toEqual([]);
  expect(verify.outputs).toMatchObject({ 'backup-id': id, diff: '[]', restored: 'false' });
  expect(verify.summary).toContain('no difference');
});

test('days later, by hand: a workflow_dispatch run of another workflow restores by id, once', async () => {
  const { id } = run;
  await writeEndpoint(emu, endpoint, { traffic: { blue: 0, green: 100 }, mirrorTraffic: {} });
  const runnerTemp = path.join(temp, 'dispatch');
  const dispatch = {
    context: workflowContext({
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_WORKFLOW: 'rollback',
      RUNNER_TEMP: runnerTemp,
    }),
  };
  const drifted = await runMainStep(
    backupStep({ mode: 'verify', 'backup-id': id, 'fail-on-diff': 'true' }, { context: release }),
  );
  expect(drifted.exitCode).toBe(1);
  expect(errorsOf(drifted).join('\n')).toContain(
    `Endpoint ${endpoint} differs from backup ${id} in 3 place(s): traffic.blue, traffic.green, mirrorTraffic.green`,
  );
  expect(drifted.summary).toMatch(/\| `traffic.blue` \| 100 \| 0 \|/);

  const byId = await runMainStep(backupStep({ mode: 'rollback', 'backup-id': id }, dispatch));
  expect(errorsOf(byId)).toEqual([]);
  expect(byId.outputs).toMatchObject({ 'backup-id': id, restored: 'true' });
  expect(emu.control.endpoint(endpoint)).toMatchObject({
    traffic: { blue: 100 },
    mirrorTraffic: { green: 10 },
  });

  const quiet = requestMark(emu);
  const again = await runMainStep(
    backupStep({ mode: 'rollback', 'backup-id': id }, { context: release }),
  );
  expect(again.outputs.restored).toBe('false');
  expect(changesSince(emu, quiet)).toEqual([]);

  // The rollback's audit record carries the backup and the traffic it moved.
  const { records } = readAuditRecords(path.join(runnerTemp, 'mlops-audit'));
  expect(records.map((r) => ({ action: r.action, backup: r.backup, traffic: r.traffic }))).toEqual([
    {
      action: 'backup-and-rollback',
      backup: { id, sha256: run.sha256 },
      traffic: { before: { blue: 0, green: 100 }, after: { blue: 100 } },
    },
  ]);
  expectNoLeak(emu, [...run.steps, drifted, byId, again]);
});

test('a backup id that does not exist, or a tampered backup, fails naming it, before any write', async () => {
  const backup = await runMainStep(backupStep({ mode: 'backup' }));
  const id = backup.outputs['backup-id'] ?? '';
  await writeEndpoint(emu, endpoint, { traffic: { blue: 0, green: 100 }, mirrorTraffic: {} });

  const storage = await emu.blobStorage();
  const blob = storage.container().getBlockBlobClient(backupPath(endpoint, id));
  const text = (await blob.downloadToBuffer()).toString().replace('"green": 10', '"green": 50');
  await blob.upload(text, Buffer.byteLength(text));

  const mark = requestMark(emu);
  const tampered = await runMainStep(backupStep({ mode: 'rollback', 'backup-id': id }));
  expect(tampered.exitCode).toBe(1);
  expect(errorsOf(tampered).join('\n')).toMatch(
    new RegExp(
      `backup-id: Backup ${id} of endpoint ${endpoint} cannot be used: its content hashes to sha256 [0-9a-f]{64}, not the ${backup.outputs['backup-sha256']} it records`,
    ),
  );

  const missing = '20200101T000000000Z-000000000000';
  const absent = await runMainStep(backupStep({ mode: 'rollback', 'backup-id': missing }));
  expect(absent.exitCode).toBe(1);
  expect(errorsOf(absent).join('\n')).toContain(
    `backup-id: Backup ${missing} of endpoint ${endpoint} not found`,
  );

  const bad = await runMainStep(backupStep({ mode: 'rollback', 'backup-id': '../etc' }));
  expect(bad.exitCode).toBe(1);
  expect(errorsOf(bad).join('\n')).toContain('backup-id');
  expect(changesSince(emu, mark)).toEqual([]);
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 0, green: 100 });
  expectNoLeak(emu, [backup, tampered, absent, bad]);
});

test('backup of an endpoint that does not exist: an input error by default, a first release with missing-endpoint skip', async () => {
  const mark = emu.control.stats().requests.length;
  const first = { 'endpoint-name': 'churn-first-release' };
  const refused = await runMainStep(backupStep({ mode: 'backup', ...first }));
  expect(refused.exitCode).toBe(1);
  expect(errorsOf(refused).join('\n')).toContain(
    'endpoint-name: Endpoint churn-first-release not found in workspace',
  );

  const skipped = await runMainStep(
    backupStep({ mode: 'backup', 'missing-endpoint': 'skip', ...first }),
  );
  expect(skipped.exitCode).toBe(0);
  expect(skipped.outputs['backup-id'] ?? '').toBe('');
  expect(skipped.log).toContain('a first release, with no live traffic to protect');
  expect(skipped.summary).toContain('does not exist yet: a first release, no backup taken');
  expect(changesSince(emu, mark)).toEqual([]);
});
