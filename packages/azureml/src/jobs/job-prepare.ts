/**
 * A parsed job file -> the body train-and-poll submits. Reads come first (registered components
 * and their declarations, `@latest` versions), so a step that does not match its component fails
 * before anything is written; then code and environments resolve (the upload seam) and each
 * anonymous component is registered, unless a version with the same content already exists.
 */
import type {
  ComponentVersion,
  JobBase,
  JobInputUnion,
  PipelineJob,
} from '@azure/arm-machinelearning';
import { SpecError } from '../grammar/spec-error.ts';
import { assetArmId, type AssetRef } from '../specs/asset-refs.ts';
import type { JobFileSpec } from '../specs/job-file.ts';
import {
  checkStepBindings,
  PIPELINE_SPEC,
  type ComponentInterface,
  type PipelineDraft,
} from '../specs/pipeline-spec.ts';
import { orNotFound } from '../transport/arm-request.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { isPlainObject } from '../transport/plain-data.ts';
import type { Logger } from '../types.ts';
import type { LocalRef } from '../specs/local-paths.ts';
import type { LocalAssets } from '../uploads/local-assets.ts';
import { toJobResource, type JobOverrides } from './job-resource.ts';
import { hasLocalAssets, withLocalAssets } from './local-job-assets.ts';
import {
  ANONYMOUS_COMPONENT,
  anonymousVersion,
  componentSpecBody,
  toPipelineJobResource,
} from './pipeline-resource.ts';
import { resolveRunAssets } from './run-assets.ts';
import { toSweepJobResource } from './sweep-resource.ts';

export interface PrepareOptions {
  overrides: JobOverrides;
  logger: Logger;
  /** Uploads and registers local code, inline environments and local inputs. */
  local: LocalAssets;
}

export async function prepareJob(
  client: MachineLearningClient,
  job: JobFileSpec,
  options: PrepareOptions,
): Promise<JobBase> {
  const { overrides, local } = options;
  const ws = client.workspace;
  switch (job.type) {
    case 'command': {
      const body = toJobResource(job.spec, ws, overrides);
      return hasLocalAssets(job.spec) ? withLocalAssets(body, job.spec, local) : body;
    }
    case 'sweep': {
      const { spec } = job;
      const trial = await resolveRunAssets(client, spec.trial, options);
      const body = toSweepJobResource(spec, ws, overrides, trial);
      return withLocalInputs(body, spec.inputs, local);
    }
    case 'pipeline':
      return preparePipeline(client, job.draft, options);
  }
}

async function preparePipeline(
  client: MachineLearningClient,
  draft: PipelineDraft,
  options: PrepareOptions,
): Promise<JobBase> {
  const { overrides, logger, local } = options;
  const componentIds: Record<string, string> = {};
  // Reads only: registered components, each step checked against what its component declares.
  for (const [name, step] of Object.entries(draft.steps)) {
    if (step.kind !== 'registered') continue;
    const version = await registeredComponent(client, step.ref, logger);
    checkStepBindings(draft, name, interfaceOfRest(version.properties.componentSpec));
    componentIds[name] = version.id ?? '';
  }
  // Anonymous components: code and environment resolved (uploaded when local), then each
  // component registered once per content.
  for (const [name, step] of Object.entries(draft.steps)) {
    if (step.kind === 'registered') continue;
    const assets = await resolveRunAssets(client, step.spec, options);
    const body = componentSpecBody(step.spec, assets, name);
    componentIds[name] = await ensureAnonymousComponent(client, name, body, logger);
  }
  const body = toPipelineJobResource(draft, client.workspace, overrides, componentIds);
  const properties = body.properties as PipelineJob;
  const jobs = { ...properties.jobs };
  for (const [name, step] of Object.entries(draft.spec.jobs)) {
    const node = jobs[name];
    if (node)
      jobs[name] = { ...node, inputs: await localNodeInputs(node.inputs, step.inputs, local) };
  }
  return withLocalInputs(
    { ...body, properties: { ...properties, jobs } },
    draft.spec.inputs,
    local,
  );
}

type SpecInputs = Record<string, unknown> | undefined;

/** The local file or folder an input of the spec names, if any. */
const localOf = (input: unknown): LocalRef | undefined =>
  isPlainObject(input) && isPlainObject(input.local)
    ? (input.local as unknown as LocalRef)
    : undefined;

/** The job's local inputs, uploaded: each reads its datastore URI. */
async function withLocalInputs(
  body: JobBase,
  inputs: SpecInputs,
  local: LocalAssets,
): Promise<JobBase> {
  const properties = body.properties as { inputs?: Record<string, JobInputUnion | null> };
  const given = { ...properties.inputs };
  for (const [name, input] of Object.entries(inputs ?? {})) {
    const written = given[name];
    const path = localOf(input);
    if (!path || !written) continue;
    given[name] = { ...written, uri: await local.dataInput(path) } as JobInputUnion;
  }
  return properties.inputs
    ? { ...body, properties: { ...body.properties, inputs: given } as JobBase['properties'] }
    : body;
}

/** A step's local inputs, uploaded, in the node's `job_input_type` form. */
async function localNodeInputs(
  nodeInputs: unknown,
  inputs: SpecInputs,
  local: LocalAssets,
): Promise<unknown> {
  if (!isPlainObject(nodeInputs)) return nodeInputs;
  const given: Record<string, unknown> = { ...nodeInputs };
  for (const [name, input] of Object.entries(inputs ?? {})) {
    const written = given[name];
    const path = localOf(input);
    if (!path || !isPlainObject(written)) continue;
    given[name] = { ...written, uri: await local.dataInput(path) };
  }
  return given;
}

/** GET first: an anonymous component with this content is reused, not PUT again. */
async function ensureAnonymousComponent(
  client: MachineLearningClient,
  step: string,
  componentSpec: Record<string, unknown>,
  logger: Logger,
): Promise<string> {
  const { resourceGroup, workspace } = client.workspace;
  const versions = client.sdk.componentVersions;
  const version = anonymousVersion(componentSpec);
  const existing = await versions
    .get(resourceGroup, workspace, ANONYMOUS_COMPONENT, version)
    .catch(orNotFound);
  if (existing?.id) {
    logger.info(`Step ${step}: component ${ANONYMOUS_COMPONENT}:${version} is registered already.`);
    return existing.id;
  }
  const created = await versions.createOrUpdate(
    resourceGroup,
    workspace,
    ANONYMOUS_COMPONENT,
    version,
    {
      properties: { isAnonymous: true, componentSpec },
    },
  );
  logger.info(`Step ${step}: registered component ${ANONYMOUS_COMPONENT}:${version}.`);
  return (
    created.id ??
    assetArmId(client.workspace, 'components', {
      kind: 'version',
      name: ANONYMOUS_COMPONENT,
      version,
    })
  );
}

async function registeredComponent(
  client: MachineLearningClient,
  ref: AssetRef,
  logger: Logger,
): Promise<ComponentVersion> {
  const { resourceGroup, workspace } = client.workspace;
  const versions = client.sdk.componentVersions;
  if (ref.kind === 'latest') {
    for await (const version of versions.list(resourceGroup, workspace, ref.name, {
      orderBy: 'createdtime desc',
      top: 1,
    })) {
      logger.info(`Component ${ref.name}@latest is version ${version.name}.`);
      return version;
    }
    throw new SpecError({
      subject: PIPELINE_SPEC,
      field: 'component',
      expected: `azureml:${ref.name}@latest to name a registered component`,
      given: `a name with no versions in workspace ${workspace}`,
    });
  }
  if (ref.kind === 'version') return versions.get(resourceGroup, workspace, ref.name, ref.version);
  const id = ref.kind === 'id' ? ref.id : ref.written;
  const found = /\/components\/([^/]+)\/versions\/([^/]+)$/i.exec(id);
  if (!found?.[1] || !found[2]) {
    throw new SpecError({
      subject: PIPELINE_SPEC,
      field: 'component',
      expected: 'the ARM id of a component version (.../components/<name>/versions/<version>)',
      given: JSON.stringify(id),
    });
  }
  return versions.get(resourceGroup, workspace, found[1], found[2]);
}

/** A registered componentSpec's `inputs` / `outputs` as the step check reads them. */
function interfaceOfRest(componentSpec: Record<string, unknown> | undefined): ComponentInterface {
  const section = (key: 'inputs' | 'outputs') => {
    const value = componentSpec?.[key];
    return isPlainObject(value) ? value : {};
  };
  const typed = (v: unknown) =>
    isPlainObject(v) && typeof v.type === 'string' ? v.type : 'string';
  return {
    inputs: Object.fromEntries(
      Object.entries(section('inputs')).map(([k, v]) => [
        k,
        {
          type: typed(v),
          optional: isPlainObject(v) && v.optional === true,
          default: isPlainObject(v) ? v.default : undefined,
        },
      ]),
    ),
    outputs: Object.fromEntries(
      Object.entries(section('outputs')).map(([k, v]) => [k, { type: typed(v) }]),
    ),
  };
}
