/**
 * deploy-endpoint, bundled: a deployment that fails to provision or fails its smoke test fails
 * the step with the cause, and live traffic stays where it was.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  changesSince,
  deployStep,
  endpointName,
  registerModelVersions,
  requestMark,
  startDeployEmulator,
} from './deploy-endpoint-support.ts';
import { armClient } from '../emulator/support.ts';
import { errorsOf, expectNoLeak, runMainStep } from './support.ts';

let emu: Emulator;
let model: string;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-deploy-'));

beforeAll(async () => {
  emu = await startDeployEmulator();
  model = await registerModelVersions(emu, 2);
});
afterAll(async () => {
  await emu.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** A new endpoint with model version 1 live on blue; returns its name. */
async function liveEndpoint(): Promise<string> {
  const endpoint = endpointName();
  const first = await runMainStep(
    deployStep(emu, { 'endpoint-name': endpoint, model: `azureml:${model}:1` }),
  );
  expect(first.exitCode).toBe(0);
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
  return endpoint;
}

const deployVersion2 = (endpoint: string, inputs: Record<string, string> = {}) =>
  runMainStep(
    deployStep(emu, { 'endpoint-name': endpoint, model: `azureml:${model}:2`, ...inputs }),
  );

/** Requests since `mark` that would have moved live traffic. */
const endpointWrites = (endpoint: string, mark: number): string[] =>
  emu.control
    .stats()
    .requests.slice(mark)
    .filter((r) => r.method !== 'GET' && r.path.endsWith(`/onlineEndpoints/${endpoint}`))
    .map((r) => `${r.method} ${r.path}`);

test('a deployment that fails to provision fails the step with the Azure error and its logs', async () => {
  const endpoint = await liveEndpoint();
  emu.control.setDeploymentBehaviour(`${endpoint}/green`, {
    provisioning: 'fail',
    errorCode: 'ResourceNotReady',
    errorMessage: 'User container has crashed or terminated.',
    logs: [
      'Traceback (most recent call last):',
      '  File "/var/azureml-app/score.py", line 3, in <module>',
      "ModuleNotFoundError: No module named 'sklearn'",
    ],
  });
  const mark = requestMark(emu);
  const main = await deployVersion2(endpoint);

  expect(main.exitCode).toBe(1);
  const [error] = errorsOf(main);
  expect(error).toContain(
    `Deployment green on endpoint ${endpoint} failed to provision (ResourceNotReady)`,
  );
  expect(error).toContain('User container has crashed or terminated.');
  expect(error).toContain("ModuleNotFoundError: No module named 'sklearn'");
  expect(error).toContain('Live traffic was left as it was');
  expect(main.log).toContain('File "/var/azureml-app/score.py", line 3');
  expect(main.summary).toContain('#### Container logs (InferenceServer)');
  expect(main.summary).toContain("ModuleNotFoundError: No module named 'sklearn'");
  expect(main.summary).toContain('| green (this step) |');
  expect(main.outputs).toEqual({});
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
  expect(endpointWrites(endpoint, mark)).toEqual([]);
  expect(emu.control.deploymentMetrics(endpoint, 'green')?.requests ?? 0).toBe(0);
});

test('a smoke test answered with HTTP 500 fails the step and keeps the traffic', async () => {
  const endpoint = await liveEndpoint();
  emu.control.setDeploymentBehaviour(`${endpoint}/green`, {
    scoring: { status: 500, body: { error: 'model failed to load' } },
  });
  const mark = requestMark(emu);
  const main = await deployVersion2(endpoint);

  expect(main.exitCode).toBe(1);
  const [error] = errorsOf(main);
  expect(error).toMatch(
    new RegExp(`^Smoke test of deployment green on endpoint ${endpoint} failed: HTTP 500: `),
  );
  expect(error).toContain('model failed to load');
  expect(error).toContain('Live traffic was left as it was');
  expect(main.summary).toMatch(/Smoke test: \*\*failed\*\* \(HTTP 500 in \d+ ms\)/);
  expect(emu.control.deploymentMetrics(endpoint, 'green')?.byStatus).toEqual({ '500': 1 });
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
  expect(endpointWrites(endpoint, mark)).toEqual([]);
  expectNoLeak(emu, [main]);
});

test('a smoke test whose response is not the expected one fails the step and keeps the traffic', async () => {
  const endpoint = await liveEndpoint();
  emu.control.setDeploymentBehaviour(`${endpoint}/green`, {
    scoring: { status: 200, body: { predictions: [0.9] } },
  });
  const expected = path.join(tmp, 'expected.json');
  writeFileSync(expected, JSON.stringify({ predictions: [0.1] }));
  const mark = requestMark(emu);
  const main = await deployVersion2(endpoint, { 'smoke-test-expect': expected });

  expect(main.exitCode).toBe(1);
  const [error] = errorsOf(main);
  expect(error).toMatch(
    new RegExp(`^Smoke test of deployment green on endpoint ${endpoint} failed: HTTP 200: `),
  );
  expect(error).toContain('{"predictions":[0.9]}');
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
  expect(endpointWrites(endpoint, mark)).toEqual([]);
});

test('a model version that does not exist is named, and nothing is created', async () => {
  const endpoint = endpointName();
  const main = await runMainStep(
    deployStep(emu, { 'endpoint-name': endpoint, 'model-name': model, 'model-version': '9' }),
  );

  expect(main.exitCode).toBe(1);
  expect(errorsOf(main)).toEqual([
    `Model ${model} version 9 not found. Register it first (register-model), or check the model inputs.`,
  ]);
  expect(emu.control.endpoint(endpoint)).toBeUndefined();
});

test('a traffic share nothing else could make up to 100 is refused before any change', async () => {
  const endpoint = endpointName();
  const mark = requestMark(emu);
  const main = await runMainStep(
    deployStep(emu, { 'endpoint-name': endpoint, model: `azureml:${model}:1`, traffic: '30' }),
  );

  expect(main.exitCode).toBe(1);
  expect(errorsOf(main)).toEqual([
    "Invalid input: traffic: no other deployment of the endpoint has live traffic to share, so the new deployment's traffic must be 0 or 100 (given 30)",
  ]);
  expect(changesSince(emu, mark)).toEqual([]);
  expect(emu.control.endpoint(endpoint)).toBeUndefined();
});

test('a failed smoke test with traffic: 100 asked for leaves live traffic exactly as it was', async () => {
  const endpoint = await liveEndpoint();
  emu.control.setDeploymentBehaviour(`${endpoint}/green`, {
    scoring: { status: 500, body: { error: 'model failed to load' } },
  });
  const mark = requestMark(emu);
  // Had the traffic been set before the smoke test was judged, green would now take it all.
  const main = await deployVersion2(endpoint, { traffic: '100' });

  expect(main.exitCode).toBe(1);
  expect(errorsOf(main)[0]).toContain('Live traffic was left as it was');
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
  expect(endpointWrites(endpoint, mark)).toEqual([]);
});

test('the endpoint key the smoke test uses is masked before it is used', async () => {
  const endpoint = await liveEndpoint();
  const main = await deployVersion2(endpoint);
  expect(main.exitCode).toBe(0);

  const keys = await armClient(emu).onlineEndpoints.listKeys(
    emu.resourceGroup,
    emu.workspace,
    endpoint,
  );
  expect(keys.primaryKey).toBeTruthy();
  expect(main.masks).toContain(keys.primaryKey);
});

test('cancelling the run while the deployment provisions fails the step, says why, and keeps the traffic', async () => {
  const endpoint = await liveEndpoint();
  emu.control.setDeploymentBehaviour(`${endpoint}/green`, { provisioningSeconds: 3600 });
  const cancel = new AbortController();
  const onLine = (line: string) => {
    if (line.startsWith(`Deployment green on ${endpoint}: Creating`)) cancel.abort();
  };
  const mark = requestMark(emu);
  const main = await runMainStep(
    deployStep(
      emu,
      { 'endpoint-name': endpoint, model: `azureml:${model}:2` },
      { signal: cancel.signal, onLine },
    ),
  );

  expect(cancel.signal.aborted).toBe(true);
  expect(main.exitCode).toBe(1);
  expect(main.log).toContain('Received SIGINT: the workflow run is being cancelled.');
  expect(errorsOf(main)).toEqual([
    `Cancelled while waiting: Deployment green on ${endpoint}: stopped waiting (cancelled) while Creating. Live traffic was left as it was.`,
  ]);
  expect(main.summary).toContain(`| green (this step) | azureml:${model}:2 | Creating |`);
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
  expect(endpointWrites(endpoint, mark)).toEqual([]);
  expect(emu.control.deploymentMetrics(endpoint, 'green')?.requests ?? 0).toBe(0);
});
