/**
 * A local GitHub REST API (2022-11-28) over plain HTTP on 127.0.0.1: issue comments, pull
 * requests and their files, deployments and their statuses, environments. One seeded repository
 * and pull request, tokens with permissions, a request log, and a control API for tests.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpError,
  badCredentials,
  notAccessible,
  notFound,
  paginate,
  readJson,
  requiresAuthentication,
  validationFailed,
} from './http.ts';
import {
  DEPLOYMENT_STATES,
  commentJson,
  deploymentJson,
  deploymentStatusJson,
  approvalJson,
  environmentJson,
  fileJson,
  pendingDeploymentJson,
  workflowRunJson,
  pullJson,
  type Bases,
  type CommentState,
  type DeploymentState,
  type DeploymentStatusState,
  type EnvironmentState,
  type ReviewState,
  type RunState,
  type RunStatus,
  type PullState,
  type RepoState,
  type StatusRecord,
} from './shapes.ts';
import type {
  Access,
  EnvironmentSeed,
  GitHubEmulatorOptions,
  LoggedRequest,
  Permission,
  Permissions,
  PullFile,
  PullSeed,
  RunSeed,
  SeedUser,
} from './types.ts';

const DOCS = 'https://docs.github.com/rest';
const SEEDED_AT = '2026-01-05T09:00:00Z';

const USERS: SeedUser[] = [
  { login: 'octo-org', id: 9001, type: 'User' },
  { login: 'octo-dev', id: 9002, type: 'User' },
  { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
];

interface Token {
  name: string;
  user: SeedUser;
  permissions: Permissions;
}

export interface GitHubEmulatorControl {
  /** Every request so far, oldest first (tokens by name only). */
  requests(): LoggedRequest[];
  clearRequests(): void;
  /** The comments on the pull request, oldest first, as the API returns them. */
  comments(): Record<string, unknown>[];
  /** Change the seeded pull request: title, body, labels, files. */
  updatePull(change: Partial<Pick<PullSeed, 'title' | 'body' | 'labels' | 'files'>>): void;
  addToken(name: string, permissions: Permissions, user?: string): string;
  /** Creates or replaces an environment with its protection rules. */
  putEnvironment(seed: EnvironmentSeed): Record<string, unknown>;
  /** A workflow run starts (queued); its id is the runner's GITHUB_RUN_ID. */
  createRun(seed: RunSeed): Record<string, unknown>;
  updateRun(id: number, change: { status?: RunStatus; conclusion?: string | null }): void;
  /** The run waits on an environment's reviewers (a pending deployment), or stops waiting. */
  setPending(id: number, environment: string, waiting: boolean): void;
  /**
   * The next `count` requests of `method` whose path starts with `pathPrefix` are answered
   * `status` (502, 503, 429 with Retry-After...) before any change is made, as a proxy would.
   */
  addFault(fault: GitHubFault): void;
}

export interface GitHubFault {
  method: string;
  pathPrefix: string;
  status: number;
  retryAfterSeconds?: number;
  count?: number;
}

export interface GitHubEmulator {
  /** The API root, e.g. http://127.0.0.1:PORT (what GITHUB_API_URL points at). */
  url: string;
  owner: string;
  repo: string;
  pullNumber: number;
  /** Token values by name: `write` (every permission) and `readOnly` (a fork's token). */
  tokens: Record<string, string>;
  /** GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_SERVER_URL for a step that talks to it. */
  env(): Record<string, string>;
  control: GitHubEmulatorControl;
  stop(): Promise<void>;
}

const ALL: Permission[] = ['issues', 'pull_requests', 'deployments', 'actions', 'contents'];
const grant = (access: Access): Permissions =>
  Object.fromEntries(ALL.map((p) => [p, access])) as Permissions;

const newToken = (): string => `ghs_${randomBytes(27).toString('base64url').slice(0, 36)}`;

/** `read` is satisfied by `write`. */
const allows = (have: Access | undefined, need: Access): boolean =>
  have === 'write' || (have === 'read' && need === 'read');

interface Route {
  method: string;
  pattern: RegExp;
  docs: string;
  /** Any one of these permissions at the access level will do. */
  needs: Permission[];
  access: Access;
  handle: (ctx: RouteContext) => Promise<Reply> | Reply;
}

interface RouteContext {
  params: string[];
  url: URL;
  req: IncomingMessage;
  token: Token;
  docs: string;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function startGitHubEmulator(
  options: GitHubEmulatorOptions = {},
): Promise<GitHubEmulator> {
  const owner = options.owner ?? 'octo-org';
  const repoName = options.repo ?? 'mlops-demo';
  const users = new Map(USERS.map((u) => [u.login, u]));
  const user = (login: string): SeedUser => {
    let found = users.get(login);
    if (!found) {
      found = { login, id: 10_000 + users.size, type: 'User' };
      users.set(login, found);
    }
    return found;
  };
  const repo: RepoState = { id: 424242, owner: user(owner), name: repoName, createdAt: SEEDED_AT };
  const seed = options.pull ?? {};
  const pull: PullState = {
    id: 777000 + (seed.number ?? 7),
    number: seed.number ?? 7,
    title: seed.title ?? 'Train churn on the new features',
    body: seed.body ?? null,
    labels: seed.labels ?? [],
    author: user(seed.author ?? 'octo-dev'),
    head: { ref: seed.headRef ?? 'feature', sha: seed.headSha ?? 'a'.repeat(40) },
    base: { ref: seed.baseRef ?? 'main', sha: seed.baseSha ?? 'b'.repeat(40) },
    files: seed.files ?? [],
    createdAt: SEEDED_AT,
    comments: 0,
  };
  const bot = user('github-actions[bot]');
  const tokens = new Map<string, Token>();
  const tokenValues: Record<string, string> = {};
  const addToken = (name: string, permissions: Permissions, login?: string): string => {
    const value = newToken();
    tokens.set(value, { name, user: login ? user(login) : bot, permissions });
    tokenValues[name] = value;
    return value;
  };
  addToken('write', grant('write'));
  addToken('readOnly', grant('read'));
  for (const [name, t] of Object.entries(options.tokens ?? {}))
    addToken(name, t.permissions, t.user);

  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const comments: CommentState[] = [];
  const deployments: DeploymentState[] = [];
  const statuses: StatusRecord[] = [];
  const environments: EnvironmentState[] = [];
  const findEnvironment = (name: string): EnvironmentState | undefined =>
    environments.find((e) => e.name.toLowerCase() === name.toLowerCase());
  const putEnvironment = (seed: EnvironmentSeed): EnvironmentState => {
    const known = findEnvironment(seed.name);
    const env: EnvironmentState = {
      id: known?.id ?? 160_000 + environments.length,
      name: seed.name,
      createdAt: known?.createdAt ?? SEEDED_AT,
      updatedAt: known ? now() : SEEDED_AT,
      reviewers: (seed.reviewers ?? []).map(user),
      preventSelfReview: seed.preventSelfReview ?? false,
      ...(seed.branches ? { branches: seed.branches } : {}),
    };
    if (known) Object.assign(known, env);
    else environments.push(env);
    return known ?? env;
  };
  const runs: RunState[] = [];
  const findRun = (text: string | undefined, docs?: string): RunState => {
    const found = runs.find((r) => r.id === Number(text));
    if (!found) throw notFound(docs);
    return found;
  };
  let nextId = 1;
  const log: LoggedRequest[] = [];
  let bases: Bases = { api: '', html: options.htmlUrl ?? 'https://github.com' };

  const issueNumber = (text: string | undefined): number => {
    const n = Number(text);
    if (n !== pull.number) throw notFound();
    return n;
  };
  const findDeployment = (text: string | undefined): DeploymentState => {
    const found = deployments.find((d) => d.id === Number(text));
    if (!found) throw notFound();
    return found;
  };
  const stringField = (body: unknown, field: string): string | undefined => {
    const value = (body as Record<string, unknown> | undefined)?.[field];
    return typeof value === 'string' ? value : undefined;
  };
  const requireString = (ctx: RouteContext, resource: string, body: unknown, field: string) => {
    const value = stringField(body, field);
    if (value === undefined) {
      throw validationFailed(ctx.docs, [{ resource, field, code: 'missing_field' }]);
    }
    return value;
  };
  const list = <T>(all: T[], url: URL, json: (item: T) => unknown): Reply => {
    const page = paginate(all, url);
    return {
      status: 200,
      body: page.items.map(json),
      ...(page.link ? { headers: { link: page.link } } : {}),
    };
  };

  const repoPath = `/repos/${owner}/${repoName}`;
  const at = (path: string) =>
    new RegExp(`^${repoPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${path}$`, 'i');

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: at('/issues/(\\d+)/comments'),
      docs: `${DOCS}/issues/comments#list-issue-comments`,
      needs: ['issues', 'pull_requests'],
      access: 'read',
      handle: ({ params, url }) => {
        const n = issueNumber(params[0]);
        const mine = comments.filter((c) => c.issueNumber === n);
        return list(mine, url, (c) => commentJson(c, repo, bases));
      },
    },
    {
      method: 'POST',
      pattern: at('/issues/(\\d+)/comments'),
      docs: `${DOCS}/issues/comments#create-an-issue-comment`,
      needs: ['issues', 'pull_requests'],
      access: 'write',
      handle: async (ctx) => {
        const n = issueNumber(ctx.params[0]);
        const body = requireString(ctx, 'IssueComment', await readJson(ctx.req), 'body');
        const time = now();
        const comment: CommentState = {
          id: nextId++,
          issueNumber: n,
          body,
          user: ctx.token.user,
          createdAt: time,
          updatedAt: time,
        };
        comments.push(comment);
        pull.comments++;
        const json = commentJson(comment, repo, bases);
        return { status: 201, body: json, headers: { location: String(json.url) } };
      },
    },
    {
      method: 'PATCH',
      pattern: at('/issues/comments/(\\d+)'),
      docs: `${DOCS}/issues/comments#update-an-issue-comment`,
      needs: ['issues', 'pull_requests'],
      access: 'write',
      handle: async (ctx) => {
        const comment = comments.find((c) => c.id === Number(ctx.params[0]));
        if (!comment) throw notFound(ctx.docs);
        comment.body = requireString(ctx, 'IssueComment', await readJson(ctx.req), 'body');
        comment.updatedAt = now();
        return { status: 200, body: commentJson(comment, repo, bases) };
      },
    },
    {
      method: 'GET',
      pattern: at('/pulls/(\\d+)'),
      docs: `${DOCS}/pulls/pulls#get-a-pull-request`,
      needs: ['pull_requests'],
      access: 'read',
      handle: ({ params }) => {
        issueNumber(params[0]);
        return { status: 200, body: pullJson(pull, repo, bases) };
      },
    },
    {
      method: 'GET',
      pattern: at('/pulls/(\\d+)/files'),
      docs: `${DOCS}/pulls/pulls#list-pull-requests-files`,
      needs: ['pull_requests'],
      access: 'read',
      handle: ({ params, url }) => {
        issueNumber(params[0]);
        return list(pull.files, url, (f) => fileJson(f, pull.head.sha, repo, bases));
      },
    },
    {
      method: 'GET',
      pattern: at('/deployments'),
      docs: `${DOCS}/deployments/deployments#list-deployments`,
      needs: ['deployments'],
      access: 'read',
      handle: ({ url }) => {
        const filters = ['sha', 'ref', 'task', 'environment'] as const;
        const matching = deployments
          .filter((d) =>
            filters.every((f) => {
              const want = url.searchParams.get(f);
              return want === null || String(d[f]) === want;
            }),
          )
          .toReversed();
        return list(matching, url, (d) => deploymentJson(d, repo, bases));
      },
    },
    {
      method: 'POST',
      pattern: at('/deployments'),
      docs: `${DOCS}/deployments/deployments#create-a-deployment`,
      needs: ['deployments'],
      access: 'write',
      handle: async (ctx) => {
        const body = (await readJson(ctx.req)) as Record<string, unknown> | undefined;
        const ref = requireString(ctx, 'Deployment', body, 'ref');
        const time = now();
        const environment = stringField(body, 'environment') ?? 'production';
        const deployment: DeploymentState = {
          id: nextId++,
          ref,
          sha: /^[0-9a-f]{40}$/.test(ref) ? ref : pull.head.sha,
          task: stringField(body, 'task') ?? 'deploy',
          payload: (body?.payload as Record<string, unknown> | string | undefined) ?? {},
          environment,
          description: stringField(body, 'description') ?? null,
          creator: ctx.token.user,
          createdAt: time,
          updatedAt: time,
          transient: body?.transient_environment === true,
          production:
            typeof body?.production_environment === 'boolean'
              ? body.production_environment
              : environment === 'production',
        };
        deployments.push(deployment);
        return { status: 201, body: deploymentJson(deployment, repo, bases) };
      },
    },
    {
      method: 'GET',
      pattern: at('/deployments/(\\d+)/statuses'),
      docs: `${DOCS}/deployments/statuses#list-deployment-statuses`,
      needs: ['deployments'],
      access: 'read',
      handle: ({ params, url }) => {
        const deployment = findDeployment(params[0]);
        const mine = statuses.filter((s) => s.deploymentId === deployment.id).toReversed();
        return list(mine, url, (s) => deploymentStatusJson(s, repo, bases));
      },
    },
    {
      method: 'POST',
      pattern: at('/deployments/(\\d+)/statuses'),
      docs: `${DOCS}/deployments/statuses#create-a-deployment-status`,
      needs: ['deployments'],
      access: 'write',
      handle: async (ctx) => {
        const deployment = findDeployment(ctx.params[0]);
        const body = await readJson(ctx.req);
        const state = requireString(ctx, 'DeploymentStatus', body, 'state');
        if (!(DEPLOYMENT_STATES as readonly string[]).includes(state)) {
          throw validationFailed(ctx.docs, [
            { resource: 'DeploymentStatus', field: 'state', code: 'invalid' },
          ]);
        }
        const status: StatusRecord = {
          id: nextId++,
          deploymentId: deployment.id,
          state: state as DeploymentStatusState,
          description: stringField(body, 'description') ?? '',
          environment: stringField(body, 'environment') ?? deployment.environment,
          targetUrl: stringField(body, 'target_url') ?? stringField(body, 'log_url') ?? '',
          logUrl: stringField(body, 'log_url') ?? stringField(body, 'target_url') ?? '',
          environmentUrl: stringField(body, 'environment_url') ?? '',
          creator: ctx.token.user,
          createdAt: now(),
        };
        statuses.push(status);
        deployment.updatedAt = status.createdAt;
        return { status: 201, body: deploymentStatusJson(status, repo, bases) };
      },
    },
    {
      method: 'GET',
      pattern: at('/environments/([^/]+)'),
      docs: `${DOCS}/deployments/environments#get-an-environment`,
      needs: ['actions'],
      access: 'read',
      handle: ({ params, docs }) => {
        const name = decodeURIComponent(params[0] ?? '');
        const env = environments.find((e) => e.name.toLowerCase() === name.toLowerCase());
        if (!env) throw notFound(docs);
        return { status: 200, body: environmentJson(env, repo, bases) };
      },
    },
    {
      method: 'GET',
      pattern: at('/actions/runs/(\\d+)'),
      docs: `${DOCS}/actions/workflow-runs#get-a-workflow-run`,
      needs: ['actions'],
      access: 'read',
      handle: ({ params, docs }) => ({
        status: 200,
        body: workflowRunJson(findRun(params[0], docs), repo, bases),
      }),
    },
    {
      method: 'GET',
      pattern: at('/actions/runs/(\\d+)/approvals'),
      docs: `${DOCS}/actions/workflow-runs#get-the-review-history-for-a-workflow-run`,
      needs: ['actions'],
      access: 'read',
      handle: ({ params, docs }) => ({
        status: 200,
        body: findRun(params[0], docs).reviews.map((r) => approvalJson(r, repo, bases)),
      }),
    },
    {
      method: 'GET',
      pattern: at('/actions/runs/(\\d+)/pending_deployments'),
      docs: `${DOCS}/actions/workflow-runs#get-pending-deployments-for-a-workflow-run`,
      needs: ['actions'],
      access: 'read',
      handle: ({ params, docs, token }) => ({
        status: 200,
        body: findRun(params[0], docs).pending.map((p) =>
          pendingDeploymentJson(p, token.user, repo, bases),
        ),
      }),
    },
    {
      method: 'POST',
      pattern: at('/actions/runs/(\\d+)/pending_deployments'),
      docs: `${DOCS}/actions/workflow-runs#review-pending-deployments-for-a-workflow-run`,
      needs: ['actions'],
      access: 'read',
      handle: async (ctx) => {
        const run = findRun(ctx.params[0], ctx.docs);
        const body = (await readJson(ctx.req)) as Record<string, unknown> | undefined;
        const state = requireString(ctx, 'DeploymentReview', body, 'state');
        const comment = requireString(ctx, 'DeploymentReview', body, 'comment');
        const ids = body?.environment_ids;
        const invalid = (field: string) =>
          validationFailed(ctx.docs, [{ resource: 'DeploymentReview', field, code: 'invalid' }]);
        if (state !== 'approved' && state !== 'rejected') throw invalid('state');
        if (!Array.isArray(ids) || ids.length === 0) throw invalid('environment_ids');
        const reviewed = ids.map((id) => run.pending.find((p) => p.environment.id === id));
        const user = ctx.token.user;
        const allowed = (p: (typeof reviewed)[number]) =>
          p !== undefined &&
          p.environment.reviewers.some((r) => r.login === user.login) &&
          !(p.environment.preventSelfReview && run.actor.login === user.login);
        if (!reviewed.every(allowed)) throw invalid('environment_ids');
        const review: ReviewState = {
          state,
          comment,
          user,
          environments: reviewed.flatMap((p) => (p ? [p.environment] : [])),
        };
        run.reviews.push(review);
        run.pending = run.pending.filter((p) => !reviewed.includes(p));
        if (run.pending.length === 0 && run.status === 'waiting') run.status = 'in_progress';
        run.updatedAt = now();
        return {
          status: 200,
          body: review.environments.map((e) =>
            deploymentJson(
              {
                id: nextId++,
                ref: run.headBranch,
                sha: run.headSha,
                task: 'deploy',
                payload: {},
                environment: e.name,
                description: null,
                creator: user,
                createdAt: run.updatedAt,
                updatedAt: run.updatedAt,
                transient: false,
                production: false,
              },
              repo,
              bases,
            ),
          ),
        };
      },
    },
  ];

  const faults: (GitHubFault & { left: number })[] = [];
  const control: GitHubEmulatorControl = {
    addFault: (fault) => void faults.push({ ...fault, left: fault.count ?? 1 }),
    requests: () => log.map((r) => ({ ...r })),
    clearRequests: () => void log.splice(0),
    comments: () => comments.map((c) => commentJson(c, repo, bases)),
    updatePull: (change) => {
      if (change.title !== undefined) pull.title = change.title;
      if (change.body !== undefined) pull.body = change.body;
      if (change.labels !== undefined) pull.labels = change.labels;
      if (change.files !== undefined) pull.files = change.files as PullFile[];
    },
    addToken,
    putEnvironment: (seed) => environmentJson(putEnvironment(seed), repo, bases),
    createRun: (seed) => {
      const time = now();
      const run: RunState = {
        id: 30_000_000 + runs.length + 1,
        name: seed.name,
        path: seed.path,
        event: seed.event,
        headBranch: seed.headBranch,
        headSha: seed.headSha,
        runNumber: runs.filter((r) => r.path === seed.path).length + 1,
        actor: user(seed.actor),
        status: 'queued',
        conclusion: null,
        createdAt: time,
        updatedAt: time,
        pending: [],
        reviews: [],
      };
      runs.push(run);
      return workflowRunJson(run, repo, bases);
    },
    updateRun: (id, change) => {
      const run = findRun(String(id));
      if (change.status !== undefined) run.status = change.status;
      if (change.conclusion !== undefined) run.conclusion = change.conclusion;
      run.updatedAt = now();
    },
    setPending: (id, name, waiting) => {
      const run = findRun(String(id));
      const environment = findEnvironment(name) ?? putEnvironment({ name });
      run.pending = run.pending.filter((p) => p.environment !== environment);
      if (waiting) run.pending.push({ environment, since: now() });
      run.status = run.pending.length > 0 ? 'waiting' : 'in_progress';
      run.updatedAt = now();
    },
  };
  for (const seed of options.environments ?? [{ name: 'dev' }, { name: 'test' }, { name: 'prod' }])
    putEnvironment(seed);

  const authenticate = (req: IncomingMessage): Token | undefined => {
    const header = req.headers.authorization;
    if (header === undefined) return undefined;
    const [, value] = /^(?:token|bearer)\s+(\S+)$/i.exec(header) ?? [];
    const token = value === undefined ? undefined : tokens.get(value);
    if (!token) throw badCredentials();
    return token;
  };

  const controlRoute = async (req: IncomingMessage, url: URL): Promise<Reply> => {
    if (req.method === 'GET' && url.pathname === '/_emulator/requests') {
      return { status: 200, body: control.requests() };
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/pull') {
      control.updatePull((await readJson(req)) as Partial<PullSeed>);
      return { status: 200, body: pullJson(pull, repo, bases) };
    }
    const body = (await readJson(req)) as Record<string, unknown> | undefined;
    if (req.method === 'POST' && url.pathname === '/_emulator/tokens') {
      const {
        name,
        permissions,
        user: login,
      } = body as {
        name: string;
        permissions: Permissions;
        user?: string;
      };
      return { status: 201, body: { token: control.addToken(name, permissions, login) } };
    }
    if (req.method === 'PUT' && url.pathname === '/_emulator/environments') {
      return { status: 200, body: control.putEnvironment(body as unknown as EnvironmentSeed) };
    }
    if (req.method === 'POST' && url.pathname === '/_emulator/runs') {
      return { status: 201, body: control.createRun(body as unknown as RunSeed) };
    }
    const runPath = /^\/_emulator\/runs\/(\d+)(\/pending)?$/.exec(url.pathname);
    if (req.method === 'PATCH' && runPath && !runPath[2]) {
      control.updateRun(Number(runPath[1]), body as { status?: RunStatus; conclusion?: string });
      return { status: 204 };
    }
    if (req.method === 'POST' && runPath?.[2]) {
      const { environment, waiting } = body as { environment: string; waiting: boolean };
      control.setPending(Number(runPath[1]), environment, waiting);
      return { status: 204 };
    }
    throw notFound();
  };

  const takeFault = (method: string, pathname: string): Reply | undefined => {
    const fault = faults.find((f) => f.method === method && pathname.startsWith(f.pathPrefix));
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(faults.indexOf(fault), 1);
    return {
      status: fault.status,
      body: { message: fault.status === 429 ? 'API rate limit exceeded' : 'Server Error' },
      headers:
        fault.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(fault.retryAfterSeconds) },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', bases.api);
    const entry: LoggedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', status: 0 };
    let reply: Reply;
    const faulted = url.pathname.startsWith('/_emulator/')
      ? undefined
      : takeFault(entry.method, url.pathname);
    try {
      if (faulted) {
        reply = faulted;
      } else if (url.pathname.startsWith('/_emulator/')) {
        reply = await controlRoute(req, url);
      } else {
        const token = authenticate(req);
        if (token) entry.token = token.name;
        const matches = routes
          .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
          .filter((m) => m.match !== null);
        const found = matches.find((m) => m.route.method === req.method);
        if (!found || !found.match) throw notFound();
        const { route, match } = found;
        if (!token) throw requiresAuthentication();
        if (!route.needs.some((p) => allows(token.permissions[p], route.access))) {
          throw notAccessible(route.docs);
        }
        reply = await route.handle({
          params: match.slice(1),
          url,
          req,
          token,
          docs: route.docs,
        });
      }
    } catch (err) {
      if (!(err instanceof HttpError)) {
        reply = { status: 500, body: { message: String(err), documentation_url: DOCS } };
      } else reply = { status: err.status, body: err.body };
    }
    entry.status = reply.status;
    log.push(entry);
    const headers: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      ...reply.headers,
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    headers['content-type'] = 'application/json; charset=utf-8';
    res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  bases = { ...bases, api: url };

  return {
    url,
    owner,
    repo: repoName,
    pullNumber: pull.number,
    tokens: tokenValues,
    env: () => ({
      GITHUB_API_URL: url,
      GITHUB_SERVER_URL: bases.html,
      GITHUB_REPOSITORY: `${owner}/${repoName}`,
    }),
    control,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
