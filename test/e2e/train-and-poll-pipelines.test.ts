/**
 * train-and-poll, bundled, with CLI v2 sweep and pipeline job files: each runs to Completed on the
 * emulator with the body the official examples show, and a re-run of a pipeline registers no new
 * component version.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { workflowContext } from '@mlops-actions/local-runner';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, raw, workspacePath } from '../emulator/support.ts';
import { compareShape } from '../contract/shape.ts';
import { loadSpec } from '../contract/spec.ts';
import { haveSpecs, readExample, specDir } from '../contract/harness.ts';
import { errorsOf, expectNoLeak, runMainStep, startE2eEmulator, trainStep } from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startE2eEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

const FIXTURES = 'test/fixtures/jobs';

/** Component versions the step created (201s), as the emulator saw them. */
const componentVersionsCreated = (): number =>
  emu.control
    .stats()
    .requests.filter((r) => r.route === 'components.versions.createOrUpdate' && r.status === 201)
    .length;

/** The job resource as Azure returns it. */
async function jobResource(name: string): Promise<unknown> {
  const url = `${workspacePath(emu)}/jobs/${name}?api-version=2022-10-01`;
  const response = await raw(emu, 'GET', url, { token: await armToken(emu) });
  expect(response.status).toBe(200);
  return response.body;
}

/** The job has the shape of the official example's job resource (and the spec's schema). */
function expectExampleShape(resource: unknown, example: string): void {
  if (!haveSpecs) return;
  const spec = loadSpec(specDir);
  const schema = spec.operation('Jobs_Get').responses['200'];
  const body = readExample(example).responses['201']?.body;
  expect(compareShape(resource, body, schema, spec)).toEqual([]);
}

async function runJobFile(file: string, run = workflowContext()) {
  const step = trainStep(emu, { inputs: { 'job-file': `${FIXTURES}/${file}` }, context: run });
  const main = await runMainStep(step);
  expect(errorsOf(main)).toEqual([]);
  expect(main.exitCode).toBe(0);
  return main;
}

describe('train-and-poll runs CLI v2 sweep and pipeline job files', () => {
  test('a sweep job runs to Completed with the SweepJob body', async () => {
    const main = await runJobFile('sweep.yml');
    const name = main.outputs['job-name'] ?? '';
    expect(main.outputs.status).toBe('Completed');
    const resource = await jobResource(name);
    expect(resource).toMatchObject({
      properties: {
        jobType: 'Sweep',
        displayName: 'churn-sweep',
        computeId: expect.stringMatching(/\/computes\/cpu-cluster$/),
        // The SDK's serializer would drop an asset input's uri; the job must read its data.
        inputs: {
          training_data: {
            jobInputType: 'uri_folder',
            uri: 'azureml://datastores/workspaceblobstore/paths/churn/train/',
          },
        },
        trial: {
          command: expect.stringContaining('--learning-rate ${{search_space.learning_rate}}'),
          codeId: expect.stringMatching(/\/codes\/[0-9a-f-]{36}\/versions\/1$/),
          environmentId: expect.stringMatching(/\/environments\/sklearn-1\.5\/versions\/1$/),
        },
        searchSpace: {
          learning_rate: ['loguniform', [-6, -1]],
          max_depth: ['choice', [[3, 5, 8]]],
        },
        objective: { goal: 'Maximize', primaryMetric: 'auc' },
        limits: { jobLimitsType: 'Sweep', maxTotalTrials: 12, trialTimeout: 'PT600S' },
        status: 'Completed',
      },
    });
    expectExampleShape(resource, 'Job/SweepJob/createOrUpdate.json');
    const trials = emu.control.job(name)?.children ?? [];
    expect(trials.map((t) => t.status)).toEqual(Array(12).fill('Completed'));
    expect(main.summary).toContain(`### Azure ML job ${name}: Completed`);
    expectNoLeak(emu, [main]);
  });

  test.each([
    ['inline command steps', 'pipeline-inline.yml', ['prep', 'train']],
    ['steps naming local component files', 'pipeline-components/pipeline.yml', ['prep', 'train']],
  ])(
    'a pipeline of %s runs to Completed; a re-run registers no new component version',
    async (_kind, file, steps) => {
      const main = await runJobFile(file);
      expect(main.outputs.status).toBe('Completed');
      expect(componentVersionsCreated()).toBe(steps.length);
      for (const step of steps) {
        expect(main.log).toMatch(
          new RegExp(`Step ${step}: registered component azureml_anonymous:`),
        );
      }
      const resource = (await jobResource(main.outputs['job-name'] ?? '')) as {
        properties: { jobs: Record<string, { componentId: string; type: string }> };
      };
      expect(resource).toMatchObject({ properties: { jobType: 'Pipeline', status: 'Completed' } });
      expect(Object.keys(resource.properties.jobs)).toEqual(steps);
      expect(emu.control.job(main.outputs['job-name'] ?? '')?.children).toEqual(
        steps.map((step) => ({ name: step, status: 'Completed' })),
      );
      for (const node of Object.values(resource.properties.jobs)) {
        expect(node.type).toBe('command');
        expect(node.componentId).toMatch(
          /\/components\/azureml_anonymous\/versions\/[0-9a-f-]{36}$/,
        );
      }
      expectExampleShape(resource, 'Job/PipelineJob/createOrUpdate.json');

      emu.control.resetStats();
      const rerun = await runJobFile(file);
      expect(rerun.outputs['job-name']).not.toBe(main.outputs['job-name']);
      expect(rerun.outputs.status).toBe('Completed');
      expect(componentVersionsCreated()).toBe(0);
      expect(rerun.log).toMatch(
        /Step prep: component azureml_anonymous:[0-9a-f-]+ is registered already\./,
      );
    },
  );

  test('a step bound to a parent input that does not exist fails at its line, and nothing is written', async () => {
    const step = trainStep(emu, {
      inputs: {
        job: [
          'type: pipeline',
          'compute: azureml:cpu-cluster',
          'inputs:',
          '  data: {type: uri_folder, path: azureml:raw:1}',
          'jobs:',
          '  train:',
          '    command: python train.py --data ${{inputs.data}}',
          '    environment: azureml:sklearn-1.5:1',
          '    inputs:',
          '      data: ${{parent.inputs.dataset}}',
        ].join('\n'),
      },
    });
    const main = await runMainStep(step);
    expect(main.exitCode).toBe(1);
    expect(errorsOf(main).join('\n')).toContain(
      'job: expected jobs.train.inputs.data: a pipeline input (data), got ${{parent.inputs.dataset}} (line 10)',
    );
    expect(
      emu.control.stats().requests.filter((r) => r.method !== 'GET' && r.method !== 'POST'),
    ).toEqual([]);
  });

  test('compute azureml:no-such-cluster is refused as Azure refuses it', async () => {
    const step = trainStep(emu, {
      inputs: { 'job-file': `${FIXTURES}/sweep.yml`, compute: 'azureml:no-such-cluster' },
    });
    const main = await runMainStep(step);
    expect(main.exitCode).toBe(1);
    expect(errorsOf(main).join('\n')).toMatch(
      /compute 'no-such-cluster' was not found in workspace/,
    );
    expect(emu.control.stats().jobsCreated).toBe(0);
  });
});
