import { describe, expect, test } from 'vitest';
import {
  anonymousVersion,
  componentSpecBody,
  parseJobFile,
  toPipelineJobResource,
  type PipelineDraft,
} from '@mlops-actions/azureml';
import { specError } from '../../support/spec-errors.ts';

const ws = { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', workspace: 'ws-dev' };
const WS_ID =
  '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-dev';

const PREP = `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
name: prep
version: 3
type: command
code: azureml:churn-src:1
environment: azureml:sklearn-1.5:1
command: python prep.py --raw \${{inputs.raw}} --rows \${{inputs.rows}} --out \${{outputs.clean}}
inputs:
  raw: {type: uri_folder}
  rows: {type: integer, default: 1000}
outputs:
  clean: {type: uri_folder}
`;

const TRAIN = `name: train
command: python train.py --data \${{inputs.data}} --lr \${{inputs.lr}} --model \${{outputs.model}}
environment: azureml:sklearn-1.5:1
inputs:
  data: {type: uri_folder}
  lr: {type: number}
outputs:
  model: {type: mlflow_model}
`;

const PIPELINE = `type: pipeline
display_name: churn-pipeline
experiment_name: churn
settings:
  default_compute: azureml:cpu-cluster
  default_datastore: azureml:workspaceblobstore
inputs:
  raw: {type: uri_folder, path: azureml:churn-raw:1}
  lr: 0.05
outputs:
  trained: {type: mlflow_model}
jobs:
  prep:
    component: ./components/prep.yml
    inputs:
      raw: \${{parent.inputs.raw}}
  train:
    component: file:./components/train.yml
    compute: azureml:gpu-cluster
    inputs:
      data: \${{parent.jobs.prep.outputs.clean}}
      lr: \${{parent.inputs.lr}}
    outputs:
      model: \${{parent.outputs.trained}}
`;

const FILES: Record<string, string> = {
  'components/prep.yml': PREP,
  'components/train.yml': TRAIN,
};
const read = (files: Record<string, string>) => (path: string) => {
  const key = path.replace(/^\.\//, '');
  const text = files[key];
  return text === undefined ? undefined : { file: `jobs/${key}`, text, dir: 'jobs/components' };
};

function pipeline(yaml: string, files = FILES): PipelineDraft {
  const parsed = parseJobFile(yaml, { readComponent: read(files) });
  if (parsed.type !== 'pipeline') throw new Error(`parsed as ${parsed.type}`);
  return parsed.draft;
}

const ids = {
  prep: `${WS_ID}/components/azureml_anonymous/versions/p`,
  train: `${WS_ID}/components/azureml_anonymous/versions/t`,
};

describe('a CLI v2 pipeline job with local component files', () => {
  test('loads each component file beside the pipeline', () => {
    const draft = pipeline(PIPELINE);
    expect(draft.steps.prep).toMatchObject({ kind: 'file', file: 'jobs/components/prep.yml' });
    expect(draft.steps.train).toMatchObject({ kind: 'file', path: './components/train.yml' });
  });

  test('becomes a PipelineJob whose jobs map binds each node to its parent', () => {
    expect(toPipelineJobResource(pipeline(PIPELINE), ws, {}, ids).properties).toEqual({
      jobType: 'Pipeline',
      displayName: 'churn-pipeline',
      experimentName: 'churn',
      computeId: `${WS_ID}/computes/cpu-cluster`,
      inputs: {
        raw: { jobInputType: 'uri_folder', uri: 'azureml:churn-raw:1' },
        lr: { jobInputType: 'literal', value: '0.05' },
      },
      outputs: { trained: { jobOutputType: 'mlflow_model' } },
      settings: {
        default_compute: `${WS_ID}/computes/cpu-cluster`,
        default_datastore: `${WS_ID}/datastores/workspaceblobstore`,
      },
      jobs: {
        prep: {
          type: 'command',
          name: 'prep',
          componentId: ids.prep,
          inputs: { raw: { job_input_type: 'literal', value: '${{parent.inputs.raw}}' } },
        },
        train: {
          type: 'command',
          name: 'train',
          componentId: ids.train,
          computeId: `${WS_ID}/computes/gpu-cluster`,
          inputs: {
            data: { job_input_type: 'literal', value: '${{parent.jobs.prep.outputs.clean}}' },
            lr: { job_input_type: 'literal', value: '${{parent.inputs.lr}}' },
          },
          outputs: { model: { type: 'literal', value: '${{parent.outputs.trained}}' } },
        },
      },
    });
  });

  test('a component becomes its componentSpec with code and environment as ARM ids', () => {
    const draft = pipeline(PIPELINE);
    const step = draft.steps.prep;
    if (step?.kind !== 'file') throw new Error('prep is not a file step');
    const assets = {
      codeId: `${WS_ID}/codes/churn-src/versions/1`,
      environmentId: `${WS_ID}/environments/sklearn-1.5/versions/1`,
    };
    expect(componentSpecBody(step.spec, assets, 'prep')).toEqual({
      name: 'prep',
      version: '3',
      type: 'command',
      is_deterministic: true,
      command:
        'python prep.py --raw ${{inputs.raw}} --rows ${{inputs.rows}} --out ${{outputs.clean}}',
      code: assets.codeId,
      environment: assets.environmentId,
      inputs: { raw: { type: 'uri_folder' }, rows: { type: 'integer', default: 1000 } },
      outputs: { clean: { type: 'uri_folder' } },
    });
  });

  test('the anonymous version depends on the content only (not its name, version or key order)', () => {
    const a = {
      type: 'command',
      command: 'python a.py',
      environment: 'e',
      name: 'x',
      version: '1',
    };
    const same = { environment: 'e', command: 'python a.py', type: 'command', name: 'y' };
    const other = { ...a, command: 'python b.py' };
    expect(anonymousVersion(a)).toBe(anonymousVersion(same));
    expect(anonymousVersion(a)).not.toBe(anonymousVersion(other));
    expect(anonymousVersion(a)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  test('a step input its component does not declare is refused at its line, naming the declared ones', () => {
    const err = specError(() =>
      pipeline(
        PIPELINE.replace(
          '      raw: ${{parent.inputs.raw}}',
          '      raw: ${{parent.inputs.raw}}\n      row: 5',
        ),
      ),
    );
    expect(err.field).toBe('jobs.prep.inputs.row');
    expect(err.line).toBe(17);
    expect(err.expected).toBe('an input component ./components/prep.yml declares (raw, rows)');
  });

  test('a step output its component does not declare is refused', () => {
    const err = specError(() =>
      pipeline(PIPELINE.replace('      model: ${{parent', '      modle: ${{parent')),
    );
    expect(err.field).toBe('jobs.train.outputs.modle');
    expect(err.expected).toMatch(/declares \(model\)/);
  });

  test('an input bound to a parent input that does not exist names the pipeline inputs', () => {
    const err = specError(() =>
      pipeline(PIPELINE.replace('${{parent.inputs.lr}}', '${{parent.inputs.learning_rate}}')),
    );
    expect(err.field).toBe('jobs.train.inputs.lr');
    expect(err.line).toBe(22);
    expect(err.expected).toBe('a pipeline input (raw, lr)');
    expect(err.given).toBe('${{parent.inputs.learning_rate}}');
  });

  test("an input bound to another step's output that step does not declare is refused", () => {
    const err = specError(() =>
      pipeline(PIPELINE.replace('prep.outputs.clean', 'prep.outputs.cleaned')),
    );
    expect(err.field).toBe('jobs.train.inputs.data');
    expect(err.expected).toBe('an output of step prep (clean)');
  });

  test('a required component input left unbound is refused', () => {
    const err = specError(() =>
      pipeline(PIPELINE.replace('      raw: ${{parent.inputs.raw}}\n', '      rows: 10\n')),
    );
    expect(err.field).toBe('jobs.prep.inputs');
    expect(err.expected).toMatch(/input raw, which component \.\/components\/prep\.yml requires/);
  });

  test('a missing component file names the step and the path', () => {
    const err = specError(() => pipeline(PIPELINE, { 'components/prep.yml': PREP }));
    expect(err.field).toBe('jobs.train.component');
    expect(err.line).toBe(18);
    expect(err.given).toBe('"file:./components/train.yml"');
  });

  test('a problem inside a component file names that file and its line', () => {
    const err = specError(() =>
      pipeline(PIPELINE, {
        ...FILES,
        'components/train.yml': TRAIN.replace('lr: {type: number}', 'lr: {type: float}'),
      }),
    );
    expect(err.file).toBe('jobs/components/train.yml');
    expect(err.field).toBe('inputs.lr.type');
    expect(err.line).toBe(6);
  });

  test("a component's command may reference only its declared inputs and outputs", () => {
    const err = specError(() =>
      pipeline(PIPELINE, {
        ...FILES,
        'components/train.yml': TRAIN.replace('${{inputs.lr}}', '${{inputs.rate}}'),
      }),
    );
    expect(err.file).toBe('jobs/components/train.yml');
    expect(err.field).toBe('command');
  });

  test.each([
    ['parallel', 'a parallel step'],
    ['spark', 'a Spark step'],
    ['automl', 'an AutoML step'],
    ['sweep', 'a sweep step'],
    ['pipeline', 'a pipeline component step'],
  ])('a %s step is refused, naming the step', (type, what) => {
    const err = specError(() =>
      pipeline(PIPELINE.replace('  prep:\n', `  prep:\n    type: ${type}\n`)),
    );
    expect(err.field).toBe('jobs.prep.type');
    expect(err.line).toBe(14);
    expect(err.expected).toContain(`step prep is ${what}`);
  });

  test('no compute for a step (nor a default) is refused: serverless needs a newer API', () => {
    const draft = pipeline(PIPELINE.replace('  default_compute: azureml:cpu-cluster\n', ''));
    const err = specError(() => toPipelineJobResource(draft, ws, {}, ids));
    expect(err.field).toBe('jobs.prep.compute');
    const overridden = toPipelineJobResource(draft, ws, { compute: 'gpu-cluster' }, ids);
    expect(overridden.properties).toMatchObject({ computeId: `${WS_ID}/computes/gpu-cluster` });
  });
});

describe('a CLI v2 pipeline job of inline command steps', () => {
  const INLINE = `type: pipeline
compute: azureml:cpu-cluster
inputs:
  data: {type: uri_folder, path: azureml:churn-raw:1}
  epochs: 3
outputs:
  model: {type: uri_folder}
jobs:
  train:
    type: command
    code: azureml:churn-src:1
    environment: azureml:sklearn-1.5:1
    command: python train.py --data \${{inputs.data}} --epochs \${{inputs.epochs}} --out \${{outputs.out}}
    inputs:
      data: \${{parent.inputs.data}}
      epochs: \${{parent.inputs.epochs}}
      verbose: true
    outputs:
      out: \${{parent.outputs.model}}
    environment_variables: {MODE: ci}
    resources: {instance_count: 2}
`;

  test("an inline step is a component whose interface is what it binds, typed from the parent's", () => {
    const step = pipeline(INLINE, {}).steps.train;
    expect(step).toEqual({
      kind: 'inline',
      spec: {
        type: 'command',
        command: expect.stringContaining('python train.py'),
        code: { kind: 'version', name: 'churn-src', version: '1' },
        environment: { kind: 'version', name: 'sklearn-1.5', version: '1' },
        inputs: {
          data: { type: 'uri_folder' },
          epochs: { type: 'integer' },
          verbose: { type: 'boolean' },
        },
        outputs: { out: { type: 'uri_folder' } },
      },
    });
  });

  test('node settings (environment variables, resources) stay on the node', () => {
    const body = toPipelineJobResource(pipeline(INLINE, {}), ws, {}, { train: 'c' });
    expect((body.properties as { jobs: Record<string, unknown> }).jobs.train).toMatchObject({
      environment_variables: { MODE: 'ci' },
      resources: { instanceCount: 2 },
      inputs: { verbose: { job_input_type: 'literal', value: 'true' } },
    });
  });

  test('an inline step needs a command and an environment; a component and a command together are refused', () => {
    const noEnv = specError(() =>
      pipeline(INLINE.replace('    environment: azureml:sklearn-1.5:1\n', ''), {}),
    );
    expect(noEnv.field).toBe('jobs.train.environment');
    const both = specError(() =>
      pipeline(
        INLINE.replace(
          '    type: command\n',
          '    type: command\n    component: azureml:train:1\n',
        ),
        {},
      ),
    );
    expect(both.field).toBe('jobs.train.command');
    expect(both.expected).toMatch(/not both/);
  });

  test('an unknown step field is refused with the ones a step knows', () => {
    const err = specError(() => pipeline(INLINE.replace('    resources:', '    resource:'), {}));
    expect(err.field).toBe('jobs.train.resource');
    expect(err.line).toBe(21);
  });

  test('registered components are kept as references, checked once read from the workspace', () => {
    const draft = pipeline(
      INLINE.replace(
        / {4}code:.*\n {4}environment:.*\n {4}command:.*\n/,
        '    component: azureml:train@latest\n',
      ),
      {},
    );
    expect(draft.steps.train).toEqual({
      kind: 'registered',
      ref: { kind: 'latest', name: 'train' },
    });
  });
});
