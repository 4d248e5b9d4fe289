/**
 * Validating Azure ML CLI v2 YAML specs (jobs, deployments) with zod, so that every error
 * names the field, what was expected and what was given (with the YAML line when parsed from text).
 */
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { Parsed } from '../grammar/parsed.ts';
import { SpecError, WHOLE_DOCUMENT } from '../grammar/spec-error.ts';

/** A strict object whose unknown-field error lists the fields it knows. */
export function fields<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = `a known field (one of: ${Object.keys(shape).join(', ')})`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? known : undefined),
  });
}

/** A string parsed by an asset-reference parser; its `expected` becomes the error. */
export function reference<T>(parse: (text: string) => Parsed<T>) {
  return z.string().transform((text, ctx): T => {
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.expected ?? 'a valid reference' });
    return z.NEVER;
  });
}

export const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'a string, number or boolean',
});
/** YAML maps of scalars (tags, environment variables) as the API's string maps. */
export const stringMap = z.record(z.string(), scalar.transform(String));
export const positiveInt = z.number().int().positive();

/** Parses a spec from YAML text or an already-parsed object; the first problem is a SpecError. */
export function parseSpec<S extends z.ZodType>(
  schema: S,
  yamlOrObject: unknown,
  subject: string,
): z.output<S> {
  if (typeof yamlOrObject !== 'string')
    return validate(schema, yamlOrObject, subject, () => undefined);
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlOrObject, { lineCounter });
  const [yamlError] = doc.errors;
  if (yamlError) {
    const [start] = yamlError.linePos ?? [];
    throw new SpecError({
      subject,
      field: WHOLE_DOCUMENT,
      expected: 'valid YAML',
      given: firstLine(yamlError.message).replace(/:\s*$/, ''),
      line: start?.line,
      column: start?.col,
    });
  }
  return validate(schema, doc.toJS(), subject, (path) => positionOf(doc, lineCounter, path));
}

/** Where a problem is in the text: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

function validate<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  subject: string,
  positionAt: (path: PropertyKey[]) => Position | undefined,
): z.output<S> {
  const result = schema.safeParse(raw, { error: expectedFor });
  if (result.success) return result.data;
  // A misspelt field also shows up as a missing one; naming the misspelling helps more.
  const { issues } = result.error;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!issue) throw new Error('spec validation failed without an issue');
  const { path, expected, given } = describeIssue(issue, raw, []);
  const at = positionAt(path);
  throw new SpecError({
    subject,
    field: fieldName(path),
    expected,
    given,
    line: at?.line,
    column: at?.column,
  });
}

/** Zod issue -> what was expected, in words (used as every issue's message). */
function expectedFor(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return withArticle(issue.expected === 'int' ? 'integer' : issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.join(', ')}`;
    case 'too_small':
      return issue.origin === 'string'
        ? 'a non-empty string'
        : `a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? `one of ${issue.options.join(', ')}`
        : undefined;
    default:
      return undefined;
  }
}

function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  prefix: PropertyKey[],
): { path: PropertyKey[]; expected: string; given: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    // The branch whose errors all lie below the value matched its shape; report from there.
    const branch = issue.errors.find((errors) => errors.every((e) => e.path.length > 0));
    if (branch?.[0]) return describeIssue(branch[0], raw, path);
  }
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys.join(', ');
    return { path: [...path, key], expected: issue.message, given: `an unknown field "${key}"` };
  }
  return { path, expected: issue.message, given: describeValue(valueAt(raw, path)) };
}

function withArticle(noun: string): string {
  const word = noun === 'array' ? 'list' : noun;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object')
    return `an object with ${Object.keys(value).join(', ') || 'no fields'}`;
  return String(value);
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}

function fieldName(path: PropertyKey[]): string {
  return path.length === 0 ? WHOLE_DOCUMENT : path.map(String).join('.');
}

/** Line and column of the deepest key on `path` that exists in the document. */
function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  path: PropertyKey[],
): Position | undefined {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let node: unknown = doc.contents;
  let position = isMap(node) && node.range ? at(node.range[0]) : undefined;
  for (const key of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair || !isScalar(pair.key) || !pair.key.range) break;
    position = at(pair.key.range[0]);
    node = pair.value;
  }
  return position;
}

/** Line and column of the deepest key on `path` in YAML `text` (for checks across files). */
export function locate(text: string, path: PropertyKey[]): Position | undefined {
  const lineCounter = new LineCounter();
  return positionOf(parseDocument(text, { lineCounter }), lineCounter, path);
}
