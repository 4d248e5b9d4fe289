/**
 * register-model `mode: verify`, bundled: the "Verify Model Already Registered" step of a
 * deploy workflow — a version that exists passes, a missing one says to run training first.
 */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
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
beforeEach(() => emu.control.resetStats());

const verify = (model: string, version: string) =>
  runMainStep(
    actionStep('register-model', emu, { inputs: { 'model-name': model, version, mode: 'verify' } }),
  );

test('a registered version is verified without registering anything', async () => {
  const model = uniqueName('verified');
  const job = await completedJob(emu, sdk);
  const registered = await runMainStep(
    actionStep('register-model', emu, { inputs: { 'model-name': model, 'job-name': job } }),
  );
  expect(registered.exitCode).toBe(0);
  emu.control.resetStats();

  const result = await verify(model, '1');
  expect(errorsOf(result)).toEqual([]);
  expect(result.outputs).toEqual({
    'model-name': model,
    'model-version': '1',
    'model-id': `azureml:${model}:1`,
    created: 'false',
  });
  expect(result.log).toContain(`Model azureml:${model}:1 exists.`);
  expect(result.summary).toContain(`### Model azureml:${model}:1: verified`);
  expect(result.summary).toContain(`| \`mlops.source\` | ${job} |`);
  expect(servedRoutes(emu)).not.toContain('models.versions.createOrUpdate');
});

test('a missing version fails: run training first', async () => {
  const result = await verify('never-trained', '4');
  expect(result.exitCode).toBe(1);
  expect(errorsOf(result)).toEqual([
    'model never-trained version 4 not found — run training first.',
  ]);
  expect(result.outputs).toEqual({});
});
