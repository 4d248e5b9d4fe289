/**
 * Model registration, MLflow metrics and champion / challenger in packages/azureml against the
 * emulator: the real @azure/arm-machinelearning over HTTPS. Every test has its own emulator (so
 * its model versions start at 1 whatever ran before) and its own log; jobs run on the emulator's
 * stopped clock, moved on by the poll's waits.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator, JobBehaviour } from '@mlops-actions/emulator';
import {
  compareWithChampion,
  getJobOrFail,
  getModelVersion,
  getRunMetric,
  parseJobSpec,
  pollJob,
  registerModel,
  submitJob,
  toJobResource,
  type Logger,
  type MachineLearningClient,
  type RegisterModelRequest,
} from '@mlops-actions/azureml';
import {
  emulatedWaits,
  emulatorClient,
  recordingLogger,
  startTrustedEmulator,
  type RecordingLogger,
} from './support.ts';

const LINEAGE = {
  commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  repository: 'contoso/churn-model',
  runUrl: 'https://github.com/contoso/churn-model/actions/runs/42/attempts/1',
};

let emu: Emulator;
let client: MachineLearningClient;
let log: RecordingLogger;
let logger: Logger;
let jobCount = 0;

beforeEach(async () => {
  emu = await startTrustedEmulator({ timeScale: 0, defaultJob: { durationSeconds: 60 } });
  client = emulatorClient(emu);
  log = recordingLogger();
  logger = log.logger;
});
afterEach(() => emu.stop());

/** The last line logged, info or warning. */
const lastLine = (): string | undefined => log.entries.at(-1)?.message;

/** Submits a job with a `model` output, steered by `behaviour`; waits for it unless told not to. */
async function trainJob(behaviour: JobBehaviour = {}, wait = true): Promise<string> {
  const name = `train-models-${++jobCount}`;
  emu.control.setJobBehaviour(name, behaviour);
  const spec = parseJobSpec(
    'command: python train.py\nenvironment: azureml:sklearn-1.5:1\ncompute: azureml:cpu-cluster\n' +
      'outputs:\n  model: {type: mlflow_model}\n',
  );
  const job = await submitJob(client, name, toJobResource(spec, client.workspace, {}));
  if (wait) {
    const result = await pollJob(() => getJobOrFail(client, name), job, {
      pollIntervalMs: 10_000,
      timeoutMs: 3_600_000,
      ...emulatedWaits(emu),
      logger,
    });
    expect(result.job.status).toBe('Completed');
  }
  return name;
}

const fromJob = (name: string, jobName: string): RegisterModelRequest => ({
  name,
  source: { kind: 'job', jobName, outputName: 'model' },
  modelType: 'mlflow_model',
  lineage: LINEAGE,
});

describe('registerModel', () => {
  test('registers a Completed job output with its lineage, then returns it on a re-run', async () => {
    const job = await trainJob();
    const before = emu.control.stats().modelVersionsCreated;

    const first = await registerModel(
      client,
      { ...fromJob('churn', job), description: 'first', tags: { team: 'risk' } },
      logger,
    );
    expect(first.created).toBe(true);
    expect(first.model).toMatchObject({
      name: 'churn',
      version: '1',
      id: 'azureml:churn:1',
      modelType: 'mlflow_model',
      modelUri: `azureml://jobs/${job}/outputs/model`,
      jobName: job,
      description: 'first',
      tags: { team: 'risk' },
    });
    expect(first.model.armId).toMatch(/\/workspaces\/mlw-emulator\/models\/churn\/versions\/1$/i);
    const stored = await getModelVersion(client, 'churn', '1');
    expect(stored?.properties).toEqual({
      'mlops.source': job,
      'mlops.commit': LINEAGE.commit,
      'mlops.repository': LINEAGE.repository,
      'mlops.run-url': LINEAGE.runUrl,
    });
    expect(stored?.jobName).toBe(job);

    const again = await registerModel(client, fromJob('churn', job), logger);
    expect(again).toEqual({ model: expect.objectContaining({ version: '1' }), created: false });
    expect(lastLine()).toBe(
      `Model azureml:churn:1 was registered from job ${job} (output model) before: using it.`,
    );
    expect(emu.control.stats().modelVersionsCreated).toBe(before + 1);
  });

  test("another job gets the container's next integer version", async () => {
    const [a, b] = [await trainJob(), await trainJob()];
    expect((await registerModel(client, fromJob('fraud', a), logger)).model.version).toBe('1');
    expect((await registerModel(client, fromJob('fraud', b), logger)).model.version).toBe('2');
    expect((await registerModel(client, fromJob('fraud', a), logger)).model.version).toBe('1');
  });

  test('a model path is its own lineage source, even with a comma in it', async () => {
    const uri = 'https://models.example.com/churn/a,b/model.pkl';
    const request: RegisterModelRequest = {
      name: 'imported',
      source: { kind: 'path', uri },
      modelType: 'custom_model',
      lineage: {},
    };
    const first = await registerModel(client, request, logger);
    const again = await registerModel(client, request, logger);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.model.version).toBe(first.model.version);
    expect(again.model.properties).toEqual({ 'mlops.source': uri });
    expect(again.model.jobName).toBeUndefined();
  });

  test('an explicit version: the same source is a re-run, another source a clash', async () => {
    const [a, b] = [await trainJob(), await trainJob()];
    const first = await registerModel(client, { ...fromJob('pinned', a), version: '5' }, logger);
    const again = await registerModel(client, { ...fromJob('pinned', a), version: '5' }, logger);
    expect([first.created, again.created, again.model.version]).toEqual([true, false, '5']);

    await expect(
      registerModel(client, { ...fromJob('pinned', b), version: '5' }, logger),
    ).rejects.toThrow(
      `model pinned version 5 already exists, registered from ${a}; a version cannot change`,
    );
  });

  test('refuses a job that is not Completed, naming it and its status, before any PUT', async () => {
    const running = await trainJob({ outcome: 'stall' }, false);
    emu.control.resetStats();
    await expect(registerModel(client, fromJob('churn', running), logger)).rejects.toThrow(
      new RegExp(`^job ${running} is (NotStarted|Queued|Running): only a Completed job`),
    );
    await expect(registerModel(client, fromJob('churn', 'no-such-job'), logger)).rejects.toThrow(
      'job no-such-job was not found in workspace mlw-emulator',
    );
    const routes = emu.control.stats().requests.map((r) => r.route);
    expect(routes).not.toContain('models.versions.createOrUpdate');
  });

  test('a missing version reads as undefined', async () => {
    expect(await getModelVersion(client, 'never-registered', '1')).toBeUndefined();
  });
});

describe('getRunMetric', () => {
  test('reads the metrics the job logged to its MLflow run', async () => {
    const job = await trainJob({ metrics: { accuracy: 0.91, loss: 0.2 } });
    expect(await getRunMetric(client, job, 'accuracy')).toBe(0.91);
    expect(await getRunMetric(client, job, 'loss')).toBe(0.2);
    expect(await getRunMetric(client, job, 'f1')).toBeUndefined();
    expect(await getRunMetric(client, 'no-such-run', 'accuracy')).toBeUndefined();
    const routes = emu.control.stats().requests.map((r) => r.route);
    expect(routes).toContain('mlflow.runs.get');
  });
});

describe('compareWithChampion', () => {
  async function registered(name: string, metrics: Record<string, number>) {
    return (await registerModel(client, fromJob(name, await trainJob({ metrics })), logger)).model;
  }

  test('better, worse and lower-is-better, with the metric read from each MLflow run', async () => {
    const champion = await registered('cc', { accuracy: 0.88, loss: 0.3 });
    const better = await registered('cc', { accuracy: 0.91, loss: 0.2 });
    const worse = await registered('cc', { accuracy: 0.85, loss: 0.4 });
    const against = { kind: 'model', name: 'cc', version: champion.version } as const;

    const up = await compareWithChampion(
      client,
      { challenger: better, against, metric: 'accuracy', direction: 'max' },
      logger,
    );
    expect(up.isBetter).toBe(true);
    expect(up.challenger.reading).toEqual({
      value: 0.91,
      from: `MLflow run of job ${better.jobName}`,
    });
    expect(up.champion?.reading.value).toBe(0.88);
    expect(up.champion?.model.id).toBe(champion.id);

    const down = await compareWithChampion(
      client,
      { challenger: worse, against, metric: 'accuracy', direction: 'max' },
      logger,
    );
    expect(down.isBetter).toBe(false);
    const lower = await compareWithChampion(
      client,
      { challenger: better, against, metric: 'loss', direction: 'min' },
      logger,
    );
    expect(lower.isBetter).toBe(true);
  });

  test("a version's properties stand in when there is no run metric", async () => {
    const champion = await registered('props', { accuracy: 0.8 });
    const { model: challenger } = await registerModel(
      client,
      {
        name: 'props',
        source: { kind: 'path', uri: 'azureml://datastores/workspaceblobstore/paths/m/' },
        modelType: 'custom_model',
        properties: { accuracy: '0.83' },
        lineage: {},
      },
      logger,
    );
    const result = await compareWithChampion(
      client,
      {
        challenger,
        against: { kind: 'model', name: 'props', version: champion.version },
        metric: 'accuracy',
        direction: 'max',
      },
      logger,
    );
    expect(result.challenger.reading).toEqual({
      value: 0.83,
      from: `properties of ${challenger.id}`,
    });
    expect(result.isBetter).toBe(true);
  });

  test('a missing metric is an error naming the model, the job and the metric', async () => {
    const champion = await registered('gaps', { accuracy: 0.8 });
    const challenger = await registered('gaps', { loss: 0.1 });
    const against = { kind: 'model', name: 'gaps', version: champion.version } as const;
    await expect(
      compareWithChampion(
        client,
        { challenger, against, metric: 'accuracy', direction: 'max' },
        logger,
      ),
    ).rejects.toThrow(
      `metric accuracy was not found for model ${challenger.id}: the MLflow run of its training job ${challenger.jobName} has no such metric and the version has no property accuracy`,
    );
    await expect(
      compareWithChampion(
        client,
        {
          challenger: champion,
          against: { kind: 'model', name: 'gaps', version: challenger.version },
          metric: 'accuracy',
          direction: 'max',
        },
        logger,
      ),
    ).rejects.toThrow(`metric accuracy was not found for model ${challenger.id}`);
    await expect(
      compareWithChampion(
        client,
        {
          challenger,
          against: { kind: 'model', name: 'gaps', version: '99' },
          metric: 'loss',
          direction: 'min',
        },
        logger,
      ),
    ).rejects.toThrow('the champion model gaps version 99 was not found');
  });

  test('an endpoint that does not exist has no champion: the challenger wins', async () => {
    const challenger = await registered('lonely', { accuracy: 0.7 });
    const result = await compareWithChampion(
      client,
      {
        challenger,
        against: { kind: 'endpoint', endpoint: 'no-such-ep' },
        metric: 'accuracy',
        direction: 'max',
      },
      logger,
    );
    expect(result).toMatchObject({
      isBetter: true,
      noChampion: 'endpoint no-such-ep does not exist',
    });
    expect(result.champion).toBeUndefined();
  });
});
