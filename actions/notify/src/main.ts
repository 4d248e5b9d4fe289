import {
  ActionFailure,
  info,
  readInputs,
  setOutputs,
  warning,
  type StepContext,
} from '@mlops-actions/action-kit';
import { composeMessage, DEFAULT_POLICY, sendAll } from '@mlops-actions/notify';
import { definition } from './definition.ts';
import { factsFrom } from './facts.ts';
import { deliverySummary, messageSummary, outcomeLine } from './summary.ts';

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const message = composeMessage(factsFrom(inputs));
  const { channels } = inputs;
  const url = (channel: 'slack' | 'teams' | 'webhook', name: keyof typeof inputs) =>
    channels.includes(channel) ? (inputs[name] as string) : undefined;
  const webhook = url('webhook', 'webhook-url');
  const results = await sendAll(
    message,
    {
      slack: url('slack', 'slack-webhook-url'),
      teams: url('teams', 'teams-webhook-url'),
      webhook: webhook ? { url: webhook, key: inputs['webhook-secret'] } : undefined,
    },
    { ...DEFAULT_POLICY, totalMs: inputs.timeout },
    {
      signal: step.signal,
      onRetryOf: (channel, why, waitMs) =>
        info(`${channel}: ${why}; retrying in ${(waitMs / 1000).toFixed(1)} s`),
    },
  );
  for (const r of results) (r.result.ok ? info : warning)(outcomeLine(r));

  const failed = results.filter((r) => !r.result.ok).map((r) => r.channel);
  const delivered: string[] = results.filter((r) => r.result.ok).map((r) => r.channel);
  if (channels.includes('summary')) {
    messageSummary(message).write();
    delivered.push('summary');
  }
  if (results.length > 0) deliverySummary(results).write();
  setOutputs(definition, { delivered: JSON.stringify(delivered), failed: JSON.stringify(failed) });
  if (failed.length > 0 && inputs['fail-on-error']) {
    throw new ActionFailure(`Notification not delivered to ${failed.join(', ')}`, {
      hint: 'See the warnings above; without `fail-on-error: true` this is only a warning',
    });
  }
}
