/** JobSpec (CLI YAML shape) -> the API's CommandJob resource body. */
import type {
  CommandJob,
  DistributionConfigurationUnion,
  IdentityConfigurationUnion,
  JobBase,
  JobInputUnion,
  JobOutputUnion,
  JobResourceConfiguration,
} from '@azure/arm-machinelearning';
import { assetArmId, computeArmId, parseComputeRef, type ComputeRef } from '../specs/asset-refs.ts';
import { SpecError } from '../grammar/spec-error.ts';
import { INPUT_MODES, JOB_SPEC, OUTPUT_MODES, type JobSpec } from '../specs/job-spec.ts';
import { withoutUndefined } from '../transport/plain-data.ts';
import type { WorkspaceRef } from '../types.ts';

export interface JobOverrides {
  experimentName?: string;
  /** Compute target (`azureml:<name>`, `<name>` or an ARM id); wins over the spec's. */
  compute?: string;
}

type Input = NonNullable<JobSpec['inputs']>[string];
type Output = NonNullable<JobSpec['outputs']>[string];

/**
 * The job body. Local code, an inline environment and local inputs have no id or URI yet:
 * their fields are left out here and filled by withLocalAssets (jobs/local-job-assets.ts)
 * once uploaded and registered, so every check of the spec runs before anything is uploaded.
 */
export function toJobResource(
  spec: JobSpec,
  ws: WorkspaceRef,
  overrides: JobOverrides = {},
): JobBase {
  const { environment, code } = spec;
  const properties: CommandJob = {
    jobType: 'Command',
    command: spec.command,
    environmentId: environment.kind === 'inline' ? '' : assetArmId(ws, 'environments', environment),
    computeId: computeArmId(ws, computeFor(spec, overrides)),
    codeId: code && code.kind !== 'local' ? assetArmId(ws, 'codes', code) : undefined,
    ...jobHeader(spec, overrides),
    environmentVariables: spec.environment_variables,
    inputs: spec.inputs && mapValues(spec.inputs, toJobInput),
    outputs: spec.outputs && mapValues(spec.outputs, toJobOutput),
    resources: spec.resources && toResources(spec.resources),
    limits: spec.limits && { jobLimitsType: 'Command', timeout: `PT${spec.limits.timeout}S` },
    distribution: spec.distribution && toDistribution(spec.distribution),
    identity: spec.identity && toIdentity(spec.identity),
  };
  return { properties: withoutUndefined(properties) };
}

/** What every job type's body says of itself: names, description, tags, its experiment. */
export function jobHeader(
  spec: {
    display_name?: string | undefined;
    experiment_name?: string | undefined;
    description?: string | undefined;
    tags?: Record<string, string> | undefined;
  },
  overrides: JobOverrides,
) {
  return {
    displayName: spec.display_name,
    experimentName: overrides.experimentName || spec.experiment_name,
    description: spec.description,
    tags: spec.tags,
  };
}

/** The override's compute, else the spec's; none is refused (serverless needs a newer API). */
export function computeFor(
  spec: { compute?: ComputeRef | undefined },
  overrides: JobOverrides,
  subject = JOB_SPEC,
): ComputeRef {
  if (overrides.compute) {
    const parsed = parseComputeRef(overrides.compute);
    if (parsed.ok) return parsed.value;
    throw new SpecError({
      subject,
      field: 'compute (override)',
      expected: parsed.expected ?? 'a compute target',
      given: JSON.stringify(overrides.compute),
    });
  }
  if (spec.compute) return spec.compute;
  throw new SpecError({
    subject,
    field: 'compute',
    expected:
      'a compute target (azureml:<cluster>) in the spec or as the compute override; serverless compute needs a newer API version than 2022-10-01',
    given: 'nothing',
  });
}

export function toResources(r: NonNullable<JobSpec['resources']>): JobResourceConfiguration {
  return {
    instanceCount: r.instance_count,
    instanceType: r.instance_type,
    shmSize: r.shm_size,
    dockerArgs: r.docker_args,
  };
}

export function toJobInput(input: Input): JobInputUnion {
  if (typeof input !== 'object') return { jobInputType: 'literal', value: String(input) };
  return {
    jobInputType: input.type,
    uri: 'local' in input ? '' : input.path,
    mode: input.mode && INPUT_MODES[input.mode],
    description: input.description,
  };
}

export function toJobOutput(output: Output): JobOutputUnion {
  if (output === null) return { jobOutputType: 'uri_folder' };
  return {
    jobOutputType: output.type,
    uri: output.path,
    mode: output.mode && OUTPUT_MODES[output.mode],
    description: output.description,
  };
}

export function toDistribution(
  d: NonNullable<JobSpec['distribution']>,
): DistributionConfigurationUnion {
  switch (d.type) {
    case 'pytorch':
      return { distributionType: 'PyTorch', processCountPerInstance: d.process_count_per_instance };
    case 'mpi':
      return { distributionType: 'Mpi', processCountPerInstance: d.process_count_per_instance };
    case 'tensorflow':
      return {
        distributionType: 'TensorFlow',
        workerCount: d.worker_count,
        parameterServerCount: d.parameter_server_count,
      };
  }
}

export function toIdentity(i: NonNullable<JobSpec['identity']>): IdentityConfigurationUnion {
  switch (i.type) {
    case 'aml_token':
      return { identityType: 'AMLToken' };
    case 'user_identity':
      return { identityType: 'UserIdentity' };
    default:
      return {
        identityType: 'Managed',
        clientId: i.client_id,
        objectId: i.object_id,
        resourceId: i.resource_id,
      };
  }
}

export function mapValues<T, U>(
  record: Record<string, T>,
  map: (value: T) => U,
): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
