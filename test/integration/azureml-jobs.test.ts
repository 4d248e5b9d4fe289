/**
 * packages/azureml against the emulator: the real @azure/arm-machinelearning and @azure/identity
 * over HTTPS. Emulated time runs 600x: a 10-minute job takes a real second.
 */
import { getIDToken } from '@actions/core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
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
  toJobResource,
  type ClientConfig,
  type CredentialConfig,
  type Logger,
  type MachineLearningClient,
} from '@mlops-actions/azureml';
import { TEST_RETRY } from './support.ts';

const TIME_SCALE = 600;
const POLL = { pollIntervalMs: 25, timeoutMs: 20_000 };
/** Quick SDK retries so fault tests stay fast; the policies are the SDK's own. */

function recordingLogger() {
  const lines: string[] = [];
  const warnings: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(m),
    warning: (m) => warnings.push(m),
    debug: () => {},
  };
  return { logger, lines, warnings };
}

function configFor(
  emu: Emulator,
  credential: CredentialConfig,
  workspace = emu.workspace,
): ClientConfig {
  return {
    subscriptionId: emu.subscriptionId,
    resourceGroup: emu.resourceGroup,
    workspace,
    cloud: { armEndpoint: emu.armEndpoint, authorityHost: emu.authorityHost },
    credential,
    retry: TEST_RETRY,
  };
}

const secretOf = (emu: Emulator): CredentialConfig => ({
  kind: 'client-secret',
  tenantId: emu.tenantId,
  clientId: emu.clientId,
  clientSecret: emu.clientSecret,
});

function jobBody(client: MachineLearningClient, extra = '') {
  const spec = parseJobSpec(
    `command: python train.py\nenvironment: azureml:sklearn:1\ncompute: azureml:cpu\n` +
      `outputs:\n  model: {type: mlflow_model}\n${extra}`,
  );
  return toJobResource(spec, client.workspace, { experimentName: 'integration' });
}

async function submitAndWait(client: MachineLearningClient, name: string) {
  const log = recordingLogger();
  const { job, attached } = await resolveJob(client, name, jobBody(client), log.logger);
  const result = await pollJob(() => getJobOrFail(client, job.name), job, {
    ...POLL,
    logger: log.logger,
  });
  return { job, attached, result, log };
}

const createRequests = (emu: Emulator) =>
  emu.control.stats().requests.filter((r) => r.route === 'jobs.createOrUpdate');

describe('with a client secret', () => {
  let emu: Emulator;
  let client: MachineLearningClient;

  beforeAll(async () => {
    emu = await startEmulator({ timeScale: TIME_SCALE, defaultJob: { durationSeconds: 300 } });
    emu.trustInProcess();
    client = createMachineLearningClient(configFor(emu, secretOf(emu)));
  });
  afterAll(() => emu.stop());
  afterEach(() => {
    emu.control.clearFaults();
    emu.control.resetStats();
  });

  test('submit and poll to Completed', async () => {
    const { job, attached, result, log } = await submitAndWait(client, 'train-complete');

    expect(attached).toBe(false);
    expect(job.status).toBe('NotStarted');
    expect(job.studioUrl).toMatch(/^https:\/\/ml\.azure\.com\/runs\/train-complete\?wsid=/);
    expect(job.experimentName).toBe('integration');
    expect(job.computeId).toMatch(/\/workspaces\/mlw-emulator\/computes\/cpu$/);
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
    expect(log.lines.at(-1)).toMatch(/^\[00:00:0\d\] Completed \(was Running\)$/);
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
    const { result, log } = await submitAndWait(client, 'flaky-service');

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
      const { job, result } = await submitAndWait(client, `reset-${reset}`);

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
    const { result } = await submitAndWait(client, 'train-fails');

    expect(result.job.status).toBe('Failed');
    expect(await getJobFailure(client, result.job)).toEqual({
      code: 'UserError',
      message: "ModuleNotFoundError: No module named 'sklearn'",
    });
  });

  test('getJobFailure gives undefined when run history cannot be read', async () => {
    emu.control.addFault({ route: 'history.runDetails', status: 500, count: Infinity });
    expect(await getJobFailure(client, { name: 'train-complete' })).toBeUndefined();
  });

  test('cancelJob waits for the cancel operation and the job to show Canceled', async () => {
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
      await submitAndWait(client, 'rerun-completed');
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
      await submitAndWait(client, 'rerun-failed');
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

  beforeAll(async () => {
    // ID tokens live 0.5 s and access tokens 1 s of real time; the job runs 3 s.
    emu = await startEmulator({
      timeScale: TIME_SCALE,
      idTokenLifetimeSeconds: 300,
      accessTokenLifetimeSeconds: 600,
      defaultJob: { durationSeconds: 1800 },
    });
    emu.trustInProcess();
    Object.assign(process.env, emu.env());
  });
  afterAll(async () => {
    process.env = saved;
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
    const { result, log } = await submitAndWait(client, 'oidc-long-job');
    const stats = emu.control.stats();

    expect(result.job.status).toBe('Completed');
    expect(log.warnings).toEqual([]);
    // The wait outlasted one ID token's life (300 emulated seconds).
    const [first, last] = [result.timeline[0]?.at, result.timeline.at(-1)?.at];
    expect(((Number(last) - Number(first)) / 1000) * TIME_SCALE).toBeGreaterThan(300);
    expect(stats.idTokensIssued).toBeGreaterThan(1);
    expect(stats.accessTokensIssued).toBeGreaterThan(1);
    expect(stats.requests.filter((r) => r.status === 401)).toEqual([]);
  });
});
