import { readFileSync } from 'node:fs';
import type { PullInfo } from './rules.ts';

export interface PullRequestEvent extends PullInfo {
  baseSha: string;
  headSha: string;
}

/**
 * The pull request this run is for, from the event payload the runner writes
 * (GITHUB_EVENT_PATH); undefined outside a pull_request or pull_request_target event.
 */
export function pullRequestEvent(
  env: NodeJS.ProcessEnv = process.env,
): PullRequestEvent | undefined {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  let payload: { pull_request?: Record<string, unknown> };
  try {
    payload = JSON.parse(readFileSync(file, 'utf8')) as typeof payload;
  } catch {
    return undefined;
  }
  const pr = payload.pull_request;
  if (!pr || typeof pr.number !== 'number') return undefined;
  const sha = (side: unknown) => String((side as { sha?: unknown } | undefined)?.sha ?? '');
  const labels = Array.isArray(pr.labels) ? (pr.labels as { name?: unknown }[]) : [];
  return {
    number: pr.number,
    title: typeof pr.title === 'string' ? pr.title : '',
    body: typeof pr.body === 'string' ? pr.body : '',
    labels: labels.map((l) => String(l.name ?? '')).filter(Boolean),
    baseSha: sha(pr.base),
    headSha: sha(pr.head),
  };
}
