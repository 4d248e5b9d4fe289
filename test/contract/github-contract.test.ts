import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGitHubEmulator, type GitHubEmulator } from '@mlops-actions/github-emulator';
import { compareShape } from './shape.ts';
import type { Spec } from './spec.ts';
import { locateGitHubSpecs } from './spec-source.ts';
import {
  loadGitHubSpec,
  readGitHubExample,
  readGitHubExamples,
  type GitHubExample,
} from './github-spec.ts';

const dir = locateGitHubSpecs();
const skipReason = dir ? '' : ' (skipped: no github-rest/ in $MLOPS_SPECS_DIR or ../shared/specs)';

/** Examples of operations the emulator does not serve yet (other issues add them). */
const NOT_SERVED = new Set([
  'actions/list-workflow-run-artifacts',
  'checks/create',
  'repos/list-deployment-branch-policies',
]);
/** create-deployment's 202 is GitHub merging the default branch first; the emulator never does. */
const NOT_REPRODUCED = new Set(['repos--create-deployment.202.merged-branch-response.json']);

interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

describe.skipIf(!dir)(`GitHub emulator responses match GitHub's examples${skipReason}`, () => {
  let gh: GitHubEmulator;
  let spec: Spec;
  let deploymentId = 0;
  let commentId = 0;
  let runId = 0;

  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(gh.url + path, {
      method,
      headers: {
        authorization: `Bearer ${gh.tokens.write}`,
        accept: 'application/vnd.github+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      headers: res.headers,
    };
  };
  const repo = () => `/repos/${gh.owner}/${gh.repo}`;

  /** How each served example is replayed: the request that should give its response. */
  const replays: Record<string, () => Promise<Reply>> = {
    'issues/list-comments': () => call('GET', `${repo()}/issues/${gh.pullNumber}/comments`),
    'issues/create-comment': () =>
      call('POST', `${repo()}/issues/${gh.pullNumber}/comments`, { body: 'Me too' }),
    'issues/update-comment': () =>
      call('PATCH', `${repo()}/issues/comments/${commentId}`, { body: 'Me too, edited' }),
    'pulls/get': () => call('GET', `${repo()}/pulls/${gh.pullNumber}`),
    'pulls/list-files': () => call('GET', `${repo()}/pulls/${gh.pullNumber}/files`),
    'repos/list-deployments': () => call('GET', `${repo()}/deployments`),
    'repos/create-deployment': () =>
      call('POST', `${repo()}/deployments`, {
        ref: 'topic-branch',
        payload: { deploy: 'migrate' },
        description: 'Deploy request from hubot',
      }),
    'repos/list-deployment-statuses': () =>
      call('GET', `${repo()}/deployments/${deploymentId}/statuses`),
    'repos/create-deployment-status': () =>
      call('POST', `${repo()}/deployments/${deploymentId}/statuses`, {
        state: 'success',
        target_url: 'https://example.com/deployment/42/output',
        description: 'Deployment finished successfully.',
        environment_url: 'https://example.com',
      }),
    'repos/get-environment': () => call('GET', `${repo()}/environments/prod`),
    'actions/get-workflow-run': () => call('GET', `${repo()}/actions/runs/${runId}`),
    'actions/get-reviews-for-run': () => call('GET', `${repo()}/actions/runs/${runId}/approvals`),
    'actions/get-pending-deployments-for-run': () =>
      call('GET', `${repo()}/actions/runs/${runId}/pending_deployments`),
  };

  beforeAll(async () => {
    spec = loadGitHubSpec(dir ?? '');
    gh = await startGitHubEmulator({
      pull: {
        labels: ['model-change'],
        body: 'Retrain churn',
        files: [
          { filename: 'models/churn/job.yml', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' },
        ],
      },
    });
    // Every list has one item, so each item is compared with the example's.
    const comment = await call('POST', `${repo()}/issues/${gh.pullNumber}/comments`, { body: 'x' });
    commentId = (comment.body as { id: number }).id;
    const deployment = await call('POST', `${repo()}/deployments`, { ref: 'main' });
    deploymentId = (deployment.body as { id: number }).id;
    await call('POST', `${repo()}/deployments/${deploymentId}/statuses`, { state: 'queued' });
    // A run that waited on staging (approved by its reviewer) and waits on prod now.
    for (const name of ['staging', 'prod']) {
      gh.control.putEnvironment({ name, reviewers: ['octocat'], branches: ['main'] });
    }
    const run = gh.control.createRun({
      name: 'Build',
      path: '.github/workflows/build.yml',
      event: 'push',
      headBranch: 'main',
      headSha: 'c'.repeat(40),
      actor: 'octo-dev',
    });
    runId = run.id as number;
    gh.control.setPending(runId, 'staging', true);
    gh.control.setPending(runId, 'prod', true);
    const reviewer = gh.control.addToken('octocat', { actions: 'read' }, 'octocat');
    const staging = await call('GET', `${repo()}/environments/staging`);
    const review = await fetch(`${gh.url}${repo()}/actions/runs/${runId}/pending_deployments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        environment_ids: [(staging.body as { id: number }).id],
        state: 'approved',
        comment: 'Ship it!',
      }),
    });
    expect(review.status).toBe(200);
  });
  afterAll(() => gh?.stop());

  const examples: GitHubExample[] = dir ? readGitHubExamples(dir) : [];

  test('every example is replayed, or listed as not served with the reason', () => {
    for (const example of examples) {
      const known =
        example.operationId in replays ||
        NOT_SERVED.has(example.operationId) ||
        NOT_REPRODUCED.has(example.file);
      expect(known, `${example.file}: no replay and not listed`).toBe(true);
    }
    expect(Object.keys(replays).length).toBe(13);
  });

  test.each(examples.filter((e) => e.operationId in replays && !NOT_REPRODUCED.has(e.file)))(
    '$operationId $status ($example)',
    async (example) => {
      const replay = replays[example.operationId];
      if (!replay) throw new Error(`no replay for ${example.operationId}`);
      const reply = await replay();
      expect(reply.status).toBe(Number(example.status));
      const schema = spec.operation(example.operationId).responses[example.status];
      const expected = readGitHubExample(dir ?? '', example.file);
      expect(compareShape(reply.body, expected, schema, spec)).toEqual([]);
    },
  );

  test.each([
    {
      operationId: 'issues/list-comments',
      method: 'GET',
      path: '/issues/999/comments',
      status: 404,
    },
    {
      operationId: 'issues/create-comment',
      method: 'POST',
      path: '/issues/7/comments',
      status: 422,
    },
    { operationId: 'repos/create-deployment', method: 'POST', path: '/deployments', status: 422 },
  ])(
    '$operationId: the $status error has the spec shape',
    async ({ operationId, method, path, status }) => {
      const reply = await call(method, repo() + path, method === 'POST' ? {} : undefined);
      expect(reply.status).toBe(status);
      const schema = spec.operation(operationId).responses[String(status)];
      expect(schema).toBeDefined();
      expect(compareShape(reply.body, undefined, schema, spec)).toEqual([]);
    },
  );
});
