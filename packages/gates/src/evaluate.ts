/**
 * The promotion gate: every check of the policy is run (so the summary shows them all), and the
 * gate passes only when each does. A check that cannot read what it needs fails, naming it.
 */
import { ticketFormCheck, verifyTicket } from './ticket.ts';
import type { GateCheck, GateReport, GateRequest, GitHubReads, ModelRegistry } from './types.ts';

export async function evaluateGate(
  request: GateRequest,
  sources: { github: GitHubReads; registry?: ModelRegistry | undefined },
  options: { now?: number; fetch?: typeof fetch } = {},
): Promise<GateReport> {
  const { policy } = request;
  const { github, registry } = sources;
  const checks: GateCheck[] = [];
  const attempt = async (name: string, check: () => Promise<GateCheck>) => {
    try {
      checks.push(await check());
    } catch (error) {
      checks.push({
        name,
        passed: false,
        detail: `could not be read: ${(error as Error).message}`,
      });
    }
  };

  const { model } = request;
  if (registry && model) {
    await attempt('model version', async () => {
      const passed = await registry.exists(model);
      const detail = passed ? `${model} is registered` : `${model} does not exist in the workspace`;
      return { name: 'model version', passed, detail };
    });
  }
  if (policy.ticketPattern) {
    const form = ticketFormCheck(request.changeTicket, policy.ticketPattern);
    checks.push(form);
    if (form.passed && policy.ticketApi && request.changeTicket) {
      const ticket = request.changeTicket;
      const api = policy.ticketApi;
      await attempt('change ticket approved and in its window', () =>
        verifyTicket(ticket, api, options.now ?? Date.now(), options.fetch),
      );
    }
  }
  if (policy.requireDefaultBranch) {
    await attempt('default branch', async () => {
      const branch = await github.defaultBranch();
      const passed = request.ref === `refs/heads/${branch}`;
      return {
        name: 'default branch',
        passed,
        detail: passed
          ? `the run is on ${branch}`
          : `the run is on ${request.ref}, not on ${branch}`,
      };
    });
  }
  if (policy.passedEnvironment && model) {
    const environment = policy.passedEnvironment;
    await attempt(`passed ${environment}`, async () => {
      const outcomes = await github.deploymentOutcomes(environment, model);
      const passed = outcomes.includes('success');
      const detail = passed
        ? `${model} succeeded in ${environment} before`
        : outcomes.length === 0
          ? `${model} was never deployed to ${environment}`
          : `${model} never succeeded in ${environment} (${outcomes.join(', ')})`;
      return { name: `passed ${environment}`, passed, detail };
    });
  }
  for (const environment of policy.approvalEnvironments) {
    await attempt(`${environment} protection`, async () =>
      protectionCheck(environment, request, github),
    );
  }
  if (policy.requiredApprovals > 0) {
    await attempt('approvals', async () => approvalsCheck(request, await github.runReviews()));
  }
  return {
    target: request.target,
    model: request.model,
    passed: checks.every((c) => c.passed),
    checks,
  };
}

async function protectionCheck(
  environment: string,
  request: GateRequest,
  github: GitHubReads,
): Promise<GateCheck> {
  const name = `${environment} protection`;
  const found = await github.environment(environment);
  const { protection } = request.policy;
  const loose: string[] = [];
  if (protection.reviewers && found.reviewers.length === 0) loose.push('no required reviewers');
  if (protection.preventSelfReview && !found.preventSelfReview)
    loose.push('prevent_self_review is off');
  if (protection.branchPolicy && found.branchPolicy === null)
    loose.push('any branch may deploy (no deployment branch policy)');
  if (loose.length > 0) {
    return {
      name,
      passed: false,
      detail: `environment ${environment} is configured more loosely than the policy: ${loose.join('; ')}`,
    };
  }
  return {
    name,
    passed: true,
    detail: `reviewers ${found.reviewers.join(', ') || '-'}, self-review prevented: ${found.preventSelfReview}, branches: ${found.branchPolicy ?? 'any'}`,
  };
}

function approvalsCheck(
  request: GateRequest,
  reviews: readonly { state: string; user: { login: string }; environments: { name: string }[] }[],
): GateCheck {
  const wanted = new Set(request.policy.approvalEnvironments.map((e) => e.toLowerCase()));
  const approvers = new Set<string>();
  let self = false;
  for (const review of reviews) {
    if (review.state !== 'approved') continue;
    if (!review.environments.some((e) => wanted.has(e.name.toLowerCase()))) continue;
    if (review.user.login.toLowerCase() === request.triggeringActor.toLowerCase()) self = true;
    else approvers.add(review.user.login);
  }
  const needed = request.policy.requiredApprovals;
  const passed = approvers.size >= needed;
  const who = approvers.size === 0 ? 'none' : [...approvers].join(', ');
  const selfNote = self
    ? `; the approval of ${request.triggeringActor}, who triggered the run, does not count`
    : '';
  return {
    name: 'approvals',
    passed,
    detail: `${approvers.size} of ${needed} distinct approvers for ${request.policy.approvalEnvironments.join(' then ')} (${who})${selfNote}`,
  };
}
