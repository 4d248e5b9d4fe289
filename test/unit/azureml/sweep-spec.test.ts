import { describe, expect, test } from 'vitest';
import { parseJobFile, toSweepJobResource, type SweepSpec } from '@mlops-actions/azureml';
import { specError } from '../../support/spec-errors.ts';

const ws = { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', workspace: 'ws-dev' };
const WS_ID =
  '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-dev';

const SWEEP = `type: sweep
display_name: tune-lr
experiment_name: churn
compute: azureml:gpu-cluster
inputs:
  data: {type: uri_folder, path: azureml:churn-data:2}
outputs:
  model: {type: uri_folder}
trial:
  command: python train.py --lr \${{search_space.lr}} --depth \${{search_space.depth}} --data \${{inputs.data}} --out \${{outputs.model}}
  code: azureml:churn-src:1
  environment: azureml:sklearn-1.5:1
  resources: {instance_count: 1}
  distribution: {type: pytorch, process_count_per_instance: 2}
search_space:
  lr: {type: loguniform, min_value: -6, max_value: -1}
  depth: {type: choice, values: [3, 5, 8]}
  momentum: {type: uniform, min_value: 0.5, max_value: 0.99}
  layers: {type: quniform, min_value: 1, max_value: 9, q: 2}
  noise: {type: normal, mu: 0, sigma: 1}
  width: {type: qnormal, mu: 64, sigma: 8, q: 4}
  decay: {type: lognormal, mu: 0, sigma: 0.5}
  scale: {type: qlognormal, mu: 1, sigma: 0.5, q: 1}
  step: {type: qloguniform, min_value: 0, max_value: 3, q: 1}
  seed: {type: randint, upper: 100}
sampling_algorithm: {type: random, seed: 7, rule: sobol}
objective: {goal: maximize, primary_metric: accuracy}
limits: {max_total_trials: 20, max_concurrent_trials: 4, timeout: 7200, trial_timeout: 600}
early_termination: {type: bandit, evaluation_interval: 1, delay_evaluation: 5, slack_factor: 0.1}
`;

const assets = {
  codeId: `${WS_ID}/codes/churn-src/versions/1`,
  environmentId: `${WS_ID}/environments/sklearn-1.5/versions/1`,
};

function sweep(yaml: string): SweepSpec {
  const parsed = parseJobFile(yaml);
  if (parsed.type !== 'sweep') throw new Error(`parsed as ${parsed.type}`);
  return parsed.spec;
}

describe('a CLI v2 sweep job', () => {
  test('becomes the SweepJob body: search space as [kind, [arguments]], ISO durations', () => {
    expect(toSweepJobResource(sweep(SWEEP), ws, {}, assets).properties).toEqual({
      jobType: 'Sweep',
      displayName: 'tune-lr',
      experimentName: 'churn',
      computeId: `${WS_ID}/computes/gpu-cluster`,
      inputs: { data: { jobInputType: 'uri_folder', uri: 'azureml:churn-data:2' } },
      outputs: { model: { jobOutputType: 'uri_folder' } },
      trial: {
        command:
          'python train.py --lr ${{search_space.lr}} --depth ${{search_space.depth}} --data ${{inputs.data}} --out ${{outputs.model}}',
        ...assets,
        resources: { instanceCount: 1 },
        distribution: { distributionType: 'PyTorch', processCountPerInstance: 2 },
      },
      searchSpace: {
        lr: ['loguniform', [-6, -1]],
        depth: ['choice', [[3, 5, 8]]],
        momentum: ['uniform', [0.5, 0.99]],
        layers: ['quniform', [1, 9, 2]],
        noise: ['normal', [0, 1]],
        width: ['qnormal', [64, 8, 4]],
        decay: ['lognormal', [0, 0.5]],
        scale: ['qlognormal', [1, 0.5, 1]],
        step: ['qloguniform', [0, 3, 1]],
        seed: ['randint', [100]],
      },
      samplingAlgorithm: { samplingAlgorithmType: 'Random', seed: 7, rule: 'Sobol' },
      objective: { goal: 'Maximize', primaryMetric: 'accuracy' },
      limits: {
        jobLimitsType: 'Sweep',
        maxTotalTrials: 20,
        maxConcurrentTrials: 4,
        timeout: 'PT7200S',
        trialTimeout: 'PT600S',
      },
      earlyTermination: {
        policyType: 'Bandit',
        evaluationInterval: 1,
        delayEvaluation: 5,
        slackFactor: 0.1,
      },
    });
  });

  test.each([
    ['grid', { samplingAlgorithmType: 'Grid' }],
    ['bayesian', { samplingAlgorithmType: 'Bayesian' }],
    ['random', { samplingAlgorithmType: 'Random' }],
  ])('sampling_algorithm %s', (name, expected) => {
    const spec = sweep(SWEEP.replace(/^sampling_algorithm: .*$/m, `sampling_algorithm: ${name}`));
    expect(toSweepJobResource(spec, ws, {}, assets).properties).toMatchObject({
      samplingAlgorithm: expected,
    });
  });

  test.each([
    [
      '{type: median_stopping, evaluation_interval: 2}',
      { policyType: 'MedianStopping', evaluationInterval: 2 },
    ],
    [
      '{type: truncation_selection, delay_evaluation: 3, truncation_percentage: 20}',
      { policyType: 'TruncationSelection', delayEvaluation: 3, truncationPercentage: 20 },
    ],
  ])('early_termination %s', (policy, expected) => {
    const spec = sweep(SWEEP.replace(/^early_termination: .*$/m, `early_termination: ${policy}`));
    expect(toSweepJobResource(spec, ws, {}, assets).properties).toMatchObject({
      earlyTermination: expected,
    });
  });

  test('the compute override wins; none at all is refused (serverless needs a newer API)', () => {
    const spec = sweep(SWEEP);
    expect(
      toSweepJobResource(spec, ws, { compute: 'cpu-cluster' }, assets).properties,
    ).toMatchObject({
      computeId: `${WS_ID}/computes/cpu-cluster`,
    });
    const err = specError(() =>
      toSweepJobResource(sweep(SWEEP.replace(/^compute: .*\n/m, '')), ws, {}, assets),
    );
    expect(err.field).toBe('compute');
    expect(err.expected).toMatch(/serverless/);
  });

  test('a search space entry of an unknown kind names the entry, its line and the kinds', () => {
    const err = specError(() =>
      sweep(SWEEP.replace('{type: uniform, min_value: 0.5', '{type: triangular, min_value: 0.5')),
    );
    expect(err.field).toBe('search_space.momentum.type');
    expect(err.line).toBe(18);
    expect(err.expected).toMatch(/choice, randint, uniform, quniform, loguniform/);
    expect(err.given).toBe('"triangular"');
  });

  test('a distribution missing its argument names the field', () => {
    const err = specError(() =>
      sweep(SWEEP.replace('{type: randint, upper: 100}', '{type: randint}')),
    );
    expect(err.field).toBe('search_space.seed.upper');
    expect(err.given).toBe('nothing');
  });

  test('the trial command may reference only declared search space entries and inputs', () => {
    const err = specError(() =>
      sweep(SWEEP.replace('${{search_space.depth}}', '${{search_space.dpeth}}')),
    );
    expect(err.field).toBe('trial.command');
    expect(err.line).toBe(10);
    expect(err.given).toBe('${{search_space.dpeth}}');
    expect(err.expected).toMatch(/search_space\.depth/);
  });

  test('an unknown field of the trial or the job is refused with the known ones', () => {
    const trial = specError(() => sweep(SWEEP.replace('  resources:', '  resorces:')));
    expect(trial.field).toBe('trial.resorces');
    expect(trial.expected).toMatch(/command, code, environment/);
    const job = specError(() => sweep(`${SWEEP}queue_settings: {job_tier: spot}\n`));
    expect(job.field).toBe('queue_settings');
    expect(job.line).toBe(30);
  });

  test('objective goal, limits and sampling are checked', () => {
    expect(specError(() => sweep(SWEEP.replace('goal: maximize', 'goal: max'))).field).toBe(
      'objective.goal',
    );
    expect(specError(() => sweep(SWEEP.replace('timeout: 7200', 'timeout: 2h'))).field).toBe(
      'limits.timeout',
    );
    const sampling = specError(() =>
      sweep(SWEEP.replace(/^sampling_algorithm: .*$/m, 'sampling_algorithm: hyperband')),
    );
    expect(sampling.field).toBe('sampling_algorithm');
  });
});

describe('job types', () => {
  test.each(['automl', 'spark', 'parallel', 'import'])(
    'type: %s is refused at its line',
    (type) => {
      const err = specError(() =>
        parseJobFile(`command: x\nenvironment: azureml:e:1\ntype: ${type}\n`),
      );
      expect(err.field).toBe('type');
      expect(err.line).toBe(3);
      expect(err.expected).toMatch(/^one of command, sweep, pipeline/);
      expect(err.given).toBe(`"${type}"`);
    },
  );

  test('no type is a command job, as the CLI takes it', () => {
    expect(parseJobFile('command: x\nenvironment: azureml:e:1\n').type).toBe('command');
  });
});
