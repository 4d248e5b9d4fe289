/**
 * The retry budget under a ~35 % transient fault rate on every ARM and data-plane route (429
 * with Retry-After, 500, 503, dropped connections): a deploy, a traffic change, a backup and a
 * restore through the real SDK all succeed, each retry is told, and nothing is done twice.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  applyDeployment,
  createMachineLearningClient,
  describeRetry,
  ensureEndpoint,
  registerModel,
  restoreBackup,
  setTraffic,
  takeBackup,
  type MachineLearningClient,
  type RetryNotice,
  type WaitOptions,
} from '@mlops-actions/azureml';
import { deploymentBody } from '../emulator/online-support.ts';
import { writeEndpoint } from '../support/endpoint-write.ts';
import { configFor, recordingLogger, startTrustedEmulator } from './support.ts';

let emu: Emulator;
let client: MachineLearningClient;
const retries: RetryNotice[] = [];

const wait = (): WaitOptions => ({
  logger: recordingLogger().logger,
  pollIntervalMs: 20,
  timeoutMs: 60_000,
});

beforeAll(async () => {
  // A fixed seed: the same requests meet the same faults on every run.
  emu = await startTrustedEmulator({ timeScale: 600, seed: 35 });
  client = createMachineLearningClient({
    ...configFor(emu),
    retry: { budgetMs: 60_000, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    onRetry: (notice) => retries.push(notice),
  });
});
afterAll(() => emu?.stop());

// Hundreds of requests, a third of them retried: more than a test's usual minute on a busy machine.
test('at a ~35 % fault rate every call survives within its budget, each retry told, nothing duplicated', async () => {
  // Four faults of 10 % each, drawn in turn: 1 - 0.9^4 = 34 % of requests.
  for (const fault of [
    { status: 429, retryAfterSeconds: 0 },
    { status: 500 },
    { status: 503 },
    { reset: 'before' as const },
  ]) {
    emu.control.addFault({ route: '*', ...fault, probability: 0.1, count: Infinity });
  }
  const uri = 'https://example.blob.core.windows.net/models/churn/1/';
  const { model } = await registerModel(
    client,
    {
      name: 'churn',
      version: '1',
      modelType: 'custom_model',
      source: { kind: 'path', uri },
      lineage: {},
    },
    recordingLogger().logger,
  );
  await ensureEndpoint(client, { name: 'rb-faults', authMode: 'Key' }, wait());
  for (const name of ['blue', 'green']) {
    await applyDeployment(client, 'rb-faults', name, deploymentBody(emu, model.armId), wait());
  }
  await setTraffic(client, 'rb-faults', { blue: 100 }, wait());
  const backup = await takeBackup(
    client,
    { endpointName: 'rb-faults' },
    { logger: recordingLogger().logger },
  );
  emu.control.clearFaults();
  await writeEndpoint(emu, 'rb-faults', { traffic: { green: 100 } });
  for (const fault of [
    { status: 429, retryAfterSeconds: 0 },
    { status: 500 },
    { status: 503 },
    { reset: 'before' as const },
  ]) {
    emu.control.addFault({ route: '*', ...fault, probability: 0.1, count: Infinity });
  }
  const restored = await restoreBackup(
    client,
    backup,
    { logger: recordingLogger().logger },
    {
      pollIntervalMs: 20,
      timeoutMs: 60_000,
    },
  );
  emu.control.clearFaults();

  expect(restored.failure).toBeUndefined();
  expect(restored.report?.verified).toBe(true);
  expect(emu.control.endpoint('rb-faults')?.traffic).toEqual({ blue: 100 });

  const stats = emu.control.stats();
  const azure = stats.requests.filter(
    (r) => r.route && !r.route.startsWith('entra.') && !r.route.startsWith('oidc.'),
  );
  const faulted = azure.filter((r) => r.faulted);
  const rate = faulted.length / azure.length;
  expect(rate).toBeGreaterThan(0.25);
  expect(rate).toBeLessThan(0.45);
  // Every faulted answer was retried, and told as a retry.
  expect(retries.length).toBe(faulted.length);
  expect(new Set(retries.map((r) => r.reason))).toEqual(
    new Set(['HTTP 429', 'HTTP 500', 'HTTP 503', 'ECONNRESET']),
  );
  expect(describeRetry(retries[0] as RetryNotice)).toMatch(
    /^Retry 1 of (GET|PUT|POST) \/\S+ after (HTTP \d{3}|ECONNRESET): waiting \d+(\.\d)? s/,
  );
  // Nothing done twice: each resource was created once, each write served once.
  expect(stats).toMatchObject({
    endpointsCreated: 1,
    deploymentsCreated: 2,
    modelVersionsCreated: 1,
  });
  const served = (method: string, suffix: string) =>
    azure.filter((r) => r.method === method && !r.faulted && r.path.endsWith(suffix)).length;
  expect(served('PUT', '/deployments/blue')).toBe(1);
  expect(served('PUT', '/deployments/green')).toBe(1);
  // ensureEndpoint's create, setTraffic's write, the hand-made change, the restore's one write.
  expect(served('PUT', '/onlineEndpoints/rb-faults')).toBe(4);
}, 120_000);
