import { inspect } from 'node:util';

/** One thing wrong with the inputs: which input, what it should be, what it was. */
export interface InputProblem {
  input: string;
  expected: string;
  /** As shown to the user: quoted text, `(secret)`, `nothing`, ... */
  given: string;
  /** Where the problem is, when it is in a file the input names: the annotation points there. */
  file?: string;
  line?: number;
  column?: number;
}

function describeProblem(problem: InputProblem | string): string {
  if (typeof problem === 'string') return problem;
  return `${problem.input}: expected ${problem.expected}, got ${problem.given}`;
}

/**
 * The user's configuration is wrong (a bad or missing input, conflicting inputs). Reported
 * as its message alone: a stack trace would only distract from what to fix. A string
 * problem is for rules no single input owns (e.g. "give `job` or `job-file`").
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly problems: readonly (InputProblem | string)[];

  constructor(problems: InputProblem | string | readonly (InputProblem | string)[]) {
    const list = Array.isArray(problems) ? problems : [problems as InputProblem | string];
    const lines = list.map(describeProblem);
    super(
      lines.length === 1
        ? `Invalid input: ${lines[0]}`
        : `Invalid inputs:\n${lines.map((line) => `- ${line}`).join('\n')}`,
    );
    this.problems = list;
  }
}

export interface ActionFailureOptions {
  /** The error that caused it, typically Azure's; its message and `code` are used by default. */
  cause?: unknown;
  /** The Azure error code, when it is not on `cause`. */
  code?: string;
  /** Azure's own words, when they are not `cause`'s message. */
  detail?: string;
  /** What the user should do next. */
  hint?: string;
}

/**
 * Something the action did failed for a reason outside the code: reported on one line as
 * `<what happened> (<code>): <azure message>. <hint>`.
 */
export class ActionFailure extends Error {
  override readonly name = 'ActionFailure';
  readonly what: string;
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;

  constructor(what: string, options: ActionFailureOptions = {}) {
    const cause = options.cause;
    const code = options.code ?? codeOf(cause);
    const detail = options.detail ?? (cause instanceof Error ? cause.message : undefined);
    super(formatActionFailure(what, code, detail, options.hint), { cause });
    this.what = what;
    this.code = code;
    this.detail = detail;
    this.hint = options.hint;
  }
}

function codeOf(cause: unknown): string | undefined {
  const code: unknown = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code ? code : undefined;
}

function sentence(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

function formatActionFailure(
  what: string,
  code: string | undefined,
  detail: string | undefined,
  hint: string | undefined,
): string {
  const head = `${what}${code ? ` (${code})` : ''}`;
  const parts = [detail ? sentence(`${head}: ${detail}`) : sentence(head)];
  if (hint) parts.push(sentence(hint));
  return parts.join(' ');
}

/** The one line a user sees for a failure, whatever was thrown. */
export function formatFailure(err: unknown): string {
  return describe(err, new Set());
}

function describe(err: unknown, seen: Set<unknown>): string {
  if (err instanceof InputError || err instanceof ActionFailure) return err.message;
  if (err instanceof Error) {
    // An unexpected error is a bug: keep its type, and the causes that explain it
    // (e.g. "fetch failed" says little without "connect ECONNREFUSED").
    seen.add(err);
    const own = err.name === 'Error' ? err.message || 'Error' : `${err.name}: ${err.message}`;
    if (err.cause === undefined || seen.has(err.cause)) return own;
    return `${own} (caused by: ${describe(err.cause, seen)})`;
  }
  if (typeof err === 'string') return err;
  return `A non-Error value was thrown: ${inspect(err)}`;
}
