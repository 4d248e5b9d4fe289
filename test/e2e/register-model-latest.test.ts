/**
 * register-model `mode: latest`, bundled: the question a scheduled retrain asks — is the newest
 * version older than `stale-after`? — answered on the registry's clock (its `Date` header),
 * so emulated time moved on by 31 days makes a version stale without waiting for it.
 */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { completedJob, sdkFor, servedRoutes } from './register-model-support.ts';
import { actionStep, errorsOf, runMainStep, startE2eEmulator, uniqueName } from './support.ts';

let emu: Emulator;
let sdk: AzureMachineLearningWorkspaces;
beforeAll(async () => {
  emu = await startE2eEmulator();
  sdk = sdkFor(emu);
});
afterAll(() => emu.stop());

const latest = (model: string, staleAfter = '30d') =>
  runMainStep(
    actionStep('register-model', emu, {
      inputs: { 'model-name': model, mode: 'latest', 'stale-after': staleAfter },
    }),
  );

test('a fresh newest version is not stale; 31 days later it is; nothing is registered', async () => {
  const model = uniqueName('aging');
  const job = await completedJob(emu, sdk);
  const registered = await runMainStep(
    actionStep('register-model', emu, { inputs: { 'model-name': model, 'job-name': job } }),
  );
  expect(registered.exitCode).toBe(0);
  emu.control.resetStats();

  const fresh = await latest(model);
  expect(errorsOf(fresh)).toEqual([]);
  expect(fresh.outputs).toMatchObject({
    'model-version': '1',
    'model-id': `azureml:${model}:1`,
    stale: 'false',
  });
  expect(Number(fresh.outputs['age-days'])).toBeLessThan(1);
  expect(fresh.summary).toContain(`### Model ${model}: fresh: no retrain`);

  emu.control.advanceClock(31 * 86_400);
  const old = await latest(model);
  expect(old.outputs).toMatchObject({ 'model-version': '1', stale: 'true' });
  expect(Number(old.outputs['age-days'])).toBeGreaterThanOrEqual(31);
  expect(old.log).toMatch(
    new RegExp(`Newest version azureml:${model}:1 is 31d\\S* old: older than 30d, stale\\.`),
  );
  expect(servedRoutes(emu)).not.toContain('models.versions.createOrUpdate');
});

test('a model with no version at all is stale', async () => {
  const result = await latest(uniqueName('never-trained'));
  expect(errorsOf(result)).toEqual([]);
  expect(result.outputs).toMatchObject({
    'model-version': '',
    'model-id': '',
    stale: 'true',
    'age-days': '',
  });
});

test('mode latest takes no version', async () => {
  const result = await runMainStep(
    actionStep('register-model', emu, {
      inputs: { 'model-name': 'm', mode: 'latest', version: '3' },
    }),
  );
  expect(result.exitCode).toBe(1);
  expect(errorsOf(result)).toEqual([
    'Invalid input: version: expected nothing with `mode: latest`, which reads existing versions, got "3"',
  ]);
});
