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
  path: z
    .string()
    .refine((path) => /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/subscriptions/'), {
      error:
        'a URI or a registered data asset (uploading local data is not supported yet; register it and reference azureml:name:version)',
    }),
  mode: z.enum(Object.keys(INPUT_MODES) as [keyof typeof INPUT_MODES]).optional(),
  description: z.string().optional(),
});

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

const INLINE_ENVIRONMENT =
  'a registered environment (inline environments are not supported yet; register it and reference azureml:name:version)';

/** `environment:` of a job, trial or component: a registered reference (inline ones are refused). */
export const environmentField = z
  .string({
    error: (issue) =>
      typeof issue.input === 'object' && issue.input !== null ? INLINE_ENVIRONMENT : undefined,
  })
  .pipe(reference<AssetRef>(parseEnvironmentRef));

export const codeField = reference(parseCodeRef);
export const computeField = reference<ComputeRef>(parseComputeRef);

/** A job input: a literal, or an asset by type and path. */
export const jobInput = z.union([scalar, assetInput], {
  error: 'a literal (string, number or boolean) or an object {type, path, mode}',
});

export const resources = fields({
  instance_count: positiveInt.optional(),
  instance_type: z.string().optional(),
  shm_size: z.string().optional(),
  docker_args: z.string().optional(),
});

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

export type JobSpec = z.output<typeof jobSpecSchema>;

/** How SpecErrors about a job name what was checked. */
export const JOB_SPEC = 'job spec';

/** Parses a command job spec from YAML text or an already-parsed object. */
export function parseJobSpec(yamlOrObject: unknown): JobSpec {
  return parseSpec(jobSpecSchema, yamlOrObject, JOB_SPEC);
}
