/**
 * The GitHub side of `mode: audit`: the deployments of deploymentRequests posted to the GitHub
 * Deployments API through @actions/github (loaded only when there is something to post, so
 * `mode: notify` never loads Octokit). GITHUB_API_URL is honoured as the API root.
 *
 * Idempotent: a deployment is looked up first (same environment, ref and task, and the same
 * model and endpoint in its payload) and reused; its statuses are posted only when that
 * deployment has no status of the same state from the same run attempt (`log_url`) yet, so
 * re-running the same audit adds nothing, and a later attempt adds to the history.
 */
import { githubClient, type GitHubClient as Octokit } from '@mlops-actions/action-kit';
import { DEPLOY_TASK, readPayload } from '@mlops-actions/gates';
import type { DeploymentRequest } from './deployments.ts';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PostedDeployment {
  environment: string;
  model: string;
  id: number;
  /** `created`: a new deployment; `updated`: statuses added to an existing one; `unchanged`. */
  action: 'created' | 'updated' | 'unchanged';
}

export type PostResult =
  | { ok: true; deployments: PostedDeployment[] }
  | {
      ok: false;
      deployments: PostedDeployment[];
      status: number | undefined;
      message: string;
    };

export async function postDeployments(
  requests: readonly DeploymentRequest[],
  token: string,
  where: RepoRef,
  apiUrl: string = process.env.GITHUB_API_URL || 'https://api.github.com',
): Promise<PostResult> {
  const octokit = await githubClient(token, apiUrl);
  const done: PostedDeployment[] = [];
  try {
    for (const request of requests) done.push(await postOne(octokit, where, request));
    return { ok: true, deployments: done };
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    return {
      ok: false,
      deployments: done,
      status: typeof status === 'number' ? status : undefined,
      message: err instanceof Error ? err.message : String(err),
    };
  }
}

const samePayload = (payload: unknown, want: DeploymentRequest['deployment']['payload']) => {
  const p = readPayload(payload);
  return p?.model === want.model && (p?.endpoint ?? null) === want.endpoint;
};

async function postOne(
  octokit: Octokit,
  { owner, repo }: RepoRef,
  { deployment, statuses }: DeploymentRequest,
): Promise<PostedDeployment> {
  const existing = await octokit.paginate(octokit.rest.repos.listDeployments, {
    owner,
    repo,
    environment: deployment.environment,
    ref: deployment.ref,
    task: DEPLOY_TASK,
    per_page: 100,
  });
  const found = existing.find((d) => samePayload(d.payload, deployment.payload));
  let id: number;
  let action: PostedDeployment['action'];
  if (found) {
    id = found.id;
    const posted = await octokit.paginate(octokit.rest.repos.listDeploymentStatuses, {
      owner,
      repo,
      deployment_id: id,
      per_page: 100,
    });
    const last = statuses.at(-1);
    const already = posted.some(
      (s) => s.state === last?.state && (s.log_url ?? null) === (last?.log_url ?? null),
    );
    if (already)
      return {
        environment: deployment.environment,
        model: deployment.payload.model,
        id,
        action: 'unchanged',
      };
    action = 'updated';
  } else {
    const { data } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      task: DEPLOY_TASK,
      ...deployment,
    });
    if (!('id' in data))
      throw new Error(`GitHub did not create the deployment: ${data.message ?? ''}`);
    id = data.id;
    action = 'created';
  }
  for (const status of statuses) {
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: status.state,
      description: status.description,
      ...(status.log_url ? { log_url: status.log_url } : {}),
      ...(status.environment_url ? { environment_url: status.environment_url } : {}),
    });
  }
  return { environment: deployment.environment, model: deployment.payload.model, id, action };
}
