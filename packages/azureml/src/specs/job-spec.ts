/**
 * The Azure ML CLI v2 command job YAML: schema, parsing, and errors that name the field, what
 * was expected and what was given (with the YAML line when parsed from text).
 */
import { z } from 'zod';
import {
  parseCodeRef,
  parseComputeRef,
  parseEnvironmentRef,
  type AssetRef,
  type ComputeRef,
} from './asset-refs.ts';
import { INLINE_ENVIRONMENT_FORM, inlineEnvironment } from './inline-environment.ts';
import {
  isLocalPath,
  LocalPathChecker,
  localRef,
  type InlineEnvironment,
  type LocalRef,
  type SpecOptions,
} from './local-paths.ts';
import type { Parsed } from '../grammar/parsed.ts';
import { fields, parseSpec, positiveInt, reference, scalar, stringMap } from './yaml-spec.ts';

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

export const assetInput = fields({
  type: z.enum(ASSET_TYPES),
  path: z.string().min(1),
  mode: z.enum(Object.keys(INPUT_MODES) as [keyof typeof INPUT_MODES]).optional(),
  description: z.string().optional(),
}).transform((input) =>
  // A local file or folder is uploaded and the input reads it from the datastore.
  isLocalPath(input.path) ? { ...input, local: localRef(input.path) as LocalRef } : input,
);

export const jobOutput = fields({
  type: z.enum(ASSET_TYPES).default('uri_folder'),
  path: z.string().optional(),
  mode: z.enum(Object.keys(OUTPUT_MODES) as [keyof typeof OUTPUT_MODES]).optional(),
  description: z.string().optional(),
});

export const distribution = z.discriminatedUnion('type', [
  fields({ type: z.literal('pytorch'), process_count_per_instance: positiveInt.optional() }),
  fields({ type: z.literal('mpi'), process_count_per_instance: positiveInt.optional() }),
  fields({
    type: z.literal('tensorflow'),
    worker_count: positiveInt.optional(),
    parameter_server_count: z.number().int().nonnegative().optional(),
  }),
]);

export const identity = z.discriminatedUnion('type', [
  fields({ type: z.literal('aml_token') }),
  fields({ type: z.literal('user_identity') }),
  fields({
    type: z.literal(['managed', 'managed_identity']),
    client_id: z.string().optional(),
    object_id: z.string().optional(),
    resource_id: z.string().optional(),
  }),
]);

/** `environment:` of a job, trial or component: registered, or inline (uploaded and registered as anonymous). */
export const environmentField = z.union(
  [reference<AssetRef>(parseEnvironmentRef), inlineEnvironment],
  {
    error: (issue) =>
      typeof issue.input === 'string'
        ? expectedOf(parseEnvironmentRef(issue.input))
        : `a registered environment (azureml:<name>:<version>) or an inline one: ${INLINE_ENVIRONMENT_FORM}`,
  },
);

export const codeField = reference(parseCodeRef);
export const computeField = reference<ComputeRef>(parseComputeRef);

/** A job input: a literal, or an asset by type and path (a local path is uploaded). */
export const jobInput = z.union([scalar, assetInput], {
  error: 'a literal (string, number or boolean) or an object {type, path, mode}',
});

export const resources = fields({
  instance_count: positiveInt.optional(),
  instance_type: z.string().optional(),
  shm_size: z.string().optional(),
  docker_args: z.string().optional(),
});

/** What every CLI v2 job file may carry besides its kind's own fields. */
export const jobHeaderFields = {
  $schema: z.string().optional(),
  /** The CLI's job name; accepted so CLI files parse, but callers choose job names. */
  name: z.string().optional(),
  display_name: z.string().optional(),
  experiment_name: z.string().optional(),
  description: z.string().optional(),
  tags: stringMap.optional(),
};

const jobSpecSchema = fields({
  ...jobHeaderFields,
  type: z.literal('command', { error: 'command (only command jobs are supported)' }).optional(),
  command: z.string().min(1),
  code: codeField.optional(),
  environment: environmentField,
  compute: computeField.optional(),
  inputs: z.record(z.string(), jobInput).optional(),
  outputs: z.record(z.string(), jobOutput.nullable()).optional(),
  environment_variables: stringMap.optional(),
  resources: resources.optional(),
  limits: fields({ timeout: positiveInt }).optional(),
  distribution: distribution.optional(),
  identity: identity.optional(),
});

function expectedOf(parsed: Parsed<unknown>): string | undefined {
  return parsed.ok ? undefined : parsed.expected;
}

export type JobSpec = z.output<typeof jobSpecSchema>;
export type { InlineEnvironment, LocalRef, SpecOptions };

/** How SpecErrors about a job name what was checked. */
export const JOB_SPEC = 'job spec';

/** What each input type reads from a local path. */
const LOCAL_INPUT: Record<(typeof ASSET_TYPES)[number], 'file' | 'folder' | 'file or folder'> = {
  uri_file: 'file',
  uri_folder: 'folder',
  mltable: 'folder',
  custom_model: 'file or folder',
  mlflow_model: 'folder',
  triton_model: 'folder',
};

/**
 * Parses a command job spec from YAML text or an already-parsed object. Local paths (`code`,
 * input paths, an inline environment's conda file and build context) are resolved against
 * `options.baseDir` and checked: each must exist inside `options.root` and hold something to upload.
 */
export function parseJobSpec(yamlOrObject: unknown, options?: SpecOptions): JobSpec {
  const spec = parseSpec(jobSpecSchema, yamlOrObject, JOB_SPEC);
  const text = typeof yamlOrObject === 'string' ? yamlOrObject : undefined;
  return checkLocalParts(new LocalPathChecker(JOB_SPEC, text, options), spec, []);
}

type JobInput = z.output<typeof jobInput>;

/**
 * The local parts of a job, trial, pipeline step or component (`code`, an inline environment,
 * local input paths), each checked where it is written (`at`: the part's path in the YAML).
 */
export function checkLocalParts<
  T extends {
    code?: AssetRef | undefined;
    environment?: AssetRef | InlineEnvironment | undefined;
    inputs?: Record<string, JobInput> | undefined;
  },
>(check: LocalPathChecker, part: T, at: PropertyKey[]): T {
  const checked: T = { ...part };
  if (part.code?.kind === 'local') checked.code = check.path(part.code, [...at, 'code']);
  if (part.environment?.kind === 'inline') {
    checked.environment = check.environment(part.environment, [...at, 'environment']);
  }
  if (part.inputs) {
    checked.inputs = Object.fromEntries(
      Object.entries(part.inputs).map(([name, input]) => [
        name,
        typeof input === 'object' && 'local' in input
          ? {
              ...input,
              local: check.path(
                input.local,
                [...at, 'inputs', name, 'path'],
                LOCAL_INPUT[input.type],
              ),
            }
          : input,
      ]),
    );
  }
  return checked;
}
