import { describe, expect, test } from 'vitest';
import {
  LINEAGE_KEYS,
  lineageProperties,
  mlflowRestBase,
  modelUriOf,
  sourceKey,
} from '@mlops-actions/azureml';
import { parseModelRef } from '@mlops-actions/azureml/grammar';

const WS =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw';

describe('parseModelRef', () => {
  test.each([
    ['azureml:churn:3', { name: 'churn', version: '3' }],
    ['azureml:churn.v2-model_x:1.0', { name: 'churn.v2-model_x', version: '1.0' }],
    [`${WS}/models/churn/versions/7`, { name: 'churn', version: '7' }],
    [`azureml:${WS}/models/churn/versions/7`, { name: 'churn', version: '7' }],
  ])('%s', (text, expected) => {
    expect(parseModelRef(text)).toEqual(expected);
  });

  test.each([
    'churn:3',
    'azureml:churn',
    'azureml:churn@latest',
    'azureml:churn:3:4',
    `${WS}/models/churn`,
    `${WS}/environments/churn/versions/1`,
    'azureml://registries/r/models/churn/versions/1',
    '',
  ])('refuses %j', (text) => {
    expect(parseModelRef(text)).toBeUndefined();
  });
});

describe('lineage', () => {
  const job = { kind: 'job', jobName: 'train-42', outputName: 'model' } as const;
  const path = { kind: 'path', uri: 'https://example.blob.core.windows.net/m/model.pkl' } as const;

  test("a job's model URI is the CLI's azureml://jobs form; a path is used as given", () => {
    expect(modelUriOf(job)).toBe('azureml://jobs/train-42/outputs/model');
    expect(modelUriOf(path)).toBe(path.uri);
    expect(sourceKey(job)).toBe('train-42');
    expect(sourceKey(path)).toBe(path.uri);
  });

  test('every known value is recorded under its key', () => {
    expect(
      lineageProperties(job, {
        commit: 'a1b2c3',
        repository: 'contoso/churn',
        runUrl: 'https://github.com/contoso/churn/actions/runs/9/attempts/1',
      }),
    ).toEqual({
      [LINEAGE_KEYS.source]: 'train-42',
      [LINEAGE_KEYS.commit]: 'a1b2c3',
      [LINEAGE_KEYS.repository]: 'contoso/churn',
      [LINEAGE_KEYS.runUrl]: 'https://github.com/contoso/churn/actions/runs/9/attempts/1',
    });
  });

  test('unknown values are left out, not stored empty', () => {
    expect(lineageProperties(path, { commit: '', repository: undefined })).toEqual({
      'mlops.source': path.uri,
    });
  });
});

describe('mlflowRestBase', () => {
  test("the workspace's azureml:// tracking URI becomes the https base of the REST API", () => {
    expect(mlflowRestBase(`azureml://eastus.api.azureml.ms/mlflow/v1.0${WS}`)).toBe(
      `https://eastus.api.azureml.ms/mlflow/v1.0${WS}`,
    );
    expect(mlflowRestBase(`azureml://127.0.0.1:8443/mlflow/v1.0${WS}/`)).toBe(
      `https://127.0.0.1:8443/mlflow/v1.0${WS}`,
    );
  });

  test('anything else is an error that shows the URI', () => {
    expect(() => mlflowRestBase('https://eastus.api.azureml.ms/mlflow/v1.0/x')).toThrow(
      /not azureml:\/\/<host>\/mlflow\/\.\.\.: https:\/\/eastus/,
    );
  });
});
