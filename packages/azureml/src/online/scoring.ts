/**
 * One scoring request to a chosen deployment, as a smoke test sends it. Plain fetch: the scoring
 * URI is a data-plane endpoint with its own key or token, not ARM. Node's fetch trusts the CAs
 * of NODE_EXTRA_CA_CERTS (and tls.setDefaultCACertificates), as the SDK's requests do.
 */
import { cancellationOf, sleep } from '../transport/waits.ts';

export interface ScoreRequest {
  scoringUri: string;
  /** The Authorization header value (getScoringCredential). */
  authorization: string;
  /** Sent as `azureml-model-deployment`, so even a deployment at 0 % traffic answers. */
  deployment: string;
  /** The request body, JSON text. */
  body: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ScoreResult {
  status: number;
  /** From sending the request to the end of the response body. */
  latencyMs: number;
  text: string;
}

const RETRY_DELAY_MS = 1000;

/**
 * POSTs the body; any HTTP status is returned, not thrown. A request that cannot reach the
 * endpoint (connection refused or reset: a new deployment's route may still be coming up) is
 * tried again until `timeoutMs`, then the last error is thrown.
 */
export async function scoreDeployment(request: ScoreRequest): Promise<ScoreResult> {
  const budget = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, budget]) : budget;
  let transportError: unknown;
  for (;;) {
    const started = performance.now();
    try {
      const response = await fetch(request.scoringUri, {
        method: 'POST',
        headers: {
          authorization: request.authorization,
          'content-type': 'application/json',
          'azureml-model-deployment': request.deployment,
        },
        body: request.body,
        signal,
      });
      const text = await response.text();
      return { status: response.status, latencyMs: Math.round(performance.now() - started), text };
    } catch (err) {
      if (request.signal?.aborted) {
        throw cancellationOf(err, request.signal, `Scoring deployment ${request.deployment}`);
      }
      if (budget.aborted) throw noAnswer(request, transportError);
      transportError = err;
      await sleep(RETRY_DELAY_MS, signal).catch(() => undefined);
    }
  }
}

function noAnswer(request: ScoreRequest, transportError: unknown): Error {
  // fetch says "fetch failed"; the socket's reason is its cause.
  const cause = (transportError as { cause?: unknown } | undefined)?.cause ?? transportError;
  const last = cause instanceof Error ? ` (last error: ${cause.message})` : '';
  return new Error(
    `Scoring deployment ${request.deployment} at ${request.scoringUri} got no answer within ${request.timeoutMs} ms${last}`,
    { cause: transportError },
  );
}
