/**
 * What Slack, Teams and a Standard Webhooks receiver would refuse, written from their
 * documentation: the receivers in receivers.ts answer 400 for any problem found here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const chars = (text: unknown): number => (typeof text === 'string' ? Array.from(text).length : 0);

function parse(body: string, problems: string[]): unknown {
  try {
    return JSON.parse(body);
  } catch {
    problems.push('body is not JSON');
    return undefined;
  }
}

/** Slack Incoming Webhook with Block Kit (docs.slack.dev/reference/block-kit/blocks). */
export function slackProblems(body: string): string[] {
  const problems: string[] = [];
  const payload = parse(body, problems);
  if (!isObject(payload)) return problems.length ? problems : ['not an object'];
  if (typeof payload.text !== 'string' || payload.text === '') problems.push('no text fallback');
  const blocks = payload.blocks;
  if (!Array.isArray(blocks)) return [...problems, 'blocks is not an array'];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks > 50`);
  blocks.forEach((block: unknown, i) => {
    if (!isObject(block)) return problems.push(`block ${i} is not an object`);
    const text = isObject(block.text) ? block.text : undefined;
    switch (block.type) {
      case 'header':
        if (text?.type !== 'plain_text') problems.push(`header ${i} is not plain_text`);
        if (chars(text?.text) === 0 || chars(text?.text) > 150)
          problems.push(`header ${i}: ${chars(text?.text)} chars`);
        break;
      case 'section':
        if (!text || !['mrkdwn', 'plain_text'].includes(String(text.type)))
          problems.push(`section ${i} text type`);
        if (chars(text?.text) === 0 || chars(text?.text) > 3000)
          problems.push(`section ${i}: ${chars(text?.text)} chars`);
        break;
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0 || elements.length > 25)
          problems.push(`actions ${i}: ${elements.length} elements`);
        for (const e of elements as Record<string, unknown>[]) {
          const t = isObject(e.text) ? e.text : {};
          if (e.type !== 'button' || t.type !== 'plain_text' || chars(t.text) > 75)
            problems.push(`button in ${i}`);
          if (typeof e.url !== 'string' || chars(e.url) > 3000) problems.push(`button url in ${i}`);
        }
        break;
      }
      case 'context':
      case 'divider':
        break;
      default:
        problems.push(`block ${i} has unknown type ${String(block.type)}`);
    }
    return undefined;
  });
  return problems;
}

const CARD_ELEMENTS = new Set(['TextBlock', 'FactSet', 'ColumnSet', 'Container', 'Image']);

/** A Teams Workflows webhook message carrying one Adaptive Card 1.4, under 28 KB. */
export function teamsProblems(body: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(body) >= 28 * 1024)
    problems.push(`${Buffer.byteLength(body)} bytes >= 28 KB`);
  const payload = parse(body, problems);
  if (!isObject(payload)) return problems.length ? problems : ['not an object'];
  if ('sections' in payload || '@type' in payload) problems.push('Office 365 connector card');
  if (payload.type !== 'message') problems.push('type is not message');
  const attachments = Array.isArray(payload.attachments) ? payload.attachments : [];
  if (attachments.length !== 1) problems.push(`${attachments.length} attachments`);
  const [attachment] = attachments as Record<string, unknown>[];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive')
    problems.push('contentType');
  const card = attachment?.content;
  if (!isObject(card)) return [...problems, 'no card'];
  if (card.type !== 'AdaptiveCard') problems.push('content is not an AdaptiveCard');
  if (card.version !== '1.4') problems.push(`version ${String(card.version)}`);
  const items = Array.isArray(card.body) ? card.body : [];
  if (items.length === 0) problems.push('empty body');
  for (const item of items as Record<string, unknown>[]) {
    if (!CARD_ELEMENTS.has(String(item.type))) problems.push(`element ${String(item.type)}`);
    if (item.type === 'TextBlock' && typeof item.text !== 'string')
      problems.push('TextBlock without text');
    if (item.type === 'FactSet') {
      const facts = Array.isArray(item.facts) ? item.facts : [];
      for (const f of facts as Record<string, unknown>[]) {
        if (typeof f.title !== 'string' || typeof f.value !== 'string')
          problems.push('fact not title/value strings');
      }
    }
  }
  for (const action of (Array.isArray(card.actions) ? card.actions : []) as Record<
    string,
    unknown
  >[]) {
    if (action.type !== 'Action.OpenUrl' || typeof action.url !== 'string') problems.push('action');
  }
  return problems;
}

/**
 * A reference Standard Webhooks verifier (github.com/standard-webhooks spec, "Verifying webhook
 * authenticity"): the HMAC-SHA256 of `${id}.${timestamp}.${body}` with the secret's bytes (the
 * base64 after `whsec_`), compared in constant time with each `v1,` signature; a timestamp further
 * than `toleranceSeconds` from now is refused, so a replay is.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): string[] {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') {
    return ['missing webhook-id, webhook-timestamp or webhook-signature'];
  }
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - ts) > toleranceSeconds) {
    return [`timestamp ${timestamp} is outside the tolerance of ${toleranceSeconds} s`];
  }
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? [] : ['no v1 signature matches'];
}

export const webhookProblems =
  (secret: string | undefined, now: () => number = () => Math.floor(Date.now() / 1000)) =>
  (body: string, headers: IncomingHttpHeaders): string[] => {
    const problems: string[] = [];
    parse(body, problems);
    if (secret) problems.push(...verifyStandardWebhook(secret, headers, body, now()));
    return problems;
  };
