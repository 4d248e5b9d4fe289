/**
 * Environments, approvals, permissions and reusable workflow calls: the settings file's
 * variables and secrets (masked), required reviewers recorded by the local GitHub API as GitHub
 * records them, a job that is not approved, the branch policy, a token per job with only its
 * permissions, and called workflows with their inputs, secrets, outputs and environments.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WorkflowError, type Settings } from '@mlops-actions/workflow-runner';
import { checkout, resultOf, runLocal, startServices, type Services } from './support.ts';

let services: Services;
const work = checkout({
  'environments.yml': null,
  'permissions.yml': null,
  'call.yml': null,
  'train-reusable.yml': null,
  'gated-call.yml': null,
  'deploy-reusable.yml': null,
  'nested-permissions.yml': null,
  'wants-write.yml': null,
});
const DEV_SECRET = 'dev-api-key-4f9c1e7a';
const settings: Partial<Settings> = {
  vars: { REGION: 'global', TEAM: 'churn' },
  secrets: { API_KEY: 'repo-api-key-88d2b0c3' },
  environments: {
    dev: {
      vars: { REGION: 'westeurope' },
      secrets: { API_KEY: DEV_SECRET },
      reviewers: [],
      preventSelfReview: false,
    },
    prod: {
      vars: { REGION: 'northeurope' },
      secrets: {},
      reviewers: ['octo-lead', 'octo-dev'],
      preventSelfReview: true,
      branches: ['main', 'release/*'],
    },
  },
};
beforeAll(async () => {
  services = await startServices();
});
afterAll(async () => {
  await services.stop();
  work.remove();
});

const api = async (path: string): Promise<unknown> => {
  const res = await fetch(
    `${services.github.url}/repos/${services.github.owner}/${services.github.repo}${path}`,
    {
      headers: { authorization: `Bearer ${services.github.tokens.write}` },
    },
  );
  expect(res.status).toBe(200);
  return res.json();
};

test("an environment's variables and secrets reach its job, the secret masked; an approval is recorded as GitHub records it", async () => {
  const run = await runLocal(services, work.root, 'environments.yml', {
    settings,
    approvals: { prod: ['octo-lead'] },
  });
  expect(run.text).toContain('region=westeurope team=churn secret=***');
  expect(run.text).not.toContain(DEV_SECRET);
  expect(run.text).toContain(
    '[prod] … waiting for a review of environment prod (reviewers: octo-lead, octo-dev)',
  );
  expect(run.text).toContain('prod approved by octo-lead');
  expect(run.text).toContain('deploying to northeurope after dev in westeurope []');
  expect(run.text).toContain("[dev] Warning: Skip output 'leak' since it may contain secret.");
  expect(run.report.conclusion).toBe('success');
  const approvals = (await api(`/actions/runs/${run.report.runId}/approvals`)) as Record<
    string,
    unknown
  >[];
  expect(approvals).toHaveLength(1);
  expect(approvals[0]).toMatchObject({
    state: 'approved',
    comment: 'Approved with --approve prod:octo-lead',
    user: { login: 'octo-lead', type: 'User' },
    environments: [{ name: 'prod' }],
  });
  expect(await api(`/actions/runs/${run.report.runId}`)).toMatchObject({
    status: 'completed',
    conclusion: 'success',
    event: 'workflow_dispatch',
    path: '.github/workflows/environments.yml@main',
    actor: { login: 'octo-dev' },
  });
  expect(await api('/environments/prod')).toMatchObject({
    protection_rules: [
      {
        type: 'required_reviewers',
        prevent_self_review: true,
        reviewers: [
          { type: 'User', reviewer: { login: 'octo-lead' } },
          { reviewer: { login: 'octo-dev' } },
        ],
      },
      { type: 'branch_policy' },
    ],
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
  });
});

test('a job whose environment nobody approves waits, then is not approved; self-review and non-reviewers do not count', async () => {
  const run = await runLocal(services, work.root, 'environments.yml', {
    settings,
    approvals: { prod: ['octo-dev', 'octo-intern'] },
  });
  expect(run.text).toContain(
    'octo-dev cannot approve prod: started the run, and prod prevents self-review',
  );
  expect(run.text).toContain('octo-intern cannot approve prod: not one of its required reviewers');
  expect(resultOf(run, 'dev')).toBe('success');
  expect(resultOf(run, 'prod')).toBe('failure');
  expect(run.report.jobs.find((j) => j.name === 'prod')?.why).toBe(
    'environment prod was not approved (needs a review by octo-lead or octo-dev; --approve prod:<user>)',
  );
  expect(resultOf(run, 'after-prod')).toBe('skipped');
  expect(run.text).not.toContain('deploying to');
  expect(run.report.conclusion).toBe('failure');
  expect(await api(`/actions/runs/${run.report.runId}/approvals`)).toEqual([]);
  expect(await api(`/actions/runs/${run.report.runId}/pending_deployments`)).toEqual([]);
});

test('a branch the environment does not allow cannot deploy to it', async () => {
  const run = await runLocal(services, work.root, 'environments.yml', {
    settings,
    approvals: { prod: ['octo-lead'] },
    ref: 'refs/heads/feature',
  });
  expect(run.report.jobs.find((j) => j.name === 'prod')?.why).toBe(
    'Branch "feature" is not allowed to deploy to prod due to environment protection rules.',
  );
  expect(run.text).not.toContain('deploying to');
});

test('--approve naming an environment the run never reaches is refused before the run', async () => {
  await expect(
    runLocal(services, work.root, 'environments.yml', {
      settings,
      approvals: { staging: ['octo-lead'] },
    }),
  ).rejects.toThrow(
    new WorkflowError(
      '--approve staging: the run never reaches environment staging (it reaches dev, prod)',
    ),
  );
});

test("each job's token carries only its permissions; OIDC only with id-token: write", async () => {
  services.github.control.clearRequests();
  const run = await runLocal(services, work.root, 'permissions.yml');
  expect(run.report.conclusion).toBe('success');
  expect(run.lines.filter((l) => l.includes('list=')).sort()).toEqual([
    '[reader]   list=200 create=403 oidc=',
    '[writer]   list=200 create=201 oidc=set',
  ]);
  const creates = services.github.control
    .requests()
    .filter((r) => r.method === 'POST' && r.url.endsWith('/deployments'))
    .map((r) => `${r.token}: ${r.status}`)
    .sort();
  expect(creates).toEqual(['reader GITHUB_TOKEN: 403', 'writer GITHUB_TOKEN: 201']);
});

test('reusable workflows run their own jobs and environments with the inputs, secrets and outputs of the call', async () => {
  const run = await runLocal(services, work.root, 'call.yml', { settings });
  expect(resultOf(run, 'local / train')).toBe('success');
  expect(resultOf(run, 'remote / train')).toBe('success');
  // local passes token: the repository's API_KEY, shadowed in its job by dev's own; remote inherits.
  expect(run.text).toContain(
    '[local / train]   training churn retries=2 token=*** key=*** region=westeurope',
  );
  expect(run.text).toContain(
    '[remote / train]   training fraud retries=1 token= key=*** region=westeurope',
  );
  expect(run.text).toContain('local=models:/churn/1 remote=models:/fraud/1 result=success');
  expect(run.report.conclusion).toBe('success');
});

test("a called workflow's job waits for the reviewers of the environment its caller names", async () => {
  const approved = await runLocal(services, work.root, 'gated-call.yml', {
    settings,
    approvals: { prod: ['octo-lead'] },
  });
  expect(approved.text).toContain('[to-prod / deploy] … waiting for a review of environment prod');
  expect(approved.text).toContain('deployed to northeurope');
  expect(approved.report.conclusion).toBe('success');
  const approvals = (await api(`/actions/runs/${approved.report.runId}/approvals`)) as unknown[];
  expect(approvals).toMatchObject([
    { state: 'approved', user: { login: 'octo-lead' }, environments: [{ name: 'prod' }] },
  ]);

  const waiting = await runLocal(services, work.root, 'gated-call.yml', { settings });
  expect(resultOf(waiting, 'to-prod / deploy')).toBe('failure');
  expect(resultOf(waiting, 'to-prod')).toBe('failure');
  expect(resultOf(waiting, 'after')).toBe('skipped');
  await expect(
    runLocal(services, work.root, 'gated-call.yml', {
      settings,
      approvals: { dev: ['octo-lead'] },
    }),
  ).rejects.toThrow('--approve dev: the run never reaches environment dev (it reaches prod)');
});

test("a called workflow's job asking for more than its caller has fails with GitHub's words", async () => {
  const run = await runLocal(services, work.root, 'nested-permissions.yml');
  expect(run.report.jobs.find((j) => j.name === 'reads / deploy')?.why).toBe(
    "The nested job 'deploy' is requesting 'deployments: write', but is only allowed 'deployments: read'.",
  );
  expect(resultOf(run, 'writes / deploy')).toBe('success');
  expect(run.text).toContain('[writes / deploy]   deploying with a write token');
});
