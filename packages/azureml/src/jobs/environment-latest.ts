import type { CommandJob, JobBase } from '@azure/arm-machinelearning';
import { assetArmId, type AssetRef } from '../specs/asset-refs.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { describeAzureError, isMissingWorkspace } from '../transport/azure-error.ts';
import type { Logger } from '../types.ts';

/** An environment container id (`.../environments/{name}`), what `azureml:name@latest` maps to. */
const CONTAINER_ID = /\/workspaces\/[^/]+\/environments\/([^/]+)$/i;

/**
 * ARM runs a job only on an environment version, so `@latest` is resolved here, just before
 * submitting, to the newest version in the workspace (as the CLI does). Other bodies pass unchanged.
 */
export async function resolveLatestEnvironment(
  client: MachineLearningClient,
  body: JobBase,
  logger: Logger,
): Promise<JobBase> {
  const properties = body.properties as CommandJob;
  const name = CONTAINER_ID.exec(properties.environmentId ?? '')?.[1];
  if (name === undefined) return body;
  const environmentId = await latestEnvironmentVersion(client, name, logger);
  return { ...body, properties: { ...properties, environmentId } };
}

/** The ARM id of the environment version a reference names (`@latest`: the newest one). */
export async function environmentVersionId(
  client: MachineLearningClient,
  ref: AssetRef,
  logger: Logger,
): Promise<string> {
  if (ref.kind !== 'latest') return assetArmId(client.workspace, 'environments', ref);
  return latestEnvironmentVersion(client, ref.name, logger);
}

async function latestEnvironmentVersion(
  client: MachineLearningClient,
  name: string,
  logger: Logger,
): Promise<string> {
  const { resourceGroup, workspace } = client.workspace;
  const versions = client.sdk.environmentVersions.list(resourceGroup, workspace, name, {
    orderBy: 'createdtime desc',
    top: 1,
  });
  try {
    for await (const version of versions) {
      if (!version.id) continue;
      logger.info(`Environment ${name}@latest is version ${version.name}.`);
      return version.id;
    }
  } catch (error) {
    // An unknown environment is a 404 from the list; a missing workspace stays Azure's error.
    const info = describeAzureError(error);
    if (info.status !== 404 || isMissingWorkspace(info)) throw error;
  }
  throw new Error(
    `environment: expected azureml:${name}@latest to name a registered environment; given a name with no versions in workspace ${workspace}`,
  );
}
