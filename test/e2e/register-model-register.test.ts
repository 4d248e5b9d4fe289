/**
 * register-model, bundled, against the emulator: a Completed job's model registered with its
 * lineage; a re-run returns the same version; a job that is not Completed is refused.
 */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { workflowContext } from '@mlops-actions/local-runner';
import { commandJob } from '../emulator/support.ts';
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

test('registers the job output with its lineage; a re-run returns the same version', async () => {
  const job = await completedJob(emu, sdk);
  const model = uniqueName('churn');
  const run = workflowContext();
  const step = (attempt: number) =>
    actionStep('register-model', emu, {
      context: { ...run, GITHUB_RUN_ATTEMPT: String(attempt) },
      inputs: {
        'model-name': model,
        'job-name': job,
        'model-type': 'mlflow_model',
        tags: 'team=risk\nstage=candidate',
        properties: 'framework=sklearn',
      },
    });

  const first = await runMainStep(step(1));
  expect(errorsOf(first)).toEqual([]);
  expect(first.exitCode).toBe(0);
  expect(first.outputs).toEqual({
    'model-name': model,
    'model-version': '1',
    'model-id': `azureml:${model}:1`,
    created: 'true',
  });
  const runUrl = `https://github.com/contoso/churn-model/actions/runs/${run.GITHUB_RUN_ID}/attempts/1`;
  const version = await sdk.modelVersions.get(emu.resourceGroup, emu.workspace, model, '1');
  expect(version.properties).toMatchObject({
    modelType: 'mlflow_model',
    modelUri: `azureml://jobs/${job}/outputs/model`,
    jobName: job,
    tags: { team: 'risk', stage: 'candidate' },
    properties: {
      framework: 'sklearn',
      'mlops.source': job,
      'mlops.commit': run.GITHUB_SHA,
      'mlops.repository': 'contoso/churn-model',
      'mlops.run-url': runUrl,
    },
  });
  expect(first.log).toContain(
    `Registered model azureml:${model}:1 from job ${job} (output model).`,
  );
  expect(first.summary).toContain(`### Model azureml:${model}:1: registered`);
  expect(first.summary).toContain(`| \`jobName\` | ${job} |`);
  expect(first.summary).toContain(`| \`mlops.run-url\` | ${runUrl} |`);
  expect(emu.control.stats().modelVersionsCreated).toBe(1);

  emu.control.resetStats();
  const second = await runMainStep(step(2));
  expect(second.exitCode).toBe(0);
  expect(second.outputs).toEqual({ ...first.outputs, created: 'false' });
  expect(second.log).toContain(`Model azureml:${model}:1 was registered from job ${job}`);
  expect(second.summary).toContain(`### Model azureml:${model}:1: already registered (re-run)`);
  expect(emu.control.stats().modelVersionsCreated).toBe(0);
  expect(servedRoutes(emu)).not.toContain('models.versions.createOrUpdate');
});

test('the next job of the same model becomes the next version', async () => {
  const model = uniqueName('fraud');
  const register = async (job: string) =>
    runMainStep(
      actionStep('register-model', emu, { inputs: { 'model-name': model, 'job-name': job } }),
    );
  const first = await register(await completedJob(emu, sdk));
  const second = await register(await completedJob(emu, sdk));
  expect([first.outputs['model-version'], second.outputs['model-version']]).toEqual(['1', '2']);
  expect(second.outputs.created).toBe('true');
});

test('a model path is registered as given, and a re-run finds it', async () => {
  const model = uniqueName('imported');
  const uri = 'azureml://datastores/workspaceblobstore/paths/models/churn/';
  const step = actionStep('register-model', emu, {
    inputs: { 'model-name': model, 'model-path': uri, version: '3' },
  });
  const first = await runMainStep(step);
  const again = await runMainStep(step);
  expect([first.exitCode, again.exitCode]).toEqual([0, 0]);
  expect([first.outputs.created, again.outputs.created]).toEqual(['true', 'false']);
  expect(again.outputs['model-id']).toBe(`azureml:${model}:3`);
  const version = await sdk.modelVersions.get(emu.resourceGroup, emu.workspace, model, '3');
  expect(version.properties).toMatchObject({ modelUri: uri, modelType: 'custom_model' });
  expect(version.properties.properties?.['mlops.source']).toBe(uri);
  expect(emu.control.stats().modelVersionsCreated).toBe(1);
});

test('a job that is not Completed is refused, naming the job and its status', async () => {
  const job = uniqueName('still-running');
  emu.control.setJobBehaviour(job, { outcome: 'stall' });
  await sdk.jobs.createOrUpdate(emu.resourceGroup, emu.workspace, job, commandJob());
  emu.control.resetStats();

  const result = await runMainStep(
    actionStep('register-model', emu, { inputs: { 'model-name': 'churn', 'job-name': job } }),
  );
  expect(result.exitCode).toBe(1);
  expect(errorsOf(result)).toEqual([
    expect.stringMatching(
      new RegExp(
        `^Could not register model churn: job ${job} is (NotStarted|Queued|Running): only a Completed job's output can be registered as a model\\.$`,
      ),
    ),
  ]);
  expect(servedRoutes(emu)).not.toContain('models.versions.createOrUpdate');
});
