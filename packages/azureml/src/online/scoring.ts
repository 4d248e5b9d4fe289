/**
 * One scoring request to a chosen deployment (or to the endpoint's live traffic), as a smoke or
 * integration test sends it. Plain fetch: the scoring
 * URI is a data-plane endpoint with its own key or token, not ARM. Node's fetch trusts the CAs
 * of NODE_EXTRA_CA_CERTS (and tls.setDefaultCACertificates), as the SDK's requests do.
 */
import { retryAfterMs } from '../grammar/retry-after.ts';
import { cancellationOf, sleep } from '../transport/waits.ts';

export interface ScoreRequest {
  scoringUri: string;
  /** The Authorization header value (getScoringCredential). */
  authorization: string;
  /**
   * Sent as `azureml-model-deployment`, so even a deployment at 0 % traffic answers; undefined:
   * the endpoint routes the request as its live traffic says.
   */
  deployment?: string | undefined;
  /** The request body, JSON text. */
  body: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One request of a smoke test: its answer (or why none came), and the wait before the next. */
export interface ScoreAttempt {
  status?: number;
  /** The socket's reason when no answer came. */
  error?: string;
  latencyMs: number;
  /** Set when it is tried again: how long it waits first. */
  retryInMs?: number;
  /** The wait is the answer's Retry-After. */
  retryAfter?: boolean;
}

export interface ScoreResult {
  status: number;
  /** Of the last attempt: from sending the request to the end of the response body. */
  latencyMs: number;
  text: string;
  /** Every attempt in order, the last one included. */
  attempts: ScoreAttempt[];
}

const RETRY_DELAY_MS = 1000;

/** Answers that say "not now" rather than "wrong": a healthy deployment may throttle or be busy. */
const TRANSIENT_STATUSES = new Set([429, 503]);

/**
 * POSTs the body; any HTTP status is returned, not thrown. A 429 or 503 is tried again after
 * its Retry-After (else 1 s), and a request that cannot reach the endpoint (connection refused
 * or reset: a new deployment's route may still be coming up) after 1 s, while `timeoutMs`
 * allows; then the last answer is returned, or the last error thrown. Any other answer is
 * returned at once. `onAttempt` hears of each attempt that will be tried again.
 */
export async function scoreDeployment(
  request: ScoreRequest,
  onAttempt?: (attempt: ScoreAttempt, number: number) => void,
): Promise<ScoreResult> {
  const deadline = Date.now() + request.timeoutMs;
  const budget = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, budget]) : budget;
  const attempts: ScoreAttempt[] = [];
  let transportError: unknown;
  const again = async (attempt: ScoreAttempt, waitMs: number, retryAfter: boolean) => {
    Object.assign(attempt, { retryInMs: waitMs }, retryAfter ? { retryAfter } : {});
    onAttempt?.(attempt, attempts.length);
    await sleep(waitMs, signal).catch(() => undefined);
  };
  for (;;) {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(request.scoringUri, {
        method: 'POST',
        headers: {
          authorization: request.authorization,
          'content-type': 'application/json',
          ...(request.deployment ? { 'azureml-model-deployment': request.deployment } : {}),
        },
        body: request.body,
        signal,
      });
      const text = await response.text();
      const attempt: ScoreAttempt = { status: response.status, latencyMs: latency() };
      attempts.push(attempt);
      const asked = retryAfterMs(response.headers);
      const waitMs = asked ?? RETRY_DELAY_MS;
      if (!TRANSIENT_STATUSES.has(response.status) || Date.now() + waitMs >= deadline) {
        return { status: response.status, latencyMs: attempt.latencyMs, text, attempts };
      }
      await again(attempt, waitMs, asked !== undefined);
    } catch (err) {
      if (request.signal?.aborted) {
        throw cancellationOf(err, request.signal, `Scoring ${scored(request)}`);
      }
      if (budget.aborted) throw noAnswer(request, transportError);
      transportError = err;
      const attempt: ScoreAttempt = { error: reasonOf(err), latencyMs: latency() };
      attempts.push(attempt);
      await again(attempt, RETRY_DELAY_MS, false);
    }
  }
}

/** fetch says "fetch failed"; the socket's reason is its cause. */
function reasonOf(err: unknown): string {
  const cause = (err as { cause?: unknown } | undefined)?.cause ?? err;
  return cause instanceof Error ? cause.message : String(cause);
}

function noAnswer(request: ScoreRequest, transportError: unknown): Error {
  const last = transportError === undefined ? '' : ` (last error: ${reasonOf(transportError)})`;
  return new Error(
    `Scoring ${scored(request)} at ${request.scoringUri} got no answer within ${request.timeoutMs} ms${last}`,
    { cause: transportError },
  );
}

const scored = (request: ScoreRequest): string =>
  request.deployment ? `deployment ${request.deployment}` : 'the endpoint';
