/**
 * One job as the GitHub runner runs it: its steps in order, each decided by its `if:` against the
 * job's status, `run:` steps in bash and this repository's actions through their bundled `dist/`
 * (packages/local-runner), GITHUB_ENV / GITHUB_PATH carried to the steps after, post steps in
 * reverse order at the end, outputs and the job summary.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  readActionMetadata,
  runMain,
  runPost,
  runScript,
  type StepOptions,
  type StepResult,
} from '@mlops-actions/local-runner';
import {
  ExpressionError,
  asText,
  evaluate,
  evaluateCondition,
  evaluateMap,
  interpolate,
  type Scope,
} from './expressions.ts';
import type { Result, Timeline } from './timeline.ts';
import { parseDuration } from '@mlops-actions/azureml/grammar';
import { Expr, type JobDef, type StepDef } from './workflow-file.ts';

export interface StepReport {
  name: string;
  outcome: Result;
  conclusion: Result;
  /** Wall time of the step's own process (the action or the script); 0 when none ran. */
  processMs: number;
}

export interface JobRun {
  def: JobDef;
  /** How the timeline names it: `deploy`, `call / train (a)`. */
  display: string;
  /** `github`, `inputs`, `vars`, `secrets`, `needs`, `matrix`, `strategy`, `runner`, `job`. */
  contexts: Record<string, unknown>;
  /** Workflow, job and environment variables, evaluated. */
  env: Record<string, string>;
  /** GITHUB_*, runner and emulator variables every step gets. */
  runnerEnv: Record<string, string>;
  /** `with:` defaults for actions that declare them (the emulator's cloud endpoints). */
  actionDefaults: Record<string, string>;
  root: string;
  timeline: Timeline;
  /** Cancels the job (Ctrl-C, timeout, fail-fast): SIGINT, then SIGTERM 7.5 s later. */
  signal: AbortSignal;
  /** Kills the running step outright (a second Ctrl-C). */
  kill: AbortSignal;
  /** Real milliseconds that stand for emulated ones (`--time-scale`). */
  realMs: (emulatedMs: number) => number;
}

export interface JobResult {
  result: Result;
  outputs: Record<string, string>;
  steps: StepReport[];
  summary: string;
  /** Why the job failed, when it did before or between steps. */
  why?: string;
}

interface PostStep {
  name: string;
  options: StepOptions;
  state: Record<string, string>;
  postIf: string;
}

const CHECKOUT = /^actions\/checkout@/;
/**
 * How often an action polls Azure shrinks with the emulator's clock. Its timeouts stay real: a
 * request, or the machine running the steps, takes real time however fast Azure's clock runs.
 */
const WAIT_INPUT = /^poll-interval$/;

function scaledWait(job: JobRun, name: string, value: string): string {
  const ms = WAIT_INPUT.test(name) ? parseDuration(value) : undefined;
  return ms === undefined ? value : `${Math.max(1, Math.round(job.realMs(ms)))}ms`;
}
/** `./actions/<name>` or `<owner>/mlops-actions/actions/<name>@<ref>`: this checkout's action. */
const OWN_ACTION = /^(?:\.\/|[\w.-]+\/mlops-actions\/)(actions\/[\w.-]+)(?:@[\w./-]+)?$/;

/** The step's name as GitHub shows it: `name:`, the `uses:`, or `Run ` and the script's first line. */
function stepName(step: StepDef, scope: Scope, where: string, script?: string): string {
  if (step.name !== undefined) return asText(evaluate(step.name, scope, `${where}.name`));
  if (step.uses) return step.uses;
  return `Run ${(script ?? '').trim().split('\n')[0]}`;
}

/** A script as written, for naming a step that does not run: its expressions left as they are. */
function sourceOf(run: unknown): string {
  if (run instanceof Expr) return /^format\('([^\n]*)/.exec(run.expression)?.[1] ?? run.expression;
  return asText(run);
}

/** Runs the job's steps; never throws for a step's failure (the result says it). */
export async function runSteps(job: JobRun): Promise<JobResult> {
  const { def, timeline, display } = job;
  const temp = mkdtempSync(path.join(os.tmpdir(), 'mlops-actions-job-'));
  const stepsContext: Record<string, unknown> = {};
  const reports: StepReport[] = [];
  const posts: PostStep[] = [];
  const addedEnv: Record<string, string> = {};
  const addedPath: string[] = [];
  const summaries: string[] = [];
  let failed = false;
  let failure: string | undefined;

  const scopeWith = (env: Record<string, string>): Scope => ({
    contexts: {
      ...job.contexts,
      job: { status: job.signal.aborted ? 'cancelled' : failed ? 'failure' : 'success' },
      steps: stepsContext,
      env,
    },
    status: { failed, cancelled: job.signal.aborted },
    workspace: job.root,
  });
  const stepEnv = (extra: Record<string, string>): Record<string, string> => ({
    ...job.runnerEnv,
    ...job.env,
    ...addedEnv,
    ...extra,
    PATH: [...addedPath.toReversed(), job.runnerEnv.PATH ?? process.env.PATH ?? ''].join(
      path.delimiter,
    ),
    RUNNER_TEMP: temp,
  });
  const show = (line: string) => timeline.job(display, `  ${line}`);
  const absorb = (result: StepResult) => {
    for (const secret of result.masks) timeline.mask(secret);
    for (const line of result.stderr.split('\n')) if (line.trim()) show(line);
    summaries.push(result.summary);
  };

  try {
    for (const [index, step] of def.steps.entries()) {
      const where = `job ${display}, step ${step.hasId ? step.id : index + 1}`;
      const started = Date.now();
      let name = step.uses ?? 'run';
      let outcome: Result;
      let outputs: Record<string, string> = {};
      let why: string | undefined;
      let processMs = 0;
      try {
        const baseEnv = { ...job.env, ...addedEnv };
        name = stepName(step, scopeWith(baseEnv), where, sourceOf(step.run));
        if (!evaluateCondition(step.if, scopeWith(baseEnv), `${where}, key if`)) {
          timeline.end(display, `step ${name}`, 'skipped');
          reports.push({ name, outcome: 'skipped', conclusion: 'skipped', processMs: 0 });
          if (step.hasId) {
            stepsContext[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
          }
          continue;
        }
        const env = {
          ...baseEnv,
          ...evaluateMap(step.env, scopeWith(baseEnv), `${where}, key env`),
        };
        const scope = scopeWith(env);
        const script =
          step.run === undefined
            ? undefined
            : asText(evaluate(step.run, scope, `${where}, key run`));
        name = stepName(step, scope, where, script);
        timeline.start(display, `step ${name}`);
        const timeout = new AbortController();
        const minutes = step.timeoutMinutes
          ? Number(evaluate(step.timeoutMinutes, scope, `${where}, key timeout-minutes`))
          : undefined;
        const timer =
          minutes === undefined
            ? undefined
            : setTimeout(() => timeout.abort(), job.realMs(minutes * 60_000));
        const signal = AbortSignal.any([job.signal, timeout.signal]);
        // `defaults.run` applies to run: steps only, as on GitHub.
        const directory =
          step.workingDirectory ??
          (step.run !== undefined ? def.runDefaults.workingDirectory : undefined);
        const common = {
          cwd:
            directory === undefined
              ? job.root
              : path.resolve(
                  job.root,
                  asText(evaluate(directory, scope, `${where}, key working-directory`)),
                ),
          env: stepEnv({ ...env, GITHUB_ACTION: step.id }),
          onLine: show,
          signal,
          kill: job.kill,
          runnerTemp: temp,
        };
        let result: StepResult | undefined;
        if (step.uses && CHECKOUT.test(step.uses)) {
          show('actions/checkout: the local tree is the checkout (nothing fetched)');
        } else if (step.uses) {
          const own = OWN_ACTION.exec(step.uses);
          if (!own?.[1]) {
            throw new StepProblem(
              `uses: ${step.uses} is not run locally: only this repository's actions (./actions/<name> or OWNER/mlops-actions/actions/<name>@ref) and actions/checkout are`,
            );
          }
          const actionDir = path.join(job.root, own[1]);
          if (!existsSync(path.join(actionDir, 'action.yml'))) {
            throw new StepProblem(`uses: ${step.uses}: no action.yml in ${own[1]}`);
          }
          const metadata = readActionMetadata(actionDir);
          if (!existsSync(metadata.main)) {
            throw new StepProblem(
              `uses: ${step.uses}: ${path.relative(job.root, metadata.main)} is not built (npm run build)`,
            );
          }
          const given = evaluateMap(step.with, scope, `${where}, key with`);
          const inputs: Record<string, string> = {};
          for (const [input, spec] of Object.entries(metadata.inputs)) {
            const fallback = job.actionDefaults[input] ?? spec.default;
            if (fallback !== undefined) {
              inputs[input] = interpolate(fallback, scope, `${where}, default of input ${input}`);
            }
          }
          const unexpected = Object.keys(given).filter((k) => !(k in metadata.inputs));
          if (unexpected.length > 0) {
            show(
              `Warning: Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(metadata.inputs).join("', '")}']`,
            );
          }
          const options: StepOptions = {
            ...common,
            actionDir,
            inputs: Object.fromEntries(
              Object.entries({ ...inputs, ...given }).map(([k, v]) => [k, scaledWait(job, k, v)]),
            ),
            env: { ...common.env, GITHUB_ACTION_PATH: actionDir },
          };
          result = await runMain(options);
          if (metadata.post) {
            posts.push({
              name,
              options: { ...options, signal: job.kill, onLine: show },
              state: result.state,
              postIf: metadata.postIf ?? 'always()',
            });
          }
        } else {
          const shell = step.shell ?? def.runDefaults.shell ?? 'bash';
          const shells: Record<string, string[]> = {
            bash: ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '{0}'],
            sh: ['sh', '-e', '{0}'],
          };
          const command = shells[shell];
          if (!command) throw new StepProblem(`shell: ${shell} is not run locally (bash or sh)`);
          result = await runScript({ ...common, script: script ?? '', shell: command });
        }
        clearTimeout(timer);
        if (result) {
          processMs = result.durationMs;
          absorb(result);
          outputs = result.outputs;
          Object.assign(addedEnv, result.env);
          addedPath.push(...result.path);
        }
        if (timeout.signal.aborted) {
          outcome = 'failure';
          why = `timed out after ${minutes} minute(s)`;
        } else if (job.signal.aborted && result && result.exitCode !== 0) {
          outcome = 'cancelled';
        } else {
          outcome = !result || result.exitCode === 0 ? 'success' : 'failure';
          if (result && result.exitCode !== 0)
            why = `exit code ${result.exitCode ?? result.killedBy}`;
        }
      } catch (err) {
        if (!(err instanceof StepProblem || err instanceof ExpressionError)) throw err;
        outcome = 'failure';
        why = err.message;
        show(`Error: ${err.message}`);
      }
      const continueOnError =
        outcome === 'failure' &&
        Boolean(
          evaluate(step.continueOnError, scopeWith(job.env), `${where}, key continue-on-error`),
        );
      const conclusion: Result = continueOnError ? 'success' : outcome;
      if (conclusion === 'failure') {
        failed = true;
        failure ??= `step ${name} failed${why ? `: ${why}` : ''}`;
      }
      timeline.end(
        display,
        `step ${name}`,
        outcome,
        Date.now() - started,
        continueOnError ? 'continue-on-error' : why,
      );
      reports.push({ name, outcome, conclusion, processMs });
      if (step.hasId) stepsContext[step.id] = { outputs, outcome, conclusion };
    }

    for (const post of posts.toReversed()) {
      const where = `job ${display}, post step of ${post.name}`;
      if (!evaluateCondition(post.postIf, scopeWith(job.env), where)) continue;
      timeline.start(display, `post ${post.name}`);
      const started = Date.now();
      const result = await runPost(post.options, post.state);
      absorb(result);
      const outcome: Result = result.exitCode === 0 ? 'success' : 'failure';
      if (outcome === 'failure') {
        failed = true;
        failure ??= `post step of ${post.name} failed`;
      }
      timeline.end(display, `post ${post.name}`, outcome, Date.now() - started);
      reports.push({
        name: `Post ${post.name}`,
        outcome,
        conclusion: outcome,
        processMs: result.durationMs,
      });
    }

    const scope = scopeWith(job.env);
    let outputs: Record<string, string> = {};
    try {
      const evaluated = evaluateMap(def.outputs, scope, `job ${display}, key outputs`);
      outputs = Object.fromEntries(
        Object.entries(evaluated).filter(([name, value]) => {
          if (timeline.hide(value) === value) return true;
          timeline.job(display, `Warning: Skip output '${name}' since it may contain secret.`);
          return false;
        }),
      );
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      failed = true;
      failure ??= err.message;
      timeline.job(display, `Error: ${err.message}`);
    }
    return {
      result: job.signal.aborted ? 'cancelled' : failed ? 'failure' : 'success',
      outputs,
      steps: reports,
      summary: timeline.hide(summaries.filter(Boolean).join('\n')),
      ...(failure ? { why: failure } : {}),
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** A step that cannot run as written (an unknown action, an unbuilt bundle, a shell). */
class StepProblem extends Error {}
