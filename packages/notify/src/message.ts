/** How the run ended, as the message marks it. */
export type Result = 'success' | 'failure' | 'rollback' | 'cancelled';

export const RESULTS = ['success', 'failure', 'rollback', 'cancelled'] as const;

/** The mark and word each result is shown with, the same on every channel. */
export const RESULT_MARK: Record<Result, { mark: string; word: string }> = {
  success: { mark: '✅', word: 'Succeeded' },
  failure: { mark: '❌', word: 'Failed' },
  rollback: { mark: '↩️', word: 'Rolled back' },
  cancelled: { mark: '⚪', word: 'Cancelled' },
};

/** A link shown as a button (Slack, Teams) or a field (webhook). */
export interface Link {
  title: string;
  url: string;
}

/** What a notification says: channel-neutral; each renderer fits it to its service's limits. */
export interface Message {
  result: Result;
  /** One line, e.g. "churn-model 7 to prod". */
  title: string;
  /** Label -> value, in order: environment, model, endpoint, traffic, ticket, run... */
  facts: [label: string, value: string][];
  /** Why it failed or rolled back: the gate, and the figures that tripped it. */
  cause?: { gate?: string | undefined; figures: string[] } | undefined;
  links: Link[];
  /** The run it came from, for the webhook's structured body and the context line. */
  run: {
    repository?: string | undefined;
    workflow?: string | undefined;
    runId?: string | undefined;
    runAttempt?: string | undefined;
    actor?: string | undefined;
    runUrl?: string | undefined;
  };
  /** Structured fields for the webhook body (those a machine reads). */
  fields: Record<string, unknown>;
}

/** The title line with its mark, e.g. "✅ Succeeded: churn-model 7 to prod". */
export const headline = (message: Message): string => {
  const { mark, word } = RESULT_MARK[message.result];
  return `${mark} ${word}: ${message.title}`;
};
