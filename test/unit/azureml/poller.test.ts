import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, test } from 'vitest';
import {
  JobWaitCancelled,
  pollJob,
  type JobSnapshot,
  type PollOptions,
} from '@mlops-actions/azureml';
import { recordingLogger } from '../../support/logger.ts';

/** A clock that moves only when the poller sleeps; sleeps honour the abort signal like real ones. */
function fakeClock() {
  let t = 1_700_000_000_000;
  return {
    now: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      t += ms;
    },
  };
}

const job = (status: string): JobSnapshot => ({ name: 'train-1', status, outputs: {}, tags: {} });

/** fetch() answers each script entry in turn (an Error is thrown), then repeats the last. */
function scripted(script: (string | Error)[]) {
  let calls = 0;
  const fetch = async () => {
    const step = script[Math.min(calls++, script.length - 1)] ?? 'Unknown';
    if (step instanceof Error) throw step;
    return job(step);
  };
  return { fetch, calls: () => calls };
}

function setup(overrides: Partial<PollOptions> = {}) {
  const clock = fakeClock();
  const log = recordingLogger();
  const options: PollOptions = {
    pollIntervalMs: 30_000,
    timeoutMs: 3_600_000,
    logger: log.logger,
    now: clock.now,
    sleep: clock.sleep,
    ...overrides,
  };
  return { clock, log, options };
}

describe('pollJob', () => {
  test('logs each status change with the elapsed time and returns the timeline', async () => {
    const { log, options } = setup();
    const { fetch } = scripted(['Queued', 'Queued', 'Running', 'Running', 'Completed']);
    const result = await pollJob(fetch, job('NotStarted'), options);

    expect(result.kind).toBe('terminal');
    expect(result.job.status).toBe('Completed');
    expect(result.timeline.map((e) => e.status)).toEqual([
      'NotStarted',
      'Queued',
      'Running',
      'Completed',
    ]);
    const start = result.timeline[0]?.at.getTime() ?? NaN;
    expect(result.timeline.map((e) => e.at.getTime() - start)).toEqual([
      0, 30_000, 90_000, 150_000,
    ]);
    expect(log.lines).toEqual([
      '[00:00:30] Queued (was NotStarted)',
      '[00:01:30] Running (was Queued)',
      '[00:02:30] Completed (was Running)',
    ]);
  });

  test('does not read before the first interval: a terminal initial snapshot returns at once', async () => {
    const { options } = setup();
    const { fetch, calls } = scripted(['Running']);
    const result = await pollJob(fetch, job('Failed'), options);
    expect(result).toMatchObject({ kind: 'terminal', job: { status: 'Failed' } });
    expect(calls()).toBe(0);
  });

  test('a heartbeat line when nothing changed for heartbeatMs', async () => {
    const { log, options } = setup({ heartbeatMs: 120_000 });
    const { fetch } = scripted([...Array<string>(8).fill('Running'), 'Completed']);
    await pollJob(fetch, job('Running'), options);
    expect(log.lines).toEqual([
      '[00:02:00] still Running',
      '[00:04:00] still Running',
      '[00:04:30] Completed (was Running)',
    ]);
  });

  test('the heartbeat defaults to a minute when polling is faster', async () => {
    const { log, options } = setup({ pollIntervalMs: 20_000 });
    const { fetch } = scripted(['Running', 'Running', 'Running', 'Completed']);
    await pollJob(fetch, job('Running'), options);
    expect(log.lines).toEqual(['[00:01:00] still Running', '[00:01:20] Completed (was Running)']);
  });

  test('NotResponding is not terminal: a warning, then polling goes on', async () => {
    const { log, options } = setup();
    const { fetch } = scripted(['NotResponding', 'Running', 'Completed']);
    const result = await pollJob(fetch, job('Running'), options);
    expect(result.kind).toBe('terminal');
    expect(result.timeline.map((e) => e.status)).toEqual([
      'Running',
      'NotResponding',
      'Running',
      'Completed',
    ]);
    expect(log.warnings).toEqual([
      expect.stringMatching(/^\[00:00:30\] .*NotResponding.*waiting goes on/),
    ]);
  });

  test.each(['Paused', 'Unknown', 'CancelRequested', 'SomethingNew'])(
    '%s is not terminal: polling runs to the deadline',
    async (status) => {
      const { options } = setup({ timeoutMs: 100_000 });
      const { fetch, calls } = scripted([status]);
      const result = await pollJob(fetch, job('Running'), options);
      expect(result).toMatchObject({ kind: 'timeout', job: { status } });
      // Reads at 30, 60, 90 and a last one at the deadline (100 s).
      expect(calls()).toBe(4);
    },
  );

  test('timeout returns the last snapshot seen', async () => {
    const { options } = setup({ timeoutMs: 60_000 });
    const { fetch } = scripted(['Queued', 'Running']);
    const result = await pollJob(fetch, job('NotStarted'), options);
    expect(result.kind).toBe('timeout');
    expect(result.job.status).toBe('Running');
    expect(result.timeline.map((e) => e.status)).toEqual(['NotStarted', 'Queued', 'Running']);
  });

  test('an abort during the wait stops the poll with JobWaitCancelled and the last status', async () => {
    const abort = new AbortController();
    const { options } = setup({ signal: abort.signal });
    let calls = 0;
    const fetch = async () => {
      if (++calls === 2) abort.abort();
      return job('Running');
    };
    const stopped = await pollJob(fetch, job('Queued'), options).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(JobWaitCancelled);
    expect(stopped).toMatchObject({ job: { status: 'Running' }, lastState: 'Running' });
    expect(calls).toBe(2);
  });

  test('an abort while a read hangs returns without waiting for it', async () => {
    const abort = new AbortController();
    const { options } = setup({ signal: abort.signal });
    const fetch = () => {
      queueMicrotask(() => abort.abort());
      return new Promise<JobSnapshot>(() => {});
    };
    await expect(pollJob(fetch, job('Running'), options)).rejects.toBeInstanceOf(JobWaitCancelled);
  });

  test('the real sleep returns promptly on abort', async () => {
    const abort = new AbortController();
    const { log } = setup();
    const polling = pollJob(scripted(['Running']).fetch, job('Running'), {
      pollIntervalMs: 3_600_000,
      timeoutMs: 7_200_000,
      logger: log.logger,
      signal: abort.signal,
    });
    abort.abort();
    await expect(polling).rejects.toBeInstanceOf(JobWaitCancelled);
  });

  test('transient read errors are warnings and polling continues', async () => {
    const { log, options } = setup();
    const unavailable = new RestError('Service Unavailable', {
      statusCode: 503,
      code: 'ServiceUnavailable',
    });
    const reset = new RestError('socket hang up', { code: 'ECONNRESET' });
    const { fetch } = scripted(['Running', unavailable, reset, 'Completed']);
    const result = await pollJob(fetch, job('Queued'), options);
    expect(result.kind).toBe('terminal');
    expect(log.warnings).toEqual([
      '[00:01:00] could not read job status (503 ServiceUnavailable): Service Unavailable; trying again',
      '[00:01:30] could not read job status (ECONNRESET): socket hang up; trying again',
    ]);
  });

  test.each([
    [404, 'ResourceNotFound'],
    [401, 'InvalidAuthenticationToken'],
    [403, 'AuthorizationFailed'],
  ])('HTTP %i stops polling with the error', async (statusCode, code) => {
    const { options } = setup();
    const error = new RestError('no', { statusCode, code });
    const { fetch, calls } = scripted(['Running', error, 'Completed']);
    await expect(pollJob(fetch, job('Queued'), options)).rejects.toBe(error);
    expect(calls()).toBe(2);
  });
});
