/**
 * The promotion gate's decisions: each check refuses what the policy says it must, with a
 * one-line reason, and the gate passes only when all pass. The ticket API is a real HTTP
 * server in ServiceNow's shape; GitHub's side is a table of what the API would answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  evaluateGate,
  type GatePolicy,
  type GateRequest,
  type GitHubReads,
} from '@mlops-actions/gates';
import { startTicketApi, type TicketApiFixture } from '@mlops-actions/emulator';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const AUTH = `Basic ${Buffer.from('gate:s3cret').toString('base64')}`;
let api: TicketApiFixture;

beforeAll(async () => {
  api = await startTicketApi({
    authorization: AUTH,
    tickets: [
      {
        number: 'CHG0000001',
        approval: 'approved',
        state: '-2',
        start_date: '2026-12-02 08:00:00',
        end_date: '2026-12-02 12:00:00',
      },
      {
        number: 'CHG0000002',
        approval: 'requested',
        state: '-2',
        start_date: '2026-12-02 08:00:00',
        end_date: '2026-12-02 12:00:00',
      },
      {
        number: 'CHG0000003',
        approval: 'approved',
        state: '-1',
        start_date: '2026-12-03 08:00:00',
        end_date: '2026-12-03 12:00:00',
      },
      {
        number: 'CHG0000004',
        approval: 'approved',
        state: '3',
        start_date: '2026-12-02 08:00:00',
        end_date: '2026-12-02 12:00:00',
      },
    ],
  });
});
afterAll(() => api?.stop());

const prodPolicy = (): GatePolicy => ({
  ticketPattern: /^CHG\d{7}$/,
  ticketApi: { url: api.url, auth: { kind: 'basic', user: 'gate', password: 's3cret' } },
  requireDefaultBranch: true,
  passedEnvironment: 'test',
  approvalEnvironments: ['prod-approval', 'prod'],
  requiredApprovals: 2,
  protection: { reviewers: true, preventSelfReview: true, branchPolicy: true },
});

const request = (overrides: Partial<GateRequest> = {}): GateRequest => ({
  target: 'prod',
  model: 'churn:7',
  changeTicket: 'CHG0000001',
  ref: 'refs/heads/main',
  triggeringActor: 'mona',
  policy: prodPolicy(),
  ...overrides,
});

const approval = (login: string, environment: string) => ({
  state: 'approved',
  user: { login },
  environments: [{ name: environment }],
});

const github = (overrides: Partial<GitHubReads> = {}): GitHubReads => ({
  defaultBranch: async () => 'main',
  runReviews: async () => [approval('ada', 'prod-approval'), approval('grace', 'prod')],
  environment: async (name) => ({
    name,
    reviewers: ['ada', 'grace'],
    preventSelfReview: true,
    branchPolicy: 'protected',
  }),
  deploymentOutcomes: async (environment) => (environment === 'test' ? ['failure', 'success'] : []),
  ...overrides,
});

const failed = async (req: GateRequest, reads: GitHubReads) => {
  const report = await evaluateGate(req, { github: reads }, { now: NOW });
  expect(report.passed).toBe(false);
  return report.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
};

describe('evaluateGate for prod', () => {
  test('passes when every check does, and asks the ticket API with its credentials', async () => {
    const registry = { exists: async (model: string) => model === 'churn:7' };
    const report = await evaluateGate(request(), { github: github(), registry }, { now: NOW });
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'model version',
      'change ticket',
      'change ticket approved and in its window',
      'default branch',
      'passed test',
      'prod-approval protection',
      'prod protection',
      'approvals',
    ]);
    expect(api.requests.at(-1)).toEqual({
      url: expect.stringContaining('sysparm_query=number%3DCHG0000001'),
      authorization: AUTH,
    });
  });

  test.each([
    [
      { changeTicket: undefined },
      'change ticket: no change ticket given; expected one matching ^CHG\\d{7}$',
    ],
    [{ changeTicket: 'CHG12' }, 'change ticket: "CHG12" does not match ^CHG\\d{7}$'],
    [{ changeTicket: 'CHG0000009' }, 'CHG0000009 does not exist in the ticket API'],
    [{ changeTicket: 'CHG0000002' }, 'CHG0000002 is not approved (approval: requested)'],
    [
      { changeTicket: 'CHG0000003' },
      "is outside CHG0000003's window 2026-12-03 08:00:00 .. 2026-12-03 12:00:00 UTC",
    ],
    [
      { changeTicket: 'CHG0000004' },
      'CHG0000004 is in state 3; expected Scheduled (-2) or Implement (-1)',
    ],
    [{ ref: 'refs/heads/hotfix' }, 'default branch: the run is on refs/heads/hotfix, not on main'],
  ])('refuses %j', async (overrides, reason) => {
    expect((await failed(request(overrides), github())).join('\n')).toContain(reason);
  });

  test('wrong ticket API credentials are named as such', async () => {
    const policy = {
      ...prodPolicy(),
      ticketApi: { url: api.url, auth: { kind: 'bearer' as const, token: 'nope' } },
    };
    expect(await failed(request({ policy }), github())).toEqual([
      'change ticket approved and in its window: the ticket API answered HTTP 401 (check the ticket API credentials)',
    ]);
  });

  test('a rate limit or a passing outage of the ticket API is waited out, as Retry-After asks', async () => {
    const before = api.requests.length;
    api.refuseNext(1, 429, 0);
    const throttled = await evaluateGate(request(), { github: github() }, { now: NOW });
    expect(throttled.checks.filter((c) => !c.passed)).toEqual([]);
    expect(api.requests.length - before).toBe(2);

    api.refuseNext(3, 503, 0);
    expect(await failed(request(), github())).toEqual([
      'change ticket approved and in its window: the ticket API answered HTTP 503 (after 3 attempts; try again later)',
    ]);
    expect(api.requests.length - before).toBe(5);
  });

  test('a Retry-After past the time limit is not waited for: refused at once', async () => {
    const before = api.requests.length;
    api.refuseNext(1, 429, 3600);
    expect(await failed(request(), github())).toEqual([
      'change ticket approved and in its window: the ticket API answered HTTP 429 (after 1 attempt; try again later)',
    ]);
    expect(api.requests.length - before).toBe(1);
  });

  test('a model version the registry does not have is refused', async () => {
    const registry = { exists: async () => false };
    const report = await evaluateGate(request(), { github: github(), registry }, { now: NOW });
    expect(report.checks.filter((c) => !c.passed)).toEqual([
      { name: 'model version', passed: false, detail: 'churn:7 does not exist in the workspace' },
    ]);
  });

  test('a model version with no TEST success is refused', async () => {
    expect(
      await failed(request(), github({ deploymentOutcomes: async () => ['failure'] })),
    ).toEqual(['passed test: churn:7 never succeeded in test (failure)']);
    expect(await failed(request(), github({ deploymentOutcomes: async () => [] }))).toEqual([
      'passed test: churn:7 was never deployed to test',
    ]);
  });

  test('one approver is not two, and the run initiator does not count', async () => {
    const one = github({
      runReviews: async () => [approval('ada', 'prod-approval'), approval('ada', 'prod')],
    });
    expect(await failed(request(), one)).toEqual([
      'approvals: 1 of 2 distinct approvers for prod-approval then prod (ada)',
    ]);
    const self = github({
      runReviews: async () => [approval('ada', 'prod-approval'), approval('mona', 'prod')],
    });
    expect(await failed(request(), self)).toEqual([
      'approvals: 1 of 2 distinct approvers for prod-approval then prod (ada); the approval of mona, who triggered the run, does not count',
    ]);
    const elsewhere = github({
      runReviews: async () => [
        approval('ada', 'prod'),
        approval('grace', 'test'),
        { ...approval('linus', 'prod'), state: 'rejected' },
      ],
    });
    expect(await failed(request(), elsewhere)).toEqual([
      'approvals: 1 of 2 distinct approvers for prod-approval then prod (ada)',
    ]);
  });

  test('an environment protected more loosely than the policy is named with each setting', async () => {
    const loose = github({
      environment: async (name) =>
        name === 'prod'
          ? { name, reviewers: [], preventSelfReview: false, branchPolicy: null }
          : { name, reviewers: ['ada'], preventSelfReview: true, branchPolicy: 'custom' },
    });
    expect(await failed(request(), loose)).toEqual([
      'prod protection: environment prod is configured more loosely than the policy: no required reviewers; prevent_self_review is off; any branch may deploy (no deployment branch policy)',
    ]);
  });

  test('a setting the gate cannot read fails the gate, saying what it could not read', async () => {
    const forbidden = github({
      environment: async () => {
        throw new Error(
          'environment prod-approval: Resource not accessible by integration (the token needs `permissions: actions: read`)',
        );
      },
    });
    const reasons = await failed(request(), forbidden);
    expect(reasons[0]).toBe(
      'prod-approval protection: could not be read: environment prod-approval: Resource not accessible by integration (the token needs `permissions: actions: read`)',
    );
  });
});
