import { azureInputs, defineAction, exactlyOneOf, input } from '@mlops-actions/action-kit';
import type { InputProblem, InputValues } from '@mlops-actions/action-kit';

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const ASSET_NAME_EXPECTED =
  'letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 255 characters';

const inputs = {
  ...azureInputs,
  'model-name': input.string({
    description: 'Name of the model in the workspace.',
    required: true,
    pattern: ASSET_NAME,
    expected: ASSET_NAME_EXPECTED,
  }),
  'job-name': input.string({
    description:
      'Register the output of this Completed job (e.g. the `job-name` output of train-and-poll). Give this or `model-path`.',
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/,
    expected:
      'letters, digits, `-` and `_`, starting with a letter or digit, at most 255 characters',
  }),
  'output-name': input.string({
    description: "The job's output that holds the model.",
    default: 'model',
    pattern: /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
    expected: 'an output name: letters, digits and `_`, not starting with a digit',
  }),
  'model-path': input.string({
    description:
      'Register the files at this `azureml://` or `https://` URI instead of a job output. Give this or `job-name`.',
    pattern: /^(?:azureml:\/\/|https:\/\/)\S+$/i,
    expected: 'an azureml:// or https:// URI',
  }),
  'model-type': input.choice(['custom_model', 'mlflow_model', 'triton_model'], {
    description: 'Type of the model.',
    default: 'custom_model',
  }),
  version: input.string({
    description:
      'Version to register (or, with `mode: verify`, to check). Default: the next integer version of the model.',
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/,
    expected:
      'a version such as 3: letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 50 characters',
  }),
  description: input.string({ description: 'Description of the model version.' }),
  tags: input.keyValue({ description: 'Tags of the model version, `key=value` lines.' }),
  properties: input.keyValue({
    description:
      'Properties of the model version, `key=value` lines. Lineage is added under `mlops.source` (the job or model path), `mlops.commit`, `mlops.repository` and `mlops.run-url` (plus the native `jobName`); `mlops.` keys are reserved for it.',
  }),
  mode: input.choice(['register', 'verify'], {
    description:
      '`register` the model (a re-run returns the version registered before), or `verify` that `model-name` version `version` exists (failing with "run training first" when it does not).',
    default: 'register',
  }),
  'compare-metric': input.string({
    description:
      "Metric to compare with the champion, e.g. `accuracy`: read from the MLflow run of the training job, else from the version's properties. A missing metric fails the step. Needs `compare-with`.",
  }),
  'compare-direction': input.choice(['max', 'min'], {
    description: 'Whether a higher (`max`) or lower (`min`) `compare-metric` is better.',
    default: 'max',
  }),
  'compare-with': input.string({
    description:
      'The champion: a model version `azureml:<name>:<version>`, or `endpoint:<endpoint-name>` for the model its live deployment serves (an endpoint that is missing or serves nothing: the new model wins).',
    pattern:
      /^(?:endpoint:[A-Za-z][A-Za-z0-9-]{2,31}|azureml:[A-Za-z0-9][A-Za-z0-9_.-]*:[A-Za-z0-9][A-Za-z0-9_.-]*)$/,
    expected: 'azureml:<name>:<version> or endpoint:<endpoint-name>',
  }),
};

type Values = InputValues<typeof inputs>;

/** register needs one source; verify checks an existing version, so it takes none. */
function sourceForMode(values: Values): InputProblem | string | undefined {
  if (values.mode === 'register') return exactlyOneOf('job-name', 'model-path')(values);
  const given = (['job-name', 'model-path'] as const).find((name) => values[name] !== undefined);
  if (given) {
    return {
      input: given,
      expected: 'nothing with `mode: verify`, which checks an existing version',
      given: JSON.stringify(values[given]),
    };
  }
  if (values.version === undefined) {
    return {
      input: 'version',
      expected: 'the version to check with `mode: verify`',
      given: 'nothing',
    };
  }
  return undefined;
}

function comparisonComplete(values: Values): InputProblem | undefined {
  const metric = values['compare-metric'];
  const against = values['compare-with'];
  if (metric !== undefined && against === undefined) {
    return {
      input: 'compare-with',
      expected: 'the champion to compare `compare-metric` with',
      given: 'nothing',
    };
  }
  if (against !== undefined && metric === undefined) {
    return {
      input: 'compare-metric',
      expected: 'the metric to compare with `compare-with`',
      given: 'nothing',
    };
  }
  return undefined;
}

/** register-model's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'register-model',
  title: 'Azure ML register model',
  description:
    'Register a model from a Completed Azure ML job (or a URI) with its lineage, idempotently, and compare it with the champion on a metric.',
  branding: { icon: 'package', color: 'blue' },
  inputs,
  outputs: {
    'model-name': { description: 'Name of the model.' },
    'model-version': { description: 'Version registered, found from a previous run, or verified.' },
    'model-id': { description: 'The model version as `azureml:<name>:<version>`.' },
    created: {
      description: '`true` when this run registered the version, `false` when it already existed.',
    },
    'is-better': {
      description:
        '`true` when the model beats the champion on `compare-metric` (or there is no champion), else `false`. Set only with `compare-metric`.',
    },
    'challenger-metric': { description: "The model's `compare-metric` value." },
    'champion-metric': {
      description: "The champion's `compare-metric` value (empty when there is no champion).",
    },
  },
  checks: [sourceForMode, comparisonComplete],
});
