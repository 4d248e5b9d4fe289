import type { Parsed } from '@mlops-actions/azureml/grammar';

export const CHANNELS = ['slack', 'teams', 'webhook', 'summary'] as const;
export type Channel = (typeof CHANNELS)[number];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A receiver on this machine (127.0.0.1, [::1], localhost): the one place plain http is taken,
 * and the one exception to the Slack host rule, for tests and local receivers.
 */
export const isLoopback = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname);

/** An Incoming Webhook URL: https://hooks.slack.com/services/<team>/<bot>/<token>. */
const SLACK_WEBHOOK = /^\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/?$/;

/**
 * Whether `text` is a URL this channel may post to: https (http only on loopback), and for
 * Slack an Incoming Webhook URL. The reason never quotes the URL, which holds the token.
 */
export function checkChannelUrl(channel: Channel, text: string): Parsed<string> {
  const url = URL.parse(text.trim());
  if (!url || !/^https?:$/.test(url.protocol))
    return { ok: false, problem: 'it is not an http(s) URL' };
  if (url.protocol === 'http:' && !isLoopback(url)) {
    return { ok: false, problem: 'plain http is taken only for a loopback receiver' };
  }
  if (url.username || url.password)
    return { ok: false, problem: 'it carries a user name or password' };
  if (channel === 'slack' && !isLoopback(url)) {
    if (url.hostname !== 'hooks.slack.com' || !SLACK_WEBHOOK.test(url.pathname)) {
      return {
        ok: false,
        problem: 'it is not a Slack Incoming Webhook URL (https://hooks.slack.com/services/...)',
      };
    }
  }
  return { ok: true, value: url.href };
}

/** A list of channels, comma or newline separated; problems name the unknown ones. */
export function parseChannels(text: string): Parsed<Channel[]> {
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const unknown = words.filter((w) => !(CHANNELS as readonly string[]).includes(w));
  if (unknown.length > 0)
    return {
      ok: false,
      problem: `unknown channel ${unknown.map((u) => JSON.stringify(u)).join(', ')}`,
    };
  if (words.length === 0) return { ok: false, problem: 'no channel given' };
  return { ok: true, value: [...new Set(words)] as Channel[] };
}
