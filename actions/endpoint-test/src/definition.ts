import { azureInputs, defineAction, exactlyOneOf, input } from '@mlops-actions/action-kit';
import { DEPLOYMENT_NAME, ENDPOINT_NAME } from '@mlops-actions/azureml/grammar';

/** endpoint-test's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'endpoint-test',
  title: 'Azure ML endpoint integration tests',
  description:
    "Run the caller's integration tests against an Azure ML managed online endpoint: a folder of request / expected-response files, each checked as deploy-endpoint checks its smoke test, or a command given the scoring URI and the endpoint's key (masked). Writes nothing to Azure.",
  branding: { icon: 'check-square', color: 'blue' },
  inputs: {
    ...azureInputs,
    'endpoint-name': input.string({
      description: 'Name of the managed online endpoint to test.',
      required: true,
      pattern: ENDPOINT_NAME.pattern,
      expected: `an endpoint name (${ENDPOINT_NAME.rule})`,
    }),
    'deployment-name': input.string({
      description:
        "A deployment to call directly (header `azureml-model-deployment`), even at 0 % traffic. Default: requests go as the endpoint's live traffic routes them.",
      pattern: DEPLOYMENT_NAME.pattern,
      expected: `a deployment name (${DEPLOYMENT_NAME.rule})`,
    }),
    tests: input.string({
      description:
        'A folder of cases: each `<name>.request.json` (the JSON request body) beside `<name>.expected.json` (the exact JSON answer) or `<name>.schema.json` (a JSON Schema of the answer). Every case must answer 2xx and match.',
    }),
    command: input.string({
      description:
        "A bash command (`-eo pipefail`, in the repository root) that runs the tests and exits 0 when they pass. Its environment has `SCORING_URI`, `SCORING_KEY` (the endpoint's key or token, masked before the command starts), `ENDPOINT_NAME` and, with `deployment-name`, `DEPLOYMENT_NAME` (send it as the `azureml-model-deployment` header).",
    }),
    'request-timeout': input.duration({
      description: 'How long each case may take, 429 and 503 answers retried within it.',
      default: '30s',
    }),
  },
  outputs: {
    passed: { description: '`true` when the tests passed (the step fails otherwise).' },
    cases: { description: 'How many cases ran (0 for a command).' },
    failed: { description: 'How many cases failed.' },
    report: {
      description:
        "JSON: the endpoint, the deployment, each case's status, latency and problems, or the command's exit code.",
    },
  },
  checks: [exactlyOneOf('tests', 'command')],
});
