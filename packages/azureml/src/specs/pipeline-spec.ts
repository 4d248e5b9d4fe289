/**
 * The Azure ML CLI v2 pipeline job YAML (`type: pipeline`): pipeline inputs and outputs,
 * settings, and command steps that are inline or name a component (a local command component
 * file, or a registered one). Parsing loads each local component file and checks every step's
 * inputs and outputs against its component's declarations and every `${{parent...}}` binding
 * against the pipeline, so a mismatch fails before anything is uploaded or written.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SpecError } from '../grammar/spec-error.ts';
import { parseComponentRef, type AssetRef } from './asset-refs.ts';
import { referencesIn } from './command-refs.ts';
import {
  parseComponentSpec,
  type ComponentSpec,
  type OutputDeclaration,
} from './component-spec.ts';
import { LocalPathChecker, type SpecOptions } from './local-paths.ts';
import {
  assetInput,
  checkLocalParts,
  codeField,
  computeField,
  distribution,
  jobHeaderFields,
  jobInput,
  jobOutput,
  environmentField,
  resources,
} from './job-spec.ts';
import { fields, locate, parseSpec, positiveInt, scalar, stringMap } from './yaml-spec.ts';

export const PIPELINE_SPEC = 'pipeline job spec';

/** Step kinds the CLI knows that train-and-poll does not run. */
const UNSUPPORTED_STEPS: Record<string, string> = {
  parallel: 'a parallel step',
  spark: 'a Spark step',
  automl: 'an AutoML step',
  sweep: 'a sweep step (sweep inside a pipeline)',
  pipeline: 'a pipeline component step',
  data_transfer: 'a data transfer step',
  import: 'an import step',
};

const stepOutput = z
  .union([z.string(), jobOutput], {
    error: 'a binding ${{parent.outputs.<name>}} or {type, path, mode}',
  })
  .nullable();

const step = fields({
  type: z.literal('command').optional(),
  name: z.string().optional(),
  display_name: z.string().optional(),
  description: z.string().optional(),
  tags: stringMap.optional(),
  component: z.string().optional(),
  command: z.string().min(1).optional(),
  code: codeField.optional(),
  environment: environmentField.optional(),
  compute: computeField.optional(),
  environment_variables: stringMap.optional(),
  resources: resources.optional(),
  distribution: distribution.optional(),
  limits: fields({ timeout: positiveInt }).optional(),
  inputs: z
    .record(
      z.string(),
      z.union([scalar, assetInput], {
        error:
          'a literal, a binding ${{parent.inputs.<name>}} or ${{parent.jobs.<step>.outputs.<name>}}, or {type, path, mode}',
      }),
    )
    .optional(),
  outputs: z.record(z.string(), stepOutput).optional(),
}).superRefine((s, ctx) => {
  const inline = ['command', 'code', 'environment'].filter(
    (f) => s[f as keyof typeof s] !== undefined,
  );
  if (s.component !== undefined && inline.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: [inline[0] ?? 'command'],
      message: 'either component (a component file or reference) or an inline command, not both',
    });
  } else if (s.component === undefined && s.command === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['command'],
      message:
        'an inline command (with environment) or component: ./<file>.yml or azureml:<name>:<version>',
    });
  } else if (s.component === undefined && s.environment === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['environment'],
      message: 'the environment of the inline command',
    });
  }
});

export type PipelineStepSpec = z.output<typeof step>;

const pipelineSpecSchema = fields({
  ...jobHeaderFields,
  type: z.literal('pipeline'),
  compute: computeField.optional(),
  settings: fields({
    default_compute: computeField.optional(),
    default_datastore: z
      .string()
      .regex(/^(?:azureml:)?[A-Za-z0-9_]+$/, { error: 'a datastore: azureml:<name>' })
      .transform((d) => d.replace(/^azureml:/, ''))
      .optional(),
    continue_on_step_failure: z.boolean().optional(),
    force_rerun: z.boolean().optional(),
  }).optional(),
  inputs: z.record(z.string(), jobInput).optional(),
  outputs: z.record(z.string(), jobOutput.nullable()).optional(),
  jobs: z.record(z.string(), step).refine((jobs) => Object.keys(jobs).length > 0, {
    error: 'at least one step',
  }),
});

export type PipelineSpec = z.output<typeof pipelineSpecSchema>;

/** What a step's component declares: the names and types its inputs and outputs may bind. */
export interface ComponentInterface {
  inputs: Record<string, { type: string; optional?: boolean | undefined; default?: unknown }>;
  outputs: Record<string, { type: string }>;
}

/** A step's component: derived from the inline command, read from a file, or registered. */
export type StepComponent =
  | { kind: 'inline'; spec: ComponentSpec }
  | { kind: 'file'; path: string; file: string; text: string; spec: ComponentSpec }
  | { kind: 'registered'; ref: AssetRef };

export interface PipelineDraft {
  spec: PipelineSpec;
  /** The YAML text, when parsed from text: later checks (registered components) give lines. */
  text?: string | undefined;
  steps: Record<string, StepComponent>;
}

/**
 * Reads a component file a step names, relative to the pipeline file; undefined when missing.
 * `file` names it in messages; `dir` is its folder, which its own local paths are relative to.
 */
export type ReadComponentFile = (
  path: string,
) => { file: string; text: string; dir: string } | undefined;

const LOCAL_FILE = /^(?:file:)?(\.{0,2}\/.*|[^:]+\.ya?ml)$/i;

/**
 * Parses a pipeline job and loads the component file of each step that names one; every step's
 * inputs and outputs are checked against what its component declares (registered components,
 * whose declarations live in the workspace, are checked when they are read: checkStepBindings).
 */
export function parsePipelineSpec(
  yamlOrObject: unknown,
  readComponent: ReadComponentFile,
  options: SpecOptions = {},
): PipelineDraft {
  const text = typeof yamlOrObject === 'string' ? yamlOrObject : undefined;
  refuseUnsupportedSteps(yamlOrObject, text);
  const parsed = parseSpec(pipelineSpecSchema, yamlOrObject, PIPELINE_SPEC);
  // Local code, inline environments and local inputs: of the pipeline and of each inline step.
  const check = new LocalPathChecker(PIPELINE_SPEC, text, options);
  const spec: PipelineSpec = {
    ...parsed,
    inputs: checkLocalParts(check, { inputs: parsed.inputs }, []).inputs,
    jobs: Object.fromEntries(
      Object.entries(parsed.jobs).map(([name, s]) => [
        name,
        checkLocalParts(check, s, ['jobs', name]),
      ]),
    ),
  };
  const steps: Record<string, StepComponent> = {};
  for (const [name, s] of Object.entries(spec.jobs)) {
    steps[name] = componentOf(spec, name, s, text, readComponent, options);
  }
  const draft: PipelineDraft = { spec, text, steps };
  for (const [name, component] of Object.entries(steps)) {
    if (component.kind !== 'registered')
      checkStepBindings(draft, name, interfaceOf(component.spec));
  }
  return draft;
}

function refuseUnsupportedSteps(yamlOrObject: unknown, text: string | undefined): void {
  let raw: unknown = yamlOrObject;
  if (text !== undefined) {
    try {
      raw = parseYaml(text);
    } catch {
      return; // parseSpec reports the YAML error with its line
    }
  }
  const jobs = (raw as { jobs?: unknown } | null)?.jobs;
  if (typeof jobs !== 'object' || jobs === null) return;
  for (const [name, s] of Object.entries(jobs as Record<string, unknown>)) {
    const type = (s as { type?: unknown } | null)?.type;
    if (type === undefined || type === 'command') continue;
    const what = typeof type === 'string' ? UNSUPPORTED_STEPS[type] : undefined;
    throw specError(text, ['jobs', name, 'type'], {
      expected: `a command step (step ${name} is ${what ?? `of type ${JSON.stringify(type)}`}, which train-and-poll does not run; parallel, Spark, AutoML, sweep and pipeline component steps are not supported)`,
      given: JSON.stringify(type),
    });
  }
}

function componentOf(
  spec: PipelineSpec,
  name: string,
  s: PipelineStepSpec,
  text: string | undefined,
  readComponent: ReadComponentFile,
  options: SpecOptions,
): StepComponent {
  if (s.component === undefined) return { kind: 'inline', spec: inlineComponent(spec, s) };
  const ref = parseComponentRef(s.component);
  if (ref.ok) return { kind: 'registered', ref: ref.value };
  const local = LOCAL_FILE.exec(s.component)?.[1];
  if (local === undefined) {
    throw specError(text, ['jobs', name, 'component'], {
      expected: `a local component file (./<file>.yml or file:./<file>.yml) or ${ref.expected ?? 'a registered component'}`,
      given: JSON.stringify(s.component),
    });
  }
  const found = readComponent(local);
  if (found === undefined) {
    throw specError(text, ['jobs', name, 'component'], {
      expected: 'a component file that exists (paths are relative to the pipeline file)',
      given: JSON.stringify(s.component),
    });
  }
  try {
    // The component's own local paths are relative to its file.
    const spec = parseComponentSpec(found.text, { ...options, baseDir: found.dir });
    return { kind: 'file', path: local, file: found.file, text: found.text, spec };
  } catch (err) {
    throw err instanceof SpecError ? err.inFile(found.file) : err;
  }
}

/** An inline command step is an anonymous component whose interface is what the step binds. */
function inlineComponent(spec: PipelineSpec, s: PipelineStepSpec): ComponentSpec {
  const inputs: NonNullable<ComponentSpec['inputs']> = {};
  for (const [key, value] of Object.entries(s.inputs ?? {})) {
    inputs[key] = { type: inputTypeOf(spec, value) as never };
  }
  const outputs: NonNullable<ComponentSpec['outputs']> = {};
  for (const [key, value] of Object.entries(s.outputs ?? {})) {
    outputs[key] = {
      type: typeof value === 'object' && value !== null ? value.type : outputTypeOf(spec, value),
    };
  }
  return {
    type: 'command',
    command: s.command ?? '',
    ...(s.code === undefined ? {} : { code: s.code }),
    environment: s.environment as NonNullable<PipelineStepSpec['environment']>,
    ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
    ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
  };
}

type StepInput = NonNullable<PipelineStepSpec['inputs']>[string];

function literalType(value: string | number | boolean): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

function inputTypeOf(spec: PipelineSpec, value: StepInput): string {
  if (typeof value === 'object') return value.type;
  const binding = typeof value === 'string' ? bindingOf(value) : undefined;
  if (binding?.[0] === 'inputs' && binding[1] !== undefined) {
    const parent = spec.inputs?.[binding[1]];
    if (parent !== undefined) return typeof parent === 'object' ? parent.type : literalType(parent);
  }
  if (binding?.[0] === 'jobs') return 'uri_folder';
  return literalType(value);
}

function outputTypeOf(spec: PipelineSpec, value: string | null): OutputDeclaration['type'] {
  const binding = value === null ? undefined : bindingOf(value);
  if (binding?.[0] === 'outputs' && binding[1] !== undefined) {
    return spec.outputs?.[binding[1]]?.type ?? 'uri_folder';
  }
  return 'uri_folder';
}

/** `${{parent.inputs.x}}` -> ['inputs', 'x']; undefined when the text is not one binding. */
export function bindingOf(text: string): string[] | undefined {
  const refs = referencesIn(text);
  const [first] = refs;
  if (refs.length !== 1 || first?.[0] !== 'parent' || !/^\s*\$\{\{.*\}\}\s*$/.test(text))
    return undefined;
  return first.slice(1);
}

export function interfaceOf(spec: ComponentSpec): ComponentInterface {
  return {
    inputs: Object.fromEntries(
      Object.entries(spec.inputs ?? {}).map(([k, v]) => [
        k,
        { type: v.type, optional: v.optional, default: v.default },
      ]),
    ),
    outputs: Object.fromEntries(
      Object.entries(spec.outputs ?? {}).map(([k, v]) => [k, { type: v.type }]),
    ),
  };
}

/**
 * The step's inputs and outputs are ones its component declares, every required input is
 * given, and every `${{parent...}}` binding names a pipeline input or output, or an output of
 * another step: the first that does not is a SpecError at its line in the pipeline file.
 */
export function checkStepBindings(
  draft: PipelineDraft,
  name: string,
  declared: ComponentInterface,
): void {
  const { spec, text } = draft;
  const s = spec.jobs[name];
  if (s === undefined) return;
  const fail = (field: PropertyKey[], expected: string, given: string): never => {
    throw specError(text, ['jobs', name, ...field], { expected, given });
  };
  const list = (names: string[]) => (names.length === 0 ? 'none declared' : names.join(', '));
  const component = s.component === undefined ? 'the step' : `component ${s.component}`;
  for (const [key, value] of Object.entries(s.inputs ?? {})) {
    if (!(key in declared.inputs)) {
      fail(
        ['inputs', key],
        `an input ${component} declares (${list(Object.keys(declared.inputs))})`,
        JSON.stringify(key),
      );
    }
    if (typeof value === 'string') checkBinding(draft, name, ['inputs', key], value, fail);
  }
  for (const [key, input] of Object.entries(declared.inputs)) {
    if (s.inputs?.[key] === undefined && !input.optional && input.default === undefined) {
      fail(
        ['inputs'],
        `a value for input ${key}, which ${component} requires (it has no default)`,
        'none',
      );
    }
  }
  for (const [key, value] of Object.entries(s.outputs ?? {})) {
    if (!(key in declared.outputs)) {
      fail(
        ['outputs', key],
        `an output ${component} declares (${list(Object.keys(declared.outputs))})`,
        JSON.stringify(key),
      );
    }
    if (typeof value === 'string') {
      const binding = bindingOf(value);
      if (binding?.[0] !== 'outputs') {
        fail(
          ['outputs', key],
          'a binding ${{parent.outputs.<name>}} or {type, path, mode}',
          JSON.stringify(value),
        );
      }
      checkBinding(draft, name, ['outputs', key], value, fail);
    }
  }
}

function checkBinding(
  draft: PipelineDraft,
  step: string,
  field: PropertyKey[],
  value: string,
  fail: (field: PropertyKey[], expected: string, given: string) => never,
): void {
  if (referencesIn(value).length === 0) return;
  const binding = bindingOf(value);
  const { spec } = draft;
  const names = (record: object | undefined) => Object.keys(record ?? {});
  const [kind, first, second, third] = binding ?? [];
  if (kind === 'inputs' && first !== undefined && second === undefined) {
    if (first in (spec.inputs ?? {})) return;
    fail(
      field,
      `a pipeline input (${names(spec.inputs).join(', ') || 'the pipeline declares none'})`,
      value,
    );
  }
  if (kind === 'outputs' && first !== undefined && second === undefined) {
    if (first in (spec.outputs ?? {})) return;
    fail(
      field,
      `a pipeline output (${names(spec.outputs).join(', ') || 'the pipeline declares none'})`,
      value,
    );
  }
  if (kind === 'jobs' && first !== undefined && second === 'outputs' && third !== undefined) {
    const other = first === step ? undefined : draft.steps[first];
    if (other === undefined) {
      return fail(
        field,
        `another step of the pipeline (${names(spec.jobs)
          .filter((n) => n !== step)
          .join(', ')})`,
        value,
      );
    }
    // A registered component's outputs are known once it is read; the service checks them then.
    if (other.kind === 'registered') return;
    const { outputs } = interfaceOf(other.spec);
    if (third in outputs) return;
    fail(
      field,
      `an output of step ${first} (${names(outputs).join(', ') || 'none declared'})`,
      value,
    );
  }
  fail(
    field,
    'a literal or one binding: ${{parent.inputs.<name>}}, ${{parent.outputs.<name>}} or ${{parent.jobs.<step>.outputs.<name>}}',
    value,
  );
}

function specError(
  text: string | undefined,
  path: PropertyKey[],
  problem: { expected: string; given: string },
): SpecError {
  const at = text === undefined ? undefined : locate(text, path);
  return new SpecError({
    subject: PIPELINE_SPEC,
    field: path.map(String).join('.'),
    ...problem,
    line: at?.line,
    column: at?.column,
  });
}
