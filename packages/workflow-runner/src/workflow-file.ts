/**
 * A workflow file as GitHub reads it: parsed and validated by GitHub's own
 * `@actions/workflow-parser` (errors carry file, line and column), converted to jobs and steps,
 * and every value kept as written: `${{ }}` stays an expression, evaluated when the run gets there.
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';
import type * as Parser from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';

/** The parser imports its JSON schema without `with { type: 'json' }`, which Node 24 refuses. */
let parser: Promise<typeof Parser> | undefined;
function loadParser(): Promise<typeof Parser> {
  parser ??= (() => {
    registerHooks({
      load(url, context, nextLoad) {
        if (!url.endsWith('.json') || !url.includes('/@actions/workflow-parser/')) {
          return nextLoad(url, context);
        }
        return nextLoad(url, {
          ...context,
          importAttributes: { ...context.importAttributes, type: 'json' },
        });
      },
    });
    return import('@actions/workflow-parser');
  })();
  return parser;
}

/** A problem in a workflow file or on the command line: shown as is, nothing has run. */
export class WorkflowError extends Error {}

/** `${{ expression }}` as written, with where it was written. */
export class Expr {
  readonly expression: string;
  readonly line: number | undefined;
  constructor(expression: string, line: number | undefined) {
    this.expression = expression;
    this.line = line;
  }
}

/** A value from the YAML: plain JSON whose expressions are still `Expr`s. */
export type Templated = unknown;
export type TemplatedMap = Record<string, Templated>;

export interface StepDef {
  /** The `id:`, or the parser's generated one (`__run`, `__self`, ...). */
  id: string;
  hasId: boolean;
  name?: Templated;
  /** The condition as GitHub completes it (`success() && (...)` when no status function). */
  if: string;
  uses?: string;
  run?: Templated;
  with: TemplatedMap;
  env: TemplatedMap;
  continueOnError: Templated;
  timeoutMinutes?: Templated;
  shell?: string;
  workingDirectory?: Templated;
  line?: number;
}

export interface RunDefaults {
  shell?: string;
  workingDirectory?: Templated;
}

export type PermissionsSpec = 'read-all' | 'write-all' | Record<string, string>;

export interface JobDef {
  id: string;
  name?: Templated;
  needs: string[];
  if: string;
  strategy?: Templated;
  env: TemplatedMap;
  environment?: Templated;
  permissions?: PermissionsSpec;
  /** `defaults.run` of the job over the workflow's: the shell and working directory of `run:` steps. */
  runDefaults: RunDefaults;
  outputs: TemplatedMap;
  continueOnError: Templated;
  timeoutMinutes?: Templated;
  concurrency?: Templated;
  steps: StepDef[];
  /** A reusable workflow call: the `uses:`, its `with:` and `secrets:`. */
  uses?: string;
  with: TemplatedMap;
  secrets?: 'inherit' | TemplatedMap;
  line?: number;
}

export interface InputDecl {
  type: string;
  required: boolean;
  default?: Templated;
  options?: string[];
}

export interface WorkflowFile {
  /** Path relative to the repository root, e.g. `.github/workflows/example-dev.yml`. */
  file: string;
  name: string;
  /** Event names the workflow runs on. */
  events: string[];
  dispatchInputs: Record<string, InputDecl>;
  call?: {
    inputs: Record<string, InputDecl>;
    secrets: Record<string, { required: boolean }>;
    outputs: Record<string, Templated>;
  };
  env: TemplatedMap;
  permissions?: PermissionsSpec;
  concurrency?: Templated;
  jobs: JobDef[];
}

interface Token {
  line?: number;
  templateTokenType: number;
}

/** The token tree as plain values; expressions become `Expr`. */
function plain(p: typeof Parser, token: TemplateToken | undefined): Templated {
  if (token === undefined) return undefined;
  if (p.isBasicExpression(token)) {
    return new Expr(
      token.blockScalarHeader ? dedent(token.expression) : token.expression,
      token.line,
    );
  }
  if (p.isMapping(token)) {
    const out: TemplatedMap = {};
    for (const pair of token) out[pair.key.toString()] = plain(p, pair.value);
    return out;
  }
  if (p.isSequence(token)) {
    const out: Templated[] = [];
    for (const item of token) out.push(plain(p, item));
    return out;
  }
  if (p.isString(token) || p.isNumber(token) || p.isBoolean(token)) return token.value;
  return null;
}

/**
 * The parser builds a block scalar's `format('...')` from its source lines, indentation included;
 * the YAML value has none.
 */
function dedent(expression: string): string {
  const start = /^format\('( +)/.exec(expression);
  if (!start?.[1]) return expression;
  return `format('${expression.slice(start[0].length).split(`\n${start[1]}`).join('\n')}`;
}

const asMap = (value: Templated): TemplatedMap =>
  value && typeof value === 'object' && !(value instanceof Expr) && !Array.isArray(value)
    ? (value as TemplatedMap)
    : {};

function permissions(value: Templated): PermissionsSpec | undefined {
  if (value === undefined) return undefined;
  if (value === 'read-all' || value === 'write-all') return value;
  return Object.fromEntries(Object.entries(asMap(value)).map(([k, v]) => [k, String(v)]));
}

function inputDecls(value: Templated): Record<string, InputDecl> {
  return Object.fromEntries(
    Object.entries(asMap(value)).map(([name, spec]) => {
      const s = asMap(spec);
      return [
        name,
        {
          type: typeof s.type === 'string' ? s.type : 'string',
          required: s.required === true,
          ...(s.default !== undefined ? { default: s.default } : {}),
          ...(Array.isArray(s.options) ? { options: s.options.map(String) } : {}),
        },
      ];
    }),
  );
}

/** Reads, parses and validates one workflow file; a problem is a WorkflowError with file and line. */
export async function loadWorkflow(root: string, file: string): Promise<WorkflowFile> {
  const p = await loadParser();
  let content: string;
  try {
    content = readFileSync(path.resolve(root, file), 'utf8');
  } catch (err) {
    throw new WorkflowError(`${file}: cannot read the workflow file (${(err as Error).message})`);
  }
  const parsed = p.parseWorkflow({ name: file, content }, new p.NoOperationTraceWriter());
  const invalid = (): WorkflowError =>
    new WorkflowError(
      `${file} is not a valid workflow:\n${parsed.context.errors
        .getErrors()
        .map((e) => `  ${e.message}`)
        .join('\n')}`,
    );
  if (parsed.context.errors.count > 0 || !parsed.value) throw invalid();
  const template = await p.convertWorkflowTemplate(parsed.context, parsed.value);
  if (parsed.context.errors.count > 0) throw invalid();

  const root_ = asMap(plain(p, parsed.value));
  const rawJobs = asMap(root_.jobs);
  const on = root_.on;
  const onMap = typeof on === 'string' ? { [on]: null } : Array.isArray(on) ? {} : asMap(on);
  const events =
    typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(onMap);
  const call = events.includes('workflow_call') ? asMap(onMap.workflow_call) : undefined;
  const runDefaults = (owner: TemplatedMap): RunDefaults => {
    const run = asMap(asMap(owner.defaults).run);
    return {
      ...(typeof run.shell === 'string' ? { shell: run.shell } : {}),
      ...(run['working-directory'] !== undefined
        ? { workingDirectory: run['working-directory'] }
        : {}),
    };
  };
  const workflowDefaults = runDefaults(root_);

  const jobs = template.jobs.map((job): JobDef => {
    const id = job.id.value;
    const raw = asMap(rawJobs[id]);
    const common = {
      id,
      ...(raw.name !== undefined ? { name: raw.name } : {}),
      needs: (job.needs ?? []).map((n) => n.value),
      if: job.if.expression,
      ...(raw.strategy !== undefined ? { strategy: raw.strategy } : {}),
      outputs: asMap(raw.outputs),
      continueOnError: raw['continue-on-error'] ?? false,
      ...(raw['timeout-minutes'] !== undefined ? { timeoutMinutes: raw['timeout-minutes'] } : {}),
      ...(raw.concurrency !== undefined ? { concurrency: raw.concurrency } : {}),
      ...(raw.permissions !== undefined ? { permissions: permissions(raw.permissions) } : {}),
      runDefaults: { ...workflowDefaults, ...runDefaults(raw) },
      line: (job.id as Token).line,
    };
    if (job.type === 'reusableWorkflowJob') {
      return {
        ...common,
        env: {},
        steps: [],
        uses: job.ref.value,
        with: asMap(raw.with),
        ...(raw.secrets === 'inherit'
          ? { secrets: 'inherit' as const }
          : raw.secrets !== undefined
            ? { secrets: asMap(raw.secrets) }
            : {}),
      };
    }
    const rawSteps = Array.isArray(raw.steps) ? raw.steps.map(asMap) : [];
    return {
      ...common,
      env: asMap(raw.env),
      ...(raw.environment !== undefined ? { environment: raw.environment } : {}),
      with: {},
      steps: job.steps.map((step, i): StepDef => {
        const s = rawSteps[i] ?? {};
        return {
          id: step.id,
          hasId: typeof s.id === 'string',
          ...(s.name !== undefined ? { name: s.name } : {}),
          if: step.if?.expression ?? 'success()',
          ...('uses' in step ? { uses: step.uses.value } : {}),
          ...(s.run !== undefined ? { run: s.run } : {}),
          with: asMap(s.with),
          env: asMap(s.env),
          continueOnError: s['continue-on-error'] ?? false,
          ...(s['timeout-minutes'] !== undefined ? { timeoutMinutes: s['timeout-minutes'] } : {}),
          ...(typeof s.shell === 'string' ? { shell: s.shell } : {}),
          ...(s['working-directory'] !== undefined
            ? { workingDirectory: s['working-directory'] }
            : {}),
          line: step.name?.line ?? ('uses' in step ? step.uses.line : undefined),
        };
      }),
    };
  });

  return {
    file,
    name: typeof root_.name === 'string' ? root_.name : file,
    events,
    dispatchInputs: inputDecls(asMap(onMap.workflow_dispatch).inputs),
    ...(call
      ? {
          call: {
            inputs: inputDecls(call.inputs),
            secrets: Object.fromEntries(
              Object.entries(asMap(call.secrets)).map(([k, v]) => [
                k,
                { required: asMap(v).required === true },
              ]),
            ),
            outputs: Object.fromEntries(
              Object.entries(asMap(call.outputs)).map(([k, v]) => [k, asMap(v).value]),
            ),
          },
        }
      : {}),
    env: asMap(root_.env),
    ...(root_.permissions !== undefined ? { permissions: permissions(root_.permissions) } : {}),
    ...(root_.concurrency !== undefined ? { concurrency: root_.concurrency } : {}),
    jobs,
  };
}
