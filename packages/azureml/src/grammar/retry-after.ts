/**
 * How long to wait before trying a call again, in one place for ARM calls, scoring requests,
 * notifications, the ticket API and the GitHub API.
 */

/**
 * The wait a response's headers ask for (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`
 * in seconds or as an HTTP date), in ms from `now`: the Azure SDK's, fetch's and Node's headers
 * alike.
 */
export function retryAfterMs(
  headers: { get(name: string): string | null | undefined } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(header) ?? NaN);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Answers worth another try: a timeout, throttling, and server errors but 501 and 505 (never fixed by waiting). */
export const isTransientStatus = (status: number): boolean =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

/**
 * The wait before trying again a call whose attempt `attempt` (from 1) answered `status`, or
 * undefined when its answer stands: not transient, out of attempts, or the wait (Retry-After,
 * else 1 s times the attempt) would end past the budget.
 */
export function retryWaitMs(
  answer: { status: number; headers: Parameters<typeof retryAfterMs>[0] },
  attempt: number,
  elapsedMs: number,
  limits: { attempts: number; budgetMs: number },
): number | undefined {
  if (!isTransientStatus(answer.status) || attempt >= limits.attempts) return undefined;
  const wait = retryAfterMs(answer.headers) ?? 1000 * attempt;
  return elapsedMs + wait > limits.budgetMs ? undefined : wait;
}
