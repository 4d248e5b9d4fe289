import { defineAction, input, DEFAULT_GITHUB_TOKEN } from '@mlops-actions/action-kit';
import type { Input, InputProblem, InputValues } from '@mlops-actions/action-kit';
import type { Parsed } from '@mlops-actions/azureml/grammar';
import {
  checkChannelUrl,
  factsFromReport,
  parseChannels,
  RESULTS,
  signingKey,
  type Channel,
} from '@mlops-actions/notify';

/** An input read by one of the notify package's parsers. */
function parsed<T>(
  options: { description: string; default?: string; secret?: boolean },
  expected: string,
  parse: (text: string) => Parsed<T>,
): Input<T, boolean> {
  return {
    description: options.description,
    required: false,
    default: options.default,
    secret: options.secret ?? false,
    fallback: undefined,
    expected,
    parse,
  };
}

const inputs = {
  mode: input.choice(['notify', 'audit'], {
    description:
      '`notify` sends the message; `audit` collects the audit records the steps of this job wrote (`$RUNNER_TEMP/mlops-audit/`) into the artifact `artifact-name`, shows them in the job summary and posts each deploy to the GitHub Deployments API (needs `permissions: deployments: write`). The record format: docs/audit-record.md.',
    default: 'notify',
  }),
  'artifact-name': input.string({
    description:
      'With `mode: audit`, the workflow artifact the records are stored as. GitHub takes a name once per workflow run: each job that collects needs its own.',
    default: 'mlops-audit',
    pattern: /^[\w.-]+$/,
    expected: 'an artifact name (letters, digits, _ . -)',
  }),
  'github-token': input.string({
    description:
      'With `mode: audit`, the token that posts one GitHub deployment per environment and model version, with its statuses (the default `${{ github.token }}` needs `permissions: deployments: write`). Without it, or without that permission, a warning and the step stays green.',
    default: DEFAULT_GITHUB_TOKEN,
    secret: true,
  }),
  channels: parsed(
    {
      description:
        'Where to send: `slack`, `teams`, `webhook` and `summary` (the job summary), comma or newline separated.',
      default: 'summary',
    },
    'channels from slack, teams, webhook, summary',
    parseChannels,
  ) as Input<Channel[], true>,
  result: input.choice(RESULTS, {
    description:
      'How the run ended: `success`, `failure`, `rollback` or `cancelled` (e.g. `${{ job.status }}`); each is marked in the message. Required with `mode: notify`.',
  }),
  'slack-webhook-url': input.string({
    description:
      'Slack Incoming Webhook URL (`https://hooks.slack.com/services/...`), from a secret. Needed for `slack`.',
    secret: true,
  }),
  'teams-webhook-url': input.string({
    description:
      'Teams Workflows webhook URL ("When a Teams webhook request is received"), from a secret. Needed for `teams`.',
    secret: true,
  }),
  'webhook-url': input.string({
    description: 'URL that receives the JSON message, from a secret. Needed for `webhook`.',
    secret: true,
  }),
  'webhook-secret': parsed(
    {
      description:
        'Signs `webhook` deliveries the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature` headers): a `whsec_<base64>` secret, or any text of at least 24 bytes.',
      secret: true,
    },
    'a whsec_<base64> secret or text of at least 24 bytes',
    signingKey,
  ),
  title: input.string({
    description: 'The headline after the result mark. Default: the model and the environment.',
  }),
  environment: input.string({
    description:
      'The environment, e.g. `prod`. With `mode: audit`, the GitHub environment of the deploys whose records name none (a `prod…` name marks a production environment).',
  }),
  model: input.string({
    description: 'The model, e.g. `churn` or `azureml:churn:7` (the `model-id` of register-model).',
  }),
  'model-version': input.string({ description: 'The model version.' }),
  endpoint: input.string({ description: 'The online endpoint.' }),
  'traffic-before': input.map({
    description: 'Traffic before the change as a JSON object, deployment -> percent.',
  }),
  'traffic-after': input.map({
    description:
      'Traffic after the change as a JSON object, deployment -> percent (the `traffic` output of deploy-endpoint).',
  }),
  'change-ticket': input.string({ description: 'The change ticket, e.g. `CHG0012345`.' }),
  gate: input.string({
    description: 'The gate that failed or caused the rollback, e.g. `error rate at 25 %`.',
  }),
  figures: input.string({
    description:
      'The figures behind the result, one per line (e.g. `p95 latency 870 ms > 500 ms`); more than fit are cut with "and N more".',
  }),
  'studio-url': input.url({
    description:
      'Link to Azure ML studio. Default: the endpoint (or workspace) page when `subscription-id`, `resource-group` and `workspace` are given.',
  }),
  'subscription-id': input.string({ description: 'Azure subscription, for the studio link.' }),
  'resource-group': input.string({ description: 'Resource group, for the studio link.' }),
  workspace: input.string({ description: 'Azure ML workspace, for the studio link.' }),
  report: parsed(
    {
      description:
        "A JSON object with the outputs of our other actions (e.g. `${{ toJSON(steps.deploy.outputs) }}`): model-id, model-version, endpoint-name, deployment-name, traffic, and a report's trafficBefore, trafficAfter, gate, figures. Explicit inputs win over it.",
    },
    'a JSON object',
    factsFromReport,
  ),
  'fail-on-error': input.boolean({
    description:
      'Fail the step when a channel could not be delivered to. By default that is a warning and the step stays green.',
    default: 'false',
  }),
  timeout: input.duration({
    description:
      'How long each channel may take, retries included: 429 and 5xx are retried with back-off, honouring `Retry-After`.',
    default: '30s',
  }),
};

type Values = InputValues<typeof inputs>;

const URL_INPUT = {
  slack: 'slack-webhook-url',
  teams: 'teams-webhook-url',
  webhook: 'webhook-url',
} as const;

const resultForNotify = (values: Values): InputProblem | undefined =>
  values.mode === 'notify' && values.result === undefined
    ? {
        input: 'result',
        expected: 'how the run ended (required with `mode: notify`)',
        given: 'nothing',
      }
    : undefined;

/** Each chosen posting channel has its URL, and the URL suits the channel. */
const urlFor =
  (channel: keyof typeof URL_INPUT) =>
  (values: Values): InputProblem | undefined => {
    if (values.mode !== 'notify' || !values.channels.includes(channel)) return undefined;
    const name = URL_INPUT[channel];
    const url = values[name];
    if (url === undefined) {
      return { input: name, expected: `the URL to post to (channel ${channel})`, given: 'nothing' };
    }
    const checked = checkChannelUrl(channel, url);
    if (checked.ok) return undefined;
    const rule =
      channel === 'slack'
        ? 'a Slack Incoming Webhook URL https://hooks.slack.com/services/... (or a loopback URL)'
        : 'an https URL (or http on loopback: 127.0.0.1, [::1], localhost)';
    return { input: name, expected: rule, given: `(secret): ${checked.problem}` };
  };

/** notify's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'notify',
  title: 'MLOps notify',
  description:
    'Tell people what reached which environment and why: Slack (Block Kit), Teams (Adaptive Card via a Workflows webhook), a signed JSON webhook (Standard Webhooks) and the job summary, retried on throttling, never failing the step unless asked.',
  branding: { icon: 'bell', color: 'blue' },
  inputs,
  outputs: {
    delivered: {
      description: 'JSON list of the channels the message reached, e.g. `["slack","summary"]`.',
    },
    failed: {
      description: 'JSON list of the channels that could not be delivered to (`[]` when none).',
    },
    'audit-records': { description: 'With `mode: audit`, how many audit records were collected.' },
    'audit-location': {
      description: 'With `mode: audit`, where the artifact went (a folder outside a real runner).',
    },
  },
  checks: [resultForNotify, urlFor('slack'), urlFor('teams'), urlFor('webhook')],
});
