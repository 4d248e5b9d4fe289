/** What a promotion gate is asked, what it reads, and what it answers. No runner concepts here. */

export type Target = 'test' | 'prod';

export interface TicketApi {
  /** Instance root, e.g. https://contoso.service-now.com */
  url: string;
  auth: { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };
}

export interface GatePolicy {
  /** The change ticket's form (prod); none: no ticket asked for. */
  ticketPattern?: RegExp | undefined;
  /** When set, the ticket is verified in ServiceNow's Table API form. */
  ticketApi?: TicketApi | undefined;
  /** The run must be on it (prod); none: not checked. */
  requireDefaultBranch: boolean;
  /** The environment the model version must have succeeded in before (`dev` for test, `test` for prod). */
  passedEnvironment?: string | undefined;
  /** Environments whose approvals count, in the order the run passes them. */
  approvalEnvironments: string[];
  /** Distinct approvers needed across those environments, never the run's triggering actor. */
  requiredApprovals: number;
  /** The protection each approval environment must have in the repository settings. */
  protection: { reviewers: boolean; preventSelfReview: boolean; branchPolicy: boolean };
}

export interface GateRequest {
  target: Target;
  /** `name:version`, as the audit trail's deployment records carry it; none for a restore. */
  model?: string | undefined;
  changeTicket?: string | undefined;
  /** The run: `refs/heads/<branch>` and who triggered it. */
  ref: string;
  triggeringActor: string;
  policy: GatePolicy;
}

/** One gate check as the log and summary show it. */
export interface GateCheck {
  name: string;
  passed: boolean;
  /** What was found, in one line. */
  detail: string;
}

export interface GateReport {
  target: Target;
  model?: string | undefined;
  passed: boolean;
  checks: GateCheck[];
}

/** The run's review history entry, as `GET …/actions/runs/{run_id}/approvals` returns it. */
export interface RunReview {
  state: string;
  user: { login: string };
  environments: { name: string }[];
}

export interface EnvironmentProtection {
  name: string;
  /** Logins and team slugs of the required reviewers; empty when the rule is absent. */
  reviewers: string[];
  preventSelfReview: boolean;
  /** `protected_branches` or `custom_branch_policies`; null when any branch may deploy. */
  branchPolicy: 'protected' | 'custom' | null;
}

/** What the gate reads from GitHub; each read may fail with a message naming what is missing. */
export interface GitHubReads {
  defaultBranch(): Promise<string>;
  runReviews(): Promise<RunReview[]>;
  environment(name: string): Promise<EnvironmentProtection>;
  /** The latest status of each deployment of `model` to `environment` (audit trail records). */
  deploymentOutcomes(environment: string, model: string): Promise<string[]>;
}

/** Where the gate finds the model version (the workspace's registry); a read, never a write. */
export interface ModelRegistry {
  exists(model: string): Promise<boolean>;
}
