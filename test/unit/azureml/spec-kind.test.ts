import { describe, expect, test } from 'vitest';
import { specKindOf } from '@mlops-actions/azureml/validate';

const schema = (name: string) => ({
  $schema: `https://azuremlschemas.azureedge.net/latest/${name}.schema.json`,
});

describe('specKindOf', () => {
  test.each([
    ['commandJob', 'command-job'],
    ['sweepJob', 'sweep-job'],
    ['pipelineJob', 'pipeline-job'],
    ['managedOnlineEndpoint', 'online-endpoint'],
    ['managedOnlineDeployment', 'online-deployment'],
    ['model', 'model'],
    ['environment', 'environment'],
    ['data', 'data'],
    ['commandComponent', 'component'],
  ])('by $schema %s', (name, kind) => {
    expect(specKindOf(schema(name))).toBe(kind);
  });

  test.each([
    [{ command: 'python x.py', environment: 'azureml:e:1' }, 'command-job'],
    [{ type: 'sweep', trial: {}, search_space: {} }, 'sweep-job'],
    [{ type: 'pipeline', jobs: {} }, 'pipeline-job'],
    [{ name: 'ep', auth_mode: 'key' }, 'online-endpoint'],
    [{ instance_type: 'Standard_DS3_v2', model: 'azureml:m:1' }, 'online-deployment'],
    [{ name: 'm', type: 'mlflow_model', path: './m' }, 'model'],
    [{ name: 'd', type: 'uri_folder', path: './d' }, 'data'],
    [{ name: 'e', image: 'python:3.12' }, 'environment'],
    [{ name: 'c', version: '1', command: 'x', environment: 'azureml:e:1' }, 'component'],
  ])('by shape %j', (doc, kind) => {
    expect(specKindOf(doc)).toBe(kind);
  });

  test.each([
    [{ on: 'push', jobs: { build: {} } }],
    [{ services: { web: { image: 'nginx' } } }],
    [['a', 'b']],
    ['text'],
    [{ $schema: 'https://json.schemastore.org/github-workflow.json', on: 'push' }],
  ])('not an Azure ML spec: %j', (doc) => {
    expect(specKindOf(doc)).toBeUndefined();
  });
});
