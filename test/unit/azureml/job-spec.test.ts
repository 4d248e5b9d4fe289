import { describe, expect, test } from 'vitest';
import { parseJobSpec, toJobResource, type JobOverrides } from '@mlops-actions/azureml';
import { specError } from './spec-error.ts';

const ws = { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', workspace: 'ws-dev' };
const WS_ID =
  '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-dev';
const BASE =
  'command: python train.py\nenvironment: azureml:sklearn:7\ncompute: azureml:cpu-cluster\n';

function resource(yaml: string, overrides?: JobOverrides) {
  return toJobResource(parseJobSpec(yaml), ws, overrides).properties as unknown as Record<
    string,
    unknown
  >;
}

describe('toJobResource maps the CLI v2 command job', () => {
  test('a full spec becomes the CommandJob body with ARM ids', () => {
    const yaml = `$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
type: command
display_name: train-credit
experiment_name: credit
description: trains the model
tags: {team: risk, run: 7}
command: python train.py --lr \${{inputs.lr}}
code: azureml:src:3
environment: azureml:sklearn:7
compute: azureml:cpu-cluster
environment_variables: {MODE: fast, WORKERS: 4}
resources: {instance_count: 2, instance_type: Standard_DS3_v2, shm_size: 2g}
limits: {timeout: 3600}
`;
    expect(resource(yaml)).toEqual({
      jobType: 'Command',
      displayName: 'train-credit',
      experimentName: 'credit',
      description: 'trains the model',
      tags: { team: 'risk', run: '7' },
      command: 'python train.py --lr ${{inputs.lr}}',
      codeId: `${WS_ID}/codes/src/versions/3`,
      environmentId: `${WS_ID}/environments/sklearn/versions/7`,
      computeId: `${WS_ID}/computes/cpu-cluster`,
      environmentVariables: { MODE: 'fast', WORKERS: '4' },
      resources: { instanceCount: 2, instanceType: 'Standard_DS3_v2', shmSize: '2g' },
      limits: { jobLimitsType: 'Command', timeout: 'PT3600S' },
    });
  });

  test('literal inputs become strings; asset inputs keep type, uri and the API mode name', () => {
    const yaml = `${BASE}inputs:
  lr: 0.01
  epochs: 10
  shuffle: true
  label: target
  train: {type: uri_folder, path: azureml://datastores/blob/paths/train/, mode: ro_mount}
  table: {type: mltable, path: azureml:credit-table:2, mode: eval_download}
  model: {type: mlflow_model, path: https://example.com/model}
`;
    expect(resource(yaml).inputs).toEqual({
      lr: { jobInputType: 'literal', value: '0.01' },
      epochs: { jobInputType: 'literal', value: '10' },
      shuffle: { jobInputType: 'literal', value: 'true' },
      label: { jobInputType: 'literal', value: 'target' },
      train: {
        jobInputType: 'uri_folder',
        uri: 'azureml://datastores/blob/paths/train/',
        mode: 'ReadOnlyMount',
      },
      table: { jobInputType: 'mltable', uri: 'azureml:credit-table:2', mode: 'EvalDownload' },
      model: { jobInputType: 'mlflow_model', uri: 'https://example.com/model' },
    });
  });

  test('outputs keep type, path and mode; a bare output is a uri_folder', () => {
    const yaml = `${BASE}outputs:
  model: {type: mlflow_model}
  report: {type: uri_file, path: azureml://datastores/blob/paths/report.html, mode: upload}
  logs:
`;
    expect(resource(yaml).outputs).toEqual({
      model: { jobOutputType: 'mlflow_model' },
      report: {
        jobOutputType: 'uri_file',
        uri: 'azureml://datastores/blob/paths/report.html',
        mode: 'Upload',
      },
      logs: { jobOutputType: 'uri_folder' },
    });
  });

  test.each([
    [
      'type: pytorch\n  process_count_per_instance: 4',
      { distributionType: 'PyTorch', processCountPerInstance: 4 },
    ],
    [
      'type: mpi\n  process_count_per_instance: 2',
      { distributionType: 'Mpi', processCountPerInstance: 2 },
    ],
    [
      'type: tensorflow\n  worker_count: 3\n  parameter_server_count: 1',
      { distributionType: 'TensorFlow', workerCount: 3, parameterServerCount: 1 },
    ],
  ])('distribution %s', (yaml, expected) => {
    expect(resource(`${BASE}distribution:\n  ${yaml}\n`).distribution).toEqual(expected);
  });

  test.each([
    ['type: aml_token', { identityType: 'AMLToken' }],
    ['type: user_identity', { identityType: 'UserIdentity' }],
    [
      'type: managed\n  client_id: 00000000-aaaa-bbbb-cccc-000000000001',
      { identityType: 'Managed', clientId: '00000000-aaaa-bbbb-cccc-000000000001' },
    ],
  ])('identity %s', (yaml, expected) => {
    expect(resource(`${BASE}identity:\n  ${yaml}\n`).identity).toEqual(expected);
  });

  test('registry environments and full ids pass through; azureml:/subscriptions loses its prefix', () => {
    const registry = 'azureml://registries/azureml/environments/sklearn-1.5/versions/12';
    expect(resource(BASE.replace('azureml:sklearn:7', registry)).environmentId).toBe(registry);
    const armId = `${WS_ID}/environments/custom/versions/2`;
    expect(resource(BASE.replace('azureml:sklearn:7', `azureml:${armId}`)).environmentId).toBe(
      armId,
    );
  });

  test('azureml:name@latest maps to the environment container, resolved before submitting', () => {
    expect(resource(BASE.replace(':7', '@latest')).environmentId).toBe(
      `${WS_ID}/environments/sklearn`,
    );
  });

  test('code given as an azureml:// or https URI is used as is', () => {
    const uri = 'azureml://locations/westeurope/workspaces/abc/codes/src/versions/1';
    expect(resource(`${BASE}code: ${uri}\n`).codeId).toBe(uri);
    expect(resource(`${BASE}code: https://blob.example.com/code/\n`).codeId).toBe(
      'https://blob.example.com/code/',
    );
  });

  test('a compute name without azureml: prefix is accepted', () => {
    expect(resource(BASE.replace('azureml:cpu-cluster', 'gpu')).computeId).toBe(
      `${WS_ID}/computes/gpu`,
    );
  });

  test('overrides win over the spec for compute and experiment name', () => {
    const props = resource(`${BASE}experiment_name: from-spec\n`, {
      compute: 'azureml:big',
      experimentName: 'from-input',
    });
    expect(props.computeId).toBe(`${WS_ID}/computes/big`);
    expect(props.experimentName).toBe('from-input');
  });

  test('an already-parsed object is accepted as well as YAML text', () => {
    const spec = parseJobSpec({
      command: 'echo hi',
      environment: 'azureml:base:1',
      compute: 'cpu',
    });
    expect(toJobResource(spec, ws).properties).toMatchObject({ command: 'echo hi' });
  });
});

describe('job spec errors name the field, what was expected and what was given', () => {
  test.each([
    [
      'another job type',
      'type: pipeline\ncommand: x\nenvironment: azureml:a:1\n',
      { field: 'type', given: '"pipeline"', line: 1 },
      /only command jobs are supported/,
    ],
    [
      'no command',
      'environment: azureml:a:1\n',
      { field: 'command', given: 'nothing' },
      /a string/,
    ],
    [
      'no environment',
      'command: x\n',
      { field: 'environment', given: 'nothing' },
      /a registered environment .* or an inline one/,
    ],
    [
      'an inline environment whose conda file is missing',
      'command: x\nenvironment:\n  image: python:3.11\n  conda_file: env.yml\n',
      { field: 'environment.conda_file', line: 4 },
      /an existing local file or folder \(relative to the spec file\)/,
    ],
    [
      'an environment without a version',
      'command: x\nenvironment: azureml:sklearn\n',
      { field: 'environment', given: '"azureml:sklearn"' },
      /azureml:<name>:<version>/,
    ],
    [
      'a local code folder that does not exist',
      'command: x\nenvironment: azureml:a:1\ncode: ./no-such-src\n',
      { field: 'code', line: 3 },
      /an existing local file or folder/,
    ],
    [
      'a misspelt field',
      'command: x\nenviroment: azureml:a:1\n',
      { field: 'enviroment', given: 'an unknown field "enviroment"', line: 2 },
      /environment/,
    ],
    [
      'an unknown input type',
      'command: x\nenvironment: azureml:a:1\ninputs:\n  data:\n    type: uri_fil\n    path: azureml://x\n',
      { field: 'inputs.data.type', given: '"uri_fil"', line: 5 },
      /one of uri_file, uri_folder, mltable, custom_model, mlflow_model, triton_model/,
    ],
    [
      'an input that is a list',
      'command: x\nenvironment: azureml:a:1\ninputs:\n  data: [1, 2]\n',
      { field: 'inputs.data', given: 'a list' },
      /literal .* or an object/,
    ],
    [
      'an input without a path',
      'command: x\nenvironment: azureml:a:1\ninputs:\n  data: {type: uri_file}\n',
      { field: 'inputs.data.path', given: 'nothing' },
      /a string/,
    ],
    [
      'a local input path that does not exist',
      'command: x\nenvironment: azureml:a:1\ninputs:\n  data: {type: uri_file, path: no-such-data/train.csv}\n',
      { field: 'inputs.data.path', line: 4 },
      /an existing local file or folder/,
    ],
    [
      'an unknown input mode',
      'command: x\nenvironment: azureml:a:1\ninputs:\n  data: {type: uri_file, path: azureml://x, mode: mount}\n',
      { field: 'inputs.data.mode', given: '"mount"' },
      /one of ro_mount, rw_mount, download, direct, eval_mount, eval_download/,
    ],
    [
      'an unknown output mode',
      'command: x\nenvironment: azureml:a:1\noutputs:\n  m: {type: uri_folder, mode: download}\n',
      { field: 'outputs.m.mode', given: '"download"' },
      /one of rw_mount, upload/,
    ],
    [
      'a fractional timeout',
      'command: x\nenvironment: azureml:a:1\nlimits: {timeout: 1.5}\n',
      { field: 'limits.timeout', given: '1.5' },
      /an integer/,
    ],
    [
      'a negative instance count',
      'command: x\nenvironment: azureml:a:1\nresources: {instance_count: 0}\n',
      { field: 'resources.instance_count', given: '0' },
      /a number > 0/,
    ],
    [
      'an unknown distribution',
      'command: x\nenvironment: azureml:a:1\ndistribution: {type: horovod}\n',
      { field: 'distribution.type', given: '"horovod"' },
      /one of pytorch, mpi, tensorflow/,
    ],
    [
      'a tag that is an object',
      'command: x\nenvironment: azureml:a:1\ntags: {owner: {name: x}}\n',
      { field: 'tags.owner', given: 'an object with name' },
      /a string, number or boolean/,
    ],
    [
      'a compute with a space',
      'command: x\nenvironment: azureml:a:1\ncompute: cpu cluster\n',
      { field: 'compute', given: '"cpu cluster"' },
      /azureml:<name>/,
    ],
    ['not a mapping', '- command: x\n', { field: '(document)', given: 'a list' }, /an object/],
    ['broken YAML', 'command: [x\n', { field: '(document)', line: 2 }, /valid YAML/],
  ])('%s', (_, yaml, fields, expected) => {
    const err = specError(() => parseJobSpec(yaml));
    expect(err).toMatchObject(fields);
    expect(err.expected).toMatch(expected);
    expect(err.message).toContain(err.field);
  });

  test('no compute in the spec and none as override: serverless is not available in 2022-10-01', () => {
    const spec = parseJobSpec('command: x\nenvironment: azureml:a:1\n');
    const err = specError(() => toJobResource(spec, ws, {}));
    expect(err).toMatchObject({ field: 'compute', given: 'nothing' });
    expect(err.expected).toMatch(/compute override.*serverless/);
    expect(toJobResource(spec, ws, { compute: 'cpu' }).properties).toMatchObject({
      computeId: `${WS_ID}/computes/cpu`,
    });
  });

  test('a malformed compute override is reported as the override', () => {
    const err = specError(() => toJobResource(parseJobSpec(BASE), ws, { compute: 'a/b' }));
    expect(err).toMatchObject({ field: 'compute (override)', given: '"a/b"' });
  });
});
