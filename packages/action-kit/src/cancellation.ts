import { warning } from './runner.ts';

/**
 * What a step may spend on cancelling in Azure once cancelled: the runner sends SIGINT, then
 * SIGTERM 7.5 s later.
 */
export const CANCEL_GRACE_MS = 6_000;

/** What an action's main or post step is handed: the signal every wait of the step honours. */
export interface StepContext {
  /** Aborts when the runner cancels the workflow run (SIGINT, then SIGTERM 7.5 s later). */
  signal: AbortSignal;
}

/**
 * Turns the runner's cancellation into an AbortSignal for the length of `step`. Waits abort and
 * report; the step itself decides what to cancel in Azure within the runner's grace.
 */
export async function withCancellation<T>(step: (context: StepContext) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!abort.signal.aborted) warning(`Received ${signal}: the workflow run is being cancelled.`);
    abort.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    return await step({ signal: abort.signal });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}
