import type { $ZodType } from 'zod/v4/core';
import { parseDuration } from '@mlops-actions/azureml/grammar';
import { parseKeyValue, parseMapping } from './text-formats.ts';
import type { Parsed } from '@mlops-actions/azureml/grammar';

// No zod at start-up: the built-in kinds are plain parsers (a few lines each), and the
// action-kit bundle loads no schema library. Measured bundled with ncc on Node 24: zod/mini
// and its schemas for ~25 inputs made a run that fails on a missing input cost ~1.8x a bare
// `node -e 0`, the plain parsers ~1.4x. `input.custom` still takes a zod schema.

/** What an action.yml input declares, plus how to read its text. */
export interface InputOptions {
  description: string;
  required?: boolean;
  /** As written in action.yml; validated like a given value. */
  default?: string;
  /** Masked in logs as soon as read; never echoed in error messages. */
  secret?: boolean;
  /** Where the value is read from when the step leaves the input empty. */
  fallback?: InputFallback;
}

/**
 * Another source of an input left empty: an environment variable set once for the job, a config
 * file. `read` gives the text and where it came from (named in errors), or undefined.
 */
export interface InputFallback {
  /** The sources in words, for "required" messages and the docs: `AZURE_SUBSCRIPTION_ID`. */
  sources: string;
  read(env: NodeJS.ProcessEnv): { text: string; origin: string } | undefined;
}

/** Reads an input's text: the value, or a refusal (with the reason, when there is more to say). */
export type InputParser<T> = (text: string) => Parsed<T> | Promise<Parsed<T>>;

/**
 * One declared input. `Present` is type-level only: true when readInputs always yields a
 * value (the input is required or has a default), so the value's type excludes undefined.
 */
export interface Input<T = unknown, Present extends boolean = boolean> {
  readonly description: string;
  readonly required: boolean;
  readonly default: string | undefined;
  readonly secret: boolean;
  readonly fallback: InputFallback | undefined;
  /** Completes "expected ..., got ..." in error messages. */
  readonly expected: string;
  readonly parse: InputParser<T>;
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
  parse: InputParser<T>,
): Input<T, Present<O>> {
  return {
    description: options.description,
    required: options.required ?? false,
    default: options.default,
    secret: options.secret ?? false,
    fallback: options.fallback,
    expected,
    parse,
  };
}

/** The text itself, when `accept` says yes. */
const textIf =
  (accept: (text: string) => boolean): InputParser<string> =>
  (text) =>
    accept(text) ? { ok: true, value: text } : { ok: false };

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An absolute http(s) URL, read as zod's `z.url({ protocol: /^https?$/ })` reads one. */
function parseHttpUrl(text: string): Parsed<string> {
  const trimmed = text.trim();
  // `https:/x` and `http:x` parse as URLs, but nobody means them.
  if (!/^https?:\/\//i.test(trimmed)) return { ok: false };
  const url = URL.parse(trimmed);
  if (!url || !/^https?:$/.test(url.protocol)) return { ok: false };
  // The URL parser drops tabs and newlines before parsing; so does the value.
  return { ok: true, value: trimmed.replace(/[\t\n\r]/g, '') };
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
    const matches = (text: string) => {
      if (!pattern) return true;
      pattern.lastIndex = 0;
      return pattern.test(text);
    };
    return make(options, expected, textIf(matches));
  },

  boolean<const O extends InputOptions>(options: O): Input<boolean, Present<O>> {
    return make(options, 'true or false (or yes/no, 1/0)', parseBoolean);
  },

  /** In milliseconds. */
  duration<const O extends DurationOptions>(options: O): Input<number, Present<O>> {
    const parse = (text: string): Parsed<number> => {
      const ms = parseDuration(text);
      if (ms === undefined) return { ok: false };
      if (ms === 0 && !options.allowZero) return { ok: false, problem: 'it must be more than 0' };
      return { ok: true, value: ms };
    };
    return make(options, 'a duration such as 30s, 5m or 6h', parse);
  },

  integer<const O extends IntegerOptions>(options: O): Input<number, Present<O>> {
    const parse = (text: string) => parseInteger(text, options);
    return make(options, integerExpected(options), parse);
  },

  guid<const O extends InputOptions>(options: O): Input<string, Present<O>> {
    const isGuid = (text: string) => GUID.test(text);
    return make(options, 'a GUID such as 00000000-0000-0000-0000-000000000000', textIf(isGuid));
  },

  url<const O extends InputOptions>(options: O): Input<string, Present<O>> {
    return make(options, 'an http or https URL', parseHttpUrl);
  },

  choice<const V extends readonly [string, ...string[]], const O extends InputOptions>(
    values: V,
    options: O & { default?: V[number] },
  ): Input<V[number], Present<O>> {
    const known = (text: string): text is V[number] => values.includes(text);
    const parse = (text: string): Parsed<V[number]> =>
      known(text) ? { ok: true, value: text } : { ok: false };
    return make(options, `one of ${values.join(', ')}`, parse);
  },

  /** A regular expression in JavaScript's syntax, kept as its source text. */
  regex<const O extends InputOptions>(options: O): Input<string, Present<O>> {
    return make(options, 'a valid regular expression', textIf(compiles));
  },

  /** `key=value` lines (or `a=1,b=2` on one line). */
  keyValue<const O extends InputOptions>(options: O): Input<Record<string, string>, Present<O>> {
    const expected = 'key=value pairs, one per line or comma separated';
    return make(options, expected, parseKeyValue);
  },

  /** A JSON object or YAML mapping. */
  map<const O extends InputOptions>(options: O): Input<Record<string, unknown>, Present<O>> {
    return make(options, 'a JSON object or YAML mapping', parseMapping);
  },

  /**
   * Any zod schema from text, for a format the kinds above do not cover. It is run through
   * its Standard Schema interface, so action-kit itself never loads zod.
   */
  custom<T, const O extends InputOptions & { expected: string }>(
    schema: $ZodType<T, string>,
    options: O,
  ): Input<T, Present<O>> {
    const parse = async (text: string): Promise<Parsed<T>> => {
      const result = await schema['~standard'].validate(text);
      if (!result.issues) return { ok: true, value: result.value };
      const issue = result.issues[0] as { code?: string; params?: { reason?: string } } | undefined;
      return { ok: false, problem: issue?.code === 'custom' ? issue.params?.reason : undefined };
    };
    return make(options, options.expected, parse);
  },
};

/** Reads `text` as `spec` does; on failure, the parser's reason if it gave one. */
export async function parseInputText<T>(spec: Input<T>, text: string): Promise<Parsed<T>> {
  return spec.parse(text);
}
