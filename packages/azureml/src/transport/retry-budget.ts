/**
 * Retries by time, not by count: a pipeline step can afford to wait out a bad minute of Azure,
 * so every request that meets a transient answer (429, 408, 5xx but 501 and 505) or a dropped
 * connection is sent again until its budget (default 2 minutes per call) is spent, waiting as
 * `Retry-After` says, else an exponential back-off with jitter. It takes the place of the SDK's
 * retry policy (which stops after a fixed number of tries), in the same phase, so the request
 * log still sees every attempt and each attempt is signed afresh.
 */
import { RestError, type PipelinePolicy, type PipelineResponse } from '@azure/core-rest-pipeline';
import { isTransientStatus, retryAfterMs } from '../grammar/retry-after.ts';
import { sleep } from './waits.ts';

export interface RetryBudget {
  /** How long one call may keep retrying, from its first attempt. */
  budgetMs: number;
  /** The first back-off; it doubles with each retry. */
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

/** One retry about to happen, for the debug log. */
export interface RetryNotice {
  method: string;
  /** The URL's path, without the query. */
  path: string;
  /** 1 for the first retry. */
  retry: number;
  /** `HTTP 503`, `ECONNRESET`... */
  reason: string;
  delayMs: number;
  /** Whether the delay is the server's Retry-After. */
  retryAfter: boolean;
  /** Spent of the budget so far. */
  elapsedMs: number;
  budgetMs: number;
}

export const RETRY_BUDGET_POLICY = 'mlopsRetryBudget';

/** Socket-level failures worth another try (the ones the SDK's own strategy retries). */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  RestError.REQUEST_SEND_ERROR,
]);

/** Why an attempt deserves another, or undefined when its answer stands. */
export function transientReason(
  response: PipelineResponse | undefined,
  error: unknown,
): string | undefined {
  if (response) {
    return isTransientStatus(response.status) ? `HTTP ${response.status}` : undefined;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code) ? code : undefined;
}

/** The `retry`th back-off: doubling from the first delay, capped, half of it random ("equal jitter"). */
export function backoffMs(
  retry: number,
  budget: RetryBudget,
  random: () => number = Math.random,
): number {
  const full = Math.min(budget.maxRetryDelayInMs, budget.retryDelayInMs * 2 ** (retry - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

export function retryBudgetPolicy(
  budget: RetryBudget,
  onRetry?: (notice: RetryNotice) => void,
  random: () => number = Math.random,
): PipelinePolicy {
  return {
    name: RETRY_BUDGET_POLICY,
    async sendRequest(request, next) {
      const started = Date.now();
      for (let retry = 1; ; retry++) {
        let response: PipelineResponse | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (err) {
          error = err;
        }
        const reason = request.abortSignal?.aborted ? undefined : transientReason(response, error);
        const given = reason === undefined ? undefined : retryAfterMs(response?.headers);
        const delayMs = given ?? backoffMs(retry, budget, random);
        const elapsedMs = Date.now() - started;
        // Out of budget, the last answer stands: the caller reports it as Azure gave it.
        if (reason === undefined || elapsedMs + delayMs > budget.budgetMs) {
          if (response) return response;
          throw error;
        }
        onRetry?.({
          method: request.method,
          path: URL.parse(request.url)?.pathname ?? request.url,
          retry,
          reason,
          delayMs,
          retryAfter: given !== undefined,
          elapsedMs,
          budgetMs: budget.budgetMs,
        });
        await sleep(delayMs, request.abortSignal as AbortSignal | undefined);
      }
    },
  };
}

/** A retry as a debug line: `Retry 2 of GET /subscriptions/... after HTTP 503: waiting 1.5 s (Retry-After), 3.2 s of the 120 s budget spent.` */
export function describeRetry(notice: RetryNotice): string {
  const s = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  return `Retry ${notice.retry} of ${notice.method} ${notice.path} after ${notice.reason}: waiting ${s(notice.delayMs)}${notice.retryAfter ? ' (Retry-After)' : ''}, ${s(notice.elapsedMs)} of the ${s(notice.budgetMs)} budget spent.`;
}
