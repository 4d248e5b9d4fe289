import { describe, expect, test } from 'vitest';
import { deliver, type RetryPolicy } from '@mlops-actions/notify';

const policy: RetryPolicy = {
  totalMs: 30_000,
  attemptMs: 5_000,
  maxAttempts: 5,
  baseDelayMs: 1_000,
};

/** A fake clock: sleeping advances it, so no test waits for real. */
function clock() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => void (waits.push(ms), (t += ms)),
    waits,
    random: () => 1,
  };
}

const answers = (...responses: (Response | Error)[]) => {
  const calls: RequestInit[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    const next = responses.shift() ?? new Response('ok');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
};

describe('deliver', () => {
  test('honours Retry-After on 429, backs off on 5xx, and stops at the first 2xx', async () => {
    const c = clock();
    const { fetch, calls } = answers(
      new Response('rate_limited', { status: 429, headers: { 'retry-after': '3' } }),
      new Response('', { status: 502 }),
      new Response('ok'),
    );
    const result = await deliver({ url: 'http://127.0.0.1/x', body: '{}' }, policy, {
      ...c,
      fetch,
    });
    expect(result).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(c.waits).toEqual([3000, 2000]);
    expect(calls).toHaveLength(3);
  });

  test('a 4xx other than 429 is not retried and keeps the service’s words', async () => {
    const c = clock();
    const { fetch } = answers(new Response('invalid_payload', { status: 400 }));
    expect(
      await deliver({ url: 'http://127.0.0.1/x', body: '{}' }, policy, { ...c, fetch }),
    ).toEqual({
      ok: false,
      attempts: 1,
      status: 400,
      reason: 'HTTP 400: invalid_payload',
    });
    expect(c.waits).toEqual([]);
  });

  test('a Retry-After past the time limit is not waited for', async () => {
    const c = clock();
    const { fetch } = answers(new Response('', { status: 429, headers: { 'retry-after': '60' } }));
    const result = await deliver({ url: 'http://127.0.0.1/x', body: '{}' }, policy, {
      ...c,
      fetch,
    });
    expect(result).toMatchObject({
      ok: false,
      attempts: 1,
      reason: 'HTTP 429 (Retry-After 60 s is past the time limit)',
    });
    expect(c.waits).toEqual([]);
  });

  test('connection errors are retried within the attempts and the total time', async () => {
    const c = clock();
    const refused = () =>
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { fetch, calls } = answers(
      refused(),
      refused(),
      refused(),
      refused(),
      refused(),
      refused(),
    );
    const result = await deliver({ url: 'http://127.0.0.1/x', body: '{}' }, policy, {
      ...c,
      fetch,
    });
    expect(result).toEqual({ ok: false, attempts: 5, reason: 'ECONNREFUSED' });
    expect(c.waits).toEqual([1000, 2000, 4000, 8000]);
    expect(calls).toHaveLength(5);
    const short = clock();
    const second = await deliver(
      { url: 'http://127.0.0.1/x', body: '{}' },
      { ...policy, totalMs: 5_000 },
      { ...short, fetch: answers(refused(), refused(), refused()).fetch },
    );
    expect(second).toMatchObject({ ok: false, attempts: 3 });
    expect(short.waits).toEqual([1000, 2000]);
  });

  test('headers are made per attempt', async () => {
    const c = clock();
    let n = 0;
    const { fetch, calls } = answers(new Response('', { status: 500 }), new Response('ok'));
    await deliver(
      { url: 'http://127.0.0.1/x', body: '{}', headers: () => ({ 'x-n': String(++n) }) },
      policy,
      { ...c, fetch },
    );
    expect(calls.map((call) => (call.headers as Record<string, string>)['x-n'])).toEqual([
      '1',
      '2',
    ]);
  });
});
