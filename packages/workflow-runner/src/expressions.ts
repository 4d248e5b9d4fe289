/**
 * `${{ }}` evaluated with GitHub's own `@actions/expressions`: the contexts a key may read, the
 * status functions of the job or step being decided, and `hashFiles` over the workspace.
 */
import { createHash } from 'node:crypto';
import { globSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { TokenType } from '@actions/expressions/lexer';
import { truthy } from '@actions/expressions/result';
import { Expr, type Templated } from './workflow-file.ts';

type FunctionDefinition = ConstructorParameters<typeof Evaluator>[2] extends
  Map<string, infer F> | undefined
  ? F
  : never;

/** What a condition's status functions see. */
export interface Status {
  /** A step (or needed job) before this one failed. */
  failed: boolean;
  /** The run was cancelled. */
  cancelled: boolean;
}

export interface Scope {
  contexts: Record<string, unknown>;
  status: Status;
  /** The workspace `hashFiles` reads. */
  workspace: string;
}

/** An expression that does not evaluate, naming where it was written. */
export class ExpressionError extends Error {}

const toData = (value: unknown): data.ExpressionData =>
  JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;

const fromData = (value: data.ExpressionData): unknown =>
  JSON.parse(JSON.stringify(value, data.replacer)) as unknown;

function hashFiles(workspace: string, patterns: string[]): string {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const files = new Set<string>();
  for (const pattern of include) {
    for (const file of globSync(pattern, { cwd: workspace, exclude })) {
      const full = path.join(workspace, file);
      if (statSync(full).isFile()) files.add(full);
    }
  }
  if (files.size === 0) return '';
  const all = createHash('sha256');
  for (const file of [...files].sort()) {
    all.update(createHash('sha256').update(readFileSync(file)).digest());
  }
  return all.digest('hex');
}

function functions(scope: Scope): Map<string, FunctionDefinition> {
  const { failed, cancelled } = scope.status;
  const status = (name: string, value: () => boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) },
  ];
  return new Map([
    status('success', () => !failed && !cancelled),
    status('failure', () => failed && !cancelled),
    status('always', () => true),
    status('cancelled', () => cancelled),
    [
      // The evaluator looks functions up by their lower-cased name.
      'hashfiles',
      {
        name: 'hashFiles',
        minArgs: 1,
        maxArgs: 255,
        call: (...args: data.ExpressionData[]) =>
          new data.StringData(
            hashFiles(
              scope.workspace,
              args.map((a) => a.coerceString()),
            ),
          ),
      },
    ],
  ]);
}

const FUNCTION_INFO = ['success', 'failure', 'always', 'cancelled', 'hashFiles'].map((name) => ({
  name,
  minArgs: name === 'hashFiles' ? 1 : 0,
  maxArgs: name === 'hashFiles' ? 255 : 0,
}));

/** One expression's value (JSON: strings, numbers, booleans, null, arrays, objects). */
export function evaluateExpression(expression: string, scope: Scope, where: string): unknown {
  try {
    const { tokens } = new Lexer(expression).lex();
    // The lexer unescapes only the first '' of a string literal; every one is meant.
    for (const token of tokens) {
      if (token.type === TokenType.STRING)
        token.value = token.lexeme.slice(1, -1).replaceAll("''", "'");
    }
    const tree = new Parser(tokens, Object.keys(scope.contexts), FUNCTION_INFO).parse();
    const context = new data.Dictionary();
    for (const [name, value] of Object.entries(scope.contexts)) context.add(name, toData(value));
    return fromData(new Evaluator(tree, context, functions(scope)).evaluate());
  } catch (err) {
    throw new ExpressionError(
      `${where}: the expression \${{ ${expression} }} does not evaluate: ${(err as Error).message}`,
    );
  }
}

/** A condition (`if:`), true or false by GitHub's truthiness. */
export function evaluateCondition(expression: string, scope: Scope, where: string): boolean {
  const value = evaluateExpression(expression, scope, where);
  return truthy(toData(value));
}

/** A value from the YAML with every expression in it evaluated. */
export function evaluate(value: Templated, scope: Scope, where: string): unknown {
  if (value instanceof Expr) {
    const line = value.line === undefined ? '' : ` (line ${value.line})`;
    return evaluateExpression(value.expression, scope, `${where}${line}`);
  }
  if (Array.isArray(value)) return value.map((item, i) => evaluate(item, scope, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, evaluate(v, scope, `${where}.${k}`)]),
    );
  }
  return value;
}

/** How GitHub writes a value into an env var or input: objects as JSON, null as empty. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Evaluates a map of keys (env, with, outputs) to text. */
export function evaluateMap(
  map: Record<string, Templated>,
  scope: Scope,
  where: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => [k, asText(evaluate(v, scope, `${where}.${k}`))]),
  );
}

/** A string with `${{ }}` in it (an action.yml default) evaluated, as the runner does. */
export function interpolate(text: string, scope: Scope, where: string): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) =>
    asText(evaluateExpression(expression.trim(), scope, where)),
  );
}
