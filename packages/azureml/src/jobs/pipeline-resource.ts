/**
 * A pipeline job's parts as the API takes them: each inline step or local component file as an
 * anonymous component version (container `azureml_anonymous`, version derived from its content),
 * and the PipelineJob body whose `jobs` map carries one command node per step.
 */
import type { JobBase, JobInputUnion, PipelineJob } from '@azure/arm-machinelearning';
import { computeArmId, type ComputeRef } from '../specs/asset-refs.ts';
import type { ComponentSpec } from '../specs/component-spec.ts';
import {
  PIPELINE_SPEC,
  type PipelineDraft,
  type PipelineStepSpec,
} from '../specs/pipeline-spec.ts';
import { SpecError } from '../grammar/spec-error.ts';
import { canonicalJson, withoutUndefined } from '../transport/plain-data.ts';
import { workspaceChildArmId } from '../transport/arm-ids.ts';
import type { WorkspaceRef } from '../types.ts';
import {
  computeFor,
  jobHeader,
  mapValues,
  toDistribution,
  toJobInput,
  toJobOutput,
  toResources,
  type JobOverrides,
} from './job-resource.ts';
import type { RunAssets } from './run-assets.ts';

/** The container the CLI registers unnamed components under. */
export const ANONYMOUS_COMPONENT = 'azureml_anonymous';

/** The componentSpec of a command component, its code and environment as ARM ids. */
export function componentSpecBody(
  spec: ComponentSpec,
  assets: RunAssets,
  fallbackName: string,
): Record<string, unknown> {
  return withoutUndefined({
    name: spec.name ?? fallbackName,
    version: spec.version,
    display_name: spec.display_name,
    description: spec.description,
    tags: spec.tags,
    type: 'command',
    is_deterministic: spec.is_deterministic ?? true,
    command: spec.command,
    code: assets.codeId,
    environment: assets.environmentId,
    environment_variables: spec.environment_variables,
    resources: spec.resources,
    distribution: spec.distribution,
    inputs: spec.inputs,
    outputs: spec.outputs,
  });
}

/**
 * The anonymous version of a component: a UUID from the MD5 of its content (key order and its
 * own name and version left out), so the same component is found again and never registered twice.
 */
export function anonymousVersion(componentSpec: Record<string, unknown>): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  const content = { ...componentSpec, name: undefined, version: undefined };
  const hex = createHash('md5').update(canonicalJson(content)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type StepInput = NonNullable<PipelineStepSpec['inputs']>[string];
type StepOutput = NonNullable<PipelineStepSpec['outputs']>[string];

/** A node input: a literal or binding as a literal value (as the CLI sends it), or an asset. */
function nodeInput(value: StepInput): Record<string, unknown> {
  if (typeof value === 'object') return asNode(toJobInput(value));
  return { job_input_type: 'literal', value: String(value) };
}

function nodeOutput(value: StepOutput): Record<string, unknown> | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return { type: 'literal', value };
  const { jobOutputType, ...rest } = toJobOutput(value);
  return withoutUndefined({ job_output_type: jobOutputType, ...rest });
}

function asNode(input: JobInputUnion): Record<string, unknown> {
  const { jobInputType, ...rest } = input;
  return withoutUndefined({ job_input_type: jobInputType, ...rest });
}

/** The pipeline's compute: the override, else `compute`, else `settings.default_compute`. */
function pipelineCompute(draft: PipelineDraft, overrides: JobOverrides): ComputeRef | undefined {
  if (overrides.compute) return computeFor({}, overrides, PIPELINE_SPEC);
  return draft.spec.compute ?? draft.spec.settings?.default_compute;
}

export function toPipelineJobResource(
  draft: PipelineDraft,
  ws: WorkspaceRef,
  overrides: JobOverrides,
  componentIds: Record<string, string>,
): JobBase {
  const { spec } = draft;
  const compute = pipelineCompute(draft, overrides);
  const computeId = compute && computeArmId(ws, compute);
  const jobs: Record<string, Record<string, unknown>> = {};
  for (const [name, step] of Object.entries(spec.jobs)) {
    if (step.compute === undefined && computeId === undefined) {
      throw new SpecError({
        subject: PIPELINE_SPEC,
        field: `jobs.${name}.compute`,
        expected:
          'a compute target for the step, or compute / settings.default_compute for the pipeline (or the compute override); serverless compute needs a newer API version than 2022-10-01',
        given: 'nothing',
      });
    }
    jobs[name] = withoutUndefined({
      type: 'command',
      name,
      display_name: step.display_name,
      description: step.description,
      tags: step.tags,
      componentId: componentIds[name],
      computeId: step.compute && computeArmId(ws, step.compute),
      inputs: step.inputs && mapValues(step.inputs, nodeInput),
      outputs: step.outputs && dropEmpty(mapValues(step.outputs, nodeOutput)),
      environment_variables: step.environment_variables,
      resources: step.resources && toResources(step.resources),
      distribution: step.distribution && toDistribution(step.distribution),
      limits: step.limits && { job_limits_type: 'Command', timeout: `PT${step.limits.timeout}S` },
    });
  }
  const datastore = spec.settings?.default_datastore;
  const properties: PipelineJob = {
    jobType: 'Pipeline',
    ...jobHeader(spec, overrides),
    computeId,
    inputs: spec.inputs && mapValues(spec.inputs, toJobInput),
    outputs: spec.outputs && mapValues(spec.outputs, toJobOutput),
    settings: withoutUndefined({
      default_compute: computeId,
      default_datastore: datastore && workspaceChildArmId(ws, 'datastores', datastore),
      continue_on_step_failure: spec.settings?.continue_on_step_failure,
      force_rerun: spec.settings?.force_rerun,
    }),
    jobs,
  };
  return { properties: withoutUndefined(properties) };
}

function dropEmpty<T>(record: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, T] => entry[1] !== undefined),
  );
}
