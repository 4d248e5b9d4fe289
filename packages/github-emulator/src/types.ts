/** A fine-grained permission of GitHub's, as a workflow's `permissions:` names it (with `_`). */
export type Permission = 'issues' | 'pull_requests' | 'deployments' | 'actions' | 'contents';
export type Access = 'read' | 'write';
export type Permissions = Partial<Record<Permission, Access>>;

export interface SeedUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

/** A file of the pull request as `pulls/{n}/files` lists it. */
export interface PullFile {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** The unified diff hunk(s); absent for binary or very large files, as on GitHub. */
  patch?: string;
  additions?: number;
  deletions?: number;
  previous_filename?: string;
}

export interface PullSeed {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  author: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  files: PullFile[];
}

export interface EnvironmentSeed {
  name: string;
  /** Logins of the required reviewers; any one of them approves (none: no approval needed). */
  reviewers?: string[];
  /** The user who started the run may not approve it. */
  preventSelfReview?: boolean;
  /** Branch name patterns (`*` wildcards) allowed to deploy; absent: every branch. */
  branches?: string[];
}

/** A workflow run as the runner reports it (`POST /_emulator/runs`). */
export interface RunSeed {
  name: string;
  path: string;
  event: string;
  headBranch: string;
  headSha: string;
  actor: string;
}

export interface GitHubEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  owner?: string;
  repo?: string;
  /** Where html_url links point (default https://github.com). */
  htmlUrl?: string;
  pull?: Partial<PullSeed>;
  environments?: EnvironmentSeed[];
  /** Extra tokens and their permissions, on top of the seeded `write` and `readOnly` ones. */
  tokens?: Record<string, { user?: string; permissions: Permissions }>;
}

export interface LoggedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  status: number;
  /** The name of the token used (`write`, `readOnly`, ...), never its value. */
  token?: string;
  body?: unknown;
}
