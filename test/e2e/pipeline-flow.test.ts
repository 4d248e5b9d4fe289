/**
 * The DEV flow through the three bundled actions, as a workflow runs them: train -> register ->
 * deploy with a smoke test. Two workflow runs: the first model goes live on a new endpoint, the
 * second lands beside it at 0 %. Every step is then re-run (attempt 2) and must change nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { workflowContext, type StepResult } from '@mlops-actions/local-runner';
import { armClient } from '../emulator/support.ts';
import {
  changesSince,
  deployStep,
  endpointName,
  requestMark,
  stableOutputs,
  startDeployEmulator,
} from './deploy-endpoint-support.ts';
import {
  actionStep,
  errorsOf,
  expectNoLeak,
  jobYaml,
  runMainStep,
  trainStep,
  uniqueName,
} from './support.ts';

let emu: Emulator;
const endpoint = endpointName();
const model = uniqueName('churn');

interface PipelineRun {
  context: Record<string, string>;
  train: StepResult;
  register: StepResult;
  deploy: StepResult;
}

/** The three steps of one workflow run (or of its re-run, with the same context). */
async function pipeline(context: Record<string, string>, job: string): Promise<PipelineRun> {
  const train = await runMainStep(trainStep(emu, { context, inputs: { job: jobYaml(job) } }));
  expect(errorsOf(train)).toEqual([]);
  const register = await runMainStep(
    actionStep('register-model', emu, {
      context,
      inputs: {
        'model-name': model,
        'job-name': train.outputs['job-name'] ?? '',
        'model-type': 'mlflow_model',
        'compare-metric': 'accuracy',
        'compare-with': `endpoint:${endpoint}`,
      },
    }),
  );
  expect(errorsOf(register)).toEqual([]);
  const deploy = await runMainStep(
    deployStep(emu, {
      'endpoint-name': endpoint,
      model: register.outputs['model-id'] ?? '',
    }),
  );
  expect(errorsOf(deploy)).toEqual([]);
  return { context, train, register, deploy };
}

/** Attempt 2 of the same workflow run: every step again, with nothing left to do. */
async function rerun(first: PipelineRun, job: string): Promise<PipelineRun> {
  const mark = requestMark(emu);
  const again = await pipeline({ ...first.context, GITHUB_RUN_ATTEMPT: '2' }, job);
  expect(changesSince(emu, mark)).toEqual([]);
  return again;
}

const without = (outputs: Record<string, string>, name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(outputs).filter(([key]) => key !== name));

/**
 * What a re-run must repeat. Left out: the time train-and-poll waited, the smoke test's latency
 * (both measured afresh) and register-model's `created`, which says whether this run registered.
 */
const outputsOf = (run: PipelineRun) => ({
  train: without(run.train.outputs, 'duration-seconds'),
  register: without(run.register.outputs, 'created'),
  deploy: stableOutputs(run.deploy),
});

beforeAll(async () => {
  emu = await startDeployEmulator();
});
afterAll(() => emu?.stop());

describe('train -> register -> deploy, twice, each run re-run', () => {
  const firstJob = uniqueName('train-1');
  const secondJob = uniqueName('train-2');
  let first: PipelineRun;
  let second: PipelineRun;

  test('run 1: the model is registered with its lineage and goes live at 100 % after its smoke test', async () => {
    emu.control.setJobBehaviour(firstJob, { durationSeconds: 600, metrics: { accuracy: 0.84 } });
    first = await pipeline(workflowContext(), firstJob);

    const jobName = first.train.outputs['job-name'] ?? '';
    expect(first.train.outputs.status).toBe('Completed');
    expect(first.register.outputs).toMatchObject({
      'model-id': `azureml:${model}:1`,
      created: 'true',
      // No live model yet: the challenger wins by default.
      'is-better': 'true',
      'challenger-metric': '0.84',
    });
    const version = await armClient(emu).modelVersions.get(
      emu.resourceGroup,
      emu.workspace,
      model,
      '1',
    );
    const { GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_RUN_ID } = first.context;
    expect(version.properties.jobName).toBe(jobName);
    expect(version.properties.properties).toMatchObject({
      'mlops.source': jobName,
      'mlops.commit': GITHUB_SHA,
      'mlops.repository': GITHUB_REPOSITORY,
      'mlops.run-url': expect.stringContaining(`/actions/runs/${GITHUB_RUN_ID}`),
    });

    expect(first.deploy.outputs).toMatchObject({
      'deployment-name': 'blue',
      'previous-deployment': '',
      traffic: JSON.stringify({ blue: 100 }),
      'smoke-test-latency-ms': expect.stringMatching(/^\d+$/),
    });
    expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
    expect(emu.control.deploymentMetrics(endpoint, 'blue')?.requests).toBe(1);
  });

  test('run 1 re-run: no step changes anything and each repeats its outputs', async () => {
    const again = await rerun(first, firstJob);
    expect(outputsOf(again)).toEqual(outputsOf(first));
    expect(again.register.outputs.created).toBe('false');
  });

  test('run 2: a better model is judged against the live one and lands as green at 0 %', async () => {
    emu.control.setJobBehaviour(secondJob, { durationSeconds: 600, metrics: { accuracy: 0.9 } });
    second = await pipeline(workflowContext(), secondJob);

    expect(second.register.outputs).toMatchObject({
      'model-id': `azureml:${model}:2`,
      created: 'true',
      'is-better': 'true',
      'challenger-metric': '0.9',
      'champion-metric': '0.84',
    });
    expect(second.deploy.outputs).toMatchObject({
      'deployment-name': 'green',
      'previous-deployment': 'blue',
    });
    // Smoke-tested through the deployment header, while users still reach only blue.
    expect(emu.control.deploymentMetrics(endpoint, 'green')?.requests).toBe(1);
    const view = emu.control.endpoint(endpoint);
    expect(view?.traffic).toEqual({ blue: 100 });
    expect(view?.deployments.map((d) => [d.name, d.model.split('/models/')[1]])).toEqual(
      expect.arrayContaining([
        ['blue', `${model}/versions/1`],
        ['green', `${model}/versions/2`],
      ]),
    );
  });

  test('run 2 re-run: no step changes anything and each repeats its outputs', async () => {
    const again = await rerun(second, secondJob);
    expect(outputsOf(again)).toEqual(outputsOf(second));
    expect(again.register.outputs.created).toBe('false');
    expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
    expectNoLeak(emu, [first.deploy, second.deploy, again.deploy]);
  });
});
