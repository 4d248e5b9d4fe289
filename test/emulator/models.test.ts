import type {
  AzureMachineLearningWorkspaces,
  ModelVersion,
  ModelVersionProperties,
} from '@azure/arm-machinelearning';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  armClient,
  commandJob,
  startTrustedEmulator,
  waitForJob,
  workspacePath,
} from './support.ts';

const model = (overrides: Partial<ModelVersionProperties> = {}): ModelVersion => ({
  properties: {
    modelType: 'custom_model',
    modelUri: 'azureml://datastores/workspaceblobstore/paths/models/churn/',
    description: 'churn classifier',
    tags: { stage: 'dev' },
    properties: { 'mlops.commit': 'abc123' },
    ...overrides,
  },
});

describe('model containers and versions through the real SDK', () => {
  let em: Emulator;
  let sdk: AzureMachineLearningWorkspaces;
  let rg: string;
  let ws: string;

  /** The SDK hides the status; onResponse shows whether a PUT created (201) or replayed (200). */
  async function put(name: string, version: string, body = model()) {
    let status = 0;
    const result = await sdk.modelVersions.createOrUpdate(rg, ws, name, version, body, {
      onResponse: (r) => void (status = r.status),
    });
    return { status, result };
  }

  beforeAll(async () => {
    em = await startTrustedEmulator({ timeScale: 600, defaultJob: { durationSeconds: 120 } });
    sdk = armClient(em);
    rg = em.resourceGroup;
    ws = em.workspace;
  });
  afterAll(() => em.stop());

  test('the first PUT creates the version and its container (201); the same body again is 200', async () => {
    const created = await put('churn', '1');
    expect(created.status).toBe(201);
    expect(created.result).toMatchObject({
      id: `${workspacePath(em)}/models/churn/versions/1`,
      name: '1',
      type: 'Microsoft.MachineLearningServices/workspaces/models/versions',
      properties: {
        modelType: 'custom_model',
        modelUri: 'azureml://datastores/workspaceblobstore/paths/models/churn/',
        tags: { stage: 'dev' },
        properties: { 'mlops.commit': 'abc123' },
      },
    });
    expect(created.result.systemData?.createdBy).toBe(em.clientId);

    const replayed = await put('churn', '1');
    expect(replayed.status).toBe(200);
    expect(em.control.stats().modelVersionsCreated).toBe(1);

    const container = await sdk.modelContainers.get(rg, ws, 'churn');
    expect(container.properties).toMatchObject({ latestVersion: '1', nextVersion: '2' });
    // Names are case-insensitive, as in ARM.
    expect((await sdk.modelVersions.get(rg, ws, 'CHURN', '1')).properties.modelUri).toBe(
      created.result.properties.modelUri,
    );
  });

  test('a version is immutable: a changed modelUri, modelType, jobName or property is 409', async () => {
    await put('immutable', '1');
    for (const change of [
      { modelUri: 'azureml://datastores/workspaceblobstore/paths/other/' },
      { modelType: 'mlflow_model' },
      { jobName: 'another-job' },
      { properties: { 'mlops.commit': 'def456' } },
    ]) {
      await expect(put('immutable', '1', model(change))).rejects.toMatchObject({
        statusCode: 409,
        code: 'UserError',
        message: expect.stringMatching(/'immutable' version '1' already exists.*immutable/),
      });
    }
    expect((await sdk.modelVersions.get(rg, ws, 'immutable', '1')).properties.modelType).toBe(
      'custom_model',
    );
  });

  test('tags and description may change on a replay (200)', async () => {
    await put('retag', '1');
    const updated = await put('retag', '1', model({ tags: { stage: 'prod' }, description: 'v1' }));
    expect(updated.status).toBe(200);
    const read = await sdk.modelVersions.get(rg, ws, 'retag', '1');
    expect(read.properties).toMatchObject({ tags: { stage: 'prod' }, description: 'v1' });
  });

  test('list filters by tags and properties (all must match), version, $orderBy and $top', async () => {
    await put('filtered', '1', model({ tags: { stage: 'dev' }, properties: { team: 'a' } }));
    await put('filtered', '2', model({ tags: { stage: 'prod' }, properties: { team: 'a' } }));
    await put('filtered', '3', model({ tags: { stage: 'prod', gpu: 'yes' }, properties: {} }));
    const versions = async (options: Parameters<typeof sdk.modelVersions.list>[3] = {}) => {
      const names: string[] = [];
      for await (const v of sdk.modelVersions.list(rg, ws, 'filtered', options)) {
        names.push(v.name ?? '');
      }
      return names;
    };
    expect(await versions()).toEqual(['3', '2', '1']);
    expect(await versions({ tags: 'stage=prod' })).toEqual(['3', '2']);
    expect(await versions({ tags: 'stage=prod,gpu' })).toEqual(['3']);
    expect(await versions({ properties: 'team=a' })).toEqual(['2', '1']);
    expect(await versions({ properties: 'team=b' })).toEqual([]);
    expect(await versions({ version: '2' })).toEqual(['2']);
    expect(await versions({ orderBy: 'createdtime asc' })).toEqual(['1', '2', '3']);
    expect(await versions({ top: 1 })).toEqual(['3']);
    await expect(versions({ orderBy: 'size' })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("$orderBy: expected 'createdtime desc'"),
    });

    const container = await sdk.modelContainers.get(rg, ws, 'filtered');
    expect(container.properties).toMatchObject({ latestVersion: '3', nextVersion: '4' });
  });

  test('nextVersion is one past the highest integer version, "1" for an empty container', async () => {
    await sdk.modelContainers.createOrUpdate(rg, ws, 'empty', { properties: {} });
    const empty = await sdk.modelContainers.get(rg, ws, 'empty');
    expect(empty.properties.nextVersion).toBe('1');
    expect(empty.properties.latestVersion).toBeUndefined();
    await put('empty', '7');
    await put('empty', 'candidate');
    expect((await sdk.modelContainers.get(rg, ws, 'empty')).properties).toMatchObject({
      latestVersion: 'candidate',
      nextVersion: '8',
    });
  });

  test('404s name the missing model, or the model and the version', async () => {
    await expect(sdk.modelContainers.get(rg, ws, 'no-such-model')).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("Model 'no-such-model' was not found"),
    });
    await expect(sdk.modelVersions.get(rg, ws, 'no-such-model', '1')).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("'no-such-model'"),
    });
    await put('present', '1');
    await expect(sdk.modelVersions.get(rg, ws, 'present', '9')).rejects.toMatchObject({
      statusCode: 404,
      code: 'UserError',
      message: expect.stringContaining("Model 'present' version '9' was not found"),
    });
  });

  test('bad bodies are 400s naming the field, what was expected and what was given', async () => {
    await expect(put('bad', '1', model({ modelType: 'pickle' }))).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(
        /properties\.modelType: expected one of custom_model, mlflow_model, triton_model.*got "pickle"/,
      ),
    });
    await expect(put('bad', '1', model({ modelUri: '' }))).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('properties.modelUri: expected'),
    });
    await expect(put('bad name!', '1')).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("name: expected 1-255 letters, digits, '-', '_' or '.'"),
    });
    await expect(sdk.modelContainers.get(rg, ws, 'bad')).rejects.toMatchObject({ statusCode: 404 });
  });

  describe('a modelUri that names a job output', () => {
    const fromJob = (job: string, output = 'model', rest = '') =>
      model({ modelUri: `azureml://jobs/${job}/outputs/${output}${rest}`, jobName: job });

    test('needs an existing job', async () => {
      await expect(put('from-job', '1', fromJob('ghost-job'))).rejects.toMatchObject({
        statusCode: 400,
        code: 'UserError',
        message: expect.stringContaining(
          "job 'ghost-job' in 'azureml://jobs/ghost-job/outputs/model'",
        ),
      });
    });

    test('needs the job Completed, naming its status', async () => {
      em.control.setJobBehaviour('running-job', { outcome: 'stall' });
      await sdk.jobs.createOrUpdate(rg, ws, 'running-job', commandJob());
      await expect(put('from-job', '1', fromJob('running-job'))).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(
          /job 'running-job' is (NotStarted|Queued|Running);.*Completed/,
        ),
      });
    });

    test('needs an output the job declares; then the version keeps jobName for lineage', async () => {
      await sdk.jobs.createOrUpdate(rg, ws, 'trained-job', commandJob());
      await waitForJob(sdk, em, 'trained-job', (s) => s === 'Completed');
      await expect(put('from-job', '1', fromJob('trained-job', 'weights'))).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringContaining(
          "job 'trained-job' has no output 'weights'; its outputs are: model, artifacts",
        ),
      });
      const created = await put('from-job', '1', fromJob('trained-job'));
      expect(created.status).toBe(201);
      expect(created.result.properties).toMatchObject({
        modelUri: 'azureml://jobs/trained-job/outputs/model',
        jobName: 'trained-job',
      });
      const withPath = await put(
        'from-job',
        '2',
        fromJob('trained-job', 'artifacts', '/paths/model/'),
      );
      expect(withPath.status).toBe(201);
    });

    test('other URIs are taken as given', async () => {
      const https = await put(
        'elsewhere',
        '1',
        model({ modelUri: 'https://example.org/model.pkl' }),
      );
      expect(https.status).toBe(201);
    });
  });
});
