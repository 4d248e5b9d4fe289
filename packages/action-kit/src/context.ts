/**
 * The workflow run a step belongs to, read once from the runner's GITHUB_* variables (as
 * docker/actions-toolkit's github.ts does), so no module reads them ad hoc.
 */
export interface RunnerContext {
  /** `owner/repo` */
  repository?: string | undefined;
  runId?: string | undefined;
  runAttempt?: string | undefined;
  workflow?: string | undefined;
  /** The job's id in the workflow file. */
  job?: string | undefined;
  /** The step's id (or the runner's generated name for it). */
  action?: string | undefined;
  actor?: string | undefined;
  /** Who started this attempt (differs from `actor` on a re-run by someone else). */
  triggeringActor?: string | undefined;
  ref?: string | undefined;
  sha?: string | undefined;
  /** The checked-out repository (`GITHUB_WORKSPACE`). */
  workspace?: string | undefined;
  serverUrl: string;
  /** Link to this attempt of the run; undefined outside a workflow run. */
  runUrl?: string | undefined;
}

export function runnerContext(env: NodeJS.ProcessEnv = process.env): RunnerContext {
  const value = (name: string): string | undefined => env[name] || undefined;
  const repository = value('GITHUB_REPOSITORY');
  const runId = value('GITHUB_RUN_ID');
  const runAttempt = value('GITHUB_RUN_ATTEMPT');
  const serverUrl = value('GITHUB_SERVER_URL') ?? 'https://github.com';
  const attempt = runAttempt ? `/attempts/${runAttempt}` : '';
  return {
    repository,
    runId,
    runAttempt,
    workflow: value('GITHUB_WORKFLOW'),
    job: value('GITHUB_JOB'),
    action: value('GITHUB_ACTION'),
    actor: value('GITHUB_ACTOR'),
    triggeringActor: value('GITHUB_TRIGGERING_ACTOR'),
    ref: value('GITHUB_REF'),
    sha: value('GITHUB_SHA'),
    workspace: value('GITHUB_WORKSPACE'),
    serverUrl,
    runUrl:
      repository && runId
        ? `${serverUrl}/${repository}/actions/runs/${runId}${attempt}`
        : undefined,
  };
}

/**
 * The checked-out repository: what a spec's local paths may resolve into (never the runner's
 * own files). GITHUB_WORKSPACE on a runner, else the working directory.
 */
export function repositoryRoot(env: NodeJS.ProcessEnv = process.env): string {
  return runnerContext(env).workspace ?? process.cwd();
}
