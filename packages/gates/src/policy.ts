/**
 * What each target requires by default. TEST: the version passed DEV and one approval. PROD:
 * the version passed TEST, a change ticket, the default branch, two distinct approvers over two
 * environments in sequence (GitHub releases a job on one approval), protection as strict.
 */
import type { GatePolicy, Target, TicketApi } from './types.ts';

export interface PolicyOverrides {
  ticketPattern?: RegExp | undefined;
  ticketApi?: TicketApi | undefined;
  passedEnvironment?: string | undefined;
  approvalEnvironments?: string[] | undefined;
  requiredApprovals?: number | undefined;
  checkProtection?: boolean | undefined;
}

export function policyFor(target: Target, overrides: PolicyOverrides = {}): GatePolicy {
  const prod = target === 'prod';
  const strict = overrides.checkProtection ?? true;
  return {
    ticketPattern: prod ? overrides.ticketPattern : undefined,
    ticketApi: prod ? overrides.ticketApi : undefined,
    requireDefaultBranch: prod,
    passedEnvironment: overrides.passedEnvironment ?? (prod ? 'test' : 'dev'),
    approvalEnvironments:
      overrides.approvalEnvironments ?? (prod ? ['prod-approval', 'prod'] : ['test']),
    requiredApprovals: overrides.requiredApprovals ?? (prod ? 2 : 1),
    protection: { reviewers: strict, preventSelfReview: strict, branchPolicy: strict && prod },
  };
}
