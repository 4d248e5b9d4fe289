import { retryAfterMs } from '@mlops-actions/azureml/grammar';

/** One POST to a channel's service, retried on throttling and server errors. */
export interface DeliveryRequest {
  url: string;
  body: string;
  /** Headers per attempt (a signature carries the attempt's time). */
  headers?: () => Record<string, string>;
}

export interface RetryPolicy {
  /** All attempts and waits together stay within this (ms). */
  totalMs: number;
  /** One attempt is abandoned after this (ms): a receiver that hangs. */
  attemptMs: number;
  maxAttempts: number;
  /** The first back-off (ms), doubled after each retry, with jitter. */
  baseDelayMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = {
  totalMs: 30_000,
  attemptMs: 10_000,
  maxAttempts: 5,
  baseDelayMs: 1_000,
};

export type DeliveryResult =
  | { ok: true; attempts: number; status: number }
  | {
      ok: false;
      attempts: number;
      /** The last HTTP status, when the service answered. */
      status?: number | undefined;
      /** What went wrong, with the service's own words (e.g. Slack's `invalid_payload`). */
      reason: string;
    };

export interface DeliveryDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  signal?: AbortSignal;
  /** Told before each wait, e.g. to print a progress line. */
  onRetry?: (why: string, waitMs: number) => void;
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

/** The service's words from an error body: Slack's plain `channel_not_found`, or a JSON message. */
async function errorText(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

const describeError = (err: unknown): string => {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return err instanceof Error ? err.message : String(err);
};

/**
 * POSTs the request until it is accepted (2xx), refused for good (4xx other than 429), or the
 * attempts or the time run out. Retry-After is honoured; a wait that would end after the
 * deadline is not started.
 */
export async function deliver(
  request: DeliveryRequest,
  policy: RetryPolicy = DEFAULT_POLICY,
  deps: DeliveryDeps = {},
): Promise<DeliveryResult> {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const deadline = now() + policy.totalMs;
  let last: { status?: number; reason: string } = { reason: 'not attempted' };
  let attempts = 0;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    attempts = attempt;
    let waitHint: number | undefined;
    const left = deadline - now();
    const timeout = AbortSignal.timeout(Math.max(1, Math.min(policy.attemptMs, left)));
    const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
    try {
      const response = await doFetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...request.headers?.() },
        body: request.body,
        signal,
        redirect: 'error',
      });
      if (response.ok) {
        await response.body?.cancel();
        return { ok: true, attempts: attempt, status: response.status };
      }
      const text = await errorText(response);
      last = {
        status: response.status,
        reason: `HTTP ${response.status}${text ? `: ${text}` : ''}`,
      };
      if (!retryable(response.status)) return { ok: false, attempts: attempt, ...last };
      waitHint = retryAfterMs(response.headers, now());
    } catch (err) {
      if (deps.signal?.aborted) return { ok: false, attempts: attempt, reason: 'cancelled' };
      last = {
        reason: timeout.aborted
          ? `no answer within ${Math.round(Math.min(policy.attemptMs, left) / 1000)} s`
          : describeError(err),
      };
    }
    if (attempt === policy.maxAttempts) break;
    const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + random() / 2);
    const wait = waitHint ?? backoff;
    if (now() + wait >= deadline) {
      last.reason +=
        waitHint === undefined
          ? ''
          : ` (Retry-After ${Math.ceil(wait / 1000)} s is past the time limit)`;
      break;
    }
    deps.onRetry?.(last.reason, wait);
    await sleep(wait);
  }
  return { ok: false, attempts, ...last };
}
