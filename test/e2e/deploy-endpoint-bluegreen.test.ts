/**
 * deploy-endpoint, bundled, against the emulator: a first model goes live on a new endpoint, a
 * second one is deployed beside it at 0 % and smoke-tested directly; re-runs change nothing.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import type { StepResult } from '@mlops-actions/local-runner';
import {
  changesSince,
  deployStep,
  endpointName,
  registerModelVersions,
  requestMark,
  stableOutputs,
  startDeployEmulator,
} from './deploy-endpoint-support.ts';
import { errorsOf, expectNoLeak, runMainStep } from './support.ts';

let emu: Emulator;
let model: string;
const endpoint = endpointName();
const steps: StepResult[] = [];

beforeAll(async () => {
  emu = await startDeployEmulator();
  model = await registerModelVersions(emu, 2);
});
afterAll(() => emu.stop());

const deploy = async (version: string): Promise<StepResult> => {
  const result = await runMainStep(
    deployStep(emu, { 'endpoint-name': endpoint, model: `azureml:${model}:${version}` }),
  );
  steps.push(result);
  return result;
};

/** The result of an earlier test's step; the tests in this file build on each other. */
const ranBefore = (index: number): StepResult => {
  const result = steps[index];
  if (!result) throw new Error(`step ${index + 1} of this file did not run`);
  return result;
};

const requestsTo = (deployment: string): number =>
  emu.control.deploymentMetrics(endpoint, deployment)?.requests ?? 0;

test('a first model on a new endpoint: blue takes all traffic after its smoke test', async () => {
  const main = await deploy('1');

  expect(main.exitCode).toBe(0);
  expect(errorsOf(main)).toEqual([]);
  const view = emu.control.endpoint(endpoint);
  expect(view?.traffic).toEqual({ blue: 100 });
  expect(view?.deployments.map((d) => [d.name, d.provisioningState])).toEqual([
    ['blue', 'Succeeded'],
  ]);
  expect(main.outputs).toMatchObject({
    'endpoint-name': endpoint,
    'deployment-name': 'blue',
    'scoring-uri': view?.scoringUri,
    'previous-deployment': '',
  });
  expect(JSON.parse(main.outputs.traffic ?? '')).toEqual({ blue: 100 });
  expect(main.outputs['smoke-test-latency-ms']).toMatch(/^\d+$/);
  expect(requestsTo('blue')).toBe(1);
  expect(main.log).toMatch(/Smoke test passed: HTTP 200 in \d+ ms/);

  expect(main.summary).toContain(`### Deploy azureml:${model}:1 to ${endpoint} as blue`);
  expect(main.summary).toContain(`| ${endpoint} (created) | Key |`);
  expect(main.summary).toContain(
    `| blue (this step) | azureml:${model}:1 | Succeeded |  | 100 % |`,
  );
  expect(main.summary).toMatch(/Smoke test: passed \(HTTP 200 in \d+ ms\)/);
});

test('a re-run of the first deploy changes nothing and repeats its outputs', async () => {
  const first = ranBefore(0);
  const mark = requestMark(emu);
  const again = await deploy('1');

  expect(again.exitCode).toBe(0);
  expect(changesSince(emu, mark)).toEqual([]);
  expect(stableOutputs(again)).toEqual(stableOutputs(first));
  expect(again.log).toContain('nothing to change');
  expect(again.summary).toContain('left unchanged');
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
});

test('a second model goes to green at 0 %, is smoke-tested directly, and blue keeps serving', async () => {
  const blueRequests = requestsTo('blue');
  const main = await deploy('2');

  expect(main.exitCode).toBe(0);
  expect(errorsOf(main)).toEqual([]);
  // The smoke test reached green through the header, though green has no live traffic.
  expect(requestsTo('green')).toBe(1);
  expect(requestsTo('blue')).toBe(blueRequests);
  const view = emu.control.endpoint(endpoint);
  // A deployment the traffic leaves out takes none of it: Azure needs no `green: 0`.
  expect(view?.traffic).toEqual({ blue: 100 });
  expect(view?.deployments.find((d) => d.name === 'green')?.model).toMatch(
    new RegExp(`/models/${model}/versions/2$`),
  );
  expect(main.outputs).toMatchObject({ 'deployment-name': 'green', 'previous-deployment': 'blue' });
  expect(JSON.parse(main.outputs.traffic ?? '')).toEqual({ blue: 100 });
  expect(main.summary).toContain(`| blue | azureml:${model}:1 | Succeeded | 100 % | 100 % |`);
  expect(main.summary).toContain(
    `| green (this step) | azureml:${model}:2 | Succeeded | 0 % | 0 % |`,
  );
});

test('a re-run of the second deploy changes nothing and repeats its outputs', async () => {
  const second = ranBefore(2);
  const mark = requestMark(emu);
  const again = await deploy('2');

  expect(again.exitCode).toBe(0);
  expect(changesSince(emu, mark)).toEqual([]);
  expect(stableOutputs(again)).toEqual(stableOutputs(second));
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
});

test('no key or token appears in any log, output, summary or stderr', () => {
  expect(steps).toHaveLength(4);
  expectNoLeak(emu, steps);
});
