/**
 * The GitHub side of pr-validate, through @actions/github (loaded only when called, so a run that
 * fails on its inputs never loads Octokit). GITHUB_API_URL is honoured as the API root.
 */
import { githubClient, type GitHubClient as Octokit } from '@mlops-actions/action-kit';
import type { ApiFile } from './diff.ts';

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

export interface GitHubClient {
  listFiles(pull: PullRequestRef): Promise<ApiFile[]>;
  upsertComment(pull: PullRequestRef, marker: string, body: string): Promise<CommentResult>;
}

export type CommentResult =
  | { ok: true; url: string; action: 'created' | 'updated' }
  | { ok: false; status: number | undefined; message: string };

export async function gitHubClient(
  token: string,
  apiUrl: string = process.env.GITHUB_API_URL || 'https://api.github.com',
): Promise<GitHubClient> {
  const octokit = await githubClient(token, apiUrl);
  return {
    async listFiles({ owner, repo, number }) {
      return octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: number,
        per_page: 100,
      });
    },
    async upsertComment(pull, marker, body) {
      try {
        return await upsert(octokit, pull, marker, body);
      } catch (err) {
        const status = (err as { status?: unknown }).status;
        return {
          ok: false,
          status: typeof status === 'number' ? status : undefined,
          message: err instanceof Error ? err.message : String(err),
        };
      }
    },
  };
}

/** The one comment carrying `marker`: updated in place when it exists, else created. */
async function upsert(
  octokit: Octokit,
  { owner, repo, number }: PullRequestRef,
  marker: string,
  body: string,
): Promise<CommentResult> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  });
  const text = body.includes(marker) ? body : `${marker}\n${body}`;
  const mine = comments.find((c) => c.body?.includes(marker));
  if (mine) {
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: mine.id,
      body: text,
    });
    return { ok: true, url: data.html_url, action: 'updated' };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: number,
    body: text,
  });
  return { ok: true, url: data.html_url, action: 'created' };
}
