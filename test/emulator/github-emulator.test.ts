import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGitHubEmulator, type GitHubEmulator } from '@mlops-actions/github-emulator';

describe('github emulator: auth, permissions, pagination, request log', () => {
  let gh: GitHubEmulator;
  const comments = () => `${gh.url}/repos/${gh.owner}/${gh.repo}/issues/${gh.pullNumber}/comments`;
  const send = (url: string, token: string | undefined, init: RequestInit = {}) =>
    fetch(url, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  beforeAll(async () => {
    gh = await startGitHubEmulator();
  });
  afterAll(() => gh?.stop());

  test('a request without a token gets 401 Requires authentication', async () => {
    const res = await send(comments(), undefined);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'Requires authentication', status: '401' });
  });

  test('an unknown token gets 401 Bad credentials', async () => {
    const res = await send(comments(), 'ghs_notatoken');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'Bad credentials' });
  });

  test('a read-only token may list but not comment: 403 naming the operation docs', async () => {
    expect((await send(comments(), gh.tokens.readOnly)).status).toBe(200);
    const res = await send(comments(), gh.tokens.readOnly, {
      method: 'POST',
      body: JSON.stringify({ body: 'hi' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '403',
    });
  });

  test('lists are paged with GitHub Link headers', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await send(comments(), gh.tokens.write, {
        method: 'POST',
        body: JSON.stringify({ body: `comment ${i}` }),
      });
      expect(res.status).toBe(201);
    }
    const first = await send(`${comments()}?per_page=2`, gh.tokens.write);
    expect(((await first.json()) as unknown[]).length).toBe(2);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('page=2>; rel="next"');
    expect(link).toContain('page=3>; rel="last"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
    const second = await send(next, gh.tokens.write);
    const bodies = ((await second.json()) as { body: string }[]).map((c) => c.body);
    expect(bodies).toEqual(['comment 2', 'comment 3']);
    expect(second.headers.get('link')).toContain('rel="prev"');
    const last = await send(`${comments()}?per_page=2&page=3`, gh.tokens.write);
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  test('the request log names tokens, never their values', async () => {
    const log = gh.control.requests();
    expect(log.some((r) => r.token === 'readOnly' && r.status === 403)).toBe(true);
    const text = JSON.stringify(log);
    expect(text).not.toContain(gh.tokens.write);
    expect(text).not.toContain(gh.tokens.readOnly);
  });

  test('the control API changes the pull request the API serves', async () => {
    await fetch(`${gh.url}/_emulator/pull`, {
      method: 'POST',
      body: JSON.stringify({ title: 'CHG-1 retrain', labels: ['model-change'] }),
    });
    const res = await send(
      `${gh.url}/repos/${gh.owner}/${gh.repo}/pulls/${gh.pullNumber}`,
      gh.tokens.write,
    );
    const pull = (await res.json()) as { title: string; labels: { name: string }[] };
    expect(pull.title).toBe('CHG-1 retrain');
    expect(pull.labels.map((l) => l.name)).toEqual(['model-change']);
  });

  test('an environment that does not exist is 404; one that does is served', async () => {
    const env = (name: string) =>
      send(`${gh.url}/repos/${gh.owner}/${gh.repo}/environments/${name}`, gh.tokens.write);
    expect((await env('prod')).status).toBe(200);
    expect((await env('staging')).status).toBe(404);
  });
});

describe('github emulator CLI arguments', () => {
  test('flags become options; a bad one is a usage error naming it', async () => {
    const { parseCliArgs, UsageError } = await import('@mlops-actions/github-emulator');
    expect(parseCliArgs(['--port', '0', '--owner', 'o', '--repo', 'r', '--pull', '3'])).toEqual({
      port: 0,
      owner: 'o',
      repo: 'r',
      pull: { number: 3 },
    });
    expect(parseCliArgs(['--help'])).toBe('help');
    expect(() => parseCliArgs(['--pull', 'x'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--colour', 'red'])).toThrow('unknown option --colour');
  });
});
