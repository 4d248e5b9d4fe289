/**
 * One source of truth: what pr-validate says of a spec is what the action that takes it says.
 * Each spec below (the repository's examples/ and specs generated here, good and broken) is run
 * through pr-validate's validateSpecs and through the action's own path (the parser behind
 * action-kit's parseSpecInput, as train-and-poll and deploy-endpoint call it); both must accept,
 * or both refuse with the same field and reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError, parseSpecInput } from '@mlops-actions/action-kit';
import { parseDeploymentSpec, parseJobFile, parseJobSpec } from '@mlops-actions/azureml';
import { validateSpecs } from '@mlops-actions/azureml/validate';
import { jobYaml } from '../../e2e/support.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const SCHEMA = 'https://azuremlschemas.azureedge.net/latest';
const example = (file: string) => readFileSync(path.join(root, 'examples', file), 'utf8');

const job = (...lines: string[]) =>
  [`$schema: ${SCHEMA}/commandJob.schema.json`, ...lines].join('\n');
const deployment = (...lines: string[]) =>
  [`$schema: ${SCHEMA}/managedOnlineDeployment.schema.json`, ...lines].join('\n');
const JOB_BASE = ['command: python train.py', 'environment: azureml:sklearn:1'];
const SWEEP = [
  'type: sweep',
  'compute: azureml:cpu-cluster',
  'trial:',
  '  command: python train.py --lr ${{search_space.lr}}',
  '  environment: azureml:sklearn:1',
  'search_space:',
  '  lr: {type: uniform, min_value: 0.01, max_value: 0.1}',
  'sampling_algorithm: random',
  'objective: {goal: maximize, primary_metric: accuracy}',
];
const PIPELINE = [
  'type: pipeline',
  'compute: azureml:cpu-cluster',
  'inputs:',
  '  data: {type: uri_folder, path: azureml:raw:1}',
  'jobs:',
  '  train:',
  '    command: python train.py --data ${{inputs.data}}',
  '    environment: azureml:sklearn:1',
  '    inputs:',
  '      data: ${{parent.inputs.data}}',
];
const DEPLOY_BASE = ['instance_type: Standard_DS3_v2'];

/** [name, the action's input that takes it, the action's parser, the YAML]. */
const CORPUS: [string, 'job-file' | 'deployment-file', (text: string) => unknown, string][] = [
  ['examples/jobs/train.yml', 'job-file', parseJobFile, example('jobs/train.yml')],
  [
    'examples/deployments/churn.yml',
    'deployment-file',
    parseDeploymentSpec,
    example('deployments/churn.yml'),
  ],
  ['the e2e inline job', 'job-file', parseJobFile, jobYaml('e2e-job')],
  ['a minimal job', 'job-file', parseJobFile, job(...JOB_BASE)],
  ['a job with a local code folder', 'job-file', parseJobFile, job(...JOB_BASE, 'code: ./src')],
  [
    'a job with an inline environment',
    'job-file',
    parseJobFile,
    job('command: x', 'environment:', '  image: python:3.12'),
  ],
  ['a job with a misspelt field', 'job-file', parseJobFile, job(...JOB_BASE, 'compue: cpu')],
  ['a job of another type (spark)', 'job-file', parseJobFile, job(...JOB_BASE, 'type: spark')],
  [
    'a job with zero instances',
    'job-file',
    parseJobFile,
    job(...JOB_BASE, 'resources:', '  instance_count: 0'),
  ],
  [
    'a job input in local data',
    'job-file',
    parseJobFile,
    job(...JOB_BASE, 'inputs:', '  data:', '    type: uri_folder', '    path: ./data'),
  ],
  [
    'a job with a bad mode',
    'job-file',
    parseJobFile,
    job(...JOB_BASE, 'outputs:', '  model:', '    mode: sideways'),
  ],
  ['a job that is not YAML', 'job-file', parseJobFile, job(...JOB_BASE, 'compute: a: b')],
  [
    'a job without a command',
    'job-file',
    parseJobFile,
    job('environment: azureml:sklearn:1', 'compute: cpu'),
  ],
  ['a sweep job', 'job-file', parseJobFile, SWEEP.join('\n')],
  [
    'a sweep job with an unknown search space kind',
    'job-file',
    parseJobFile,
    SWEEP.join('\n').replace('type: uniform', 'type: triangular'),
  ],
  ['a pipeline of inline steps', 'job-file', parseJobFile, PIPELINE.join('\n')],
  [
    'a pipeline step bound to a parent input that does not exist',
    'job-file',
    parseJobFile,
    PIPELINE.join('\n').replace('parent.inputs.data', 'parent.inputs.dataset'),
  ],
  [
    'a pipeline with a parallel step',
    'job-file',
    parseJobFile,
    PIPELINE.join('\n').replace('  train:', '  train:\n    type: parallel'),
  ],
  ['a minimal deployment', 'deployment-file', parseDeploymentSpec, deployment(...DEPLOY_BASE)],
  [
    'a deployment with no instances',
    'deployment-file',
    parseDeploymentSpec,
    deployment(...DEPLOY_BASE, 'instance_count: 0'),
  ],
  [
    'a deployment on @latest',
    'deployment-file',
    parseDeploymentSpec,
    deployment(...DEPLOY_BASE, 'environment: azureml:sk@latest'),
  ],
  [
    'a deployment with an inline model',
    'deployment-file',
    parseDeploymentSpec,
    deployment(...DEPLOY_BASE, 'model:', '  path: ./model'),
  ],
  [
    'a deployment with a bad name',
    'deployment-file',
    parseDeploymentSpec,
    deployment(...DEPLOY_BASE, 'name: 1blue'),
  ],
  [
    'a deployment for a bad endpoint name',
    'deployment-file',
    parseDeploymentSpec,
    deployment(...DEPLOY_BASE, 'endpoint_name: ab'),
  ],
  [
    'a scoring script without environment',
    'deployment-file',
    parseDeploymentSpec,
    deployment(
      ...DEPLOY_BASE,
      'code_configuration:',
      '  code: azureml:src:1',
      '  scoring_script: score.py',
    ),
  ],
  [
    'a deployment without an instance type',
    'deployment-file',
    parseDeploymentSpec,
    deployment('instance_count: 1'),
  ],
  [
    'a deployment with an unknown egress',
    'deployment-file',
    parseDeploymentSpec,
    deployment(...DEPLOY_BASE, 'egress_public_network_access: open'),
  ],
];

/** The action's verdict: undefined when it accepts, else its input error's problem. */
async function actionVerdict(input: string, parse: (text: string) => unknown, text: string) {
  try {
    await parseSpecInput(input, () => parse(text), 'spec.yml');
    return undefined;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const [problem] = err.problems;
    if (typeof problem !== 'object') throw err;
    return { expected: problem.expected, line: problem.line };
  }
}

describe('pr-validate and the actions agree on every spec', () => {
  test.each(CORPUS)('%s', async (_name, input, parse, text) => {
    const [check] = validateSpecs([{ path: 'spec.yml', text }]);
    const action = await actionVerdict(input, parse, text);
    expect(check, 'pr-validate found the spec').toBeDefined();
    if (action === undefined) {
      expect(check?.status).toBe('valid');
      return;
    }
    expect(check?.status).toBe('invalid');
    if (check?.status !== 'invalid') return;
    const { field, expected, line } = check.problem;
    // action-kit words a field's problem `<field>: <expected>`; a document's problem as is.
    expect(field === '(document)' ? expected : `${field}: ${expected}`).toBe(action.expected);
    expect(line).toBe(action.line);
  });

  test('the corpus holds both verdicts', async () => {
    const verdicts = await Promise.all(CORPUS.map(([, i, p, t]) => actionVerdict(i, p, t)));
    expect(verdicts.filter((v) => v === undefined).length).toBeGreaterThanOrEqual(5);
    expect(verdicts.filter((v) => v !== undefined).length).toBeGreaterThanOrEqual(10);
  });
});

describe('validateSpecs', () => {
  test('a problem carries the line and column of the offending key', () => {
    const [check] = validateSpecs([
      { path: 'a.yml', text: job(...JOB_BASE, 'resources:', '  instance_count: 0') },
    ]);
    expect(check).toMatchObject({
      status: 'invalid',
      kind: 'command-job',
      problem: { field: 'resources.instance_count', line: 5, column: 3 },
    });
  });

  test('YAML that is not an Azure ML spec is left out; a kind no action takes is unchecked', () => {
    const checks = validateSpecs([
      { path: 'ci.yml', text: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n' },
      { path: 'compose.yml', text: 'services:\n  web:\n    image: nginx\n' },
      {
        path: 'model.yml',
        text: `$schema: ${SCHEMA}/model.schema.json\nname: churn\npath: ./model\n`,
      },
    ]);
    expect(checks).toEqual([{ path: 'model.yml', kind: 'model', status: 'unchecked' }]);
  });

  test('files that do not parse but are no spec (a Helm template), and YAML streams of no spec, are left alone', () => {
    const checks = validateSpecs([
      {
        path: 'chart/templates/svc.yaml',
        text: 'metadata:\n  labels:\n    {{- include "x" . | nindent 4 }}\n',
      },
      { path: 'k8s.yaml', text: 'kind: Service\n---\nkind: Deployment\n' },
    ]);
    expect(checks).toEqual([]);
  });

  test('a YAML stream holding a spec is refused: the CLI reads one document per file', () => {
    const [check] = validateSpecs([
      { path: 'two.yml', text: `kind: Note\n---\n${job(...JOB_BASE)}\n` },
    ]);
    expect(check).toMatchObject({
      status: 'invalid',
      kind: 'command-job',
      problem: { field: '(document)', given: '2 documents', line: 3, column: 1 },
    });
  });

  test("an endpoint's traffic must name a declared deployment and sum to 0 or 100", () => {
    const endpoint = (traffic: string[]) => ({
      path: 'ep.yml',
      text: ['name: churn', 'auth_mode: key', 'traffic:', ...traffic].join('\n'),
    });
    const blue = {
      path: 'blue.yml',
      text: deployment(...DEPLOY_BASE, 'name: blue', 'endpoint_name: churn'),
    };
    expect(validateSpecs([endpoint(['  blue: 100']), blue])[0]?.status).toBe('valid');
    expect(validateSpecs([endpoint(['  blue: 90', '  green: 10']), blue])[0]).toMatchObject({
      status: 'invalid',
      problem: { field: 'traffic.green', line: 5, column: 3 },
    });
    expect(validateSpecs([endpoint(['  blue: 90'])])[0]).toMatchObject({
      status: 'invalid',
      problem: { field: 'traffic', expected: 'live traffic that sums to 0 or 100 (it sums to 90)' },
    });
  });

  test('an endpoint name follows Azure’s rule; mirror traffic stays within 50', () => {
    const [bad] = validateSpecs([{ path: 'ep.yml', text: 'name: 1x\nauth_mode: key\n' }]);
    expect(bad).toMatchObject({
      status: 'invalid',
      problem: { field: 'name', line: 1, column: 1 },
    });
    const [mirror] = validateSpecs([
      {
        path: 'ep.yml',
        text: 'name: churn\nauth_mode: key\ntraffic: {blue: 100}\nmirror_traffic: {green: 60}\n',
      },
    ]);
    expect(mirror).toMatchObject({ status: 'invalid', problem: { field: 'mirror_traffic' } });
  });
});

describe('validateSpecs of pipelines and their component files', () => {
  const component = [
    `$schema: ${SCHEMA}/commandComponent.schema.json`,
    'name: train',
    'command: python train.py --data ${{inputs.data}}',
    'environment: azureml:sklearn:1',
    'inputs:',
    '  data: {type: uri_folder}',
  ].join('\n');
  const pipeline = [
    'type: pipeline',
    'compute: azureml:cpu-cluster',
    'inputs:',
    '  raw: {type: uri_folder, path: azureml:raw:1}',
    'jobs:',
    '  train:',
    '    component: ../components/train.yml',
    '    inputs:',
    '      data: ${{parent.inputs.raw}}',
  ].join('\n');

  test('a pipeline whose component file is among the files is checked against it', () => {
    const files = [
      { path: 'ml/pipelines/pipeline.yml', text: pipeline },
      { path: 'ml/components/train.yml', text: component },
    ];
    expect(validateSpecs(files)).toEqual([
      { path: 'ml/pipelines/pipeline.yml', kind: 'pipeline-job', status: 'valid' },
      { path: 'ml/components/train.yml', kind: 'component', status: 'valid' },
    ]);
    const [check] = validateSpecs([
      { path: 'ml/pipelines/pipeline.yml', text: pipeline.replace('data: $', 'dataset: $') },
      { path: 'ml/components/train.yml', text: component },
    ]);
    expect(check).toMatchObject({
      status: 'invalid',
      problem: { field: 'jobs.train.inputs.dataset', line: 9 },
    });
  });

  test('a component file that is not among the files is refused, naming the step', () => {
    const [check] = validateSpecs([{ path: 'ml/pipelines/pipeline.yml', text: pipeline }]);
    expect(check).toMatchObject({
      status: 'invalid',
      problem: { field: 'jobs.train.component', line: 7 },
    });
  });
});

describe('local paths: pr-validate checks them in the checkout, relative to each spec, as the actions do', () => {
  const fixture = 'test/fixtures/local-upload';

  test('the local-upload fixture job and deployment are valid where they live', () => {
    const checks = validateSpecs(
      ['job.yml', 'deploy/blue.yml'].map((file) => ({
        path: `${fixture}/${file}`,
        text: readFileSync(path.join(root, fixture, file), 'utf8'),
      })),
      { root },
    );
    expect(checks.map((c) => [c.path, c.status])).toEqual([
      [`${fixture}/job.yml`, 'valid'],
      [`${fixture}/deploy/blue.yml`, 'valid'],
    ]);
  });

  test('the same job moved elsewhere names its missing code folder at its line, as train-and-poll does', () => {
    const text = readFileSync(path.join(root, fixture, 'job.yml'), 'utf8');
    const [check] = validateSpecs([{ path: 'jobs/moved.yml', text }], { root });
    expect(check).toMatchObject({
      status: 'invalid',
      problem: {
        field: 'code',
        line: 5,
        expected: 'an existing local file or folder (relative to the spec file)',
        given: '"./src", which does not exist',
      },
    });
    const fromAction = (() => {
      try {
        parseJobSpec(text, { baseDir: path.join(root, 'jobs'), root });
      } catch (err) {
        return err;
      }
    })();
    expect(fromAction).toMatchObject({ field: 'code', line: 5 });
  });
});
