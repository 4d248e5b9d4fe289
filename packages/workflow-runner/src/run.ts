/**
 * A workflow run as GitHub runs it: checked before anything runs (event, inputs, approvals, every
 * workflow it calls), then jobs in `needs` order (in parallel when free), each decided by its
 * `if:`, expanded by `strategy.matrix`, gated by its environment's rules, given a token with its
 * `permissions`, queued by `concurrency`; reusable workflows run their own jobs with the inputs,
 * secrets and outputs of the call. The conclusion is the run's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Permissions } from '@mlops-actions/github-emulator';
import { workflowContext } from '@mlops-actions/local-runner';
import {
  ExpressionError,
  asText,
  evaluate,
  evaluateCondition,
  evaluateMap,
  type Scope,
} from './expressions.ts';
import { runSteps, type StepReport } from './job.ts';
import type { LocalGitHub } from './local-github.ts';
import type { AzureTarget } from './services.ts';
import type { Settings } from './settings.ts';
import { EVENTS } from './defaults.ts';
import { Timeline, type Result } from './timeline.ts';
import {
  Expr,
  WorkflowError,
  loadWorkflow,
  type InputDecl,
  type JobDef,
  type PermissionsSpec,
  type Templated,
  type WorkflowFile,
} from './workflow-file.ts';

export interface RunOptions {
  /** The repository checkout (workspace); workflow paths are relative to it. */
  root: string;
  workflow: string;
  event: string;
  inputs: Record<string, string>;
  /** Environment name -> logins that approve it (`--approve env:user,...`). */
  approvals: Record<string, string[]>;
  actor: string;
  ref: string;
  settings: Settings;
  /** Where each job's summary is written (`<job>.md`). */
  summaryDir: string;
  azure: AzureTarget;
  github: LocalGitHub;
  /** Emulated seconds per real second: `timeout-minutes` shrink by it as the emulator's time does. */
  timeScale: number;
  /** Real milliseconds a job waits for its environment's approval before it is not approved. */
  approvalTimeoutMs: number;
  /** Cancels the run (Ctrl-C). */
  signal?: AbortSignal;
  /** Kills running steps outright (a second Ctrl-C). */
  kill?: AbortSignal;
  print: (line: string) => void;
}

export interface JobReport {
  /** As the timeline names it: `deploy`, `call / train (a)`. */
  name: string;
  result: Result;
  outputs: Record<string, string>;
  steps: StepReport[];
  environment?: string;
  why?: string;
}

export interface RunReport {
  runId: number;
  conclusion: 'success' | 'failure' | 'cancelled';
  jobs: JobReport[];
  summaryDir: string;
}

interface JobOutcome {
  result: Result;
  outputs: Record<string, string>;
}

/** One level of the run: the triggered workflow, or a reusable one a job calls. */
interface Level {
  workflow: WorkflowFile;
  inputs: Record<string, unknown>;
  secrets: Record<string, string>;
  /** The caller job's permissions: a called workflow's jobs get at most these. */
  cap?: Permissions & { 'id-token'?: 'write' | 'read' };
  /** Timeline prefix: `call / `. */
  prefix: string;
}

type Granted = Permissions & { 'id-token'?: 'write' | 'read' };

const TOKEN_PERMISSIONS: Record<string, keyof Granted> = {
  actions: 'actions',
  contents: 'contents',
  deployments: 'deployments',
  issues: 'issues',
  'pull-requests': 'pull_requests',
  'id-token': 'id-token',
};

/** GITHUB_TOKEN's default for a repository created today (restricted): contents read. */
const DEFAULT_PERMISSIONS: Granted = { contents: 'read' };

/**
 * The job token's permissions: the job's, else its workflow's, else (in a called workflow) the
 * caller's, else GitHub's default. A called workflow's job may not ask for more than its caller
 * has: that fails the job with GitHub's words.
 */
function grant(spec: PermissionsSpec | undefined, cap: Granted | undefined, job: string): Granted {
  let granted: Granted;
  if (spec === undefined) granted = cap ?? DEFAULT_PERMISSIONS;
  else if (spec === 'read-all' || spec === 'write-all') {
    const access = spec === 'read-all' ? 'read' : 'write';
    granted = Object.fromEntries(Object.values(TOKEN_PERMISSIONS).map((p) => [p, access]));
  } else {
    granted = {};
    for (const [key, access] of Object.entries(spec)) {
      const name = TOKEN_PERMISSIONS[key];
      if (name && (access === 'read' || access === 'write')) granted[name] = access;
    }
  }
  if (!cap || spec === undefined) return granted;
  for (const [key, name] of Object.entries(TOKEN_PERMISSIONS)) {
    const asked = granted[name];
    const most = cap[name];
    if (asked && (!most || (asked === 'write' && most === 'read'))) {
      throw new WorkflowError(
        `The nested job '${job}' is requesting '${key}: ${asked}', but is only allowed '${key}: ${most ?? 'none'}'.`,
      );
    }
  }
  return granted;
}

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );

/** The matrix's combinations, with include and exclude as GitHub applies them. */
export function expandMatrix(matrix: Record<string, unknown>): Record<string, unknown>[] {
  const { include, exclude, ...axes } = matrix;
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    const list = Array.isArray(values) ? values : [values];
    combos = combos.flatMap((combo) => list.map((value) => ({ ...combo, [key]: value })));
  }
  if (Object.keys(axes).length === 0) combos = [];
  const matches = (combo: Record<string, unknown>, partial: Record<string, unknown>) =>
    Object.entries(partial).every(([k, v]) => JSON.stringify(combo[k]) === JSON.stringify(v));
  combos = combos.filter(
    (combo) =>
      !(Array.isArray(exclude) ? exclude : []).some((ex) =>
        matches(combo, ex as Record<string, unknown>),
      ),
  );
  const originals = combos.map((c) => ({ ...c }));
  for (const entry of (Array.isArray(include) ? include : []) as Record<string, unknown>[]) {
    let added = false;
    combos.forEach((combo, i) => {
      const original = originals[i] ?? {};
      const overwrites = Object.entries(entry).some(
        ([k, v]) => k in original && JSON.stringify(original[k]) !== JSON.stringify(v),
      );
      if (!overwrites) {
        Object.assign(combo, entry);
        added = true;
      }
    });
    if (!added) {
      combos.push({ ...entry });
      originals.push({ ...entry });
    }
  }
  return combos;
}

function inputValue(name: string, decl: InputDecl, text: string, source: string): unknown {
  if (decl.type === 'boolean') {
    if (text !== 'true' && text !== 'false') {
      throw new WorkflowError(
        `${source} ${name}: expected true or false, got ${JSON.stringify(text)}`,
      );
    }
    return text === 'true';
  }
  if (decl.type === 'number') {
    if (text.trim() === '' || !Number.isFinite(Number(text))) {
      throw new WorkflowError(`${source} ${name}: expected a number, got ${JSON.stringify(text)}`);
    }
    return Number(text);
  }
  if (decl.type === 'choice' && decl.options && !decl.options.includes(text)) {
    throw new WorkflowError(
      `${source} ${name}: expected one of ${decl.options.join(', ')}, got ${JSON.stringify(text)}`,
    );
  }
  return text;
}

/** Every workflow the run may call, loaded (and so validated) before anything runs. */
async function loadAll(root: string, file: string): Promise<Map<string, WorkflowFile>> {
  const all = new Map<string, WorkflowFile>();
  const visit = async (rel: string, chain: string[]) => {
    if (chain.includes(rel)) {
      throw new WorkflowError(`${rel} calls itself (${[...chain, rel].join(' -> ')})`);
    }
    if (all.has(rel)) return;
    const workflow = await loadWorkflow(root, rel);
    all.set(rel, workflow);
    for (const job of workflow.jobs) {
      if (job.uses) {
        const called = calledPath(job.uses, `${rel} job ${job.id}`);
        await visit(called, [...chain, rel]);
        if (!all.get(called)?.call) {
          throw new WorkflowError(
            `${rel} job ${job.id}: uses ${job.uses}, which does not run on workflow_call`,
          );
        }
      }
    }
  };
  await visit(file, []);
  return all;
}

/** `./.github/workflows/x.yml` or `OWNER/mlops-actions/.github/workflows/x.yml@ref`: this checkout. */
function calledPath(uses: string, where: string): string {
  const local = /^\.\/(\.github\/workflows\/[\w./-]+\.ya?ml)$/.exec(uses);
  if (local?.[1]) return local[1];
  const own = /^[\w.-]+\/mlops-actions\/(\.github\/workflows\/[\w./-]+\.ya?ml)@[\w./-]+$/.exec(
    uses,
  );
  if (own?.[1]) return own[1];
  throw new WorkflowError(
    `${where}: uses ${uses}: only this repository's workflows are run locally (./.github/workflows/<file> or OWNER/mlops-actions/.github/workflows/<file>@ref)`,
  );
}

/**
 * Environment names the run may reach, a called workflow's from the inputs of its call;
 * undefined when one depends on what only the run knows (needs, matrix, steps).
 */
function reachable(
  all: Map<string, WorkflowFile>,
  file: string,
  scope: Scope,
): Set<string> | undefined {
  const names = new Set<string>();
  let unknown = false;
  const known = (value: Templated, at: Scope): string | undefined => {
    try {
      const text = asText(evaluate(value, at, 'environment'));
      return text === '' ? undefined : text;
    } catch {
      return undefined;
    }
  };
  const visit = (rel: string, at: Scope) => {
    for (const job of all.get(rel)?.jobs ?? []) {
      if (job.uses) {
        const called = calledPath(job.uses, rel);
        const inputs: Record<string, unknown> = {};
        for (const [name, decl] of Object.entries(all.get(called)?.call?.inputs ?? {})) {
          const given = job.with[name] ?? decl.default;
          if (given !== undefined) inputs[name] = known(given, at) ?? given;
        }
        visit(called, { ...at, contexts: { ...at.contexts, inputs } });
      }
      if (job.environment === undefined) continue;
      const env = job.environment;
      const name =
        env && typeof env === 'object' && !(env instanceof Expr)
          ? (env as Record<string, unknown>).name
          : env;
      const text = typeof name === 'string' ? name : known(name, at);
      if (text === undefined) unknown = true;
      else names.add(text);
    }
  };
  visit(file, scope);
  return unknown ? undefined : names;
}

function eventPayload(options: RunOptions, inputs: Record<string, unknown>, sha: string) {
  const repository = {
    name: options.github.repo,
    full_name: `${options.github.owner}/${options.github.repo}`,
    owner: { login: options.github.owner },
  };
  const branch = options.ref.replace(/^refs\/heads\//, '');
  switch (options.event) {
    case 'workflow_dispatch':
      return { inputs, ref: options.ref, repository, sender: { login: options.actor } };
    case 'pull_request':
      return {
        action: 'opened',
        number: 7,
        pull_request: {
          number: 7,
          head: { ref: branch, sha },
          base: { ref: 'main', sha: 'b'.repeat(40) },
        },
        repository,
        sender: { login: options.actor },
      };
    case 'schedule':
      return { schedule: '0 0 * * *', repository };
    default:
      return { ref: options.ref, after: sha, repository, sender: { login: options.actor } };
  }
}

/** What the command line and the workflow files say, checked before anything runs. */
export interface PreparedRun {
  all: Map<string, WorkflowFile>;
  workflow: WorkflowFile;
  inputs: Record<string, unknown>;
}

export type RunRequest = Pick<
  RunOptions,
  'root' | 'workflow' | 'event' | 'inputs' | 'approvals' | 'actor' | 'ref' | 'settings'
>;

/**
 * Checks the event, the inputs, every workflow the run may call, and that each `--approve`
 * names an environment the run reaches: a WorkflowError before anything starts.
 */
export async function prepareRun(options: RunRequest): Promise<PreparedRun> {
  if (!(EVENTS as readonly string[]).includes(options.event)) {
    throw new WorkflowError(
      `--event: expected one of ${EVENTS.join(', ')}, got ${JSON.stringify(options.event)}`,
    );
  }
  const all = await loadAll(options.root, options.workflow);
  const workflow = all.get(options.workflow);
  if (!workflow) throw new WorkflowError(`${options.workflow}: not loaded`);
  if (!workflow.events.includes(options.event)) {
    throw new WorkflowError(
      `--event ${options.event}: ${options.workflow} does not run on it (on: ${workflow.events.join(', ')})`,
    );
  }
  const declared = options.event === 'workflow_dispatch' ? workflow.dispatchInputs : {};
  const inputs: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(options.inputs)) {
    const decl = declared[name];
    if (!decl) {
      const known = Object.keys(declared);
      throw new WorkflowError(
        `--input ${name}: ${options.workflow} declares no such input for ${options.event} (${known.length ? `declared: ${known.join(', ')}` : 'it declares none'})`,
      );
    }
    inputs[name] = inputValue(name, decl, text, '--input');
  }
  for (const [name, decl] of Object.entries(declared)) {
    if (name in inputs) continue;
    if (decl.required && decl.default === undefined) {
      throw new WorkflowError(
        `--input ${name}: required by ${options.workflow} (on.workflow_dispatch.inputs.${name}), got nothing`,
      );
    }
    if (decl.default !== undefined) inputs[name] = decl.default;
  }
  const staticScope: Scope = {
    contexts: {
      github: { event_name: options.event, ref: options.ref, actor: options.actor },
      inputs,
      vars: options.settings.vars,
    },
    status: { failed: false, cancelled: false },
    workspace: options.root,
  };
  const environments = reachable(all, options.workflow, staticScope);
  for (const name of Object.keys(options.approvals)) {
    if (environments && !environments.has(name)) {
      throw new WorkflowError(
        `--approve ${name}: the run never reaches environment ${name} (it reaches ${[...environments].join(', ') || 'none'})`,
      );
    }
  }
  return { all, workflow, inputs };
}

/** Runs the workflow (prepared, or checked first); a WorkflowError before anything runs. */
export async function runWorkflow(options: RunOptions, prepared?: PreparedRun): Promise<RunReport> {
  const timeline = new Timeline(options.print);
  const { all, workflow, inputs } = prepared ?? (await prepareRun(options));
  const vars = { ...options.azure.vars, ...options.settings.vars };
  const secrets = { ...options.settings.secrets };
  const branch = options.ref.replace(/^refs\/(heads|tags)\//, '');
  const sha = workflowContext().GITHUB_SHA ?? 'a'.repeat(40);

  for (const [name, env] of Object.entries(options.settings.environments)) {
    await options.github.putEnvironment({
      name,
      reviewers: env.reviewers,
      preventSelfReview: env.preventSelfReview,
      ...(env.branches ? { branches: env.branches } : {}),
    });
  }
  const run = await options.github.createRun({
    name: workflow.name,
    path: options.workflow,
    event: options.event,
    headBranch: branch,
    headSha: sha,
    actor: options.actor,
  });
  mkdirSync(options.summaryDir, { recursive: true });
  const eventPath = path.join(options.summaryDir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(eventPayload(options, inputs, sha), null, 2));

  for (const secret of [...Object.values(secrets), ...options.azure.secrets]) timeline.mask(secret);
  for (const env of Object.values(options.settings.environments)) {
    for (const secret of Object.values(env.secrets)) timeline.mask(secret);
  }

  const runSignal = options.signal ?? new AbortController().signal;
  const kill = options.kill ?? new AbortController().signal;
  const realMs = (ms: number) => ms / options.timeScale;
  const minutes = (n: number) => realMs(n * 60_000);
  const github = {
    ...workflowContext(),
    event_name: options.event,
    event: eventPayload(options, inputs, sha),
    event_path: eventPath,
    ref: options.ref,
    ref_name: branch,
    ref_type: options.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha,
    repository: `${options.github.owner}/${options.github.repo}`,
    repository_owner: options.github.owner,
    actor: options.actor,
    triggering_actor: options.actor,
    run_id: String(run.id),
    run_number: '1',
    run_attempt: '1',
    workflow: workflow.name,
    workflow_ref: `${options.github.owner}/${options.github.repo}/${options.workflow}@${options.ref}`,
    server_url: 'https://github.com',
    api_url: options.github.url,
    workspace: options.root,
    retention_days: '90',
  };
  const runnerContext = {
    os: 'Linux',
    arch: os.arch() === 'arm64' ? 'ARM64' : 'X64',
    name: 'mlops-actions local runner',
    temp: os.tmpdir(),
    tool_cache: os.tmpdir(),
    environment: 'self-hosted',
  };
  const reports: JobReport[] = [];
  const groups = new Map<
    string,
    { running?: { done: Promise<void>; cancel: () => void }; pending?: () => void }
  >();
  const started = Date.now();
  timeline.line(
    `▶ ${workflow.name} (${options.workflow}) on ${options.event}, ${options.ref}, by ${options.actor}: run ${run.id}`,
  );
  await options.github.updateRun(run.id, { status: 'in_progress' });

  const runEnvironmentGate = async (
    display: string,
    name: string,
    signal: AbortSignal,
  ): Promise<string | undefined> => {
    const rules = options.settings.environments[name];
    if (rules?.branches && !rules.branches.some((p) => glob(p).test(branch))) {
      return `Branch "${branch}" is not allowed to deploy to ${name} due to environment protection rules.`;
    }
    if (!rules || rules.reviewers.length === 0) return undefined;
    await options.github.setPending(run.id, name, true);
    timeline.job(
      display,
      `… waiting for a review of environment ${name} (reviewers: ${rules.reviewers.join(', ')})`,
    );
    const { id } = await options.github.putEnvironment({
      name,
      reviewers: rules.reviewers,
      preventSelfReview: rules.preventSelfReview,
      ...(rules.branches ? { branches: rules.branches } : {}),
    });
    for (const user of options.approvals[name] ?? []) {
      if (!rules.reviewers.includes(user)) {
        timeline.job(
          display,
          `  ${user} cannot approve ${name}: not one of its required reviewers`,
        );
        continue;
      }
      if (rules.preventSelfReview && user === options.actor) {
        timeline.job(
          display,
          `  ${user} cannot approve ${name}: started the run, and ${name} prevents self-review`,
        );
        continue;
      }
      const review = await options.github.review(
        run.id,
        id,
        user,
        `Approved with --approve ${name}:${user}`,
      );
      if (review.ok) {
        timeline.job(display, `  ${name} approved by ${user}`);
        return undefined;
      }
      timeline.job(display, `  the review by ${user} was refused: ${review.why}`);
    }
    const deadline = Date.now() + options.approvalTimeoutMs;
    while (Date.now() < deadline && !signal.aborted) {
      if (!(await options.github.pending(run.id)).includes(name)) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await options.github.setPending(run.id, name, false);
    if (signal.aborted) return 'cancelled while waiting for a review';
    return `environment ${name} was not approved (needs a review by ${rules.reviewers.join(' or ')}; --approve ${name}:<user>)`;
  };

  /** Runs one level's jobs in `needs` order; resolves with each job's outcome. */
  const runLevel = async (level: Level): Promise<Map<string, JobOutcome>> => {
    const outcomes = new Map<string, Promise<JobOutcome>>();
    const settled = new Map<string, JobOutcome>();
    const workflowScope: Scope = {
      contexts: { github, inputs: level.inputs, vars, secrets: level.secrets },
      status: { failed: false, cancelled: false },
      workspace: options.root,
    };
    const start = (job: JobDef): Promise<JobOutcome> => {
      const known = outcomes.get(job.id);
      if (known) return known;
      const promise = (async (): Promise<JobOutcome> => {
        const needs: Record<string, JobOutcome> = {};
        for (const need of job.needs) {
          const def = level.workflow.jobs.find((j) => j.id === need);
          if (def) needs[need] = await start(def);
        }
        const outcome = await runJobDef(level, job, needs, workflowScope);
        settled.set(job.id, outcome);
        return outcome;
      })();
      outcomes.set(job.id, promise);
      return promise;
    };
    await Promise.all(level.workflow.jobs.map(start));
    return settled;
  };

  const runJobDef = async (
    level: Level,
    job: JobDef,
    needs: Record<string, JobOutcome>,
    workflowScope: Scope,
  ): Promise<JobOutcome> => {
    const display = `${level.prefix}${job.id}`;
    const needsContext = Object.fromEntries(
      Object.entries(needs).map(([k, v]) => [k, { result: v.result, outputs: v.outputs }]),
    );
    const jobScope: Scope = {
      contexts: { ...workflowScope.contexts, needs: needsContext },
      status: {
        failed: Object.values(needs).some((n) => n.result === 'failure'),
        cancelled: runSignal.aborted,
      },
      workspace: options.root,
    };
    const report = (
      result: Result,
      outputs: Record<string, string> = {},
      why?: string,
    ): JobOutcome => {
      reports.push({ name: display, result, outputs, steps: [], ...(why ? { why } : {}) });
      timeline.end(display, `job ${display}`, result, undefined, why);
      return { result, outputs };
    };
    let run: boolean;
    try {
      run = evaluateCondition(job.if, jobScope, `job ${display}, key if`);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      timeline.job(display, `Error: ${err.message}`);
      return report('failure', {}, err.message);
    }
    if (!run) {
      const cancelled = runSignal.aborted;
      return report(cancelled ? 'cancelled' : 'skipped');
    }

    let combos: (Record<string, unknown> | undefined)[] = [undefined];
    let failFast = true;
    let maxParallel = Infinity;
    try {
      if (job.strategy !== undefined) {
        const strategy = evaluate(job.strategy, jobScope, `job ${display}, key strategy`) as Record<
          string,
          unknown
        >;
        const matrix = strategy.matrix as Record<string, unknown> | undefined;
        if (matrix) {
          combos = expandMatrix(matrix);
          if (combos.length === 0) return report('skipped', {}, 'the matrix has no combinations');
        }
        if (strategy['fail-fast'] === false) failFast = false;
        if (typeof strategy['max-parallel'] === 'number') maxParallel = strategy['max-parallel'];
        jobScope.contexts.strategy = {
          'fail-fast': failFast,
          ...(Number.isFinite(maxParallel) ? { 'max-parallel': maxParallel } : {}),
        };
      }
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      timeline.job(display, `Error: ${err.message}`);
      return report('failure', {}, err.message);
    }

    const siblings = new AbortController();
    const results: JobOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < combos.length) {
        const index = next++;
        const matrix = combos[index];
        const name = matrix
          ? `${display} (${Object.values(matrix).map(asText).join(', ')})`
          : display;
        const outcome = await runInstance(
          level,
          job,
          name,
          jobScope,
          matrix,
          index,
          combos.length,
          siblings.signal,
        );
        results.push(outcome);
        if (outcome.result === 'failure' && failFast && matrix) siblings.abort();
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxParallel, combos.length) }, worker));
    if (combos.length === 1) return results[0] ?? { result: 'failure', outputs: {} };
    const result: Result = results.some((r) => r.result === 'failure')
      ? 'failure'
      : results.some((r) => r.result === 'cancelled')
        ? 'cancelled'
        : results.every((r) => r.result === 'skipped')
          ? 'skipped'
          : 'success';
    const outputs = Object.assign({}, ...results.map((r) => r.outputs)) as Record<string, string>;
    timeline.end(display, `matrix ${display}`, result);
    return { result, outputs };
  };

  const runInstance = async (
    level: Level,
    job: JobDef,
    display: string,
    jobScope: Scope,
    matrix: Record<string, unknown> | undefined,
    index: number,
    total: number,
    siblings: AbortSignal,
  ): Promise<JobOutcome> => {
    const scope: Scope = {
      ...jobScope,
      contexts: {
        ...jobScope.contexts,
        matrix: matrix ?? {},
        strategy: {
          ...(jobScope.contexts.strategy as object),
          'job-index': index,
          'job-total': total,
        },
        runner: runnerContext,
      },
    };
    const where = `job ${display}`;
    const reportOf = (
      result: Result,
      outputs: Record<string, string>,
      steps: StepReport[] = [],
      why?: string,
      environment?: string,
    ): JobOutcome => {
      reports.push({
        name: display,
        result,
        outputs,
        steps,
        ...(why ? { why } : {}),
        ...(environment ? { environment } : {}),
      });
      timeline.end(display, `job ${display}`, result, Date.now() - began, why);
      return { result, outputs };
    };
    const began = Date.now();
    const controller = new AbortController();
    const cancelJob = () => controller.abort();
    const signals = [runSignal, siblings];
    for (const s of signals) {
      if (s.aborted) return reportOf('cancelled', {});
      s.addEventListener('abort', cancelJob, { once: true });
    }
    let timedOut = false;
    let release: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const permissions = grant(job.permissions ?? level.workflow.permissions, level.cap, job.id);
      if (job.uses) {
        timeline.start(display, `job ${display}: calls ${job.uses}`);
        return await runCall(level, job, display, scope, permissions, reportOf);
      }
      const environment =
        job.environment === undefined
          ? undefined
          : (() => {
              const value = evaluate(job.environment, scope, `${where}, key environment`);
              return asText(
                value && typeof value === 'object' ? (value as { name?: unknown }).name : value,
              );
            })();
      if (job.concurrency !== undefined) {
        const value = evaluate(job.concurrency, scope, `${where}, key concurrency`);
        const group = asText(
          value && typeof value === 'object' ? (value as { group?: unknown }).group : value,
        );
        const cancelInProgress =
          value &&
          typeof value === 'object' &&
          (value as Record<string, unknown>)['cancel-in-progress'] === true;
        // As on GitHub: one job runs in a group, one waits; a newer one cancels the one waiting.
        const slot = groups.get(group) ?? {};
        groups.set(group, slot);
        if (slot.running) {
          slot.pending?.();
          slot.pending = cancelJob;
          if (cancelInProgress) slot.running.cancel();
          timeline.job(display, `… waiting for concurrency group ${group}`);
          const aborted = new Promise<void>((resolve) =>
            controller.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
          await Promise.race([slot.running.done, aborted]);
          if (slot.pending === cancelJob) slot.pending = undefined;
          if (controller.signal.aborted) {
            return reportOf('cancelled', {}, [], `a newer job of concurrency group ${group} came`);
          }
        }
        let done: () => void = () => {};
        const mine = { done: new Promise<void>((resolve) => (done = resolve)), cancel: cancelJob };
        slot.running = mine;
        release = () => {
          if (slot.running === mine) slot.running = undefined;
          done();
        };
      }
      timeline.start(
        display,
        `job ${display}${environment ? ` (environment ${environment})` : ''}`,
      );
      const envSettings = environment ? options.settings.environments[environment] : undefined;
      if (environment) {
        const refused = await runEnvironmentGate(display, environment, controller.signal);
        if (refused) {
          return reportOf(
            controller.signal.aborted ? 'cancelled' : 'failure',
            {},
            [],
            refused,
            environment,
          );
        }
      }
      const token = await options.github.mintToken(`${display} GITHUB_TOKEN`, permissions);
      timeline.mask(token);
      const jobContexts = {
        ...scope.contexts,
        vars: { ...vars, ...envSettings?.vars },
        secrets: { ...level.secrets, ...envSettings?.secrets, GITHUB_TOKEN: token },
        github: { ...github, token, job: job.id },
      };
      const envScope: Scope = { ...scope, contexts: jobContexts };
      const env = {
        ...evaluateMap(level.workflow.env, envScope, `workflow ${level.workflow.file}, key env`),
      };
      Object.assign(
        env,
        evaluateMap(
          job.env,
          { ...envScope, contexts: { ...jobContexts, env } },
          `${where}, key env`,
        ),
      );
      const timeoutMinutes =
        job.timeoutMinutes === undefined
          ? 360
          : Number(evaluate(job.timeoutMinutes, envScope, `${where}, key timeout-minutes`));
      // A timeout the workflow sets runs on emulated time; GitHub's default of 6 hours stays real.
      timer = setTimeout(
        () => {
          timedOut = true;
          controller.abort();
        },
        job.timeoutMinutes === undefined ? timeoutMinutes * 60_000 : minutes(timeoutMinutes),
      );
      const runnerEnv = {
        ...workflowContext({
          GITHUB_REPOSITORY: github.repository,
          GITHUB_REPOSITORY_OWNER: github.repository_owner,
          GITHUB_WORKFLOW: workflow.name,
          GITHUB_WORKFLOW_REF: github.workflow_ref,
          GITHUB_JOB: job.id,
          GITHUB_RUN_ID: String(run.id),
          GITHUB_SHA: sha,
          GITHUB_REF: options.ref,
          GITHUB_REF_NAME: branch,
          GITHUB_EVENT_NAME: options.event,
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_ACTOR: options.actor,
          GITHUB_TRIGGERING_ACTOR: options.actor,
          GITHUB_WORKSPACE: options.root,
          GITHUB_API_URL: options.github.url,
          RUNNER_ARCH: runnerContext.arch,
          RUNNER_NAME: runnerContext.name,
        }),
        ...options.azure.env,
        ...(permissions['id-token'] === 'write' ? options.azure.idTokenEnv : {}),
        // The run's artifacts, shared by its jobs as on GitHub (a name is taken once per run).
        MLOPS_ARTIFACT_DIR: path.join(options.summaryDir, 'artifacts'),
        PATH: process.env.PATH ?? '',
      };
      const result = await runSteps({
        def: job,
        display,
        contexts: jobContexts,
        env,
        runnerEnv,
        actionDefaults: options.azure.inputs,
        root: options.root,
        timeline,
        signal: controller.signal,
        kill,
        realMs,
      });
      const file = path.join(options.summaryDir, `${display.replace(/[^\w.() -]+/g, '_')}.md`);
      if (result.summary.trim()) writeFileSync(file, result.summary);
      const final: Result = timedOut ? 'failure' : result.result;
      const continueOnError =
        final === 'failure' &&
        Boolean(evaluate(job.continueOnError, envScope, `${where}, key continue-on-error`));
      const why = timedOut
        ? `the job exceeded its timeout-minutes of ${timeoutMinutes}`
        : continueOnError
          ? `continue-on-error: ${result.why ?? 'failed'}`
          : result.why;
      reportOf(
        final,
        result.outputs,
        result.steps,
        final === 'success' ? undefined : why,
        environment,
      );
      return { result: continueOnError ? 'success' : final, outputs: result.outputs };
    } catch (err) {
      if (!(err instanceof ExpressionError || err instanceof WorkflowError)) throw err;
      timeline.job(display, `Error: ${err.message}`);
      return reportOf('failure', {}, [], err.message);
    } finally {
      clearTimeout(timer);
      release?.();
      for (const s of signals) s.removeEventListener('abort', cancelJob);
    }
  };

  const runCall = async (
    level: Level,
    job: JobDef,
    display: string,
    scope: Scope,
    permissions: Granted,
    reportOf: (
      result: Result,
      outputs: Record<string, string>,
      steps?: StepReport[],
      why?: string,
    ) => JobOutcome,
  ): Promise<JobOutcome> => {
    const where = `job ${display}`;
    const called = all.get(calledPath(job.uses ?? '', where));
    if (!called?.call)
      throw new WorkflowError(`${where}: uses ${job.uses}, which is not a reusable workflow`);
    const given = evaluate(job.with, scope, `${where}, key with`) as Record<string, unknown>;
    const inputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(given)) {
      const decl = called.call.inputs[name];
      if (!decl) {
        throw new WorkflowError(
          `${where}: with.${name}: ${called.file} declares no such input (declared: ${Object.keys(called.call.inputs).join(', ') || 'none'})`,
        );
      }
      inputs[name] = decl.type === 'boolean' || decl.type === 'number' ? value : asText(value);
    }
    for (const [name, decl] of Object.entries(called.call.inputs)) {
      if (name in inputs) continue;
      if (decl.default !== undefined)
        inputs[name] = evaluate(decl.default, scope, `${called.file} input ${name}`);
      else if (decl.required)
        throw new WorkflowError(`${where}: with.${name}: required by ${called.file}, got nothing`);
    }
    const passed: Record<string, string> =
      job.secrets === 'inherit'
        ? { ...level.secrets }
        : evaluateMap(job.secrets ?? {}, scope, `${where}, key secrets`);
    for (const [name, decl] of Object.entries(called.call.secrets)) {
      if (decl.required && !(name in passed)) {
        throw new WorkflowError(
          `${where}: secrets.${name}: required by ${called.file}, got nothing`,
        );
      }
    }
    const inner = await runLevel({
      workflow: called,
      inputs,
      secrets: passed,
      cap: permissions,
      prefix: `${display} / `,
    });
    const jobsContext = Object.fromEntries(
      [...inner].map(([id, o]) => [id, { result: o.result, outputs: o.outputs }]),
    );
    const results = [...inner.values()].map((o) => o.result);
    const result: Result = results.includes('failure')
      ? 'failure'
      : results.includes('cancelled')
        ? 'cancelled'
        : results.length > 0 && results.every((r) => r === 'skipped')
          ? 'skipped'
          : 'success';
    let outputs: Record<string, string>;
    try {
      outputs = evaluateMap(
        called.call.outputs,
        { ...scope, contexts: { github, inputs, vars, jobs: jobsContext } },
        `${called.file}, key on.workflow_call.outputs`,
      );
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      return reportOf('failure', {}, [], err.message);
    }
    return reportOf(result, outputs);
  };

  const outcomes = await runLevel({ workflow, inputs, secrets, prefix: '' });
  const results = [...outcomes.values()].map((o) => o.result);
  const conclusion: RunReport['conclusion'] = runSignal.aborted
    ? 'cancelled'
    : results.includes('failure')
      ? 'failure'
      : results.includes('cancelled')
        ? 'cancelled'
        : 'success';
  await options.github.updateRun(run.id, { status: 'completed', conclusion });
  timeline.finish(
    `run ${workflow.name}`,
    conclusion,
    Date.now() - started,
    `summaries in ${path.relative(process.cwd(), options.summaryDir) || '.'}`,
  );
  return { runId: run.id, conclusion, jobs: reports, summaryDir: options.summaryDir };
}
