/** Waits for a job to end, telling people what it is doing while they wait. */
import { formatElapsed } from '../grammar/durations.ts';
import { describeAzureError } from '../transport/azure-error.ts';
import { isTerminal } from './job-status.ts';
import { CancelledError, sleep as realSleep, unlessAborted } from '../transport/waits.ts';
import type { JobSnapshot, PollOptions, PollResult, TimelineEntry } from '../types.ts';

const DEFAULT_HEARTBEAT_MS = 60_000;

/** The wait for a job was cancelled; the job may still run. */
export class JobWaitCancelled extends CancelledError {
  readonly job: JobSnapshot;
  readonly timeline: TimelineEntry[];

  constructor(job: JobSnapshot, timeline: TimelineEntry[]) {
    super(`Azure ML job ${job.name}`, job.status);
    this.job = job;
    this.timeline = timeline;
  }
}

/**
 * Reads the job every `pollIntervalMs` (the first read one interval after the start: `initial` is
 * the snapshot the caller already has) until it is Completed, Failed or Canceled or `timeoutMs`
 * passes; when `signal` aborts it throws JobWaitCancelled with what it saw so far. Read errors that the SDK's retries could not fix are warnings and
 * polling goes on, except a vanished job (404) or a rejected identity (401/403, sign-in failure),
 * which no amount of waiting repairs: those are thrown.
 */
export async function pollJob(
  fetch: () => Promise<JobSnapshot>,
  initial: JobSnapshot,
  options: PollOptions,
): Promise<PollResult> {
  const { pollIntervalMs, logger, signal } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const heartbeatMs = options.heartbeatMs ?? Math.max(pollIntervalMs, DEFAULT_HEARTBEAT_MS);
  const start = now();
  const deadline = start + options.timeoutMs;
  const stamp = () => `[${formatElapsed(now() - start)}]`;

  let job = initial;
  const timeline: TimelineEntry[] = [{ status: job.status, at: new Date(start) }];
  let previous = job.status;
  let lastLine = start;
  const result = (kind: PollResult['kind']): PollResult => ({ kind, job, timeline });

  while (!isTerminal(job.status)) {
    const remaining = deadline - now();
    if (remaining <= 0) return result('timeout');
    try {
      await sleep(Math.min(pollIntervalMs, remaining), signal);
      job = await unlessAborted(fetch(), signal);
    } catch (err) {
      if (signal?.aborted) throw new JobWaitCancelled(job, timeline);
      if (isHopeless(err)) throw err;
      const { status, code, message } = describeAzureError(err);
      const tag = [status, code].filter(Boolean).join(' ');
      logger.warning(
        `${stamp()} could not read job status${tag ? ` (${tag})` : ''}: ${message}; trying again`,
      );
      continue;
    }
    if (job.status !== previous) {
      timeline.push({ status: job.status, at: new Date(now()) });
      logger.info(`${stamp()} ${job.status} (was ${previous})`);
      previous = job.status;
      if (job.status === 'NotResponding') {
        logger.warning(
          `${stamp()} Azure ML reports job ${job.name} as NotResponding; it may recover, so waiting goes on`,
        );
      }
      lastLine = now();
    } else if (now() - lastLine >= heartbeatMs) {
      logger.info(`${stamp()} still ${job.status}`);
      lastLine = now();
    }
  }
  return result('terminal');
}

function isHopeless(err: unknown): boolean {
  const { status, source } = describeAzureError(err);
  if (source === 'credential-unavailable') return true;
  if (source === 'authentication') return status === undefined || (status >= 400 && status < 500);
  return status === 401 || status === 403 || status === 404;
}
