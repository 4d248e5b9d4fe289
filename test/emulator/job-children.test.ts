/**
 * A pipeline's steps and a sweep's trials advance inside their job's Running time and end as its
 * behaviour says (control.job(name).children), on a stopped clock moved by the test.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { JobBase } from '@azure/arm-machinelearning';
import type { Emulator } from '@mlops-actions/emulator';
import { armClient, startTrustedEmulator, workspacePath } from './support.ts';

let em: Emulator;
let client: ReturnType<typeof armClient>;
beforeAll(async () => {
  em = await startTrustedEmulator({ timeScale: 0, defaultJob: { durationSeconds: 100 } });
  client = armClient(em);
  await client.componentVersions.createOrUpdate(em.resourceGroup, em.workspace, 'step', '1', {
    properties: {
      componentSpec: {
        type: 'command',
        command: 'python step.py',
        environment: `${workspacePath(em)}/environments/sklearn-1.5/versions/1`,
      },
    },
  });
});
afterAll(() => em.stop());

const pipeline = (): JobBase => {
  const componentId = `${workspacePath(em)}/components/step/versions/1`;
  return {
    properties: {
      jobType: 'Pipeline',
      settings: { default_compute: `${workspacePath(em)}/computes/cpu-cluster` },
      jobs: {
        prep: { type: 'command', componentId },
        train: { type: 'command', componentId },
      },
    },
  };
};

const sweep = (): JobBase => ({
  properties: {
    jobType: 'Sweep',
    computeId: `${workspacePath(em)}/computes/gpu-cluster`,
    trial: {
      command: 'python train.py --lr ${{search_space.lr}}',
      environmentId: `${workspacePath(em)}/environments/sklearn-1.5/versions/1`,
    },
    searchSpace: { lr: ['uniform', [0.01, 0.1]] },
    samplingAlgorithm: { samplingAlgorithmType: 'Random' },
    objective: { primaryMetric: 'auc', goal: 'Maximize' },
    limits: { jobLimitsType: 'Sweep', maxTotalTrials: 4, maxConcurrentTrials: 2 },
  },
});

const children = (name: string) =>
  Object.fromEntries((em.control.job(name)?.children ?? []).map((c) => [c.name, c.status]));

/** Submits at the clock's now; `at(s)` moves to s emulated seconds after submission. */
async function submit(name: string, body: JobBase) {
  const start = em.control.now();
  await client.jobs.createOrUpdate(em.resourceGroup, em.workspace, name, body);
  return (seconds: number) =>
    em.control.advanceClock((start + seconds * 1000 - em.control.now()) / 1000);
}

test("a pipeline's steps run one after another within its Running time, then all Completed", async () => {
  const at = await submit('pipe', pipeline());
  expect(children('pipe')).toEqual({ prep: 'NotStarted', train: 'NotStarted' });
  at(30); // Running from 20 s: prep runs 20-60, train 60-100
  expect(children('pipe')).toEqual({ prep: 'Running', train: 'NotStarted' });
  at(70);
  expect(children('pipe')).toEqual({ prep: 'Completed', train: 'Running' });
  at(100);
  expect(em.control.job('pipe')?.status).toBe('Completed');
  expect(children('pipe')).toEqual({ prep: 'Completed', train: 'Completed' });
});

test('a failing pipeline fails its last step', async () => {
  em.control.setJobBehaviour('pipe-fail', { outcome: 'fail' });
  const at = await submit('pipe-fail', pipeline());
  at(100);
  expect(em.control.job('pipe-fail')?.status).toBe('Failed');
  expect(children('pipe-fail')).toEqual({ prep: 'Completed', train: 'Failed' });
});

test("a sweep's trials run in waves of maxConcurrentTrials; a cancel cancels those not done", async () => {
  const at = await submit('tune', sweep());
  at(30);
  expect(children('tune')).toEqual({
    tune_0: 'Running',
    tune_1: 'Running',
    tune_2: 'NotStarted',
    tune_3: 'NotStarted',
  });
  at(65);
  await client.jobs.beginCancel(em.resourceGroup, em.workspace, 'tune');
  expect(children('tune')).toEqual({
    tune_0: 'Completed',
    tune_1: 'Completed',
    tune_2: 'Canceled',
    tune_3: 'Canceled',
  });
});
