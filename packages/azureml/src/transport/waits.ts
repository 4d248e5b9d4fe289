/**
 * Waiting, and how every wait reacts to cancellation: when its AbortSignal aborts, a wait (a job
 * poll, a long-running operation, a scoring request) throws CancelledError naming what it was
 * waiting for and the last state it saw, so callers handle one kind of stop.
 */
import { setTimeout as delay } from 'node:timers/promises';

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  /** What was being waited for, e.g. `Deployment green on churn-ep`. */
  readonly subject: string;
  /** The last state seen before the stop, when there was one. */
  readonly lastState: string | undefined;

  constructor(subject: string, lastState?: string) {
    super(`${subject}: stopped waiting (cancelled)${lastState ? ` while ${lastState}` : ''}`);
    this.subject = subject;
    this.lastState = lastState;
  }
}

/** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the promise keeps running). */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `err` as the CancelledError of `subject` when `signal` aborted, else `err` itself. */
export function cancellationOf(
  err: unknown,
  signal: AbortSignal | undefined,
  subject: string,
  lastState?: string,
): unknown {
  if (err instanceof CancelledError || !signal?.aborted) return err;
  return new CancelledError(subject, lastState);
}
