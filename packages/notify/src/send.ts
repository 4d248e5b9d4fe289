import { deliver, type DeliveryDeps, type DeliveryResult, type RetryPolicy } from './deliver.ts';
import type { Message } from './message.ts';
import { renderSlack } from './slack.ts';
import { renderTeams } from './teams.ts';
import { renderWebhook, signatureHeaders } from './webhook.ts';

/** Where each posting channel goes; a channel without a target is not sent. */
export interface Targets {
  slack?: string | undefined;
  teams?: string | undefined;
  webhook?: { url: string; key?: Buffer | undefined } | undefined;
}

export type PostingChannel = keyof Targets;

export interface ChannelResult {
  channel: PostingChannel;
  result: DeliveryResult;
  /** The body as sent (for tests and leak scans; never logged). */
  body: string;
}

/** Renders the message for each target and delivers to all of them at once. */
export async function sendAll(
  message: Message,
  targets: Targets,
  policy: RetryPolicy,
  deps: DeliveryDeps & {
    onRetryOf?: (channel: PostingChannel, why: string, waitMs: number) => void;
  } = {},
): Promise<ChannelResult[]> {
  const jobs: Promise<ChannelResult>[] = [];
  const post = (channel: PostingChannel, url: string, payload: unknown, sign?: Buffer) => {
    const body = JSON.stringify(payload);
    // One id for every attempt, so a receiver can drop a retry it already handled.
    const id = `msg_${globalThis.crypto.randomUUID()}`;
    const headers = sign
      ? () => signatureHeaders(sign, body, new Date(deps.now?.() ?? Date.now()), id)
      : undefined;
    const onRetry = (why: string, waitMs: number) => deps.onRetryOf?.(channel, why, waitMs);
    jobs.push(
      deliver({ url, body, ...(headers && { headers }) }, policy, { ...deps, onRetry }).then(
        (result) => ({ channel, result, body }),
      ),
    );
  };
  if (targets.slack) post('slack', targets.slack, renderSlack(message));
  if (targets.teams) post('teams', targets.teams, renderTeams(message));
  if (targets.webhook)
    post('webhook', targets.webhook.url, renderWebhook(message), targets.webhook.key);
  return Promise.all(jobs);
}
