import { atMostOneOf, azureInputs, defineAction, input } from '@mlops-actions/action-kit';
import type { InputCheck } from '@mlops-actions/action-kit';
import {
  ASSET_NAME,
  ASSET_VERSION,
  DEPLOYMENT_NAME,
  ENDPOINT_NAME,
  MODEL_REF,
  MODEL_REF_FORM,
} from '@mlops-actions/azureml/grammar';

/**
 * Not an action.yml default: the runner passes defaults as if given, and these inputs must stay
 * unset when a deployment file describes the deployment.
 */
export const DEFAULT_INSTANCE_TYPE = 'Standard_DS3_v2';

/** The inputs that describe the deployment inline, instead of a deployment file. */
const INLINE_INPUTS = [
  'instance-type',
  'instance-count',
  'environment',
  'code',
  'scoring-script',
  'environment-variables',
] as const;

/** A deployment file or the inline inputs describe the deployment, never both. */
const fileOrInline: InputCheck<
  { 'deployment-file'?: string } & Partial<Record<(typeof INLINE_INPUTS)[number], unknown>>
> = (values) => {
  if (values['deployment-file'] === undefined) return undefined;
  const inline = INLINE_INPUTS.filter((name) => values[name] !== undefined);
  if (inline.length === 0) return undefined;
  return `give deployment-file or the inline inputs (${INLINE_INPUTS.join(', ')}), not both; got deployment-file and ${inline.join(', ')}`;
};

/** `model-name` and `model-version` name one model version together. */
const modelNameWithVersion: InputCheck<{ 'model-name'?: string; 'model-version'?: string }> = (
  values,
) => {
  const name = values['model-name'];
  const version = values['model-version'];
  if ((name === undefined) === (version === undefined)) return undefined;
  return name === undefined
    ? {
        input: 'model-name',
        expected: 'a model name, since model-version is given',
        given: 'nothing',
      }
    : {
        input: 'model-version',
        expected: 'a version, since model-name is given',
        given: 'nothing',
      };
};

/** A scoring script only makes sense with the code folder it lives in. */
const codeWithScript: InputCheck<{ code?: string; 'scoring-script'?: string }> = (values) => {
  if ((values.code === undefined) === (values['scoring-script'] === undefined)) return undefined;
  return values.code === undefined
    ? { input: 'code', expected: 'a code asset, since scoring-script is given', given: 'nothing' }
    : {
        input: 'scoring-script',
        expected: 'the scoring script in the code asset, since code is given',
        given: 'nothing',
      };
};

/** deploy-endpoint's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'deploy-endpoint',
  title: 'Azure ML deploy endpoint',
  description:
    'Deploy a registered model to an Azure ML managed online endpoint (created when missing) as the blue/green colour that is not live, smoke-test the new deployment directly before it gets any traffic, then set the traffic.',
  branding: { icon: 'upload-cloud', color: 'blue' },
  inputs: {
    ...azureInputs,
    'endpoint-name': input.string({
      description: 'Name of the managed online endpoint; created when it does not exist.',
      required: true,
      pattern: ENDPOINT_NAME.pattern,
      expected: `an endpoint name (${ENDPOINT_NAME.rule})`,
    }),
    model: input.string({
      description:
        'The registered model version to deploy, as `azureml:<name>:<version>`. Or give `model-name` and `model-version`, or a `model` in the deployment file.',
      pattern: MODEL_REF,
      expected: MODEL_REF_FORM,
    }),
    'model-name': input.string({
      description: 'Name of the registered model to deploy (with `model-version`).',
      pattern: ASSET_NAME.pattern,
      expected: `a model name (${ASSET_NAME.rule})`,
    }),
    'model-version': input.string({
      description: 'Version of `model-name` to deploy.',
      pattern: ASSET_VERSION.pattern,
      expected: ASSET_VERSION.rule,
    }),
    'deployment-name': input.string({
      description:
        "Name of the deployment. Default: the deployment file's `name`, else the deployment that already serves this model (a re-run), else the colour that is not live: `green` when `blue` takes traffic, else `blue`.",
      pattern: DEPLOYMENT_NAME.pattern,
      expected: `a deployment name (${DEPLOYMENT_NAME.rule})`,
    }),
    'deployment-file': input.string({
      description:
        'Path to a managed online deployment in the Azure ML CLI v2 YAML form (model, environment, code_configuration, instance_type, instance_count, environment_variables, request_settings, probes, ...). A local `model: {path}`, local `code_configuration.code` and an inline `environment` are uploaded and registered as `az ml` does, relative to this file. Give this or the inline inputs below.',
    }),
    'instance-type': input.string({
      description: `VM size of the deployment (without \`deployment-file\`). Default: \`${DEFAULT_INSTANCE_TYPE}\`.`,
      pattern: /^[A-Za-z0-9_]+$/,
      expected: 'a VM size such as Standard_DS3_v2',
    }),
    'instance-count': input.integer({
      description: 'Number of instances (without `deployment-file`). Default: 1.',
      min: 1,
    }),
    environment: input.string({
      description:
        'Environment to serve in, e.g. `azureml:sklearn-1.5:1` (without `deployment-file`; MLflow models need none).',
    }),
    code: input.string({
      description:
        'Registered code asset holding the scoring script, e.g. `azureml:churn-score:1` (with `scoring-script`; without `deployment-file`).',
    }),
    'scoring-script': input.string({
      description: 'Path of the scoring script inside `code`, e.g. `score.py`.',
    }),
    'environment-variables': input.keyValue({
      description:
        'Environment variables of the deployment, `key=value` lines (without `deployment-file`).',
    }),
    'auth-mode': input.choice(['key', 'aml_token'] as const, {
      description:
        'How clients authenticate to a new endpoint: `key` or `aml_token`. An existing endpoint keeps its mode (with a warning when it differs).',
      default: 'key',
    }),
    traffic: input.integer({
      description:
        "The new deployment's share of live traffic once its smoke test passed, in percent; the other deployments give it up in proportion. Default: 100 when no other deployment takes live traffic, else its current share (0 for a new deployment).",
      min: 0,
      max: 100,
    }),
    'smoke-test-file': input.string({
      description:
        'Path to a JSON request body. The new deployment is called with it directly (header `azureml-model-deployment`), before it gets traffic; the step fails unless it answers 2xx (and `smoke-test-expect` matches). Without it, no smoke test runs.',
    }),
    'smoke-test-expect': input.string({
      description:
        'Path to the expected JSON response (compared ignoring key order), or to a JSON Schema (a file with `$schema`, or named `*.schema.json`) the response must satisfy.',
    }),
    'smoke-test-timeout': input.duration({
      description: 'How long the smoke-test request may take.',
      default: '60s',
    }),
    'poll-interval': input.duration({
      description:
        'How often to check a long-running endpoint or deployment operation. Each change of state is logged with the time spent so far, and a "still ..." line at least every minute.',
      default: '10s',
    }),
    timeout: input.duration({
      description:
        'How long to wait for the endpoint and deployment operations together; when it passes, the step fails and live traffic is left as it was.',
      default: '30m',
    }),
  },
  outputs: {
    'endpoint-name': { description: 'Name of the endpoint.' },
    'deployment-name': { description: 'Name of the deployment that serves the model.' },
    'scoring-uri': { description: 'Scoring URI of the endpoint.' },
    'previous-deployment': {
      description:
        "The deployment with the most live traffic other than this one (what a rollback returns to); '' when none.",
    },
    traffic: {
      description: 'JSON object of the endpoint traffic after the step: deployment -> percent.',
    },
    'smoke-test-latency-ms': {
      description: "Milliseconds the smoke-test request took; '' when no smoke test ran.",
    },
  },
  checks: [
    atMostOneOf('model', 'model-name'),
    modelNameWithVersion,
    codeWithScript,
    fileOrInline,
    (values) =>
      values['smoke-test-expect'] !== undefined && values['smoke-test-file'] === undefined
        ? {
            input: 'smoke-test-file',
            expected: 'a request body file, since smoke-test-expect is given',
            given: 'nothing',
          }
        : undefined,
  ],
});
