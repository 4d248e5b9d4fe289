/**
 * Deployments of a managed online endpoint: read through the SDK, written by a PUT through its
 * pipeline so the operation can be followed with progress lines (lro.ts).
 */
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { armRequest, orNotFound, workspaceUrl } from '../transport/arm-request.ts';
import { describeAzureError } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { RawDeployment } from './deployment-body.ts';
import { deploymentChanges } from './deployment-diff.ts';
import {
  OperationFailedError,
  putAndFollow,
  settle,
  withDeadline,
  type Waiting,
} from '../transport/lro.ts';
import type { DeploymentSnapshot, WaitOptions } from '../types.ts';

/** How much of the container's log a provisioning failure carries. */
export const FAILURE_LOG_LINES = 50;

/** A deployment whose provisioning ended Failed: Azure's error and the end of its container logs. */
export class DeploymentFailedError extends OperationFailedError {
  readonly endpoint: string;
  readonly deployment: string;
  /** The last lines of the InferenceServer container's log ('' when none could be read). */
  readonly logs: string;

  constructor(endpoint: string, deployment: string, code: string, detail: string, logs: string) {
    super(`Deployment ${deployment} on endpoint ${endpoint}`, code, detail);
    this.name = 'DeploymentFailedError';
    this.endpoint = endpoint;
    this.deployment = deployment;
    this.logs = logs;
  }
}

export function toDeploymentSnapshot(
  endpointName: string,
  deployment: OnlineDeployment,
): DeploymentSnapshot {
  const { properties, sku } = deployment;
  return {
    name: deployment.name ?? '',
    endpointName,
    provisioningState: properties.provisioningState ?? 'Unknown',
    ...(properties.model ? { model: properties.model } : {}),
    ...(properties.instanceType ? { instanceType: properties.instanceType } : {}),
    ...(sku?.capacity !== undefined ? { instanceCount: sku.capacity } : {}),
  };
}

export async function listDeployments(
  client: MachineLearningClient,
  endpointName: string,
): Promise<DeploymentSnapshot[]> {
  const { resourceGroup, workspace } = client.workspace;
  const deployments: DeploymentSnapshot[] = [];
  for await (const d of client.sdk.onlineDeployments.list(resourceGroup, workspace, endpointName)) {
    deployments.push(toDeploymentSnapshot(endpointName, d));
  }
  return deployments;
}

/**
 * Every deployment of the endpoint as ARM returns it (all its fields, not the SDK's model of
 * them), at the api-version deployments are written at; [] when the endpoint has none.
 */
export async function readDeploymentResources(
  client: MachineLearningClient,
  endpointName: string,
  signal?: AbortSignal,
): Promise<RawDeployment[]> {
  const deployments: RawDeployment[] = [];
  let url: string | undefined = deploymentUrl(client, endpointName, '');
  while (url) {
    const page = (await armRequest(client, 'GET', url, { signal })).body as
      { value?: RawDeployment[]; nextLink?: string } | undefined;
    deployments.push(...(page?.value ?? []));
    url = page?.nextLink || undefined;
  }
  return deployments;
}

const deploymentUrl = (client: MachineLearningClient, endpointName: string, name: string) =>
  workspaceUrl(
    client,
    `/onlineEndpoints/${encodeURIComponent(endpointName)}/deployments${name ? `/${encodeURIComponent(name)}` : ''}`,
    client.sdk.apiVersion,
  );

async function readDeployment(
  client: MachineLearningClient,
  endpointName: string,
  name: string,
  signal?: AbortSignal,
): Promise<OnlineDeployment | undefined> {
  const { resourceGroup, workspace } = client.workspace;
  try {
    return await client.sdk.onlineDeployments.get(resourceGroup, workspace, endpointName, name, {
      abortSignal: signal,
    });
  } catch (err) {
    return orNotFound(err);
  }
}

/** The deployment; undefined when it (or its endpoint) does not exist. */
export async function getDeployment(
  client: MachineLearningClient,
  endpointName: string,
  name: string,
): Promise<DeploymentSnapshot | undefined> {
  const deployment = await readDeployment(client, endpointName, name);
  return deployment && toDeploymentSnapshot(endpointName, deployment);
}

/** The tail of the deployment's InferenceServer container log. */
export async function getDeploymentLogs(
  client: MachineLearningClient,
  endpointName: string,
  name: string,
  tail?: number,
): Promise<string> {
  const { resourceGroup, workspace } = client.workspace;
  const { content } = await client.sdk.onlineDeployments.getLogs(
    resourceGroup,
    workspace,
    endpointName,
    name,
    { containerType: 'InferenceServer', ...(tail !== undefined ? { tail } : {}) },
  );
  return content ?? '';
}

/**
 * PUTs the deployment unless an identical, Succeeded one exists (then `changed: false`), and
 * waits for it; a Failed provisioning throws DeploymentFailedError with the Azure error and the
 * tail of the InferenceServer logs. An operation already running on it is waited out first.
 * `replace`: the caller compared the whole resource already (a restore), so it is PUT as given.
 */
export async function applyDeployment(
  client: MachineLearningClient,
  endpointName: string,
  name: string,
  body: OnlineDeployment,
  options: WaitOptions,
  replace = false,
): Promise<{ deployment: DeploymentSnapshot; changed: boolean }> {
  const wait = withDeadline(options);
  const subject = `Deployment ${name} on ${endpointName}`;
  const existing = await settledDeployment(client, endpointName, name, subject, wait);
  if (!existing) {
    wait.logger.info(`Creating deployment ${name} on endpoint ${endpointName}.`);
  } else {
    const state = existing.properties.provisioningState ?? 'Unknown';
    const changes = replace ? ['the whole deployment'] : deploymentChanges(body, existing);
    if (state === 'Succeeded' && changes.length === 0) {
      wait.logger.info(`${subject} already is as asked (Succeeded); nothing to change.`);
      return { deployment: toDeploymentSnapshot(endpointName, existing), changed: false };
    }
    wait.logger.info(
      state === 'Succeeded'
        ? `Updating deployment ${name} on endpoint ${endpointName}: ${changes.join(', ')} changed.`
        : `${subject} is ${state}; applying it again.`,
    );
  }

  const target = {
    url: deploymentUrl(client, endpointName, name),
    subject,
    settled: () => settledDeployment(client, endpointName, name, subject, wait),
    holds: (read: OnlineDeployment) => deploymentChanges(body, read).length === 0,
    stateOf: (read: OnlineDeployment) => read.properties.provisioningState,
  };
  const outcome = await putAndFollow(client, target, body, wait);
  const after = await readDeployment(client, endpointName, name, wait.signal);
  const state = after?.properties.provisioningState ?? outcome.status;
  if (outcome.status !== 'Succeeded' || state !== 'Succeeded') {
    const code = outcome.error?.code ?? (outcome.status !== 'Succeeded' ? outcome.status : state);
    const detail = outcome.error?.message ?? `the deployment ended ${state}`;
    const logs = await failureLogs(client, endpointName, name, wait);
    throw new DeploymentFailedError(endpointName, name, code, detail, logs);
  }
  if (!after) throw new Error(`${subject} is gone after its provisioning succeeded`);
  return { deployment: toDeploymentSnapshot(endpointName, after), changed: true };
}

async function settledDeployment(
  client: MachineLearningClient,
  endpointName: string,
  name: string,
  subject: string,
  wait: Waiting,
): Promise<OnlineDeployment | undefined> {
  const read = () => readDeployment(client, endpointName, name, wait.signal);
  return settle(subject, await read(), read, (d) => d.properties.provisioningState, wait);
}

/** The container's last lines; a failure to read them must not hide the provisioning error. */
async function failureLogs(
  client: MachineLearningClient,
  endpointName: string,
  name: string,
  wait: Waiting,
): Promise<string> {
  try {
    const logs = await getDeploymentLogs(client, endpointName, name, FAILURE_LOG_LINES);
    return logs.trimEnd().split(/\r?\n/).slice(-FAILURE_LOG_LINES).join('\n');
  } catch (err) {
    wait.logger.warning(
      `Could not read the logs of deployment ${name}: ${describeAzureError(err).message}`,
    );
    return '';
  }
}
