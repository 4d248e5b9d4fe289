import {
  ActionFailure,
  info,
  setOutputs,
  warning,
  type InputValues,
} from '@mlops-actions/action-kit';
import { composeMessage, DEFAULT_POLICY, sendAll, type Result } from '@mlops-actions/notify';
import { definition } from './definition.ts';
import { factsFrom } from './facts.ts';
import { deliverySummary, messageSummary, outcomeLine } from './summary.ts';

type Inputs = InputValues<typeof definition.inputs>;

/** `mode: notify`: the message to every chosen channel; a channel that fails is a warning. */
export async function notify(
  inputs: Inputs & { result: Result },
  signal: AbortSignal,
): Promise<void> {
  const message = composeMessage(factsFrom(inputs));
  const { channels } = inputs;
  const chosen = (channel: 'slack' | 'teams' | 'webhook', url: string | undefined) =>
    channels.includes(channel) ? url : undefined;
  const webhook = chosen('webhook', inputs['webhook-url']);
  const results = await sendAll(
    message,
    {
      slack: chosen('slack', inputs['slack-webhook-url']),
      teams: chosen('teams', inputs['teams-webhook-url']),
      webhook: webhook ? { url: webhook, key: inputs['webhook-secret'] } : undefined,
    },
    { ...DEFAULT_POLICY, totalMs: inputs.timeout },
    {
      signal,
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
