import type { Lineage } from '@mlops-actions/azureml';

/** The workflow run registering the model, from the runner's GITHUB_* variables. */
export function runnerLineage(env: NodeJS.ProcessEnv): Lineage {
  const repository = env.GITHUB_REPOSITORY || undefined;
  const runId = env.GITHUB_RUN_ID;
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return {
    commit: env.GITHUB_SHA || undefined,
    repository,
    runUrl:
      repository && runId ? `${server}/${repository}/actions/runs/${runId}${attempt}` : undefined,
  };
}
