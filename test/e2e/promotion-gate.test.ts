/**
 * promotion-gate, bundled, against the Azure ML emulator, the local GitHub API (a run, its
 * approvals, protected environments, the audit trail's deployments) and a ServiceNow-shaped
 * ticket API: a PROD promotion that keeps the policy passes; each way of breaking it is refused
 * in one line, in the summary and in the audit record, and nothing is written to Azure.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  serviceNowTime,
  startTicketApi,
  type Emulator,
  type TicketApiFixture,
} from '@mlops-actions/emulator';
import { startGitHubEmulator, type GitHubEmulator } from '@mlops-actions/github-emulator';
import { workflowContext } from '@mlops-actions/local-runner';
import { armClient } from '../emulator/support.ts';
import {
  actionStep,
  errorsOf,
  expectNoLeak,
  runMainStep,
  startE2eEmulator,
  uniqueName,
} from './support.ts';

let emu: Emulator;
let gh: GitHubEmulator;
let tickets: TicketApiFixture;
const model = uniqueName('churn');
type Login = 'ada' | 'grace' | 'mona';
let tokens: Record<Login | 'gate' | 'noActions' | 'deployer', string>;
const TICKET_PASSWORD = 'tk-p4ssw0rd-gate';

const hour = 3_600_000;

beforeAll(async () => {
  emu = await startE2eEmulator();
  emu.trustInProcess();
  gh = await startGitHubEmulator();
  const now = Date.now();
  tickets = await startTicketApi({
    authorization: `Basic ${Buffer.from(`gate:${TICKET_PASSWORD}`).toString('base64')}`,
    tickets: [
      {
        number: 'CHG0030001',
        approval: 'approved',
        state: '-1',
        start_date: serviceNowTime(now - hour),
        end_date: serviceNowTime(now + hour),
      },
      {
        number: 'CHG0030002',
        approval: 'rejected',
        state: '-1',
        start_date: serviceNowTime(now - hour),
        end_date: serviceNowTime(now + hour),
      },
      {
        number: 'CHG0030003',
        approval: 'approved',
        state: '-2',
        start_date: serviceNowTime(now + 24 * hour),
        end_date: serviceNowTime(now + 25 * hour),
      },
    ],
  });
  const userToken = (login: Login) => gh.control.addToken(login, { actions: 'write' }, login);
  tokens = {
    ada: userToken('ada'),
    grace: userToken('grace'),
    mona: userToken('mona'),
    gate: gh.control.addToken('gate', { actions: 'read', deployments: 'read' }),
    noActions: gh.control.addToken('no-actions', { deployments: 'read' }),
    deployer: gh.control.addToken('deployer', { deployments: 'write' }),
  };

  // The model version, registered; and its TEST success as notify mode audit records it.
  await armClient(emu).modelVersions.createOrUpdate(emu.resourceGroup, emu.workspace, model, '1', {
    properties: { modelUri: 'azureml://datastores/workspaceblobstore/paths/models/churn/' },
  });
  const deployment = await github('POST', '/deployments', tokens.deployer, {
    ref: 'main',
    environment: 'test',
    task: 'deploy',
    auto_merge: false,
    required_contexts: [],
    payload: { model: `${model}:1`, endpoint: 'churn-test', changeTicket: null },
  });
  await github(
    'POST',
    `/deployments/${(deployment as { id: number }).id}/statuses`,
    tokens.deployer,
    { state: 'success' },
  );
});
afterAll(async () => {
  await Promise.all([emu?.stop(), gh?.stop(), tickets?.stop()]);
});

async function github(
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${gh.url}/repos/${gh.owner}/${gh.repo}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
}

const strictEnvironment = (name: string, reviewer: string) =>
  gh.control.putEnvironment({
    name,
    reviewers: [reviewer],
    preventSelfReview: true,
    branches: ['main'],
  }) as { id: number };

/** A run triggered by `actor`, approved for prod-approval and prod by `approvers` (in order). */
async function approvedRun(actor: string, approvers: [Login, Login]): Promise<number> {
  const run = gh.control.createRun({
    name: 'mlops-pipeline',
    path: '.github/workflows/mlops-pipeline.yml',
    event: 'workflow_dispatch',
    headBranch: 'main',
    headSha: 'a'.repeat(40),
    actor,
  }) as { id: number };
  const stages: [string, Login][] = [
    ['prod-approval', approvers[0]],
    ['prod', approvers[1]],
  ];
  for (const [name, approver] of stages) {
    const environment = strictEnvironment(name, approver);
    gh.control.setPending(run.id, name, true);
    await github('POST', `/actions/runs/${run.id}/pending_deployments`, tokens[approver], {
      environment_ids: [environment.id],
      state: 'approved',
      comment: 'ok',
    });
  }
  return run.id;
}

async function gate(options: {
  runId: number;
  inputs?: Record<string, string>;
  context?: Record<string, string>;
  token?: string;
}) {
  emu.control.resetStats();
  const result = await runMainStep(
    actionStep('promotion-gate', emu, {
      context: workflowContext({
        GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
        GITHUB_RUN_ID: String(options.runId),
        GITHUB_TRIGGERING_ACTOR: 'mona',
        GITHUB_ACTOR: 'mona',
        GITHUB_ACTION: 'gate',
        ...options.context,
      }),
      env: gh.env(),
      inputs: {
        target: 'prod',
        model: `azureml:${model}:1`,
        'change-ticket': 'CHG0030001',
        'ticket-api-url': tickets.url,
        'ticket-api-user': 'gate',
        'ticket-api-password': TICKET_PASSWORD,
        'github-token': options.token ?? tokens.gate,
        ...options.inputs,
      },
    }),
  );
  const requests = emu.control.stats().requests;
  const reads = requests.filter((r) => r.method === 'GET').map((r) => r.route);
  const changes = requests.filter(
    (r) => r.method !== 'GET' && r.route !== 'entra.token' && r.route !== 'oidc.token',
  );
  return { result, changes, reads };
}

describe('promotion-gate for prod', () => {
  test('passes when the policy holds: every check in the log and the summary, nothing written to Azure', async () => {
    const runId = await approvedRun('mona', ['ada', 'grace']);
    const { result, changes, reads } = await gate({ runId });
    expect(errorsOf(result)).toEqual([]);
    expect(result.outputs.passed).toBe('true');
    expect(result.log).toContain(
      'pass approvals: 2 of 2 distinct approvers for prod-approval then prod (ada, grace)',
    );
    expect(result.log).toContain(`pass passed test: ${model}:1 succeeded in test before`);
    expect(result.summary).toContain(`### Promotion of ${model}:1 to prod: passed`);
    expect(changes).toEqual([]);
    expect(reads).toContain('models.versions.get');
    expectNoLeak(emu, [result]);
    for (const secret of [TICKET_PASSWORD, tokens.gate]) {
      expect(JSON.stringify([result.log, result.summary, result.outputs])).not.toContain(secret);
    }
  });

  test.each([
    [
      'a missing ticket',
      { inputs: { 'change-ticket': '' } },
      'change ticket: no change ticket given; expected one matching ^CHG\\d{7}$',
    ],
    [
      'a malformed ticket',
      { inputs: { 'change-ticket': 'CHG-1' } },
      'change ticket: "CHG-1" does not match ^CHG\\d{7}$',
    ],
    [
      'a ticket the API says is not approved',
      { inputs: { 'change-ticket': 'CHG0030002' } },
      'CHG0030002 is not approved (approval: rejected)',
    ],
    [
      'a ticket outside its window',
      { inputs: { 'change-ticket': 'CHG0030003' } },
      "outside CHG0030003's window",
    ],
    [
      'a run not on the default branch',
      { context: { GITHUB_REF: 'refs/heads/hotfix' } },
      'default branch: the run is on refs/heads/hotfix, not on main',
    ],
    [
      'a model version with no TEST success',
      { inputs: { 'passed-environment': 'staging' } },
      `passed staging: ${model}:1 was never deployed to staging`,
    ],
    [
      'a model version that does not exist',
      { inputs: { model: `azureml:${model}:9` } },
      `model version: ${model}:9 does not exist in the workspace`,
    ],
  ])('refuses %s, in one line, with no Azure write', async (_, options, reason) => {
    const runId = await approvedRun('mona', ['ada', 'grace']);
    const { result, changes } = await gate({ runId, ...options });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.passed).toBe('false');
    expect(result.outputs.reason).toContain(reason);
    expect(errorsOf(result)[0]).toContain('to prod refused');
    expect(result.summary).toContain(': refused');
    expect(changes).toEqual([]);
  });

  test('a passing GitHub blip (502, then 429 with Retry-After) on its reads does not refuse the promotion', async () => {
    const runId = await approvedRun('mona', ['ada', 'grace']);
    const repoPath = `/repos/${gh.owner}/${gh.repo}`;
    gh.control.addFault({
      method: 'GET',
      pathPrefix: `${repoPath}/actions/runs/${runId}/approvals`,
      status: 502,
    });
    gh.control.addFault({
      method: 'GET',
      pathPrefix: `${repoPath}/environments/prod`,
      status: 429,
      retryAfterSeconds: 1,
    });
    const { result, changes } = await gate({ runId });
    expect(errorsOf(result)).toEqual([]);
    expect(result.outputs.passed).toBe('true');
    expect(
      gh.control
        .requests()
        .filter((r) => r.status === 502 || r.status === 429)
        .map((r) => r.status)
        .sort(),
    ).toEqual([429, 502]);
    expect(changes).toEqual([]);
  });

  test('one approver twice is one approver; the initiator approving does not count', async () => {
    const oneTwice = await gate({ runId: await approvedRun('mona', ['ada', 'ada']) });
    expect(oneTwice.result.outputs.reason).toBe(
      'approvals: 1 of 2 distinct approvers for prod-approval then prod (ada)',
    );

    // GitHub stops the initiator only where prevent_self_review is on: with prod loosened, the
    // initiator's own approval goes through, and the gate neither counts it nor lets it pass.
    strictEnvironment('prod-approval', 'ada');
    const prod = gh.control.putEnvironment({
      name: 'prod',
      reviewers: ['mona'],
      preventSelfReview: false,
      branches: ['main'],
    }) as { id: number };
    const selfApproved = gh.control.createRun({
      name: 'mlops-pipeline',
      path: '.github/workflows/mlops-pipeline.yml',
      event: 'workflow_dispatch',
      headBranch: 'main',
      headSha: 'b'.repeat(40),
      actor: 'mona',
    }) as { id: number };
    gh.control.setPending(selfApproved.id, 'prod', true);
    await github('POST', `/actions/runs/${selfApproved.id}/pending_deployments`, tokens.mona, {
      environment_ids: [prod.id],
      state: 'approved',
      comment: 'me',
    });
    const self = await gate({ runId: selfApproved.id });
    expect(self.result.outputs.reason).toContain(
      '0 of 2 distinct approvers for prod-approval then prod (none); the approval of mona, who triggered the run, does not count',
    );
    expect(self.result.outputs.reason).toContain(
      'prod protection: environment prod is configured more loosely than the policy: prevent_self_review is off',
    );
  });

  test('a token that cannot read the run is refused naming the permission', async () => {
    const runId = await approvedRun('mona', ['ada', 'grace']);
    const { result, changes } = await gate({ runId, token: tokens.noActions });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.reason).toContain('the token needs `permissions: actions: read`');
    expect(changes).toEqual([]);
  });
});
