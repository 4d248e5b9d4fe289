/**
 * The gate's GitHub reads through @actions/github (imported when first needed). GITHUB_API_URL
 * is the API root, as on the runner. A 403 or 404 names the permission the token lacks.
 */
import { githubClient, type GitHubClient } from '@mlops-actions/action-kit';
import { DEPLOY_TASK, readPayload } from './deployment-records.ts';
import type { EnvironmentProtection, GitHubReads, RunReview } from './types.ts';

export interface GitHubTarget {
  owner: string;
  repo: string;
  runId: number;
  token: string;
  apiUrl: string;
}

export function gitHubReads(target: GitHubTarget): GitHubReads {
  const { owner, repo } = target;
  let client: Promise<GitHubClient> | undefined;
  const octokit = () => (client ??= githubClient(target.token, target.apiUrl));
  const explain = (what: string, permission: string) => (error: unknown) => {
    const status = (error as { status?: number }).status;
    const hint =
      status === 403 || status === 404 ? ` (the token needs \`permissions: ${permission}\`)` : '';
    throw new Error(`${what}: ${(error as Error).message}${hint}`);
  };
  return {
    async defaultBranch() {
      const { data } = await (
        await octokit()
      ).rest.actions
        .getWorkflowRun({ owner, repo, run_id: target.runId })
        .catch(explain(`run ${target.runId}`, 'actions: read'));
      const branch = (data.repository as { default_branch?: string }).default_branch;
      if (!branch) throw new Error(`run ${target.runId}: GitHub named no default branch`);
      return branch;
    },
    async runReviews(): Promise<RunReview[]> {
      const { data } = await (
        await octokit()
      ).rest.actions
        .getReviewsForRun({ owner, repo, run_id: target.runId })
        .catch(explain(`the approvals of run ${target.runId}`, 'actions: read'));
      return data.map((r) => ({
        state: r.state,
        user: { login: r.user.login },
        environments: r.environments.map((e) => ({ name: e.name ?? '' })),
      }));
    },
    async environment(name): Promise<EnvironmentProtection> {
      const { data } = await (
        await octokit()
      ).rest.repos
        .getEnvironment({ owner, repo, environment_name: name })
        .catch(explain(`environment ${name}`, 'actions: read'));
      const rules = (data.protection_rules ?? []) as {
        type: string;
        prevent_self_review?: boolean;
        reviewers?: { reviewer?: { login?: string; slug?: string } | null }[];
      }[];
      const reviewersRule = rules.find((r) => r.type === 'required_reviewers');
      const policy = data.deployment_branch_policy;
      return {
        name,
        reviewers: (reviewersRule?.reviewers ?? []).map(
          (r) => r.reviewer?.login ?? r.reviewer?.slug ?? '?',
        ),
        preventSelfReview: reviewersRule?.prevent_self_review === true,
        branchPolicy: !policy ? null : policy.protected_branches ? 'protected' : 'custom',
      };
    },
    async deploymentOutcomes(environment, model) {
      const api = await octokit();
      const deployments = await api
        .paginate(api.rest.repos.listDeployments, {
          owner,
          repo,
          environment,
          task: DEPLOY_TASK,
          per_page: 100,
        })
        .catch(explain(`the deployments to ${environment}`, 'deployments: read'));
      const outcomes: string[] = [];
      for (const deployment of deployments.filter((d) => readPayload(d.payload)?.model === model)) {
        const { data } = await api.rest.repos
          .listDeploymentStatuses({ owner, repo, deployment_id: deployment.id, per_page: 1 })
          .catch(explain(`the statuses of deployment ${deployment.id}`, 'deployments: read'));
        outcomes.push(data[0]?.state ?? 'pending');
      }
      return outcomes;
    },
  };
}
