import type { RunnerContext } from '@mlops-actions/action-kit';

/**
 * The job name a workflow step submits under when `job-name` is not given. It depends only on
 * what stays the same when a run is re-run (repository, run id, workflow, job and step), so a
 * re-run finds the job its previous attempt started instead of submitting a duplicate.
 */
export function derivedJobName(run: RunnerContext): string {
  // Loaded here, not at start-up: a step that fails on its inputs never needs it.
  const { createHash, randomBytes } = process.getBuiltinModule('node:crypto');
  if (!run.runId) return `job-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const step = [run.repository, run.workflow, run.job, run.action].join('|');
  const stepHash = createHash('sha256').update(step).digest('hex').slice(0, 8);
  const repo = (run.repository?.split('/')[1] ?? 'gh')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${repo || 'gh'}-${run.runId}-${stepHash}`;
}
