/**
 * A command job's local code, inline environment and local inputs, uploaded and registered
 * (LocalAssets) and written into the job body that toJobResource left them out of.
 */
import type { CommandJob, JobBase, JobInputUnion } from '@azure/arm-machinelearning';
import type { JobSpec } from '../specs/job-spec.ts';
import type { LocalAssets } from '../uploads/local-assets.ts';

/** Whether the spec names anything local (so the job needs withLocalAssets before submitting). */
export function hasLocalAssets(spec: JobSpec): boolean {
  return (
    spec.code?.kind === 'local' ||
    spec.environment.kind === 'inline' ||
    Object.values(spec.inputs ?? {}).some((input) => typeof input === 'object' && 'local' in input)
  );
}

export async function withLocalAssets(
  job: JobBase,
  spec: JobSpec,
  assets: LocalAssets,
): Promise<JobBase> {
  const properties = { ...(job.properties as CommandJob) };
  if (spec.code?.kind === 'local') properties.codeId = (await assets.code(spec.code)).id;
  if (spec.environment.kind === 'inline') {
    properties.environmentId = (await assets.environment(spec.environment)).id;
  }
  const inputs: Record<string, JobInputUnion | null> = { ...properties.inputs };
  for (const [name, input] of Object.entries(spec.inputs ?? {})) {
    if (typeof input !== 'object' || !('local' in input)) continue;
    const body = inputs[name] as JobInputUnion & { uri?: string };
    inputs[name] = { ...body, uri: await assets.dataInput(input.local) } as JobInputUnion;
  }
  if (properties.inputs) properties.inputs = inputs;
  return { ...job, properties };
}
