import { azureInputs, defineAction, input } from '@mlops-actions/action-kit';
import { DEPLOYMENT_NAME, ENDPOINT_NAME } from '@mlops-actions/azureml/grammar';

const NUMBER = /^\d+(\.\d+)?$/;
const DEPLOYMENT = {
  pattern: DEPLOYMENT_NAME.pattern,
  expected: `a deployment name (${DEPLOYMENT_NAME.rule})`,
};

/** shift-traffic's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'shift-traffic',
  title: 'Azure ML shift traffic',
  description:
    'Move the live traffic of a managed online endpoint from one deployment to another step by step (optionally after a mirror stage), judging every minute from Azure Monitor metrics, and roll back to the backup in one write on a failed gate, an error, the timeout or a cancellation. Resumes after a crash from the marker it keeps on the endpoint.',
  branding: { icon: 'shuffle', color: 'blue' },
  post: { if: 'always()' },
  inputs: {
    ...azureInputs,
    'endpoint-name': input.string({
      description: 'Name of the managed online endpoint.',
      required: true,
      pattern: ENDPOINT_NAME.pattern,
      expected: `an endpoint name (${ENDPOINT_NAME.rule})`,
    }),
    to: input.string({
      description: 'The deployment that takes the traffic (it must exist and be Succeeded).',
      required: true,
      ...DEPLOYMENT,
    }),
    from: input.string({
      description:
        'The deployment that gives the traffic up. Default: the one holding the live traffic.',
      ...DEPLOYMENT,
    }),
    steps: input.string({
      description:
        "The new deployment's live share at each step, strictly increasing whole percentages ending at 100.",
      default: '10,25,50,100',
    }),
    'bake-time': input.duration({
      description: 'How long each step is judged before the next (at least 1m, the metrics grain).',
      default: '5m',
    }),
    'final-bake-time': input.duration({
      description: 'How long the 100 % step is judged before success (0: not judged).',
      default: '0',
      allowZero: true,
    }),
    'mirror-percent': input.integer({
      description:
        "A shadow stage before the first live step: this share of live requests is copied to `to` (replies dropped), judged for `mirror-time`, then set back to 0. At most 50 (Azure's limit); `to` must have no live traffic.",
      min: 0,
      max: 100,
    }),
    'mirror-time': input.duration({
      description: 'How long the mirror stage is judged.',
      default: '5m',
    }),
    'max-error-rate': input.string({
      description:
        "Percent of `to`'s requests answered 5xx that fails a window, when the 95 % Wilson lower bound of its rate is above it; a window passes only with the observed rate within it.",
      default: '1',
      pattern: NUMBER,
      expected: 'a percentage such as 1 or 0.5',
    }),
    'max-error-rate-ratio': input.string({
      description:
        "Fails a window when `to`'s error rate lower bound is above `from`'s upper bound in the same window times this ratio. Default: not checked.",
      pattern: NUMBER,
      expected: 'a ratio such as 2',
    }),
    'max-latency-p95-ms': input.integer({
      description:
        "Fails a window when `to`'s p95 request latency (RequestLatency_P95) is above this. Default: not checked.",
      min: 1,
    }),
    'min-requests': input.integer({
      description:
        'Requests `to` must serve in a window for a verdict; fewer make it inconclusive.',
      default: '50',
      min: 1,
    }),
    'gate-webhook': input.url({
      description:
        "Called with each window's figures (POST, JSON); any answer but 2xx fails the window.",
    }),
    'failure-limit': input.integer({
      description: 'Failed windows tolerated per step before the rollout rolls back.',
      default: '0',
      min: 0,
    }),
    'on-inconclusive': input.choice(['fail', 'hold', 'pass'] as const, {
      description:
        'What an inconclusive window (too few requests, no evidence either way) counts as: `fail`, `hold` (keep the weights and wait for conclusive data up to `max-hold`), or `pass`.',
      default: 'fail',
    }),
    'max-hold': input.duration({
      description: 'How long `hold` waits for a conclusive window.',
      default: '10m',
    }),
    'metrics-delay': input.duration({
      description:
        "How long after a minute ends its metrics are complete (Azure Monitor's ingestion delay).",
      default: '3m',
      allowZero: true,
    }),
    'rollback-on-failure': input.boolean({
      description:
        'Roll back to the backup when a gate fails or an error stops the rollout (a cancellation always rolls back).',
      default: 'true',
    }),
    'delete-old': input.boolean({
      description:
        'After success, delete `from` once it has 0 % live and mirror traffic (only with a verified backup).',
      default: 'false',
    }),
    'backup-id': input.string({
      description:
        'The backup to roll back to. Default: the latest backup of this run; shift-traffic takes one when none exists.',
    }),
    'poll-interval': input.duration({
      description: 'How often to check an endpoint operation.',
      default: '10s',
    }),
    timeout: input.duration({
      description:
        'How long the whole rollout may take; a plan whose worst case (writes, bakes, metrics delay, holds) does not fit with a reserve for the rollback is refused before any write, and the rollout rolls back when it passes.',
      default: '90m',
    }),
  },
  outputs: {
    result: {
      description: '`promoted` or `rolled-back` (`halted` with rollback-on-failure false).',
    },
    reason: {
      description: 'Why it ended so: the gate and figures that failed, or the steps done.',
    },
    'final-traffic': {
      description: 'JSON object of the live traffic at the end: deployment -> percent.',
    },
    'steps-completed': { description: 'How many steps passed their bake.' },
    'backup-id': { description: 'The backup the rollout would roll back to.' },
    report: {
      description:
        'JSON: every window with its weights, requests, error rates with their 95 % bounds, p95 latency and verdict, and every write.',
    },
  },
});
