/**
 * One request to an online endpoint checked against what it should answer: deploy-endpoint's
 * smoke test of a new deployment, and each case of endpoint-test's integration tests. The one
 * home of the request, its retries, the check and how an attempt is told.
 */
import { formatDuration } from '../grammar/durations.ts';
import type { EndpointSnapshot, UseCaseContext } from '../types.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { getScoringCredential } from './endpoints.ts';
import { checkResponse, type Expectation } from './expectation.ts';
import { scoreDeployment, type ScoreAttempt } from './scoring.ts';

export interface SmokeTest {
  /** JSON request body. */
  body: string;
  expectation?: Expectation;
  timeoutMs: number;
}

export interface SmokeTestResult {
  status: number;
  latencyMs: number;
  /** Requests sent: more than 1 when a 429 or 503 (or no answer) was tried again. */
  attempts: number;
  problems: string[];
  /** The start of the response, on one line. */
  excerpt: string;
}

/** Where requests go, and with what credential. */
export interface ScoringTarget {
  scoringUri: string;
  authorization: string;
  /** Called directly (header `azureml-model-deployment`); undefined: the live traffic. */
  deployment?: string | undefined;
}

const EXCERPT_CHARS = 200;

/** The endpoint's key or token, handed to `onSecret` before anything can print it. */
export async function scoringTarget(
  client: MachineLearningClient,
  endpoint: EndpointSnapshot & { scoringUri: string },
  deployment: string | undefined,
  onSecret: (secret: string) => void,
): Promise<ScoringTarget & { secret: string }> {
  const credential = await getScoringCredential(client, endpoint);
  onSecret(credential.secret);
  return {
    scoringUri: endpoint.scoringUri,
    authorization: credential.authorization,
    deployment,
    secret: credential.secret,
  };
}

export async function runSmokeTest(
  target: ScoringTarget,
  test: SmokeTest,
  { logger, signal }: UseCaseContext,
  label = 'Smoke test',
): Promise<SmokeTestResult> {
  const reply = await scoreDeployment(
    {
      scoringUri: target.scoringUri,
      authorization: target.authorization,
      deployment: target.deployment,
      body: test.body,
      timeoutMs: test.timeoutMs,
      ...(signal ? { signal } : {}),
    },
    (attempt, number) => logger.info(describeAttempt(label, attempt, number)),
  );
  const line = reply.text.replace(/\s+/g, ' ').trim();
  return {
    status: reply.status,
    latencyMs: Math.round(reply.latencyMs),
    attempts: reply.attempts.length,
    problems: checkResponse(test.expectation, reply.status, reply.text),
    excerpt: line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}...` : line,
  };
}

/** `Smoke test attempt 1: HTTP 429 in 4 ms; trying again in 1 s (Retry-After).` */
function describeAttempt(label: string, attempt: ScoreAttempt, number: number): string {
  const answer =
    attempt.status === undefined ? `no answer (${attempt.error})` : `HTTP ${attempt.status}`;
  const wait = formatDuration(attempt.retryInMs ?? 0);
  return `${label} attempt ${number}: ${answer} in ${attempt.latencyMs} ms; trying again in ${wait}${attempt.retryAfter ? ' (Retry-After)' : ''}.`;
}
