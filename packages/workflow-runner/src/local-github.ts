/**
 * The local GitHub API (packages/github-emulator) as the runner uses it: a token per job with
 * the job's permissions, the workflow run, its pending deployments and their reviews. The same
 * HTTP calls serve an emulator this process started and one already running.
 */
import type { EnvironmentSeed, Permissions, RunSeed } from '@mlops-actions/github-emulator';

export interface LocalGitHub {
  url: string;
  owner: string;
  repo: string;
  mintToken(name: string, permissions: Permissions, user?: string): Promise<string>;
  putEnvironment(seed: EnvironmentSeed): Promise<{ id: number }>;
  createRun(seed: RunSeed): Promise<{ id: number }>;
  updateRun(id: number, change: { status?: string; conclusion?: string | null }): Promise<void>;
  setPending(id: number, environment: string, waiting: boolean): Promise<void>;
  /** Environment names still pending on the run. */
  pending(id: number): Promise<string[]>;
  /** A required reviewer's review, as GitHub takes it; the refusal's words when not allowed. */
  review(
    id: number,
    environmentId: number,
    user: string,
    comment: string,
  ): Promise<{ ok: true } | { ok: false; why: string }>;
}

export function localGitHub(url: string, owner: string, repo: string): LocalGitHub {
  let admin: string | undefined;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(url + path, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const { status, json } = await call(method, `/_emulator${path}`, body);
    if (status >= 300) throw new Error(`local GitHub API: ${method} ${path} answered ${status}`);
    return json;
  };
  const mintToken = async (name: string, permissions: Permissions, user?: string) =>
    ((await control('POST', '/tokens', { name, permissions, user })) as { token: string }).token;
  const repoPath = `/repos/${owner}/${repo}`;
  return {
    url,
    owner,
    repo,
    mintToken,
    putEnvironment: async (seed) => (await control('PUT', '/environments', seed)) as { id: number },
    createRun: async (seed) => (await control('POST', '/runs', seed)) as { id: number },
    updateRun: async (id, change) => void (await control('PATCH', `/runs/${id}`, change)),
    setPending: async (id, environment, waiting) =>
      void (await control('POST', `/runs/${id}/pending`, { environment, waiting })),
    async pending(id) {
      admin ??= await mintToken('workflow-runner', { actions: 'read' });
      const { json } = await call(
        'GET',
        `${repoPath}/actions/runs/${id}/pending_deployments`,
        undefined,
        admin,
      );
      return (json as { environment: { name: string } }[]).map((p) => p.environment.name);
    },
    async review(id, environmentId, user, comment) {
      const token = await mintToken(`reviewer ${user}`, { actions: 'read' }, user);
      const { status, json } = await call(
        'POST',
        `${repoPath}/actions/runs/${id}/pending_deployments`,
        { environment_ids: [environmentId], state: 'approved', comment },
        token,
      );
      if (status === 200) return { ok: true };
      return {
        ok: false,
        why: `${status} ${(json as { message?: string })?.message ?? ''}`.trim(),
      };
    },
  };
}
