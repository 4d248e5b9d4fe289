/**
 * train-and-poll's use case: submit a command job (or re-attach to the one an earlier attempt
 * started), wait for its end, and cancel it on a timeout or a cancelled run.
 */
import type { JobBase } from '@azure/arm-machinelearning';
import { formatDuration } from '../grammar/durations.ts';
import { SpecError } from '../grammar/spec-error.ts';
import type { JobOverrides } from '../jobs/job-resource.ts';
import { prepareJob } from '../jobs/job-prepare.ts';
import type { JobFileSpec } from '../specs/job-file.ts';
import { resolveLatestEnvironment } from '../jobs/environment-latest.ts';
import { resolveJob } from '../jobs/job-attach.ts';
import { getJobFailure } from '../jobs/job-failure.ts';
import { isTerminal } from '../jobs/job-status.ts';
import { cancelJob, getJob, getJobOrFail } from '../jobs/jobs.ts';
import { JobWaitCancelled, pollJob } from '../jobs/poller.ts';
import { LocalAssets } from '../uploads/local-assets.ts';
import { failureFrom } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { Failure, JobSnapshot, Outcome, TimelineEntry, UseCaseContext } from '../types.ts';

/** A parsed job file (command, sweep or pipeline), made a body by prepareJob before submitting. */
export interface JobFileRequest {
  file: JobFileSpec;
  overrides: JobOverrides;
  /** The job file as the user named it; local paths in it are relative to it. */
  specFile?: string | undefined;
  /** The checked-out repository: local code, environments and inputs are uploaded from it. */
  root?: string | undefined;
}

export interface TrainRequest {
  /** The job body (toJobResource of the parsed spec), or a job file to prepare and submit. */
  job: JobBase | JobFileRequest;
  jobName: string;
  /** The name was given, not derived: never fall back to `-2`, `-3`, ... */
  exactName: boolean;
  wait: boolean;
  pollIntervalMs: number;
  timeoutMs: number;
  /** Cancel the job when the caller is cancelled (else leave it running). */
  cancelOnAbort: boolean;
  /** How long cancelling may take once the caller was cancelled. */
  cancelWithinMs: number;
  /** The job exists in Azure: called before any wait, so a killed caller can still cancel it. */
  onJob: (job: JobSnapshot) => void;
  /** The job needs no cancelling any more: it ended, or it is left running on purpose. */
  onSettled: () => void;
}

export interface TrainReport {
  /** The last snapshot of the job. */
  job: JobSnapshot;
  attached: boolean;
  /** From submission (or attachment) to the end of the wait. */
  durationSeconds: number;
  timeline: TimelineEntry[];
  /** One sentence on how it ended. */
  outcome: string;
}

/** How long a cancel after a timeout may take. */
const CANCEL_AFTER_TIMEOUT_MS = 5 * 60_000;

export async function trainAndPoll(
  client: MachineLearningClient,
  request: TrainRequest,
  { logger, signal }: UseCaseContext,
): Promise<Outcome<TrainReport>> {
  const started = Date.now();
  let body: JobBase;
  if ('file' in request.job) {
    const local = new LocalAssets(client, { logger, signal }, { root: request.job.root });
    try {
      body = await prepareJob(client, request.job.file, { ...request.job, logger, local });
    } catch (err) {
      // What the user wrote disagrees with the workspace (a step with a registered component):
      // the caller's input error, with file and line, and nothing was submitted.
      if (err instanceof SpecError) throw err;
      return {
        failure: failureFrom(
          client,
          "Could not upload or register the job's local code, environments, inputs or components",
          err,
        ),
      };
    }
  } else {
    body = request.job;
  }
  let submitted;
  try {
    const ready = await resolveLatestEnvironment(client, body, logger);
    submitted = await resolveJob(client, request.jobName, ready, logger, {
      exactName: request.exactName,
    });
  } catch (err) {
    return { failure: failureFrom(client, 'Could not submit the Azure ML job', err) };
  }
  const { job, attached } = submitted;
  const name = job.name;
  request.onJob(job);
  logger.info(`${attached ? 'Attached to' : 'Submitted'} Azure ML job ${name} (${job.status})`);
  if (job.studioUrl) logger.info(`Studio: ${job.studioUrl}`);

  const seconds = () => Math.round((Date.now() - started) / 1000);
  const end = (
    last: JobSnapshot,
    timeline: TimelineEntry[],
    outcome: string,
    failure?: Failure,
  ): Outcome<TrainReport> => ({
    report: {
      job: { ...last, studioUrl: last.studioUrl ?? job.studioUrl },
      attached,
      durationSeconds: seconds(),
      timeline,
      outcome,
    },
    ...(failure ? { failure } : {}),
  });

  if (!request.wait) {
    request.onSettled();
    logger.info('Not waiting for the job (wait: false).');
    return end(job, [], `Submitted; not waiting for the job (wait: false).`);
  }

  let last: JobSnapshot;
  let timeline: TimelineEntry[];
  let why: string | undefined;
  try {
    const result = await pollJob(() => getJobOrFail(client, name), job, {
      pollIntervalMs: request.pollIntervalMs,
      timeoutMs: request.timeoutMs,
      signal,
      logger,
    });
    ({ job: last, timeline } = result);
    if (result.kind === 'timeout') {
      why = `it did not end within the timeout of ${formatDuration(request.timeoutMs)}`;
    }
  } catch (err) {
    if (!(err instanceof JobWaitCancelled)) {
      return end(job, [], '', failureFrom(client, `Could not follow Azure ML job ${name}`, err));
    }
    ({ job: last, timeline } = err);
    why = 'the workflow run was cancelled';
    if (!request.cancelOnAbort) {
      request.onSettled();
      return end(last, timeline, `Left job ${name} running: ${why} and cancel-on-abort is false.`, {
        what: `Stopped waiting for Azure ML job ${name}: ${why}; the job was left running (cancel-on-abort: false)`,
      });
    }
  }

  if (why !== undefined) {
    logger.info(`Cancelling Azure ML job ${name}: ${why}.`);
    const cancelled = await cancelJob(client, name, {
      logger,
      pollIntervalMs: Math.min(request.pollIntervalMs, 1_000),
      timeoutMs: signal?.aborted ? request.cancelWithinMs : CANCEL_AFTER_TIMEOUT_MS,
    }).catch((err: unknown) => failureFrom(client, `Could not cancel Azure ML job ${name}`, err));
    if ('what' in cancelled) return end(last, timeline, cancelled.what, cancelled);
    if (isTerminal(cancelled.status)) request.onSettled();
    return end(
      { ...last, status: cancelled.status },
      timeline,
      `Job ${name} was cancelled because ${why}; it is now ${cancelled.status}.`,
      { what: `Azure ML job ${name} was cancelled because ${why} (now ${cancelled.status})` },
    );
  }

  request.onSettled();
  if (last.status === 'Completed') {
    logger.info(`Azure ML job ${name} Completed.`);
    return end(last, timeline, `Job ${name} Completed in ${seconds()} s.`);
  }
  const failure = await getJobFailure(client, last);
  return end(
    last,
    timeline,
    `Job ${name} ended ${last.status}${failure ? `: ${failure.code}: ${failure.message}` : ''}.`,
    {
      what: `Azure ML job ${name} ended ${last.status}`,
      code: failure?.code,
      detail: failure?.message,
      hint:
        last.status === 'Failed'
          ? `Read the job's logs in studio${job.studioUrl ? `: ${job.studioUrl}` : ''}`
          : 'The job was cancelled outside this workflow',
    },
  );
}

/**
 * The clean-up after a caller that stopped before its job ended (a killed step): cancel the job
 * unless it already ended or is gone.
 */
export async function cancelLeftoverJob(
  client: MachineLearningClient,
  jobName: string,
  { logger }: UseCaseContext,
): Promise<Outcome<JobSnapshot>> {
  try {
    const job = await getJob(client, jobName);
    if (!job || isTerminal(job.status)) {
      logger.info(`Azure ML job ${jobName} is ${job?.status ?? 'gone'}; nothing to cancel.`);
      return job ? { report: job } : {};
    }
    logger.info(
      `The main step ended before Azure ML job ${jobName} did (it is ${job.status}): cancelling it.`,
    );
    const cancelled = await cancelJob(client, jobName, {
      logger,
      pollIntervalMs: 2_000,
      timeoutMs: CANCEL_AFTER_TIMEOUT_MS,
    });
    logger.info(`Azure ML job ${jobName} is ${cancelled.status}.`);
    return { report: cancelled };
  } catch (err) {
    return { failure: failureFrom(client, `Could not cancel Azure ML job ${jobName}`, err) };
  }
}
