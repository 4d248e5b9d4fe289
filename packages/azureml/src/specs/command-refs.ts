/**
 * The `${{...}}` references a CLI v2 command line or a pipeline binding makes, and the check
 * that each names something declared, so a typo fails on the runner instead of in Azure.
 */
import { SpecError } from '../grammar/spec-error.ts';
import { locate } from './yaml-spec.ts';

const REFERENCE = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** `inputs.lr`, `search_space.lr`, `parent.inputs.data`, ... as their dotted parts. */
export function referencesIn(text: string): string[][] {
  return [...text.matchAll(REFERENCE)].map(([, expression = '']) => expression.split('.'));
}

export interface Declared {
  /** The kinds a reference may start with, each with the names it may take. */
  [kind: string]: readonly string[];
}

/**
 * Every `${{kind.name}}` in `text` (the value of `field` in a spec) names one of `declared`;
 * the first that does not is a SpecError at the field's line.
 */
export function checkReferences(
  text: string,
  declared: Declared,
  where: { subject: string; field: PropertyKey[]; source?: string | undefined },
): void {
  for (const parts of referencesIn(text)) {
    const [kind = '', name, ...rest] = parts;
    const names = declared[kind];
    if (names === undefined || name === undefined || rest.length > 0 || !names.includes(name)) {
      const at = where.source === undefined ? undefined : locate(where.source, where.field);
      const kinds = Object.entries(declared)
        .map(([k, n]) =>
          n.length === 0 ? `${k}.<none declared>` : n.map((x) => `${k}.${x}`).join(', '),
        )
        .join('; ');
      throw new SpecError({
        subject: where.subject,
        field: where.field.map(String).join('.'),
        expected: `references to what is declared (${kinds})`,
        given: `\${{${parts.join('.')}}}`,
        line: at?.line,
        column: at?.column,
      });
    }
  }
}
