/** The retry budget's rules: what is transient, how long to wait, when to stop. */
import { describe, expect, test } from 'vitest';
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { retryBudgetPolicy, type RetryNotice } from '@mlops-actions/azureml';

const request = () =>
  createPipelineRequest({
    url: 'https://arm.example/subscriptions/s/x?api-version=1',
    method: 'PUT',
  });
const reply = (status: number, headers: Record<string, string> = {}): PipelineResponse => ({
  status,
  headers: createHttpHeaders(headers),
  request: request(),
});

/** Sends `answers` in turn (a number is a status, a string an error code), recording each attempt. */
function serverOf(answers: (number | string | PipelineResponse)[]) {
  const sent: number[] = [];
  const next = async (): Promise<PipelineResponse> => {
    sent.push(Date.now());
    const answer = answers.shift() ?? 200;
    if (typeof answer === 'string') throw new RestError('socket', { code: answer });
    return typeof answer === 'number' ? reply(answer) : answer;
  };
  return { next, sent };
}

const quick = { budgetMs: 5_000, retryDelayInMs: 1, maxRetryDelayInMs: 4 };

describe('retryBudgetPolicy', () => {
  test('retries 429, 408, 5xx and dropped connections until an answer stands, telling each retry', async () => {
    const notices: RetryNotice[] = [];
    const server = serverOf([429, 408, 500, 502, 503, 504, 'ECONNRESET', 'ECONNREFUSED', 201]);
    const response = await retryBudgetPolicy(quick, (n) => notices.push(n)).sendRequest(
      request(),
      server.next,
    );
    expect(response.status).toBe(201);
    expect(notices.map((n) => n.reason)).toEqual([
      'HTTP 429',
      'HTTP 408',
      'HTTP 500',
      'HTTP 502',
      'HTTP 503',
      'HTTP 504',
      'ECONNRESET',
      'ECONNREFUSED',
    ]);
    expect(notices.map((n) => n.retry)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(notices[0]).toMatchObject({ method: 'PUT', path: '/subscriptions/s/x' });
  });

  test('a client error, 501, 505 or another socket error is the answer at once', async () => {
    for (const answer of [400, 404, 409, 501, 505]) {
      const server = serverOf([answer]);
      expect((await retryBudgetPolicy(quick).sendRequest(request(), server.next)).status).toBe(
        answer,
      );
      expect(server.sent).toHaveLength(1);
    }
    const server = serverOf(['ERR_TLS_CERT_ALTNAME_INVALID']);
    await expect(
      retryBudgetPolicy(quick).sendRequest(request(), server.next),
    ).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(server.sent).toHaveLength(1);
  });

  test('Retry-After is waited out (seconds, ms headers); a wait past the budget is not made', async () => {
    const notices: RetryNotice[] = [];
    const server = serverOf([
      reply(429, { 'retry-after-ms': '30' }),
      reply(503, { 'retry-after': '0' }),
      200,
    ]);
    await retryBudgetPolicy(quick, (n) => notices.push(n)).sendRequest(request(), server.next);
    expect(notices.map((n) => [n.delayMs, n.retryAfter])).toEqual([
      [30, true],
      [0, true],
    ]);
    expect((server.sent[1] ?? 0) - (server.sent[0] ?? 0)).toBeGreaterThanOrEqual(29);

    const beyond = serverOf([reply(429, { 'retry-after': '60' })]);
    const response = await retryBudgetPolicy(quick).sendRequest(request(), beyond.next);
    expect(response.status).toBe(429);
    expect(beyond.sent).toHaveLength(1);
  });

  test('back-off doubles with jitter up to its cap; the budget ends the retries', async () => {
    const notices: RetryNotice[] = [];
    const budget = { budgetMs: 200, retryDelayInMs: 10, maxRetryDelayInMs: 40 };
    const server = serverOf(Array(1000).fill(503));
    const response = await retryBudgetPolicy(
      budget,
      (n) => notices.push(n),
      () => 1,
    ).sendRequest(request(), server.next);
    expect(response.status).toBe(503);
    expect(notices.slice(0, 4).map((n) => n.delayMs)).toEqual([10, 20, 40, 40]);
    const last = notices.at(-1) as RetryNotice;
    expect(last.elapsedMs + last.delayMs).toBeLessThanOrEqual(200);
    const jittered = serverOf([503, 200]);
    const halves: RetryNotice[] = [];
    await retryBudgetPolicy(
      budget,
      (n) => halves.push(n),
      () => 0,
    ).sendRequest(request(), jittered.next);
    expect(halves[0]?.delayMs).toBe(5);
  });

  test('an aborted request is not retried', async () => {
    const controller = new AbortController();
    const req = request();
    req.abortSignal = controller.signal;
    controller.abort();
    const server = serverOf([503]);
    expect((await retryBudgetPolicy(quick).sendRequest(req, server.next)).status).toBe(503);
    expect(server.sent).toHaveLength(1);
  });
});
