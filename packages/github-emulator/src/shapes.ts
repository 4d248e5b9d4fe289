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
}

export function environmentJson(
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
    created_at: e.createdAt,
    updated_at: e.createdAt,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}
