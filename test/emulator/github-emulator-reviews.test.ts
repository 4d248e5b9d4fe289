/**
 * Pending deployments and their reviews as GitHub takes them: only a required reviewer's review
 * counts, not the run's own actor when the environment prevents self-review; an approved
 * environment stops pending, and the review history shows who approved what.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startGitHubEmulator, type GitHubEmulator } from '@mlops-actions/github-emulator';

let gh: GitHubEmulator;
let runId = 0;
let prodId = 0;
const runPath = () => `${gh.url}/repos/${gh.owner}/${gh.repo}/actions/runs/${runId}`;
const review = (token: string, body: unknown) =>
  fetch(`${runPath()}/pending_deployments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const get = async (path: string) => {
  const res = await fetch(`${runPath()}${path}`, {
    headers: { authorization: `Bearer ${gh.tokens.write}` },
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, unknown>[]>;
};

beforeAll(async () => {
  gh = await startGitHubEmulator({
    environments: [{ name: 'prod', reviewers: ['octo-lead', 'octo-dev'], preventSelfReview: true }],
  });
  prodId = gh.control.putEnvironment({
    name: 'prod',
    reviewers: ['octo-lead', 'octo-dev'],
    preventSelfReview: true,
  }).id as number;
  runId = gh.control.createRun({
    name: 'release',
    path: '.github/workflows/release.yml',
    event: 'workflow_dispatch',
    headBranch: 'main',
    headSha: 'd'.repeat(40),
    actor: 'octo-dev',
  }).id as number;
  gh.control.setPending(runId, 'prod', true);
});
afterAll(() => gh?.stop());

test('the run waits on prod: its pending deployment names the reviewers and who may approve', async () => {
  const asLead = gh.control.addToken('lead', { actions: 'read' }, 'octo-lead');
  const res = await fetch(`${runPath()}/pending_deployments`, {
    headers: { authorization: `Bearer ${asLead}` },
  });
  expect(await res.json()).toMatchObject([
    {
      environment: { id: prodId, name: 'prod' },
      current_user_can_approve: true,
      reviewers: [{ reviewer: { login: 'octo-lead' } }, { reviewer: { login: 'octo-dev' } }],
    },
  ]);
  expect(await get('')).toMatchObject({ status: 'waiting' });
});

test("a non-reviewer's review and the actor's own are refused with 422; nothing is recorded", async () => {
  const intern = gh.control.addToken('intern', { actions: 'read' }, 'octo-intern');
  const actor = gh.control.addToken('actor', { actions: 'read' }, 'octo-dev');
  for (const token of [intern, actor]) {
    const res = await review(token, {
      environment_ids: [prodId],
      state: 'approved',
      comment: 'ok',
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ message: 'Validation Failed' });
  }
  expect(await get('/approvals')).toEqual([]);
  expect(await get('/pending_deployments')).toHaveLength(1);
});

test("a required reviewer's approval is recorded and ends the wait", async () => {
  const lead = gh.control.addToken('lead-2', { actions: 'read' }, 'octo-lead');
  const res = await review(lead, {
    environment_ids: [prodId],
    state: 'approved',
    comment: 'Ship it',
  });
  expect(res.status).toBe(200);
  expect(await get('/approvals')).toMatchObject([
    {
      state: 'approved',
      comment: 'Ship it',
      user: { login: 'octo-lead' },
      environments: [{ name: 'prod' }],
    },
  ]);
  expect(await get('/pending_deployments')).toEqual([]);
  expect(await get('')).toMatchObject({ status: 'in_progress' });
});
