import { createHash, randomBytes } from 'node:crypto';

/**
 * The job name a workflow step submits under when `job-name` is not given. It depends only on
 * what stays the same when a run is re-run (repository, run id, workflow, job and step), so a
 * re-run finds the job its previous attempt started instead of submitting a duplicate.
 */
export function derivedJobName(env: NodeJS.ProcessEnv): string {
  const runId = env.GITHUB_RUN_ID;
  if (!runId) return `job-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const step = [env.GITHUB_REPOSITORY, env.GITHUB_WORKFLOW, env.GITHUB_JOB, env.GITHUB_ACTION].join(
    '|',
  );
  const stepHash = createHash('sha256').update(step).digest('hex').slice(0, 8);
  const repo = (env.GITHUB_REPOSITORY?.split('/')[1] ?? 'gh')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${repo || 'gh'}-${runId}-${stepHash}`;
}
