/**
 * The use cases of packages/azureml, as any caller (not only a GitHub step) runs them: the real SDK
 * against the emulator, a logger and an AbortSignal in, a report and a failure out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  deployToEndpoint,
  parseDeploymentSpec,
  parseJobSpec,
  registerModelVersion,
  toJobResource,
  trainAndPoll,
  type DeployRequest,
  type Logger,
  type MachineLearningClient,
  type TrainRequest,
} from '@mlops-actions/azureml';
import { armClient } from '../emulator/support.ts';
import { registerModel } from '../emulator/online-support.ts';
import { emulatorClient, recordingLogger, startTrustedEmulator } from './support.ts';

const root = path.resolve(import.meta.dirname, '../..');
let emu: Emulator;
let client: MachineLearningClient;

beforeAll(async () => {
  emu = await startTrustedEmulator({
    timeScale: 600,
    defaultJob: { durationSeconds: 60 },
    endpointProvisioningSeconds: 30,
    defaultDeployment: { provisioningSeconds: 60 },
  });
  client = emulatorClient(emu);
});
afterAll(() => emu.stop());

describe('trainAndPoll', () => {
  const request = (displayName: string, extra: Partial<TrainRequest> = {}) => {
    const calls: string[] = [];
    const spec = parseJobSpec(
      `display_name: ${displayName}\ncommand: python train.py\nenvironment: azureml:sklearn-1.5:1\ncompute: azureml:cpu-cluster\n`,
    );
    const body: TrainRequest = {
      job: toJobResource(spec, client.workspace, {}),
      jobName: displayName,
      exactName: true,
      wait: true,
      pollIntervalMs: 20,
      timeoutMs: 20_000,
      cancelOnAbort: true,
      cancelWithinMs: 6_000,
      onJob: (job) => calls.push(`job ${job.name}`),
      onSettled: () => calls.push('settled'),
      ...extra,
    };
    return { body, calls };
  };

  test('a job that completes: a report without failure; the job is recorded, then settled', async () => {
    const { body, calls } = request('uc-complete');
    const { report, failure } = await trainAndPoll(client, body, {
      logger: recordingLogger().logger,
    });
    expect(failure).toBeUndefined();
    expect(report?.job.status).toBe('Completed');
    expect(report?.timeline.map((e) => e.status).at(-1)).toBe('Completed');
    expect(calls).toEqual(['job uc-complete', 'settled']);
  });

  test('an aborted signal cancels the job, and the failure says why', async () => {
    emu.control.setJobBehaviour('uc-cancel', { outcome: 'stall' });
    const { body, calls } = request('uc-cancel');
    const abort = new AbortController();
    const logger: Logger = {
      ...recordingLogger().logger,
      info: (m) => {
        if (/Running \(was /.test(m)) abort.abort();
      },
    };
    const { report, failure } = await trainAndPoll(client, body, { logger, signal: abort.signal });
    expect(failure?.what).toBe(
      'Azure ML job uc-cancel was cancelled because the workflow run was cancelled (now Canceled)',
    );
    expect(report?.job.status).toBe('Canceled');
    expect(emu.control.job('uc-cancel')?.status).toBe('Canceled');
    expect(calls).toEqual(['job uc-cancel', 'settled']);
  });

  test('wait: false settles at once and leaves the job running', async () => {
    emu.control.setJobBehaviour('uc-nowait', { outcome: 'stall' });
    const { body, calls } = request('uc-nowait', { wait: false });
    const { report, failure } = await trainAndPoll(client, body, {
      logger: recordingLogger().logger,
    });
    expect(failure).toBeUndefined();
    expect(calls).toEqual(['job uc-nowait', 'settled']);
    expect(report?.job.name).toBe('uc-nowait');
    expect(emu.control.job('uc-nowait')?.cancelRequested).toBe(false);
  });
});

describe('registerModelVersion', () => {
  test('verify of a missing version fails without a report', async () => {
    const outcome = await registerModelVersion(
      client,
      { mode: 'verify', name: 'uc-missing', version: '9' },
      { logger: recordingLogger().logger },
    );
    expect(outcome).toEqual({
      failure: { what: 'model uc-missing version 9 not found — run training first' },
    });
  });
});

describe('deployToEndpoint', () => {
  const spec = parseDeploymentSpec(
    readFileSync(path.join(root, 'examples/deployments/churn.yml'), 'utf8'),
  );
  const smokeTest = {
    body: readFileSync(path.join(root, 'examples/smoke/request.json'), 'utf8'),
    timeoutMs: 10_000,
  };
  const deployRequest = (
    endpointName: string,
    model: string,
    extra: Partial<DeployRequest> = {},
  ): DeployRequest => ({
    endpointName,
    authMode: 'Key',
    model: { name: model, version: '1' },
    spec,
    pollIntervalMs: 20,
    timeoutMs: 60_000,
    onSecret: () => {},
    ...extra,
  });

  test('deploys, hands the scoring key over before use, and reports the traffic', async () => {
    await registerModel(armClient(emu), emu, 'uc-churn', '1');
    const secrets: string[] = [];
    const { report, failure } = await deployToEndpoint(
      client,
      deployRequest('uc-ep', 'uc-churn', { smokeTest, onSecret: (secret) => secrets.push(secret) }),
      { logger: recordingLogger().logger },
    );
    expect(failure).toBeUndefined();
    expect(report).toMatchObject({
      deployment: 'blue',
      trafficAfter: { blue: 100 },
      smokeTest: { status: 200, problems: [] },
    });
    const keys = await armClient(emu).onlineEndpoints.listKeys(
      emu.resourceGroup,
      emu.workspace,
      'uc-ep',
    );
    expect(secrets).toEqual([keys.primaryKey]);
  });

  test('traffic the endpoint cannot take is the request at fault, and nothing is written', async () => {
    await registerModel(armClient(emu), emu, 'uc-partial', '1');
    const before = emu.control.stats().requests.length;
    const { report, failure } = await deployToEndpoint(
      client,
      deployRequest('uc-partial-ep', 'uc-partial', { traffic: 30 }),
      { logger: recordingLogger().logger },
    );
    expect(report).toBeUndefined();
    expect(failure).toMatchObject({ input: 'traffic' });
    const writes = emu.control
      .stats()
      .requests.slice(before)
      .filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(writes).toEqual([]);
  });
});
