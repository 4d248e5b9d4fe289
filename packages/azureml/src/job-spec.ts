/**
 * The Azure ML CLI v2 command job YAML: schema, parsing, and errors that name the field, what
 * was expected and what was given (with the YAML line when parsed from text).
 */
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import {
  parseCodeRef,
  parseComputeRef,
  parseEnvironmentRef,
  type AssetRef,
  type ComputeRef,
  type Parsed,
} from './asset-refs.ts';

export class JobSpecError extends Error {
  readonly field: string;
  readonly expected: string;
  readonly given: string;
  /** 1-based line in the YAML text, when the spec was parsed from text. */
  readonly line: number | undefined;

  constructor(field: string, expected: string, given: string, line?: number) {
    super(`job spec field ${field}: expected ${expected}; given ${given}`);
    this.name = 'JobSpecError';
    this.field = field;
    this.expected = expected;
    this.given = given;
    this.line = line;
  }
}

export const ASSET_TYPES = [
  'uri_file',
  'uri_folder',
  'mltable',
  'custom_model',
  'mlflow_model',
  'triton_model',
] as const;

/** CLI YAML delivery modes -> the API's names. */
export const INPUT_MODES = {
  ro_mount: 'ReadOnlyMount',
  rw_mount: 'ReadWriteMount',
  download: 'Download',
  direct: 'Direct',
  eval_mount: 'EvalMount',
  eval_download: 'EvalDownload',
} as const;
export const OUTPUT_MODES = { rw_mount: 'ReadWriteMount', upload: 'Upload' } as const;

/** A strict object whose unknown-field error lists the fields it knows. */
function fields<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = `a known field (one of: ${Object.keys(shape).join(', ')})`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? known : undefined),
  });
}

function reference<T>(parse: (text: string) => Parsed<T>) {
  return z.string().transform((text, ctx): T => {
    const parsed = parse(text);
    if (parsed.ok) return parsed.ref;
    ctx.addIssue({ code: 'custom', message: parsed.expected });
    return z.NEVER;
  });
}

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'a string, number or boolean',
});
const stringMap = z.record(z.string(), scalar.transform(String));
const positiveInt = z.number().int().positive();

const assetInput = fields({
  type: z.enum(ASSET_TYPES),
  path: z
    .string()
    .refine((path) => /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/subscriptions/'), {
      error:
        'a URI or a registered data asset (uploading local data is not supported yet; register it and reference azureml:name:version)',
    }),
  mode: z.enum(Object.keys(INPUT_MODES) as [keyof typeof INPUT_MODES]).optional(),
  description: z.string().optional(),
});

const jobOutput = fields({
  type: z.enum(ASSET_TYPES).default('uri_folder'),
  path: z.string().optional(),
  mode: z.enum(Object.keys(OUTPUT_MODES) as [keyof typeof OUTPUT_MODES]).optional(),
  description: z.string().optional(),
});

const distribution = z.discriminatedUnion('type', [
  fields({ type: z.literal('pytorch'), process_count_per_instance: positiveInt.optional() }),
  fields({ type: z.literal('mpi'), process_count_per_instance: positiveInt.optional() }),
  fields({
    type: z.literal('tensorflow'),
    worker_count: positiveInt.optional(),
    parameter_server_count: z.number().int().nonnegative().optional(),
  }),
]);

const identity = z.discriminatedUnion('type', [
  fields({ type: z.literal('aml_token') }),
  fields({ type: z.literal('user_identity') }),
  fields({
    type: z.literal(['managed', 'managed_identity']),
    client_id: z.string().optional(),
    object_id: z.string().optional(),
    resource_id: z.string().optional(),
  }),
]);

const INLINE_ENVIRONMENT =
  'a registered environment (inline environments are not supported yet; register it and reference azureml:name:version)';

const jobSpecSchema = fields({
  $schema: z.string().optional(),
  type: z.literal('command', { error: 'command (only command jobs are supported)' }).optional(),
  /** The CLI's job name; accepted so CLI files parse, but callers choose job names. */
  name: z.string().optional(),
  display_name: z.string().optional(),
  experiment_name: z.string().optional(),
  description: z.string().optional(),
  tags: stringMap.optional(),
  command: z.string().min(1),
  code: reference(parseCodeRef).optional(),
  environment: z
    .string({
      error: (issue) =>
        typeof issue.input === 'object' && issue.input !== null ? INLINE_ENVIRONMENT : undefined,
    })
    .pipe(reference<AssetRef>(parseEnvironmentRef)),
  compute: reference<ComputeRef>(parseComputeRef).optional(),
  inputs: z
    .record(
      z.string(),
      z.union([scalar, assetInput], {
        error: 'a literal (string, number or boolean) or an object {type, path, mode}',
      }),
    )
    .optional(),
  outputs: z.record(z.string(), jobOutput.nullable()).optional(),
  environment_variables: stringMap.optional(),
  resources: fields({
    instance_count: positiveInt.optional(),
    instance_type: z.string().optional(),
    shm_size: z.string().optional(),
    docker_args: z.string().optional(),
  }).optional(),
  limits: fields({ timeout: positiveInt }).optional(),
  distribution: distribution.optional(),
  identity: identity.optional(),
});

export type JobSpec = z.output<typeof jobSpecSchema>;

/** Parses a command job spec from YAML text or an already-parsed object. */
export function parseJobSpec(yamlOrObject: unknown): JobSpec {
  if (typeof yamlOrObject !== 'string') return validate(yamlOrObject, () => undefined);
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlOrObject, { lineCounter });
  const [yamlError] = doc.errors;
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new JobSpecError(
      '(document)',
      'valid YAML',
      firstLine(yamlError.message).replace(/:\s*$/, ''),
      line,
    );
  }
  return validate(doc.toJS(), (path) => lineOf(doc, lineCounter, path));
}

function validate(raw: unknown, lineAt: (path: PropertyKey[]) => number | undefined): JobSpec {
  const result = jobSpecSchema.safeParse(raw, { error: expectedFor });
  if (result.success) return result.data;
  // A misspelt field also shows up as a missing one; naming the misspelling helps more.
  const { issues } = result.error;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!issue) throw new Error('job spec: validation failed without an issue');
  const { path, expected, given } = describeIssue(issue, raw, []);
  throw new JobSpecError(fieldName(path), expected, given, lineAt(path));
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

function describeValue(value: unknown): string {
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
  return path.length === 0 ? '(document)' : path.map(String).join('.');
}

/** Line of the deepest key on `path` that exists in the document. */
function lineOf(doc: Document, lineCounter: LineCounter, path: PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let line = isMap(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  for (const key of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair || !isScalar(pair.key) || !pair.key.range) break;
    line = lineCounter.linePos(pair.key.range[0]).line;
    node = pair.value;
  }
  return line;
}
