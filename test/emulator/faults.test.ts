import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Emulator, RecordedRequest } from '@mlops-actions/emulator';
import {
  armClient,
  armToken,
  commandJob,
  raw,
  startTrustedEmulator,
  workspacePath,
} from './support.ts';

describe('fault injection, as seen by the real SDK', () => {
  let em: Emulator;
  let client: ReturnType<typeof armClient>;

  beforeAll(async () => {
    em = await startTrustedEmulator();
    client = armClient(em);
    await client.workspaces.get(em.resourceGroup, em.workspace); // token cached before faults
  });
  afterAll(() => em.stop());
  beforeEach(() => {
    em.control.clearFaults();
    em.control.resetStats();
  });

  const calls = (route: string): RecordedRequest[] =>
    em.control.stats().requests.filter((r) => r.route === route);

  test('429 with Retry-After is answered with an ARM error; the SDK retries and succeeds', async () => {
    em.control.addFault({ route: 'workspaces.get', status: 429, retryAfterSeconds: 0, count: 2 });
    const ws = await client.workspaces.get(em.resourceGroup, em.workspace);
    expect(ws.name).toBe(em.workspace);
    expect(calls('workspaces.get').map((r) => [r.status, r.faulted])).toEqual([
      [429, true],
      [429, true],
      [200, false],
    ]);
  });

  test('a 429 carries Retry-After and an ARM error body', async () => {
    em.control.addFault({ route: 'workspaces.get', status: 429, retryAfterSeconds: 7 });
    const response = await raw(em, 'GET', `${workspacePath(em)}?api-version=2022-10-01`, {
      token: await armToken(em),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body).toMatchObject({
      error: { code: 'TooManyRequests', message: expect.any(String) },
    });
  });

  test('a persistent 503 surfaces to the caller once retries are spent', async () => {
    em.control.addFault({ route: 'jobs.get', status: 503, count: Infinity });
    await expect(client.jobs.get(em.resourceGroup, em.workspace, 'any')).rejects.toMatchObject({
      statusCode: 503,
      code: 'ServiceUnavailable',
    });
    expect(calls('jobs.get').length).toBe(4); // first try + 3 retries
  });

  test("reset 'before' drops the connection without serving; the SDK retries", async () => {
    em.control.addFault({ route: 'jobs.createOrUpdate', reset: 'before' });
    await client.jobs.createOrUpdate(
      em.resourceGroup,
      em.workspace,
      'job-reset-before',
      commandJob(),
    );
    expect(calls('jobs.createOrUpdate').map((r) => [r.status, r.faulted])).toEqual([
      [0, true],
      [201, false],
    ]);
    expect(em.control.stats().jobsCreated).toBe(1);
  });

  test("reset 'after' makes the change but loses the reply; the retried PUT finds the same job", async () => {
    em.control.addFault({ route: 'jobs.createOrUpdate', reset: 'after' });
    const job = await client.jobs.createOrUpdate(
      em.resourceGroup,
      em.workspace,
      'job-reset-after',
      commandJob(),
    );
    expect(job.name).toBe('job-reset-after');
    expect(calls('jobs.createOrUpdate').map((r) => [r.status, r.faulted])).toEqual([
      [201, true],
      [200, false],
    ]);
    expect(em.control.stats().jobsCreated).toBe(1);
  });

  test('latency delays the reply but serves it', async () => {
    em.control.addFault({ route: 'workspaces.get', latencyMs: 50 });
    const ws = await client.workspaces.get(em.resourceGroup, em.workspace);
    expect(ws.name).toBe(em.workspace);
    expect(calls('workspaces.get')).toEqual([
      {
        method: 'GET',
        path: expect.stringContaining('/workspaces/'),
        route: 'workspaces.get',
        status: 200,
        faulted: false,
      },
    ]);
  });

  test("'*' hits Azure ML routes, not sign-in", async () => {
    em.control.addFault({ route: '*', status: 500, count: 1 });
    await client.jobs.list(em.resourceGroup, em.workspace).next();
    const faulted = em.control.stats().requests.filter((r) => r.faulted);
    expect(faulted.map((r) => r.route)).toEqual(['jobs.list']);
  });

  test('a fault for an unknown route is refused, naming the input', () => {
    expect(() => em.control.addFault({ route: 'jobs.gett', status: 500 })).toThrow(
      /fault\.route: .*"jobs\.gett"/,
    );
  });
});

describe('a held request that is to be dropped', () => {
  test('is recorded when its client goes away (a killed runner), not when the hold would end', async () => {
    // Holds never end here: only the client going away can release this one.
    const holds: number[] = [];
    const em = await startTrustedEmulator({
      realClock: {
        now: () => performance.now(),
        sleep: (ms) => {
          holds.push(ms);
          return new Promise<void>(() => {});
        },
      },
    });
    const workspaceGets = () =>
      em.control
        .stats()
        .requests.filter((r) => r.route === 'workspaces.get')
        .map((r) => [r.status, r.faulted]);
    try {
      em.control.addFault({ route: 'workspaces.get', latencyMs: 60_000, reset: 'before' });
      const client = new AbortController();
      const request = fetch(`${em.url}${workspacePath(em)}?api-version=2022-10-01`, {
        headers: { authorization: `Bearer ${await armToken(em)}` },
        signal: client.signal,
      });
      await vi.waitFor(() => expect(holds).toEqual([60_000]));
      expect(workspaceGets()).toEqual([]);
      client.abort();
      await expect(request).rejects.toThrow();
      await vi.waitFor(() => expect(workspaceGets()).toEqual([[0, true]]));
    } finally {
      await em.stop();
    }
  });
});

describe('the control API over HTTP', () => {
  let em: Emulator;

  beforeAll(async () => {
    em = await startTrustedEmulator({ timeScale: 0 });
  });
  afterAll(() => em.stop());

  test('faults, job behaviour, stats and job views can be driven without the library', async () => {
    expect(
      (
        await raw(em, 'POST', '/_emulator/faults', {
          body: { route: 'jobs.get', status: 500, count: 'Infinity' },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await raw(em, 'PUT', '/_emulator/job-behaviour', {
          body: { match: 'http-job', behaviour: { outcome: 'fail' } },
        })
      ).status,
    ).toBe(204);

    const token = await armToken(em);
    const jobUrl = `${workspacePath(em)}/jobs/http-job?api-version=2022-10-01`;
    expect((await raw(em, 'PUT', jobUrl, { token, body: commandJob() })).status).toBe(201);
    expect((await raw(em, 'GET', jobUrl, { token })).status).toBe(500);
    expect((await raw(em, 'DELETE', '/_emulator/faults')).status).toBe(204);
    expect((await raw(em, 'GET', jobUrl, { token })).status).toBe(200);

    const stats = await raw(em, 'GET', '/_emulator/stats');
    expect(stats.body).toMatchObject({ jobsCreated: 1 });
    expect(
      (stats.body as { requests: RecordedRequest[] }).requests.some((r) =>
        r.path.startsWith('/_emulator'),
      ),
    ).toBe(false);

    // The job's 60 emulated seconds pass over the HTTP control API too.
    expect(
      (await raw(em, 'POST', '/_emulator/clock', { body: { advanceSeconds: 60 } })).status,
    ).toBe(200);
    const view = await raw(em, 'GET', '/_emulator/jobs/http-job');
    expect(view.body).toMatchObject({ name: 'http-job', status: 'Failed', cancelRequested: false });
    expect((await raw(em, 'GET', '/_emulator/jobs/nobody')).status).toBe(404);
  });

  test('bad control input is a 400 naming the field', async () => {
    const response = await raw(em, 'PUT', '/_emulator/job-behaviour', {
      body: { behaviour: { outcome: 'explode' } },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { message: expect.stringContaining('behaviour.outcome') },
    });
  });
});

describe('faults with a probability', () => {
  let em: Emulator;

  afterAll(() => em?.stop());

  /** 200 raw GETs of the workspace; which ones the fault answered. */
  async function faultedOf(seed: number): Promise<boolean[]> {
    em = await startTrustedEmulator({ seed });
    const token = await armToken(em);
    em.control.addFault({
      route: 'workspaces.get',
      status: 503,
      probability: 0.35,
      count: Infinity,
    });
    const url = `${workspacePath(em)}?api-version=2022-10-01`;
    for (let i = 0; i < 200; i++) await raw(em, 'GET', url, { token });
    const faulted = em.control
      .stats()
      .requests.filter((r) => r.route === 'workspaces.get')
      .map((r) => r.faulted);
    await em.stop();
    return faulted;
  }

  test('answer about that share of requests, the same ones for the same seed', async () => {
    const first = await faultedOf(35);
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.45);
    expect(await faultedOf(35)).toEqual(first);
    expect(await faultedOf(36)).not.toEqual(first);
  });

  test('a probability outside (0, 1] is refused by name', async () => {
    em = await startTrustedEmulator();
    for (const probability of [0, 1.5, -1]) {
      expect(() =>
        em.control.addFault({ route: 'workspaces.get', status: 503, probability }),
      ).toThrow(/fault.probability: expected a share of requests, more than 0 and at most 1/);
    }
  });
});
