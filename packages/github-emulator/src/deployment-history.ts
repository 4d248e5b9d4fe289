/**
 * The repository's GitHub deployments as a user reads them (the Environments page, or the
 * REST API this reads them through): environment, payload and statuses, oldest first.
 */
import type { GitHubEmulator } from './server.ts';

export interface DeploymentHistoryEntry {
  environment: string;
  payload: Record<string, unknown>;
  /** Status states, oldest first (e.g. `in_progress`, `success`). */
  statuses: string[];
}

export async function deploymentHistory(
  github: Pick<GitHubEmulator, 'url' | 'owner' | 'repo' | 'tokens'>,
): Promise<DeploymentHistoryEntry[]> {
  const get = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${github.url}/repos/${github.owner}/${github.repo}${route}`, {
      headers: { authorization: `Bearer ${github.tokens.write}` },
    });
    if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  // The API lists newest first, deployments and statuses alike.
  const deployments = await get<{ id: number; environment: string; payload: unknown }[]>(
    '/deployments?per_page=100',
  );
  const entries = await Promise.all(
    deployments.map(async (d) => ({
      environment: d.environment,
      payload:
        typeof d.payload === 'object' && d.payload !== null
          ? (d.payload as Record<string, unknown>)
          : {},
      statuses: (await get<{ state: string }[]>(`/deployments/${d.id}/statuses`))
        .map((s) => s.state)
        .reverse(),
    })),
  );
  return entries.reverse();
}
