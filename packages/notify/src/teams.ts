import { clip, jsonBytes, listWithMore } from './limits.ts';
import { headline, type Message, type Result } from './message.ts';

/** A Teams Workflows webhook takes messages up to 28 KB; this leaves room for the envelope. */
export const TEAMS_MAX_BYTES = 27 * 1024;

const COLOR: Record<Result, string> = {
  success: 'Good',
  failure: 'Attention',
  rollback: 'Warning',
  cancelled: 'Default',
};

/** How much of the message a card shows; shrunk until the card fits. */
interface Budget {
  valueChars: number;
  figures: number;
}

function card(message: Message, budget: Budget): unknown {
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: clip(headline(message), 200),
      size: 'Medium',
      weight: 'Bolder',
      color: COLOR[message.result],
      wrap: true,
    },
  ];
  if (message.facts.length > 0) {
    body.push({
      type: 'FactSet',
      facts: message.facts.map(([title, value]) => ({
        title,
        value: clip(value, budget.valueChars),
      })),
    });
  }
  const cause = message.cause;
  if (cause) {
    const lines = [
      ...(cause.gate ? [`Gate: ${cause.gate}`] : []),
      ...listWithMore(cause.figures, budget.figures),
    ].map((line) => `- ${clip(line, budget.valueChars)}`);
    body.push({ type: 'TextBlock', text: 'Cause', weight: 'Bolder', wrap: true });
    body.push({ type: 'TextBlock', text: lines.join('\n'), wrap: true });
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    actions: message.links.map((link) => ({
      type: 'Action.OpenUrl',
      title: link.title,
      url: link.url,
    })),
  };
}

/** A Workflows ("When a Teams webhook request is received") body: one Adaptive Card 1.4, under 28 KB. */
export function renderTeams(message: Message): unknown {
  let budget: Budget = { valueChars: 2000, figures: 20 };
  for (;;) {
    const payload = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: card(message, budget),
        },
      ],
    };
    if (jsonBytes(payload) <= TEAMS_MAX_BYTES || budget.valueChars <= 20) return payload;
    budget = {
      valueChars: Math.floor(budget.valueChars / 2),
      figures: Math.max(1, Math.floor(budget.figures / 2)),
    };
  }
}
