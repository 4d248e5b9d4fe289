/**
 * Idempotent submission: a re-run of a workflow finds the job its earlier attempt started and
 * waits for it again instead of starting a second one.
 */
import type { JobBase } from '@azure/arm-machinelearning';
import type { MachineLearningClient } from '../transport/client.ts';
import { resolveLatestEnvironment } from './environment-latest.ts';
import { getJob, submitJob } from './jobs.ts';
import type { JobSnapshot, Logger } from '../types.ts';

/** How many names (`base`, `base-2`, ... `base-20`) a re-run may walk before giving up. */
export const MAX_JOB_ATTEMPTS = 20;

/**
 * What to do with the job already under a name: none -> submit; running or Completed -> attach
 * (re-waiting is free, re-training is not); Failed or Canceled -> try the next name.
 */
export function decideAttach(existing: JobSnapshot | undefined): 'submit' | 'attach' | 'next' {
  if (!existing) return 'submit';
  return existing.status === 'Failed' || existing.status === 'Canceled' ? 'next' : 'attach';
}

export interface ResolveJobOptions {
  /** The caller named the job: use that name only, never `-2`, `-3`... */
  exactName?: boolean;
}

export async function resolveJob(
  client: MachineLearningClient,
  baseName: string,
  body: JobBase,
  logger: Logger,
  options: ResolveJobOptions = {},
): Promise<{ job: JobSnapshot; attached: boolean }> {
  const attempts = options.exactName ? 1 : MAX_JOB_ATTEMPTS;
  let resolvedBody: JobBase | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const name = attempt === 1 ? baseName : `${baseName}-${attempt}`;
    const existing = await getJob(client, name);
    if (existing && decideAttach(existing) === 'attach') {
      logger.info(
        `Job ${name} already exists (${existing.status}): attaching to it instead of submitting again.`,
      );
      return { job: existing, attached: true };
    }
    if (existing) {
      logger.info(`Job ${name} ended ${existing.status}; an earlier attempt used that name.`);
      continue;
    }
    resolvedBody ??= await resolveLatestEnvironment(client, body, logger);
    const outcome = await submitOrAttach(client, name, resolvedBody);
    if (outcome) return outcome;
  }
  throw new Error(
    options.exactName
      ? `job name ${baseName}: expected a name that is free or a job still running or Completed; given a name whose job ended Failed or Canceled. Choose a new job name.`
      : `job name ${baseName}: expected a free name among ${baseName} ... ${baseName}-${attempts}; given ${attempts} names whose jobs all ended Failed or Canceled.`,
  );
}

/**
 * PUT the job. When the PUT fails, the job may exist all the same: a reply lost after the job
 * was created and the retried PUT refused (409), or a concurrent run. One GET tells; a job found
 * there is attached to, or skipped (undefined) when it already ended badly.
 */
async function submitOrAttach(
  client: MachineLearningClient,
  name: string,
  body: JobBase,
): Promise<{ job: JobSnapshot; attached: boolean } | undefined> {
  try {
    return { job: await submitJob(client, name, body), attached: false };
  } catch (err) {
    const existing = await getJob(client, name).catch(() => undefined);
    if (!existing) throw err;
    return decideAttach(existing) === 'attach' ? { job: existing, attached: true } : undefined;
  }
}
