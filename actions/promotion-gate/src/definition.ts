import { azureInputs, defineAction, input, DEFAULT_GITHUB_TOKEN } from '@mlops-actions/action-kit';
import type { InputProblem, InputValues } from '@mlops-actions/action-kit';
import { MODEL_REF, MODEL_REF_FORM } from '@mlops-actions/azureml/grammar';

export const DEFAULT_TICKET_PATTERN = '^CHG\\d{7}$';

const inputs = {
  ...azureInputs,
  target: input.choice(['test', 'prod'], {
    description:
      'The environment to promote to. `test`: the model version passed DEV, one approval. `prod`: also a change ticket, the default branch and two distinct approvers.',
    required: true,
  }),
  model: input.string({
    description:
      "The model version to promote, `azureml:<name>:<version>` (register-model's `model-id`). Empty for a restore from a backup (rollback.yml): the checks on the model version are left out, every other check holds.",
    pattern: MODEL_REF,
    expected: MODEL_REF_FORM,
  }),
  'change-ticket': input.string({
    description: 'The change ticket of this promotion (prod), e.g. `CHG0030001`.',
  }),
  'ticket-pattern': input.regex({
    description: 'Regular expression a change ticket must match (prod).',
    default: DEFAULT_TICKET_PATTERN,
  }),
  'ticket-api-url': input.url({
    description:
      "Root of a ServiceNow instance (or any API in ServiceNow's Table API form): the ticket must exist, be approved, be Scheduled or Implement, and now must lie inside its planned window. Empty: only the pattern is checked.",
  }),
  'ticket-api-user': input.string({ description: 'User for basic auth to the ticket API.' }),
  'ticket-api-password': input.string({
    description: 'Password for basic auth to the ticket API (a secret).',
    secret: true,
  }),
  'ticket-api-token': input.string({
    description: 'OAuth bearer token for the ticket API (a secret), instead of user and password.',
    secret: true,
  }),
  'passed-environment': input.string({
    description:
      'The environment the model version must have succeeded in before, read from the GitHub deployments `notify` `mode: audit` records. Default: `dev` for test, `test` for prod.',
  }),
  'approval-environments': input.string({
    description:
      'The environments whose approvals count, comma separated, in the order the run passes them. Default: `test` for test, `prod-approval,prod` for prod.',
  }),
  'required-approvals': input.integer({
    description:
      'Distinct approvers needed, never the person who triggered the run. Default: 1 for test, 2 for prod.',
    min: 0,
    max: 6,
  }),
  'check-protection': input.boolean({
    description:
      'Fail when an approval environment is protected more loosely than the policy: required reviewers, `prevent_self_review`, a deployment branch policy.',
    default: 'true',
  }),
  'github-token': input.string({
    description:
      "Token to read the run's approvals, the environments and the deployments (`actions: read`, `deployments: read`).",
    default: DEFAULT_GITHUB_TOKEN,
    secret: true,
  }),
};

type Values = InputValues<typeof inputs>;

function ticketApiCredentials(values: Values): InputProblem | undefined {
  if (!values['ticket-api-url']) return undefined;
  const basic = Boolean(values['ticket-api-user'] && values['ticket-api-password']);
  const bearer = Boolean(values['ticket-api-token']);
  if (basic !== bearer) return undefined;
  return {
    input: 'ticket-api-token',
    expected: 'either ticket-api-user with ticket-api-password, or ticket-api-token',
    given: basic ? 'both' : 'neither',
  };
}

/** promotion-gate's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'promotion-gate',
  title: 'Azure ML promotion gate',
  description:
    'Refuse a promotion to TEST or PROD unless the policy holds: the model version passed the previous stage, a valid change ticket, the default branch, distinct approvers other than the initiator, and environments protected as the policy says. Writes nothing to Azure.',
  branding: { icon: 'shield', color: 'blue' },
  inputs,
  outputs: {
    passed: { description: '`true` when every check passed (the step fails otherwise).' },
    reason: { description: 'The failed checks, one line each; empty when the gate passed.' },
    report: { description: 'JSON: target, model and every check with its result and detail.' },
  },
  checks: [ticketApiCredentials],
});
