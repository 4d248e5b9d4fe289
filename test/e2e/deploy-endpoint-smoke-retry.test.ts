/**
 * deploy-endpoint, bundled: a healthy deployment that answers its smoke test with a 429 or 503
 * first is tried again (Retry-After honoured) and the deploy goes on, each attempt in the log;
 * a 500 fails the step at once, with live traffic as it was.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  deployStep,
  endpointName,
  registerModelVersions,
  startDeployEmulator,
} from './deploy-endpoint-support.ts';
import { errorsOf, runMainStep } from './support.ts';

let emu: Emulator;
let model: string;

beforeAll(async () => {
  emu = await startDeployEmulator();
  model = await registerModelVersions(emu, 1);
});
afterAll(() => emu?.stop());

const scoringAnswers = () =>
  emu.control
    .stats()
    .requests.filter((r) => r.route === 'scoring.score')
    .map((r) => r.status);

test('a 429 then a 503 from the new deployment are tried again; the deploy succeeds, each attempt reported', async () => {
  emu.control.resetStats();
  emu.control.addFault({ route: 'scoring.score', status: 429, retryAfterSeconds: 1 });
  emu.control.addFault({ route: 'scoring.score', status: 503 });
  const endpoint = endpointName();
  const deploy = await runMainStep(
    deployStep(emu, { 'endpoint-name': endpoint, model: `azureml:${model}:1` }),
  );

  expect(errorsOf(deploy)).toEqual([]);
  expect(scoringAnswers()).toEqual([429, 503, 200]);
  expect(deploy.log).toMatch(
    /Smoke test attempt 1: HTTP 429 in \d+ ms; trying again in 1s \(Retry-After\)\./,
  );
  expect(deploy.log).toMatch(/Smoke test attempt 2: HTTP 503 in \d+ ms; trying again in 1s\./);
  expect(deploy.log).toMatch(/Smoke test passed: HTTP 200 in \d+ ms \(attempt 3\)\./);
  expect(deploy.summary).toContain('attempt 3: 429 or 503 answers were tried again');
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
});

test('a 500 fails the smoke test at once and leaves live traffic as it was', async () => {
  emu.control.resetStats();
  emu.control.addFault({ route: 'scoring.score', status: 500 });
  const endpoint = endpointName();
  const deploy = await runMainStep(
    deployStep(emu, { 'endpoint-name': endpoint, model: `azureml:${model}:1` }),
  );

  expect(deploy.exitCode).toBe(1);
  expect(errorsOf(deploy).join('\n')).toContain('HTTP status 500, expected 2xx');
  expect(scoringAnswers()).toEqual([500]);
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({});
});
