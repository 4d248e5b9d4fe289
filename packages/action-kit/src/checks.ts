import type { InputCheck } from './definition.ts';

// Ready-made cross-input rules. Typed by the names they read, so a rule naming an input the
// action does not declare fails to compile.

function given(values: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((name) => values[name] !== undefined);
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'` */
function list(names: readonly string[], conjunction: 'or' | 'and'): string {
  const quoted = names.map((name) => `'${name}'`);
  const last = quoted.pop();
  return quoted.length === 0 ? `${last}` : `${quoted.join(', ')} ${conjunction} ${last}`;
}

/** Exactly one of the inputs must be given, e.g. a job by name or a job file. */
export function exactlyOneOf<K extends string>(...names: K[]): InputCheck<Record<K, unknown>> {
  return (values) => {
    const present = given(values, names);
    if (present.length === 1) return undefined;
    return present.length === 0
      ? `give one of ${list(names, 'or')}; none was given`
      : `give only one of ${list(names, 'or')}; got ${list(present, 'and')}`;
  };
}

/** At most one of the inputs may be given. */
export function atMostOneOf<K extends string>(...names: K[]): InputCheck<Record<K, unknown>> {
  return (values) => {
    const present = given(values, names);
    if (present.length <= 1) return undefined;
    return `give at most one of ${list(names, 'or')}; got ${list(present, 'and')}`;
  };
}
