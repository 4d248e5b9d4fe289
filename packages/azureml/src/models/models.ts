/** Model versions through the SDK: read, and register idempotently with lineage. */
import type { ModelVersion } from '@azure/arm-machinelearning';
import { workspaceChildArmId } from '../transport/arm-ids.ts';
import { orNotFound } from '../transport/arm-request.ts';
import { describeAzureError } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { getJob } from '../jobs/jobs.ts';
import {
  LINEAGE_KEYS,
  lineageProperties,
  modelUriOf,
  sourceKey,
  type Lineage,
  type ModelSource,
} from './model-lineage.ts';
import type { Logger } from '../types.ts';

export interface ModelVersionSnapshot {
  name: string;
  version: string;
  /** azureml:name:version */
  id: string;
  /** ARM id of the version */
  armId: string;
  modelType?: string;
  modelUri?: string;
  jobName?: string;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  createdAt?: Date;
}

export const MODEL_TYPES = ['custom_model', 'mlflow_model', 'triton_model'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export interface RegisterModelRequest {
  name: string;
  source: ModelSource;
  modelType: ModelType;
  /** Default: the container's next integer version. */
  version?: string;
  description?: string;
  tags?: Record<string, string>;
  /** The caller's own properties; lineage is added under LINEAGE_KEYS. */
  properties?: Record<string, string>;
  lineage: Lineage;
}

/** The version, or undefined when the model or the version does not exist. */
export async function getModelVersion(
  client: MachineLearningClient,
  name: string,
  version: string,
): Promise<ModelVersionSnapshot | undefined> {
  const { resourceGroup, workspace } = client.workspace;
  const found = await client.sdk.modelVersions
    .get(resourceGroup, workspace, name, version)
    .catch(orNotFound);
  return found && toModelSnapshot(client, name, found);
}

/**
 * The newest version of a model (by creation time), and the registry's own time as its answer
 * dates it (the `Date` header): a freshness check on Azure's clock, not the runner's.
 */
export async function latestModelVersion(
  client: MachineLearningClient,
  name: string,
): Promise<{ model?: ModelVersionSnapshot; registryNow: number }> {
  const { resourceGroup, workspace } = client.workspace;
  let registryNow = Date.now();
  const pages = client.sdk.modelVersions
    .list(resourceGroup, workspace, name, {
      orderBy: 'createdtime desc',
      top: 1,
      onResponse: (response) => {
        const date = Date.parse(response.headers.get('date') ?? '');
        if (Number.isFinite(date)) registryNow = date;
      },
    })
    .byPage();
  const first = await pages.next().catch(orNotFound);
  const newest = first && !first.done ? first.value[0] : undefined;
  return { ...(newest && { model: toModelSnapshot(client, name, newest) }), registryNow };
}

/**
 * Registers the model unless this source was registered before: a re-run for the same job (or
 * path) returns the version it made then, `created: false`. A job source must be Completed.
 */
export async function registerModel(
  client: MachineLearningClient,
  request: RegisterModelRequest,
  logger: Logger,
): Promise<{ model: ModelVersionSnapshot; created: boolean }> {
  const { name, source } = request;
  if (source.kind === 'job') await requireCompletedJob(client, source.jobName);
  const previous = await findRegistered(client, request);
  if (previous) {
    logger.info(
      `Model ${previous.id} was registered from ${describeSource(source)} before: using it.`,
    );
    return { model: previous, created: false };
  }
  // Two runs may race for the same next version: the loser re-reads and tries the next one.
  for (let attempt = 1; ; attempt++) {
    const version = request.version ?? (await nextVersion(client, name));
    try {
      const model = await putVersion(client, request, version);
      logger.info(`Registered model ${model.id} from ${describeSource(source)}.`);
      return { model, created: true };
    } catch (err) {
      if (request.version !== undefined || attempt >= 3 || describeAzureError(err).status !== 409)
        throw err;
      const winner = await findRegistered(client, request);
      if (winner) return { model: winner, created: false };
      logger.info(`Version ${version} of model ${name} was taken meanwhile; trying the next one.`);
    }
  }
}

async function requireCompletedJob(client: MachineLearningClient, jobName: string): Promise<void> {
  const job = await getJob(client, jobName);
  if (!job) {
    throw new Error(`job ${jobName} was not found in workspace ${client.workspace.workspace}`);
  }
  if (job.status !== 'Completed') {
    throw new Error(
      `job ${jobName} is ${job.status}: only a Completed job's output can be registered as a model`,
    );
  }
}

/**
 * The version registered from this request's source before. With an explicit version, that
 * version decides: the same source is a re-run, another source is a clash (versions are immutable).
 */
async function findRegistered(
  client: MachineLearningClient,
  request: RegisterModelRequest,
): Promise<ModelVersionSnapshot | undefined> {
  const key = sourceKey(request.source);
  const uri = modelUriOf(request.source);
  const sameSource = (m: ModelVersionSnapshot) =>
    m.properties[LINEAGE_KEYS.source] === key && m.modelUri === uri;
  if (request.version !== undefined) {
    const existing = await getModelVersion(client, request.name, request.version);
    if (!existing || sameSource(existing)) return existing;
    const from = existing.properties[LINEAGE_KEYS.source] ?? existing.modelUri ?? 'elsewhere';
    throw new Error(
      `model ${request.name} version ${request.version} already exists, registered from ${from}; ` +
        'a version cannot change: leave version empty to register the next one, or choose another',
    );
  }
  const { resourceGroup, workspace } = client.workspace;
  // The service filters on `key=value` pairs separated by commas, so a value with a comma
  // is filtered by key only; the match itself is always checked here.
  const filter = key.includes(',') ? LINEAGE_KEYS.source : `${LINEAGE_KEYS.source}=${key}`;
  const versions = client.sdk.modelVersions.list(resourceGroup, workspace, request.name, {
    properties: filter,
    orderBy: 'createdtime desc',
  });
  try {
    for await (const version of versions) {
      const snapshot = toModelSnapshot(client, request.name, version);
      if (sameSource(snapshot)) return snapshot;
    }
  } catch (err) {
    return orNotFound(err);
  }
  return undefined;
}

/** The container's next integer version; "1" for a model not registered yet. */
async function nextVersion(client: MachineLearningClient, name: string): Promise<string> {
  const { resourceGroup, workspace } = client.workspace;
  const container = await client.sdk.modelContainers
    .get(resourceGroup, workspace, name)
    .catch(orNotFound);
  const { nextVersion: next, latestVersion } = container?.properties ?? {};
  if (next) return next;
  const latest = Number(latestVersion);
  return Number.isSafeInteger(latest) ? String(latest + 1) : '1';
}

async function putVersion(
  client: MachineLearningClient,
  request: RegisterModelRequest,
  version: string,
): Promise<ModelVersionSnapshot> {
  const { resourceGroup, workspace } = client.workspace;
  const { source } = request;
  const body: ModelVersion = {
    properties: {
      modelType: request.modelType,
      modelUri: modelUriOf(source),
      ...(source.kind === 'job' ? { jobName: source.jobName } : {}),
      ...(request.description ? { description: request.description } : {}),
      tags: request.tags ?? {},
      properties: { ...request.properties, ...lineageProperties(source, request.lineage) },
    },
  };
  const put = await client.sdk.modelVersions.createOrUpdate(
    resourceGroup,
    workspace,
    request.name,
    version,
    body,
  );
  return toModelSnapshot(client, request.name, put);
}

function describeSource(source: ModelSource): string {
  return source.kind === 'job'
    ? `job ${source.jobName} (output ${source.outputName})`
    : `path ${source.uri}`;
}

function strings(record: Record<string, string | null> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record ?? {}).filter((e): e is [string, string] => e[1] !== null),
  );
}

function toModelSnapshot(
  client: MachineLearningClient,
  name: string,
  model: ModelVersion,
): ModelVersionSnapshot {
  const version = model.name ?? '';
  const props = model.properties;
  return {
    name,
    version,
    id: `azureml:${name}:${version}`,
    armId: model.id ?? workspaceChildArmId(client.workspace, 'models', name, version),
    modelType: props.modelType,
    modelUri: props.modelUri,
    jobName: props.jobName,
    description: props.description,
    tags: strings(props.tags),
    properties: strings(props.properties),
    createdAt: model.systemData?.createdAt,
  };
}
