/**
 * packages/azureml against the emulator: the real @azure/arm-machinelearning and @azure/identity
 * over HTTPS. Every test has its own emulator, so no test sees another's jobs, faults or stats.
 * Polls wait on the emulator's clock (stopped, timeScale 0): each poll interval moves emulated
 * time on by exactly that much, so a job's progress never depends on real time.
 */
import { getIDToken } from '@actions/core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CommandJob } from '@azure/arm-machinelearning';
import type { Emulator, EmulatorOptions } from '@mlops-actions/emulator';
import {
  cancelJob,
  createMachineLearningClient,
  describeAzureError,
  getJob,
  getJobFailure,
  getJobOrFail,
  hintFor,
  listJobs,
  parseJobSpec,
  pollJob,
  resolveJob,
  submitJob,
  toJobResource,
  type CredentialConfig,
  type MachineLearningClient,
} from '@mlops-actions/azureml';
import {
  configFor,
  emulatedWaits,
  recordingLogger,
  secretOf,
  startTrustedEmulator,
} from './support.ts';

/** The production poll interval, on emulated time: a 300-second job is read ten times. */
const POLL = { pollIntervalMs: 30_000, timeoutMs: 3_600_000 };

function jobBody(client: MachineLearningClient, extra = '') {
  const spec = parseJobSpec(
    `command: python train.py\nenvironment: azureml:sklearn-1.5:1\ncompute: azureml:cpu-cluster\n` +
      `outputs:\n  model: {type: mlflow_model}\n${extra}`,
  );
  return toJobResource(spec, client.workspace, { experimentName: 'integration' });
}

async function submitAndWait(emu: Emulator, client: MachineLearningClient, name: string) {
  const log = recordingLogger();
  const { job, attached } = await resolveJob(client, name, jobBody(client), log.logger);
  const result = await pollJob(() => getJobOrFail(client, job.name), job, {
    ...POLL,
    ...emulatedWaits(emu),
    logger: log.logger,
  });
  return { job, attached, result, log };
}

const createRequests = (emu: Emulator) =>
  emu.control.stats().requests.filter((r) => r.route === 'jobs.createOrUpdate');

describe('with a client secret', () => {
  let emu: Emulator;
  let client: MachineLearningClient;
  /** A fresh emulator per test; cancelJob's own waits are real, so those tests run the clock. */
  const start = async (options: EmulatorOptions = {}): Promise<void> => {
    emu = await startTrustedEmulator({
      timeScale: 0,
      defaultJob: { durationSeconds: 300 },
      ...options,
    });
    client = createMachineLearningClient(configFor(emu, secretOf(emu)));
  };

  beforeEach(() => start());
  afterEach(() => emu.stop());

  test('an asset input keeps its uri and mode on the way to Azure (the SDK serializer would drop them)', async () => {
    const body = jobBody(
      client,
      'inputs:\n  data: {type: uri_folder, path: azureml://datastores/workspaceblobstore/paths/d/, mode: download}\n',
    );
    await submitJob(client, 'job-with-input', body);
    const stored = await client.sdk.jobs.get(emu.resourceGroup, emu.workspace, 'job-with-input');
    expect((stored.properties as CommandJob).inputs?.data).toEqual({
      jobInputType: 'uri_folder',
      uri: 'azureml://datastores/workspaceblobstore/paths/d/',
      mode: 'Download',
    });
  });

  test('submit and poll to Completed', async () => {
    const { job, attached, result, log } = await submitAndWait(emu, client, 'train-complete');

    expect(attached).toBe(false);
    expect(job.status).toBe('NotStarted');
    expect(job.studioUrl).toMatch(/^https:\/\/ml\.azure\.com\/runs\/train-complete\?wsid=/);
    expect(job.experimentName).toBe('integration');
    expect(job.computeId).toMatch(/\/workspaces\/mlw-emulator\/computes\/cpu-cluster$/);
    expect(job.createdAt).toBeInstanceOf(Date);
    expect(result.kind).toBe('terminal');
    expect(result.job.status).toBe('Completed');
    expect(result.job.outputs).toEqual({
      model: 'azureml://datastores/workspaceblobstore/paths/azureml/train-complete/model/',
    });
    expect(result.timeline.map((e) => e.status)).toEqual([
      'NotStarted',
      'Queued',
      'Running',
      'Completed',
    ]);
    // 300 emulated seconds, read every 30: the elapsed time is exactly the job's.
    expect(log.lines.at(-1)).toBe('[00:05:00] Completed (was Running)');
    expect(emu.control.stats().jobsCreated).toBe(1);
  });

  test('listJobs returns submitted jobs', async () => {
    await resolveJob(client, 'listed-job', jobBody(client), recordingLogger().logger);
    const names = (await listJobs(client)).map((j) => j.name);
    expect(names).toContain('listed-job');
    expect(await listJobs(client, { limit: 1 })).toHaveLength(1);
  });

  test('429 with Retry-After is waited out: the job is created once', async () => {
    emu.control.addFault({ route: 'jobs.createOrUpdate', status: 429, retryAfterSeconds: 1 });
    const { job } = await resolveJob(
      client,
      'throttled',
      jobBody(client),
      recordingLogger().logger,
    );

    expect(job.name).toBe('throttled');
    expect(createRequests(emu).map((r) => [r.status, r.faulted])).toEqual([
      [429, true],
      [201, false],
    ]);
    expect(emu.control.stats().jobsCreated).toBe(1);
  });

  test('500 and 503 on submit and on reads are retried by the SDK', async () => {
    emu.control.addFault({ route: 'jobs.createOrUpdate', status: 500, count: 2 });
    emu.control.addFault({ route: 'jobs.get', status: 503, count: 3 });
    const { result, log } = await submitAndWait(emu, client, 'flaky-service');

    expect(result.job.status).toBe('Completed');
    expect(createRequests(emu).map((r) => r.status)).toEqual([500, 500, 201]);
    expect(emu.control.stats().requests.filter((r) => r.faulted && r.status === 503)).toHaveLength(
      3,
    );
    expect(emu.control.stats().jobsCreated).toBe(1);
    // The SDK absorbed every fault: the poller never saw one.
    expect(log.warnings).toEqual([]);
  });

  test.each(['before', 'after'] as const)(
    'a connection reset %s serving the PUT is survived and the job is created once',
    async (reset) => {
      emu.control.addFault({ route: 'jobs.createOrUpdate', reset });
      const { job, result } = await submitAndWait(emu, client, `reset-${reset}`);

      expect(job.name).toBe(`reset-${reset}`);
      expect(result.job.status).toBe('Completed');
      expect(createRequests(emu)).toHaveLength(2);
      expect(emu.control.stats().jobsCreated).toBe(1);
    },
  );

  test('a failed job: getJobFailure reads the code and message from run history', async () => {
    emu.control.setJobBehaviour('train-fails', {
      outcome: 'fail',
      durationSeconds: 120,
      errorCode: 'UserError',
      errorMessage: "ModuleNotFoundError: No module named 'sklearn'",
    });
    const { result } = await submitAndWait(emu, client, 'train-fails');

    expect(result.job.status).toBe('Failed');
    expect(await getJobFailure(client, result.job)).toEqual({
      code: 'UserError',
      message: "ModuleNotFoundError: No module named 'sklearn'",
    });
  });

  test('getJobFailure gives undefined when run history cannot be read', async () => {
    emu.control.setJobBehaviour('history-unreadable', { outcome: 'fail' });
    const { result } = await submitAndWait(emu, client, 'history-unreadable');
    expect(result.job.status).toBe('Failed');
    emu.control.addFault({ route: 'history.runDetails', status: 500, count: Infinity });
    expect(await getJobFailure(client, { name: 'history-unreadable' })).toBeUndefined();
  });

  test('cancelJob waits for the cancel operation and the job to show Canceled', async () => {
    // The cancel operation and the wait after it are timed by the SDK in real time.
    await emu.stop();
    await start({ timeScale: 600 });
    emu.control.setJobBehaviour('to-cancel', { outcome: 'stall' });
    await resolveJob(client, 'to-cancel', jobBody(client), recordingLogger().logger);
    const log = recordingLogger();
    const job = await cancelJob(client, 'to-cancel', {
      logger: log.logger,
      pollIntervalMs: 25,
      timeoutMs: 10_000,
    });

    expect(job.status).toBe('Canceled');
    expect(emu.control.job('to-cancel')?.cancelRequested).toBe(true);
    expect(log.warnings).toEqual([]);
  });

  test('cancelJob on a finished job changes nothing and reports its status', async () => {
    await submitAndWait(emu, client, 'train-complete');
    const log = recordingLogger();
    const job = await cancelJob(client, 'train-complete', {
      logger: log.logger,
      pollIntervalMs: 25,
      timeoutMs: 5_000,
    });
    expect(job.status).toBe('Completed');
    expect(log.lines).toEqual(['Job train-complete already ended Completed; nothing to cancel.']);
    expect(emu.control.stats().requests.some((r) => r.route === 'jobs.cancel')).toBe(false);
  });

  describe('resolveJob re-attaches on a re-run', () => {
    test('to a running job', async () => {
      emu.control.setJobBehaviour('rerun-running', { outcome: 'stall' });
      const first = await resolveJob(
        client,
        'rerun-running',
        jobBody(client),
        recordingLogger().logger,
      );
      const log = recordingLogger();
      const second = await resolveJob(client, 'rerun-running', jobBody(client), log.logger);

      expect(first.attached).toBe(false);
      expect(second).toMatchObject({ attached: true, job: { name: 'rerun-running' } });
      expect(emu.control.stats().jobsCreated).toBe(1);
      expect(log.lines[0]).toMatch(/already exists .*attaching/);
    });

    test('to a Completed job', async () => {
      await submitAndWait(emu, client, 'rerun-completed');
      const again = await resolveJob(
        client,
        'rerun-completed',
        jobBody(client),
        recordingLogger().logger,
      );
      expect(again).toMatchObject({
        attached: true,
        job: { name: 'rerun-completed', status: 'Completed' },
      });
      expect(emu.control.stats().jobsCreated).toBe(1);
    });

    test('after a Failed job it submits -2, and a later re-run attaches to -2', async () => {
      emu.control.setJobBehaviour('rerun-failed', { outcome: 'fail', durationSeconds: 30 });
      await submitAndWait(emu, client, 'rerun-failed');
      const retry = await resolveJob(
        client,
        'rerun-failed',
        jobBody(client),
        recordingLogger().logger,
      );
      expect(retry).toMatchObject({ attached: false, job: { name: 'rerun-failed-2' } });
      const again = await resolveJob(
        client,
        'rerun-failed',
        jobBody(client),
        recordingLogger().logger,
      );
      expect(again).toMatchObject({ attached: true, job: { name: 'rerun-failed-2' } });
      expect(emu.control.stats().jobsCreated).toBe(2);
    });

    test('an exact name taken by a Failed job is an error, not a new name', async () => {
      emu.control.setJobBehaviour('rerun-failed', { outcome: 'fail', durationSeconds: 30 });
      await submitAndWait(emu, client, 'rerun-failed');
      await expect(
        resolveJob(client, 'rerun-failed', jobBody(client), recordingLogger().logger, {
          exactName: true,
        }),
      ).rejects.toThrow(/job name rerun-failed: expected a name that is free .*Failed or Canceled/);
    });

    test('a PUT refused because the name is taken (409) attaches when the job is running', async () => {
      emu.control.setJobBehaviour('taken', { outcome: 'stall' });
      await resolveJob(client, 'taken', jobBody(client), recordingLogger().logger);
      // The first GET is lost as if the job did not exist yet: the PUT then meets the existing job.
      emu.control.addFault({ route: 'jobs.get', status: 404 });
      const other = jobBody(client, 'display_name: different\n');
      (other.properties as { command: string }).command = 'python other.py';
      const result = await resolveJob(client, 'taken', other, recordingLogger().logger);

      expect(result).toMatchObject({ attached: true, job: { name: 'taken' } });
      expect(createRequests(emu).map((r) => r.status)).toEqual([201, 409]);
      expect(emu.control.stats().jobsCreated).toBe(1);
    });
  });

  test('a workspace that does not exist: status 404 and a hint naming what to check', async () => {
    const wrong = createMachineLearningClient(configFor(emu, secretOf(emu), 'no-such-workspace'));
    const err = await getJob(wrong, 'any').then(
      () => undefined,
      (e: unknown) => e,
    );
    const info = describeAzureError(err);

    expect(info).toMatchObject({ source: 'rest', status: 404, code: 'ResourceNotFound' });
    expect(info.message).toMatch(/workspaces\/no-such-workspace/);
    expect(hintFor(info, { workspace: wrong.workspace })).toMatch(
      /^Check subscription-id, resource-group and workspace \(given .* \/ rg-mlops-emulator \/ no-such-workspace\)/,
    );
  });

  test('a wrong client secret: an authentication error with a sign-in hint', async () => {
    const bad = createMachineLearningClient(
      configFor(emu, { ...secretOf(emu), clientSecret: 'wrong' } as CredentialConfig),
    );
    const err = await getJob(bad, 'any').catch((e: unknown) => e);
    const info = describeAzureError(err);

    expect(info).toMatchObject({ source: 'authentication', code: 'invalid_client' });
    expect(info.message).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(hintFor(info)).toMatch(/client secret, check it is current/);
  });
});

describe('with OIDC federation', () => {
  let emu: Emulator;
  const saved = { ...process.env };

  beforeEach(async () => {
    // ID tokens live 300 emulated seconds and access tokens 600; the job runs 1800. The clock
    // moves only as the poll waits, so the wait outlasts both whatever the machine's speed.
    emu = await startTrustedEmulator({
      timeScale: 0,
      idTokenLifetimeSeconds: 300,
      accessTokenLifetimeSeconds: 600,
      defaultJob: { durationSeconds: 1800 },
    });
    Object.assign(process.env, emu.env());
  });
  afterEach(async () => {
    process.env = { ...saved };
    await emu.stop();
  });

  test('a poll that outlasts the ID token keeps working: each token request gets a new ID token', async () => {
    const client = createMachineLearningClient(
      configFor(emu, {
        kind: 'oidc',
        tenantId: emu.tenantId,
        clientId: emu.clientId,
        getIdToken: () => getIDToken('api://AzureADTokenExchange'),
      }),
    );
    const { result, log } = await submitAndWait(emu, client, 'oidc-long-job');
    const stats = emu.control.stats();

    expect(result.job.status).toBe('Completed');
    expect(log.warnings).toEqual([]);
    // The wait outlasted one ID token's life (300 emulated seconds): the timeline is emulated time.
    const [first, last] = [result.timeline[0]?.at, result.timeline.at(-1)?.at];
    expect((Number(last) - Number(first)) / 1000).toBeGreaterThan(300);
    expect((Number(last) - Number(first)) / 1000).toBe(1800);
    expect(stats.idTokensIssued).toBeGreaterThan(1);
    expect(stats.accessTokensIssued).toBeGreaterThan(1);
    expect(stats.requests.filter((r) => r.status === 401)).toEqual([]);
  });
});
