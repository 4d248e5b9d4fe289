import type { Parsed } from '@mlops-actions/azureml/grammar';
import { causeLines } from './slack.ts';
import { headline, type Message } from './message.ts';

/** The version of the webhook body; a change that breaks a receiver bumps it. */
export const WEBHOOK_BODY_VERSION = 1;

/** The JSON body of the `webhook` channel. */
export function renderWebhook(message: Message, now: Date = new Date()): unknown {
  return {
    type: 'mlops-actions.notification',
    version: WEBHOOK_BODY_VERSION,
    timestamp: now.toISOString(),
    headline: headline(message),
    result: message.result,
    title: message.title,
    facts: Object.fromEntries(message.facts),
    cause: message.cause ? { ...message.cause, lines: causeLines(message, 50) } : null,
    links: message.links,
    run: message.run,
    fields: message.fields,
  };
}

/** Standard Webhooks asks for secrets of 24 to 64 bytes; fewer are refused. */
export const MIN_SECRET_BYTES = 24;
const PREFIX = 'whsec_';

/**
 * The signing key: the base64 after `whsec_` decoded, as the Standard Webhooks spec writes
 * secrets; a secret without the prefix is used as its UTF-8 bytes.
 */
export function signingKey(secret: string): Parsed<Buffer> {
  let key: Buffer;
  if (secret.startsWith(PREFIX)) {
    const b64 = secret.slice(PREFIX.length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      return { ok: false, problem: 'the text after whsec_ is not base64' };
    }
    key = Buffer.from(b64, 'base64');
  } else {
    key = Buffer.from(secret, 'utf8');
  }
  if (key.length < MIN_SECRET_BYTES) {
    return { ok: false, problem: `it holds ${key.length} bytes, fewer than ${MIN_SECRET_BYTES}` };
  }
  return { ok: true, value: key };
}

/** The three Standard Webhooks headers for `body`, sent at `now`. */
export function signatureHeaders(
  key: Buffer,
  body: string,
  now: Date = new Date(),
  id = `msg_${globalThis.crypto.randomUUID()}`,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  // node:crypto loads when a delivery is signed, not when the action starts.
  const { createHmac } = process.getBuiltinModule('node:crypto');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}
