/**
 * GitHub's response objects, field for field as the REST API (2022-11-28) returns them. Built
 * from the emulator's state and its base URLs: `api` for API links, `html` for web links.
 */
import type { PullFile, SeedUser } from './types.ts';

export interface Bases {
  api: string;
  html: string;
}

const nodeId = (kind: string, id: number): string =>
  Buffer.from(`${kind.length.toString().padStart(2, '0')}:${kind}${id}`).toString('base64');

export function userJson(user: SeedUser, { api, html }: Bases): Record<string, unknown> {
  const url = `${api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `${html}/images/avatars/${user.login}.png`,
    gravatar_id: '',
    url,
    html_url: `${html}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    site_admin: false,
  };
}

export interface RepoState {
  id: number;
  owner: SeedUser;
  name: string;
  createdAt: string;
}

const REPO_LINKS: [string, string][] = [
  ['archive_url', '/{archive_format}{/ref}'],
  ['assignees_url', '/assignees{/user}'],
  ['blobs_url', '/git/blobs{/sha}'],
  ['branches_url', '/branches{/branch}'],
  ['collaborators_url', '/collaborators{/collaborator}'],
  ['comments_url', '/comments{/number}'],
  ['commits_url', '/commits{/sha}'],
  ['compare_url', '/compare/{base}...{head}'],
  ['contents_url', '/contents/{+path}'],
  ['contributors_url', '/contributors'],
  ['deployments_url', '/deployments'],
  ['downloads_url', '/downloads'],
  ['events_url', '/events'],
  ['forks_url', '/forks'],
  ['git_commits_url', '/git/commits{/sha}'],
  ['git_refs_url', '/git/refs{/sha}'],
  ['git_tags_url', '/git/tags{/sha}'],
  ['hooks_url', '/hooks'],
  ['issue_comment_url', '/issues/comments{/number}'],
  ['issue_events_url', '/issues/events{/number}'],
  ['issues_url', '/issues{/number}'],
  ['keys_url', '/keys{/key_id}'],
  ['labels_url', '/labels{/name}'],
  ['languages_url', '/languages'],
  ['merges_url', '/merges'],
  ['milestones_url', '/milestones{/number}'],
  ['notifications_url', '/notifications{?since,all,participating}'],
  ['pulls_url', '/pulls{/number}'],
  ['releases_url', '/releases{/id}'],
  ['stargazers_url', '/stargazers'],
  ['statuses_url', '/statuses/{sha}'],
  ['subscribers_url', '/subscribers'],
  ['subscription_url', '/subscription'],
  ['tags_url', '/tags'],
  ['teams_url', '/teams'],
  ['trees_url', '/git/trees{/sha}'],
];

export const repoApiUrl = (repo: RepoState, bases: Bases): string =>
  `${bases.api}/repos/${repo.owner.login}/${repo.name}`;

export function repositoryJson(repo: RepoState, bases: Bases): Record<string, unknown> {
  const url = repoApiUrl(repo, bases);
  const fullName = `${repo.owner.login}/${repo.name}`;
  const host = new URL(bases.html).host;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: fullName,
    owner: userJson(repo.owner, bases),
    private: true,
    html_url: `${bases.html}/${fullName}`,
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(REPO_LINKS.map(([key, suffix]) => [key, url + suffix])),
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${host}:${fullName}.git`,
    clone_url: `${bases.html}/${fullName}.git`,
    svn_url: `${bases.html}/${fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: 'main',
    open_issues_count: 1,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    license: null,
    forks: 0,
    open_issues: 1,
    watchers: 0,
  };
}

export interface CommentState {
  id: number;
  issueNumber: number;
  body: string;
  user: SeedUser;
  createdAt: string;
  updatedAt: string;
}

export function commentJson(
  c: CommentState,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  const url = repoApiUrl(repo, bases);
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${url}/issues/comments/${c.id}`,
    html_url: `${bases.html}/${repo.owner.login}/${repo.name}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: userJson(c.user, bases),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${url}/issues/${c.issueNumber}`,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

export interface PullState {
  id: number;
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  author: SeedUser;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  files: PullFile[];
  createdAt: string;
  comments: number;
}

function labelJson(name: string, index: number, repo: RepoState, bases: Bases) {
  const id = 1000 + index;
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${repoApiUrl(repo, bases)}/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: 'ededed',
    default: false,
  };
}

export function pullJson(p: PullState, repo: RepoState, bases: Bases): Record<string, unknown> {
  const url = repoApiUrl(repo, bases);
  const self = `${url}/pulls/${p.number}`;
  const html = `${bases.html}/${repo.owner.login}/${repo.name}/pull/${p.number}`;
  const issue = `${url}/issues/${p.number}`;
  const statuses = `${url}/statuses/${p.head.sha}`;
  const side = (ref: { ref: string; sha: string }) => ({
    label: `${repo.owner.login}:${ref.ref}`,
    ref: ref.ref,
    sha: ref.sha,
    user: userJson(repo.owner, bases),
    repo: repositoryJson(repo, bases),
  });
  const additions = p.files.reduce((n, f) => n + (f.additions ?? 0), 0);
  const deletions = p.files.reduce((n, f) => n + (f.deletions ?? 0), 0);
  return {
    url: self,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${url}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: p.number,
    state: 'open',
    locked: false,
    title: p.title,
    user: userJson(p.author, bases),
    body: p.body,
    labels: p.labels.map((name, i) => labelJson(name, i, repo, bases)),
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.createdAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(p.head),
    base: side(p.base),
    _links: {
      self: { href: self },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${url}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: statuses },
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: p.comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions,
    deletions,
    changed_files: p.files.length,
  };
}

export function fileJson(
  f: PullFile,
  headSha: string,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  const additions = f.additions ?? countLines(f.patch, '+');
  const deletions = f.deletions ?? countLines(f.patch, '-');
  const full = `${repo.owner.login}/${repo.name}`;
  return {
    sha: blobSha(f.filename + (f.patch ?? '')),
    filename: f.filename,
    status: f.status ?? 'modified',
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${bases.html}/${full}/blob/${headSha}/${path}`,
    raw_url: `${bases.html}/${full}/raw/${headSha}/${path}`,
    contents_url: `${repoApiUrl(repo, bases)}/contents/${path}?ref=${headSha}`,
    ...(f.patch === undefined ? {} : { patch: f.patch }),
    ...(f.previous_filename === undefined ? {} : { previous_filename: f.previous_filename }),
  };
}

function countLines(patch: string | undefined, sign: '+' | '-'): number {
  if (!patch) return 0;
  return patch
    .split('\n')
    .filter((line) => line.startsWith(sign) && !line.startsWith(sign.repeat(3))).length;
}

/** A stable 40-hex id for generated objects (not git's blob hash: nobody reads it as one). */
function blobSha(text: string): string {
  let h = 0x811c9dc5;
  const out: string[] = [];
  for (let round = 0; round < 5; round++) {
    for (const ch of text + round) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out.push(h.toString(16).padStart(8, '0'));
  }
  return out.join('');
}

export interface DeploymentState {
  id: number;
  ref: string;
  sha: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  description: string | null;
  creator: SeedUser;
  createdAt: string;
  updatedAt: string;
  transient: boolean;
  production: boolean;
}

export function deploymentJson(
  d: DeploymentState,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  const url = `${repoApiUrl(repo, bases)}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: userJson(d.creator, bases),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: repoApiUrl(repo, bases),
    transient_environment: d.transient,
    production_environment: d.production,
  };
}

export const DEPLOYMENT_STATES = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
] as const;
export type DeploymentStatusState = (typeof DEPLOYMENT_STATES)[number];

export interface StatusRecord {
  id: number;
  deploymentId: number;
  state: DeploymentStatusState;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: SeedUser;
  createdAt: string;
}

export function deploymentStatusJson(
  s: StatusRecord,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  const deployment = `${repoApiUrl(repo, bases)}/deployments/${s.deploymentId}`;
  return {
    url: `${deployment}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: userJson(s.creator, bases),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: deployment,
    repository_url: repoApiUrl(repo, bases),
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
  };
}

export interface EnvironmentState {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  /** Required reviewers: any one of them approves a job that targets the environment. */
  reviewers: SeedUser[];
  /** The user who started the run may not approve it. */
  preventSelfReview: boolean;
  /** Branch name patterns allowed to deploy (custom branch policies); undefined: any branch. */
  branches?: string[];
}

/** The id of an environment's rule of a kind: stable, so a re-read shows the same rule. */
const ruleId = (e: EnvironmentState, kind: number): number => e.id * 10 + kind;

export function environmentRefJson(
  e: EnvironmentState,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  return {
    id: e.id,
    node_id: nodeId('Environment', e.id),
    name: e.name,
    url: `${repoApiUrl(repo, bases)}/environments/${encodeURIComponent(e.name)}`,
    html_url: `${bases.html}/${repo.owner.login}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
  };
}

const reviewerJson = (user: SeedUser, bases: Bases) => ({
  type: 'User',
  reviewer: userJson(user, bases),
});

export function environmentJson(
  e: EnvironmentState,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  if (e.reviewers.length > 0) {
    rules.push({
      id: ruleId(e, 1),
      node_id: nodeId('Gate', ruleId(e, 1)),
      prevent_self_review: e.preventSelfReview,
      type: 'required_reviewers',
      reviewers: e.reviewers.map((u) => reviewerJson(u, bases)),
    });
  }
  if (e.branches) {
    rules.push({ id: ruleId(e, 2), node_id: nodeId('Gate', ruleId(e, 2)), type: 'branch_policy' });
  }
  return {
    ...environmentRefJson(e, repo, bases),
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    protection_rules: rules,
    deployment_branch_policy: e.branches
      ? { protected_branches: false, custom_branch_policies: true }
      : null,
  };
}

export type RunStatus = 'queued' | 'in_progress' | 'waiting' | 'completed';

export interface RunState {
  id: number;
  name: string;
  /** The workflow file, e.g. `.github/workflows/example-dev.yml`. */
  path: string;
  event: string;
  headBranch: string;
  headSha: string;
  runNumber: number;
  actor: SeedUser;
  status: RunStatus;
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  /** Environments the run waits on now, with when the wait began. */
  pending: { environment: EnvironmentState; since: string }[];
  reviews: ReviewState[];
}

export interface ReviewState {
  state: 'approved' | 'rejected';
  comment: string;
  user: SeedUser;
  environments: EnvironmentState[];
}

/** A stable workflow id per workflow file. */
const workflowId = (path: string): number =>
  100_000 + [...path].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) % 900_000, 7);

export function workflowRunJson(
  run: RunState,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  const runUrl = `${repoApiUrl(repo, bases)}/actions/runs/${run.id}`;
  const repository = repositoryJson(repo, bases);
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WorkflowRun', run.id),
    check_suite_id: run.id,
    check_suite_node_id: nodeId('CheckSuite', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `${run.path}@${run.headBranch}`,
    run_number: run.runNumber,
    event: run.event,
    display_title: run.name,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: workflowId(run.path),
    url: runUrl,
    html_url: `${bases.html}/${repo.owner.login}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: userJson(run.actor, bases),
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: run.createdAt,
    triggering_actor: userJson(run.actor, bases),
    jobs_url: `${runUrl}/jobs`,
    logs_url: `${runUrl}/logs`,
    check_suite_url: `${repoApiUrl(repo, bases)}/check-suites/${run.id}`,
    artifacts_url: `${runUrl}/artifacts`,
    cancel_url: `${runUrl}/cancel`,
    rerun_url: `${runUrl}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApiUrl(repo, bases)}/actions/workflows/${workflowId(run.path)}`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha,
      message: run.name,
      timestamp: run.createdAt,
      author: { name: run.actor.login, email: `${run.actor.login}@users.noreply.github.com` },
      committer: { name: run.actor.login, email: `${run.actor.login}@users.noreply.github.com` },
    },
    repository,
    head_repository: repository,
  };
}

export function approvalJson(
  review: ReviewState,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  return {
    state: review.state,
    comment: review.comment,
    environments: review.environments.map((e) => ({
      ...environmentRefJson(e, repo, bases),
      created_at: e.createdAt,
      updated_at: e.updatedAt,
    })),
    user: userJson(review.user, bases),
  };
}

export function pendingDeploymentJson(
  pending: RunState['pending'][number],
  viewer: SeedUser,
  repo: RepoState,
  bases: Bases,
): Record<string, unknown> {
  const { environment } = pending;
  return {
    environment: environmentRefJson(environment, repo, bases),
    wait_timer: 0,
    wait_timer_started_at: pending.since,
    current_user_can_approve: environment.reviewers.some((r) => r.login === viewer.login),
    reviewers: environment.reviewers.map((u) => reviewerJson(u, bases)),
  };
}
