/**
 * The Azure ML CLI v2 command component YAML (`type: command` with `inputs` / `outputs`
 * declarations): what a pipeline step names with `component: ./train.yml`, checked field by field.
 */
import { z } from 'zod';
import {
  ASSET_TYPES,
  checkLocalParts,
  codeField,
  distribution,
  environmentField,
  resources,
} from './job-spec.ts';
import { LocalPathChecker, type SpecOptions } from './local-paths.ts';
import { checkReferences } from './command-refs.ts';
import { fields, parseSpec, scalar, stringMap } from './yaml-spec.ts';

export const LITERAL_TYPES = ['string', 'number', 'integer', 'boolean'] as const;

const inputDeclaration = fields({
  type: z.enum([...LITERAL_TYPES, ...ASSET_TYPES]),
  description: z.string().optional(),
  default: scalar.optional(),
  optional: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  enum: z.array(scalar).optional(),
  mode: z.string().optional(),
});

const outputDeclaration = fields({
  type: z.enum(ASSET_TYPES).default('uri_folder'),
  description: z.string().optional(),
  mode: z.string().optional(),
});

export type InputDeclaration = z.output<typeof inputDeclaration>;
export type OutputDeclaration = z.output<typeof outputDeclaration>;

const componentSpecSchema = fields({
  $schema: z.string().optional(),
  type: z
    .literal('command', { error: 'command (only command components run in pipelines here)' })
    .default('command'),
  name: z.string().optional(),
  version: z.union([z.string(), z.number()]).transform(String).optional(),
  display_name: z.string().optional(),
  description: z.string().optional(),
  tags: stringMap.optional(),
  is_deterministic: z.boolean().optional(),
  command: z.string().min(1),
  code: codeField.optional(),
  environment: environmentField,
  environment_variables: stringMap.optional(),
  resources: resources.optional(),
  distribution: distribution.optional(),
  inputs: z.record(z.string(), inputDeclaration).optional(),
  outputs: z
    .record(
      z.string(),
      outputDeclaration.nullable().transform((o) => o ?? { type: 'uri_folder' as const }),
    )
    .optional(),
});

export type ComponentSpec = z.output<typeof componentSpecSchema>;

export const COMPONENT_SPEC = 'component spec';

/**
 * Parses a command component; its command may reference only its declared inputs and outputs,
 * and its local code and inline environment are checked (relative to the component's `baseDir`).
 */
export function parseComponentSpec(yamlOrObject: unknown, options?: SpecOptions): ComponentSpec {
  const parsed = parseSpec(componentSpecSchema, yamlOrObject, COMPONENT_SPEC);
  const text = typeof yamlOrObject === 'string' ? yamlOrObject : undefined;
  const check = new LocalPathChecker(COMPONENT_SPEC, text, options);
  const local = checkLocalParts(check, { code: parsed.code, environment: parsed.environment }, []);
  const spec: ComponentSpec = {
    ...parsed,
    code: local.code,
    environment: local.environment ?? parsed.environment,
  };
  checkReferences(
    spec.command,
    { inputs: Object.keys(spec.inputs ?? {}), outputs: Object.keys(spec.outputs ?? {}) },
    {
      subject: COMPONENT_SPEC,
      field: ['command'],
      source: text,
    },
  );
  return spec;
}
