/**
 * Sweep and pipeline job files through trainAndPoll: the real SDK against the emulator. Each
 * file's components are registered once (anonymous versions found again on a re-run), the job
 * runs to Completed, and what the user wrote wrong is refused before anything is written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  ANONYMOUS_COMPONENT,
  parseJobFile,
  trainAndPoll,
  type AzureRequestRecord,
  type MachineLearningClient,
  type TrainRequest,
} from '@mlops-actions/azureml';
import { SpecError } from '@mlops-actions/azureml/grammar';
import { configFor, recordingLogger, startTrustedEmulator } from './support.ts';
import { armToken, raw, workspacePath } from '../emulator/support.ts';
import { createMachineLearningClient } from '@mlops-actions/azureml';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/jobs');
let emu: Emulator;
let client: MachineLearningClient;
const changes: AzureRequestRecord[] = [];

beforeAll(async () => {
  emu = await startTrustedEmulator({ timeScale: 600, defaultJob: { durationSeconds: 60 } });
  client = createMachineLearningClient({ ...configFor(emu), onChange: (r) => changes.push(r) });
});
afterAll(() => emu.stop());

/** A job file read as train-and-poll reads it: component files beside it. */
function jobFile(relative: string, edit: (text: string) => string = (t) => t) {
  const file = path.join(fixtures, relative);
  const text = edit(readFileSync(file, 'utf8'));
  return parseJobFile(text, {
    baseDir: path.dirname(file),
    readComponent: (component) => {
      const target = path.join(path.dirname(file), component);
      try {
        return { file: target, text: readFileSync(target, 'utf8'), dir: path.dirname(target) };
      } catch {
        return undefined;
      }
    },
  });
}

function request(name: string, file: ReturnType<typeof jobFile>, compute?: string): TrainRequest {
  return {
    job: { file, overrides: compute ? { compute } : {} },
    jobName: name,
    exactName: true,
    wait: true,
    pollIntervalMs: 20,
    timeoutMs: 20_000,
    cancelOnAbort: true,
    cancelWithinMs: 6_000,
    onJob: () => undefined,
    onSettled: () => undefined,
  };
}

async function anonymousVersions(): Promise<string[]> {
  const names: string[] = [];
  const { resourceGroup, workspace } = client.workspace;
  try {
    for await (const v of client.sdk.componentVersions.list(
      resourceGroup,
      workspace,
      ANONYMOUS_COMPONENT,
    )) {
      names.push(v.name ?? '');
    }
  } catch {
    return [];
  }
  return names.sort();
}

const jobBody = async (name: string) =>
  (await client.sdk.jobs.get(client.workspace.resourceGroup, client.workspace.workspace, name))
    .properties as unknown as Record<string, unknown>;

describe('pipeline jobs', () => {
  test('local component files: registered once as anonymous components, run to Completed; a re-run registers nothing', async () => {
    const logger = { logger: recordingLogger().logger };
    const first = await trainAndPoll(
      client,
      request('pipe-components', jobFile('pipeline-components/pipeline.yml')),
      logger,
    );
    expect(first.failure).toBeUndefined();
    expect(first.report?.job.status).toBe('Completed');
    const versions = await anonymousVersions();
    expect(versions).toHaveLength(2);

    const body = await jobBody('pipe-components');
    const jobs = body.jobs as Record<string, { componentId: string; inputs: unknown }>;
    expect(jobs.prep?.componentId).toMatch(
      new RegExp(`/components/${ANONYMOUS_COMPONENT}/versions/${versions.join('|')}$`),
    );
    expect(jobs.train?.inputs).toEqual({
      data: { job_input_type: 'literal', value: '${{parent.jobs.prep.outputs.clean}}' },
      max_depth: { job_input_type: 'literal', value: '${{parent.inputs.max_depth}}' },
    });
    const { resourceGroup, workspace } = client.workspace;
    const [prepVersion] = jobs.prep?.componentId.split('/').slice(-1) ?? [];
    const registered = await client.sdk.componentVersions.get(
      resourceGroup,
      workspace,
      ANONYMOUS_COMPONENT,
      prepVersion ?? '',
    );
    expect(registered.properties).toMatchObject({
      isAnonymous: true,
      componentSpec: {
        name: 'churn_prep',
        type: 'command',
        code: expect.stringMatching(/\/codes\/[0-9a-f-]{36}\/versions\/1$/),
        environment: expect.stringMatching(/\/environments\/sklearn-1\.5\/versions\/1$/),
        inputs: { raw: { type: 'uri_folder' }, rows: { type: 'integer', default: 100000 } },
      },
    });

    changes.length = 0;
    const again = await trainAndPoll(
      client,
      request('pipe-components-2', jobFile('pipeline-components/pipeline.yml')),
      { logger: recordingLogger().logger },
    );
    expect(again.report?.job.status).toBe('Completed');
    expect(await anonymousVersions()).toEqual(versions);
    // The only change the re-run made is its job.
    expect(
      changes.map((c) => `${c.method} ${c.resourceId.split('/').slice(-2).join('/')}`),
    ).toEqual(['PUT jobs/pipe-components-2']);
  });

  test('inline command steps run to Completed, their nodes bound to the parent', async () => {
    const { report, failure } = await trainAndPoll(
      client,
      request('pipe-inline', jobFile('pipeline-inline.yml')),
      recordingLogger(),
    );
    expect(failure).toBeUndefined();
    expect(report?.job.status).toBe('Completed');
    const body = await jobBody('pipe-inline');
    expect(body).toMatchObject({
      jobType: 'Pipeline',
      settings: { default_compute: expect.stringMatching(/\/computes\/cpu-cluster$/) },
      jobs: {
        train: {
          computeId: expect.stringMatching(/\/computes\/gpu-cluster$/),
          outputs: { model: { type: 'literal', value: '${{parent.outputs.trained_model}}' } },
        },
      },
    });
  });

  test('a step whose registered component lacks the input is refused before anything is written', async () => {
    const { resourceGroup, workspace } = client.workspace;
    const ws = `/subscriptions/${emu.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`;
    await client.sdk.componentVersions.createOrUpdate(resourceGroup, workspace, 'scorer', '1', {
      properties: {
        componentSpec: {
          type: 'command',
          command: 'python score.py --model ${{inputs.model}}',
          environment: `${ws}/environments/sklearn-1.5/versions/1`,
          inputs: { model: { type: 'uri_folder' } },
        },
      },
    });
    const file = jobFile('pipeline-components/pipeline.yml', (text) =>
      text.replace('component: file:./components/train.yml', 'component: azureml:scorer@latest'),
    );
    changes.length = 0;
    const err = await trainAndPoll(
      client,
      request('pipe-registered', file),
      recordingLogger(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect({
      field: (err as SpecError).field,
      line: (err as SpecError).line,
      expected: (err as SpecError).expected,
    }).toEqual({
      field: 'jobs.train.inputs.data',
      line: 22,
      expected: 'an input component azureml:scorer@latest declares (model)',
    });
    expect(changes).toEqual([]);
  });

  test('compute azureml:no-such-cluster is refused by the workspace, as Azure refuses it', async () => {
    const { report, failure } = await trainAndPoll(
      client,
      request('pipe-no-compute', jobFile('pipeline-inline.yml'), 'azureml:no-such-cluster'),
      recordingLogger(),
    );
    expect(report).toBeUndefined();
    expect(failure?.what).toBe('Could not submit the Azure ML job');
    expect(failure?.detail).toMatch(/compute 'no-such-cluster' was not found in workspace/);
    expect(emu.control.job('pipe-no-compute')).toBeUndefined();
  });
});

describe('asset inputs', () => {
  test("a command job's uri_folder input keeps its uri (the SDK's serializer would drop it)", async () => {
    const file = parseJobFile(
      'command: python train.py --data ${{inputs.data}}\nenvironment: azureml:sklearn-1.5:1\ncompute: azureml:cpu-cluster\ninputs:\n  data: {type: uri_folder, path: azureml://datastores/workspaceblobstore/paths/churn/}\n',
    );
    const { failure } = await trainAndPoll(client, request('command-uri', file), {
      logger: recordingLogger().logger,
    });
    expect(failure).toBeUndefined();
    const url = `${workspacePath(emu)}/jobs/command-uri?api-version=2022-10-01`;
    const stored = await raw(emu, 'GET', url, { token: await armToken(emu) });
    expect(stored.body).toMatchObject({
      properties: {
        inputs: {
          data: {
            jobInputType: 'uri_folder',
            uri: 'azureml://datastores/workspaceblobstore/paths/churn/',
          },
        },
      },
    });
  });
});

describe('sweep jobs', () => {
  test('run to Completed with the SweepJob body', async () => {
    const { report, failure } = await trainAndPoll(
      client,
      request('sweep-1', jobFile('sweep.yml')),
      recordingLogger(),
    );
    expect(failure).toBeUndefined();
    expect(report?.job.status).toBe('Completed');
    expect(await jobBody('sweep-1')).toMatchObject({
      jobType: 'Sweep',
      trial: {
        codeId: expect.stringMatching(/\/codes\/[0-9a-f-]{36}\/versions\/1$/),
        environmentId: expect.stringMatching(/\/environments\/sklearn-1\.5\/versions\/1$/),
      },
      searchSpace: { learning_rate: ['loguniform', [-6, -1]], max_depth: ['choice', [[3, 5, 8]]] },
      samplingAlgorithm: { samplingAlgorithmType: 'Random' },
      objective: { goal: 'Maximize', primaryMetric: 'auc' },
      limits: { jobLimitsType: 'Sweep', timeout: 'PT3600S', trialTimeout: 'PT600S' },
      earlyTermination: { policyType: 'MedianStopping', evaluationInterval: 1, delayEvaluation: 2 },
    });
  });

  test("a trial environment that is not registered is refused with Azure's words", async () => {
    const file = jobFile('sweep.yml', (t) =>
      t.replace('azureml:sklearn-1.5:1', 'azureml:sklearn-9:1'),
    );
    const { failure } = await trainAndPoll(
      client,
      request('sweep-no-env', file),
      recordingLogger(),
    );
    expect(failure?.detail).toMatch(
      /properties\.trial\.environmentId: environment 'sklearn-9' version '1' was not found/,
    );
  });
});
