import { clip, listWithMore } from './limits.ts';
import { headline, type Message } from './message.ts';

/** Slack's Block Kit limits (docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerChars: 150,
  sectionChars: 3000,
  buttonChars: 75,
  urlChars: 3000,
  buttons: 25,
  /** The top-level `text` may be far longer; a notification fallback needs no more. */
  textChars: 3000,
  figures: 10,
} as const;

/** Slack mrkdwn treats &, < and > as markup. */
const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function causeLines(message: Message, max: number): string[] {
  const cause = message.cause;
  if (!cause) return [];
  const lines = cause.gate ? [`Gate: ${cause.gate}`] : [];
  return [...lines, ...listWithMore(cause.figures, max)];
}

/** An Incoming Webhook body: Block Kit blocks and the plain `text` fallback notifications show. */
export function renderSlack(message: Message): { text: string; blocks: unknown[] } {
  const facts = message.facts.map(([label, value]) => `*${escape(label)}:* ${escape(value)}`);
  const blocks: unknown[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(headline(message), SLACK_LIMITS.headerChars),
        emoji: true,
      },
    },
  ];
  if (facts.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(facts.join('\n'), SLACK_LIMITS.sectionChars) },
    });
  }
  const cause = causeLines(message, SLACK_LIMITS.figures);
  if (cause.length > 0) {
    const text = ['*Cause*', ...cause.map((line) => `• ${escape(line)}`)].join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(text, SLACK_LIMITS.sectionChars) },
    });
  }
  const links = message.links.filter((link) => link.url.length <= SLACK_LIMITS.urlChars);
  if (links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: links.slice(0, SLACK_LIMITS.buttons).map((link) => ({
        type: 'button',
        text: { type: 'plain_text', text: clip(link.title, SLACK_LIMITS.buttonChars) },
        url: link.url,
      })),
    });
  }
  const plain = [
    headline(message),
    ...message.facts.map(([label, value]) => `${label}: ${value}`),
    ...cause,
  ];
  return {
    text: clip(plain.join('\n'), SLACK_LIMITS.textChars),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}
