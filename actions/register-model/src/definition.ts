import { azureInputs, defineAction, exactlyOneOf, input } from '@mlops-actions/action-kit';
import type { InputProblem, InputValues } from '@mlops-actions/action-kit';
import {
  ASSET_NAME,
  ASSET_VERSION,
  CHAMPION_REF,
  JOB_NAME,
  JOB_PORT_NAME,
  LINEAGE_PREFIX,
} from '@mlops-actions/azureml/grammar';

const inputs = {
  ...azureInputs,
  'model-name': input.string({
    description: 'Name of the model in the workspace.',
    required: true,
    pattern: ASSET_NAME.pattern,
    expected: ASSET_NAME.rule,
  }),
  'job-name': input.string({
    description:
      'Register the output of this Completed job (e.g. the `job-name` output of train-and-poll). Give this or `model-path`.',
    pattern: JOB_NAME.pattern,
    expected: JOB_NAME.rule,
  }),
  'output-name': input.string({
    description: "The job's output that holds the model.",
    default: 'model',
    pattern: JOB_PORT_NAME.pattern,
    expected: `an output name: ${JOB_PORT_NAME.rule}`,
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
    pattern: ASSET_VERSION.pattern,
    expected: ASSET_VERSION.rule,
  }),
  description: input.string({ description: 'Description of the model version.' }),
  tags: input.keyValue({ description: 'Tags of the model version, `key=value` lines.' }),
  properties: input.keyValue({
    description:
      'Properties of the model version, `key=value` lines. Lineage is added under `mlops.source` (the job or model path), `mlops.commit`, `mlops.repository` and `mlops.run-url` (plus the native `jobName`); `mlops.` keys are reserved for it.',
  }),
  mode: input.choice(['register', 'verify', 'latest'], {
    description:
      '`register` the model (a re-run returns the version registered before), `verify` that `model-name` version `version` exists (failing with "run training first" when it does not), or find the `latest` version and whether it is older than `stale-after` (a scheduled retrain asks this; registers nothing).',
    default: 'register',
  }),
  'stale-after': input.duration({
    description:
      "With `mode: latest`: the newest version is `stale` when it is older than this on the registry's clock (or when there is none), e.g. `30d`.",
    default: '30d',
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
    pattern: CHAMPION_REF.pattern,
    expected: CHAMPION_REF.rule,
  }),
};

type Values = InputValues<typeof inputs>;

/** register needs one source; verify checks an existing version, so it takes none. */
function sourceForMode(values: Values): InputProblem | string | undefined {
  if (values.mode === 'register') return exactlyOneOf('job-name', 'model-path')(values);
  const readOnly: ('job-name' | 'model-path' | 'version')[] = ['job-name', 'model-path'];
  if (values.mode === 'latest') readOnly.push('version');
  const given = readOnly.find((name) => values[name] !== undefined);
  if (given) {
    return {
      input: given,
      expected: `nothing with \`mode: ${values.mode}\`, which reads existing versions`,
      given: JSON.stringify(values[given]),
    };
  }
  if (values.mode === 'verify' && values.version === undefined) {
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

/** The lineage is ours to write: a user's properties keep out of its prefix. */
function noReservedProperties(values: Values): InputProblem | undefined {
  const reserved = Object.keys(values.properties ?? {}).find((key) =>
    key.startsWith(LINEAGE_PREFIX),
  );
  if (reserved === undefined) return undefined;
  return {
    input: 'properties',
    expected: `keys that do not start with ${LINEAGE_PREFIX} (reserved for lineage)`,
    given: JSON.stringify(reserved),
  };
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
    'model-version': {
      description:
        'Version registered, found from a previous run, or verified; with `mode: latest`, the newest version (empty when there is none).',
    },
    'model-id': { description: 'The model version as `azureml:<name>:<version>`.' },
    created: {
      description: '`true` when this run registered the version, `false` when it already existed.',
    },
    'is-better': {
      description:
        '`true` when the model beats the champion on `compare-metric` (or there is no champion), else `false`. Set only with `compare-metric`.',
    },
    'challenger-metric': { description: "The model's `compare-metric` value." },
    stale: {
      description:
        'With `mode: latest`: `true` when the newest version is older than `stale-after` or there is none, else `false`.',
    },
    'age-days': {
      description:
        "With `mode: latest`: the newest version's age in days, one decimal (empty when there is none).",
    },
    'champion-metric': {
      description: "The champion's `compare-metric` value (empty when there is no champion).",
    },
  },
  checks: [sourceForMode, comparisonComplete, noReservedProperties],
});
