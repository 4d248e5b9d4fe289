/** Job resources through the SDK: submit, read, list, cancel, and the snapshot callers see. */
import type { CommandJob, JobBase } from '@azure/arm-machinelearning';
import type { MachineLearningClient } from '../transport/client.ts';
import { armRequest, orNotFound, workspaceUrl } from '../transport/arm-request.ts';
import { isTerminal } from './job-status.ts';
import { pollJob } from './poller.ts';
import type { JobSnapshot, Logger } from '../types.ts';

/**
 * PUT the job under `name` (chosen by the caller, so a retried PUT cannot create a second job).
 * The body goes as JSON through the SDK client's pipeline, not `jobs.createOrUpdate`: the SDK's
 * 2.x serializer knows only literal job inputs and drops an asset input's `uri` and `mode`
 * (uri_folder, uri_file, mltable, models), which would submit a job that reads nothing.
 */
export async function submitJob(
  client: MachineLearningClient,
  name: string,
  body: JobBase,
): Promise<JobSnapshot> {
  const url = workspaceUrl(client, `/jobs/${encodeURIComponent(name)}`, client.sdk.apiVersion);
  const created = (await armRequest(client, 'PUT', url, { body })).body as JobBase;
  const createdAt = created.systemData?.createdAt;
  return toSnapshot({
    ...created,
    ...(createdAt === undefined
      ? {}
      : { systemData: { ...created.systemData, createdAt: new Date(createdAt) } }),
  });
}

/** The job, or undefined when it does not exist (a missing workspace is an error, not "no job"). */
export async function getJob(
  client: MachineLearningClient,
  name: string,
): Promise<JobSnapshot | undefined> {
  try {
    return await getJobOrFail(client, name);
  } catch (err) {
    return orNotFound(err);
  }
}

/** The job; a missing one is an error (what a poller wants: a job that vanished is not "still running"). */
export async function getJobOrFail(
  client: MachineLearningClient,
  name: string,
): Promise<JobSnapshot> {
  const { resourceGroup, workspace } = client.workspace;
  return toSnapshot(await client.sdk.jobs.get(resourceGroup, workspace, name));
}

export async function listJobs(
  client: MachineLearningClient,
  options: { tag?: string; limit?: number } = {},
): Promise<JobSnapshot[]> {
  const { resourceGroup, workspace } = client.workspace;
  const limit = options.limit ?? Infinity;
  const jobs: JobSnapshot[] = [];
  for await (const job of client.sdk.jobs.list(resourceGroup, workspace, { tag: options.tag })) {
    if (jobs.length >= limit) break;
    jobs.push(toSnapshot(job));
  }
  return jobs;
}

export interface CancelOptions {
  logger: Logger;
  pollIntervalMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Requests cancellation, waits for the cancel operation, then reads the job until it ends.
 * Returns the last snapshot: Canceled, another terminal status if the job ended first, or a
 * running status when `timeoutMs` passed (the caller reports that as such).
 */
export async function cancelJob(
  client: MachineLearningClient,
  name: string,
  options: CancelOptions,
): Promise<JobSnapshot> {
  const { logger } = options;
  const job = await getJobOrFail(client, name);
  if (isTerminal(job.status)) {
    logger.info(`Job ${name} already ended ${job.status}; nothing to cancel.`);
    return job;
  }
  const { resourceGroup, workspace } = client.workspace;
  logger.info(`Cancelling job ${name} (${job.status})...`);
  const started = Date.now();
  // One budget for the cancel operation and the wait after it.
  const budget = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  try {
    const operation = await client.sdk.jobs.beginCancel(resourceGroup, workspace, name, {
      updateIntervalInMs: options.pollIntervalMs,
      abortSignal: signal,
    });
    await operation.pollUntilDone({ abortSignal: signal });
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  const result = await pollJob(() => getJobOrFail(client, name), await getJobOrFail(client, name), {
    pollIntervalMs: options.pollIntervalMs,
    timeoutMs: Math.max(0, options.timeoutMs - (Date.now() - started)),
    signal: options.signal,
    logger,
  });
  if (result.job.status !== 'Canceled') {
    const why = result.kind === 'terminal' ? 'it ended' : 'it is still';
    logger.warning(`Job ${name} was not canceled: ${why} ${result.job.status}.`);
  }
  return result.job;
}

/** The fields of a job resource that callers act on. */
export function toSnapshot(job: JobBase): JobSnapshot {
  const props = job.properties;
  const outputs: Record<string, string> = {};
  for (const [key, output] of Object.entries((props as Partial<CommandJob>).outputs ?? {})) {
    if (output && 'uri' in output && output.uri) outputs[key] = output.uri;
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(props.tags ?? {})) {
    if (value !== null) tags[key] = value;
  }
  return {
    name: job.name ?? '',
    status: props.status ?? 'Unknown',
    displayName: props.displayName,
    experimentName: props.experimentName,
    computeId: props.computeId,
    studioUrl: props.services?.Studio?.endpoint,
    outputs,
    tags,
    createdAt: job.systemData?.createdAt,
  };
}
