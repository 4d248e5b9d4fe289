import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { parseDuration } from '@mlops-actions/azureml/grammar';
import { parseKeyValue, parseMapping } from './text-formats.ts';
import type { Parsed } from '@mlops-actions/azureml/grammar';

// zod/mini rather than zod: the same zod 4 engine, but tree-shakable. Measured bundled with
// ncc: importing zod adds ~25 ms to a bare node start of ~35 ms, zod/mini under 10 ms.

/** What an action.yml input declares, plus how to read its text. */
export interface InputOptions {
  description: string;
  required?: boolean;
  /** As written in action.yml; validated like a given value. */
  default?: string;
  /** Masked in logs as soon as read; never echoed in error messages. */
  secret?: boolean;
}

/**
 * One declared input. `Present` is type-level only: true when readInputs always yields a
 * value (the input is required or has a default), so the value's type excludes undefined.
 */
export interface Input<T = unknown, Present extends boolean = boolean> {
  readonly description: string;
  readonly required: boolean;
  readonly default: string | undefined;
  readonly secret: boolean;
  /** Completes "expected ..., got ..." in error messages. */
  readonly expected: string;
  readonly schema: $ZodType<T, string>;
  readonly present?: Present;
}

type Present<O> = O extends { required: true }
  ? true
  : O extends { default: string }
    ? true
    : false;

function make<T, O extends InputOptions>(
  options: O,
  expected: string,
  schema: $ZodType<T, string>,
): Input<T, Present<O>> {
  return {
    description: options.description,
    required: options.required ?? false,
    default: options.default,
    secret: options.secret ?? false,
    expected,
    schema,
  };
}

/** A schema from a parser that explains its refusals (the reason ends up in brackets). */
function parsedBy<T>(parse: (text: string) => Parsed<T> | Promise<Parsed<T>>): $ZodType<T, string> {
  return z.pipe(
    z.string(),
    z.transform(async (text: string, ctx) => {
      const result = await parse(text);
      if (result.ok) return result.value;
      // zod would replace an empty message with its own words; the reason rides in params.
      const reason = result.problem;
      ctx.issues.push({ code: 'custom', message: reason ?? '', input: text, params: { reason } });
      return z.NEVER;
    }),
  );
}

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

function parseBoolean(text: string): Parsed<boolean> {
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false };
}

interface IntegerOptions extends InputOptions {
  min?: number;
  max?: number;
}

function integerExpected({ min, max }: IntegerOptions): string {
  if (min !== undefined && max !== undefined) return `an integer from ${min} to ${max}`;
  if (min !== undefined) return `an integer of at least ${min}`;
  if (max !== undefined) return `an integer of at most ${max}`;
  return 'an integer';
}

function parseInteger(text: string, { min, max }: IntegerOptions): Parsed<number> {
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  const inRange =
    Number.isSafeInteger(value) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max);
  return inRange ? { ok: true, value } : { ok: false };
}

interface DurationOptions extends InputOptions {
  /** Accept `0` (e.g. "no timeout"); otherwise a duration must be more than zero. */
  allowZero?: boolean;
}

interface StringOptions extends InputOptions {
  pattern?: RegExp;
  /** Words for what `pattern` accepts, e.g. "a workspace name (letters, digits and -)". */
  expected?: string;
}

/** The input kinds; each returns an Input whose value type readInputs infers. */
export const input = {
  string<const O extends StringOptions>(options: O): Input<string, Present<O>> {
    const { pattern } = options;
    const expected = options.expected ?? (pattern ? `text matching ${pattern}` : 'text');
    return make(options, expected, pattern ? z.string().check(z.regex(pattern)) : z.string());
  },

  boolean<const O extends InputOptions>(options: O): Input<boolean, Present<O>> {
    return make(options, 'true or false (or yes/no, 1/0)', parsedBy(parseBoolean));
  },

  /** In milliseconds. */
  duration<const O extends DurationOptions>(options: O): Input<number, Present<O>> {
    const parse = (text: string): Parsed<number> => {
      const ms = parseDuration(text);
      if (ms === undefined) return { ok: false };
      if (ms === 0 && !options.allowZero) return { ok: false, problem: 'it must be more than 0' };
      return { ok: true, value: ms };
    };
    return make(options, 'a duration such as 30s, 5m or 6h', parsedBy(parse));
  },

  integer<const O extends IntegerOptions>(options: O): Input<number, Present<O>> {
    const parse = (text: string) => parseInteger(text, options);
    return make(options, integerExpected(options), parsedBy(parse));
  },

  guid<const O extends InputOptions>(options: O): Input<string, Present<O>> {
    return make(options, 'a GUID such as 00000000-0000-0000-0000-000000000000', z.guid());
  },

  url<const O extends InputOptions>(options: O): Input<string, Present<O>> {
    return make(options, 'an http or https URL', z.url({ protocol: /^https?$/ }));
  },

  choice<const V extends readonly [string, ...string[]], const O extends InputOptions>(
    values: V,
    options: O & { default?: V[number] },
  ): Input<V[number], Present<O>> {
    return make(options, `one of ${values.join(', ')}`, z.enum(values));
  },

  /** `key=value` lines (or `a=1,b=2` on one line). */
  keyValue<const O extends InputOptions>(options: O): Input<Record<string, string>, Present<O>> {
    const expected = 'key=value pairs, one per line or comma separated';
    return make(options, expected, parsedBy(parseKeyValue));
  },

  /** A JSON object or YAML mapping. */
  map<const O extends InputOptions>(options: O): Input<Record<string, unknown>, Present<O>> {
    return make(options, 'a JSON object or YAML mapping', parsedBy(parseMapping));
  },

  /** Any zod schema from text, for a format the kinds above do not cover. */
  custom<T, const O extends InputOptions & { expected: string }>(
    schema: $ZodType<T, string>,
    options: O,
  ): Input<T, Present<O>> {
    return make(options, options.expected, schema);
  },
};

/** Reads `text` as `spec` does; on failure, the parser's reason if it gave one. */
export async function parseInputText<T>(spec: Input<T>, text: string): Promise<Parsed<T>> {
  const result = await z.safeParseAsync(spec.schema, text);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const params = issue?.code === 'custom' ? (issue.params as { reason?: string }) : undefined;
  return { ok: false, problem: params?.reason };
}
