/**
 * A parsed job file -> the body train-and-poll submits. Reads come first (registered components
 * and their declarations, `@latest` versions), so a step that does not match its component fails
 * before anything is written; then code and environments resolve (the upload seam) and each
 * anonymous component is registered, unless a version with the same content already exists.
 */
import type { ComponentVersion, JobBase } from '@azure/arm-machinelearning';
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
import { toJobResource, type JobOverrides } from './job-resource.ts';
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
  /** The job file, as the user named it (local paths and messages are relative to it). */
  specFile?: string | undefined;
  logger: Logger;
}

export async function prepareJob(
  client: MachineLearningClient,
  job: JobFileSpec,
  { overrides, specFile, logger }: PrepareOptions,
): Promise<JobBase> {
  const ws = client.workspace;
  switch (job.type) {
    case 'command':
      return toJobResource(job.spec, ws, overrides);
    case 'sweep': {
      const { trial } = job.spec;
      const assets = await resolveRunAssets(
        client,
        { specFile, code: trial.code, environment: trial.environment },
        logger,
      );
      return toSweepJobResource(job.spec, ws, overrides, assets);
    }
    case 'pipeline':
      return preparePipeline(client, job.draft, { overrides, specFile, logger });
  }
}

async function preparePipeline(
  client: MachineLearningClient,
  draft: PipelineDraft,
  { overrides, specFile, logger }: PrepareOptions,
): Promise<JobBase> {
  const componentIds: Record<string, string> = {};
  // Reads only: registered components, each step checked against what its component declares.
  for (const [name, step] of Object.entries(draft.steps)) {
    if (step.kind !== 'registered') continue;
    const version = await registeredComponent(client, step.ref, logger);
    checkStepBindings(draft, name, interfaceOfRest(version.properties.componentSpec));
    componentIds[name] = version.id ?? '';
  }
  // Anonymous components: code and environment resolved, then registered once per content.
  for (const [name, step] of Object.entries(draft.steps)) {
    if (step.kind === 'registered') continue;
    const assets = await resolveRunAssets(
      client,
      {
        specFile: step.kind === 'file' ? step.file : specFile,
        code: step.spec.code,
        environment: step.spec.environment,
      },
      logger,
    );
    const body = componentSpecBody(step.spec, assets, name);
    componentIds[name] = await ensureAnonymousComponent(client, name, body, logger);
  }
  return toPipelineJobResource(draft, client.workspace, overrides, componentIds);
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
  const found = /\/components\/([^/]+)\/versions\/([^/]+)$/i.exec(ref.id);
  if (!found?.[1] || !found[2]) {
    throw new SpecError({
      subject: PIPELINE_SPEC,
      field: 'component',
      expected: 'the ARM id of a component version (.../components/<name>/versions/<version>)',
      given: JSON.stringify(ref.id),
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
