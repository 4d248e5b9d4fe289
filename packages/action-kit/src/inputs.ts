import type { ActionDefinition, InputSpecs, InputValues } from './definition.ts';
import { InputError } from './errors.ts';
import type { InputProblem } from './errors.ts';
import { parseInputText } from './input.ts';
import type { Input } from './input.ts';
import { getRawInput, setSecret } from './runner.ts';

const SHOWN_CHARS = 80;

function shown(spec: Input, text: string): string {
  if (spec.secret) return '(secret)';
  const clipped = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}...` : text;
  return JSON.stringify(clipped);
}

/**
 * Reads, defaults and validates every input of the action, then runs its cross-input
 * checks. Throws one InputError listing all problems, so a user fixes them in one go.
 * Async so that a parser only some inputs need (YAML) is loaded only when they are given.
 */
export async function readInputs<I extends InputSpecs>(
  definition: ActionDefinition<I>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InputValues<I>> {
  const values: Record<string, unknown> = {};
  const problems: (InputProblem | string)[] = [];
  for (const [name, spec] of Object.entries(definition.inputs)) {
    const given = getRawInput(name, env);
    let found;
    try {
      found = given ? undefined : spec.fallback?.read(env);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
      continue;
    }
    // Mask before anything else can print it.
    if (spec.secret && (given || found)) setSecret(given || (found?.text ?? ''));
    const text = given || found?.text || spec.default;
    if (text === undefined) {
      if (spec.required) {
        const or = spec.fallback ? `; or set ${spec.fallback.sources}` : '';
        problems.push({
          input: name,
          expected: `${spec.expected} (required${or})`,
          given: 'nothing',
        });
      }
      continue;
    }
    const parsed = await parseInputText(spec, text);
    if (parsed.ok) {
      values[name] = parsed.value;
    } else {
      // A parser's reason may quote the text, so a secret gets none.
      const why = parsed.problem && !spec.secret ? ` (${parsed.problem})` : '';
      const origin = given ? '' : found ? ` (from ${found.origin})` : " (the action's default)";
      problems.push({
        input: name,
        expected: spec.expected,
        given: shown(spec, text) + why + origin,
      });
    }
  }
  // Cross-input rules would misjudge a value that did not parse, so they wait for clean input.
  if (problems.length === 0) {
    const typed = values as InputValues<I>;
    for (const check of definition.checks) {
      const problem = check(typed);
      if (problem) problems.push(problem);
    }
  }
  // Inputs that share a source (one unreadable config file) would report it once each.
  const unique = [...new Map(problems.map((p) => [JSON.stringify(p), p])).values()];
  if (unique.length > 0) throw new InputError(unique);
  return values as InputValues<I>;
}
