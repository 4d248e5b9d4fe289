/**
 * The one GitHub API client: @actions/github's Octokit (imported when first needed, so a step
 * that fails on its inputs never loads it), rooted at `apiUrl` (GITHUB_API_URL on a runner).
 * A transient answer (`isTransientStatus`: 408, 429, 5xx but 501 and 505) is waited out
 * (`retryWaitMs`: as Retry-After asks, else 1 s, then 2 s): up to 3 attempts within 30 s, so a
 * passing GitHub blip neither loses an audit record nor refuses a promotion.
 */
import type { getOctokit } from '@actions/github';
import { retryWaitMs } from '@mlops-actions/azureml/grammar';

export type GitHubClient = ReturnType<typeof getOctokit>;

const RETRIES = { attempts: 3, budgetMs: 30_000 };

export async function githubClient(token: string, apiUrl: string): Promise<GitHubClient> {
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(token, { baseUrl: apiUrl });
  octokit.hook.wrap('request', async (request, options) => {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        const { status = 0, response } = error as {
          status?: number;
          response?: { headers?: Record<string, string | undefined> };
        };
        const headers = response?.headers ?? {};
        const answer = { status, headers: { get: (name: string) => headers[name] } };
        const wait = retryWaitMs(answer, attempt, Date.now() - started, RETRIES);
        if (wait === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  });
  return octokit;
}
