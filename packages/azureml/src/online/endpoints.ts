/**
 * Managed online endpoints, read and written at api-version 2024-04-01 through the SDK client's
 * pipeline: at 2022-10-01 (the SDK's) the endpoint has no mirrorTraffic, so a whole-endpoint
 * PUT from the SDK would wipe it.
 */
import { armRequest, orNotFound, workspaceUrl } from '../transport/arm-request.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import {
  endpointPutBody,
  holdsEndpointBody,
  toEndpointSnapshot,
  type EndpointChanges,
  type RawEndpoint,
} from './endpoint-body.ts';
import {
  OperationFailedError,
  provisioningStateOf,
  putAndFollow,
  settle,
  withDeadline,
  type Waiting,
} from '../transport/lro.ts';
import type { EndpointSnapshot, WaitOptions } from '../types.ts';

export const ENDPOINT_API_VERSION = '2024-04-01';

const endpointUrl = (client: MachineLearningClient, name: string) =>
  workspaceUrl(client, `/onlineEndpoints/${encodeURIComponent(name)}`, ENDPOINT_API_VERSION);

/** The endpoint as ARM returns it; undefined when missing (a missing workspace still throws). */
export async function readEndpoint(
  client: MachineLearningClient,
  name: string,
  signal?: AbortSignal,
): Promise<RawEndpoint | undefined> {
  try {
    return (await armRequest(client, 'GET', endpointUrl(client, name), { signal }))
      .body as RawEndpoint;
  } catch (err) {
    return orNotFound(err);
  }
}

/** Read at ENDPOINT_API_VERSION (2024-04-01) so mirrorTraffic is visible; undefined when missing. */
export async function getEndpoint(
  client: MachineLearningClient,
  name: string,
): Promise<EndpointSnapshot | undefined> {
  const raw = await readEndpoint(client, name);
  return raw && toEndpointSnapshot(raw);
}

/** The endpoint once no operation runs on it (undefined when missing or deleted meanwhile). */
export async function settledEndpoint(
  client: MachineLearningClient,
  name: string,
  wait: Waiting,
): Promise<RawEndpoint | undefined> {
  const read = () => readEndpoint(client, name, wait.signal);
  return settle(`Endpoint ${name}`, await read(), read, provisioningStateOf, wait);
}

/**
 * PUTs the whole endpoint and waits for the operation; returns the endpoint as it then is.
 * An operation that ends Failed throws OperationFailedError with Azure's code and message.
 */
async function putEndpoint(
  client: MachineLearningClient,
  name: string,
  body: RawEndpoint,
  wait: Waiting,
): Promise<EndpointSnapshot> {
  const subject = `Endpoint ${name}`;
  const target = {
    url: endpointUrl(client, name),
    subject,
    settled: () => settledEndpoint(client, name, wait),
    holds: (read: RawEndpoint) => holdsEndpointBody(read, body),
    stateOf: provisioningStateOf,
  };
  const outcome = await putAndFollow(client, target, body, wait);
  if (outcome.status.toLowerCase() !== 'succeeded') {
    throw new OperationFailedError(
      subject,
      outcome.error?.code ?? outcome.status,
      outcome.error?.message ?? `the operation ended ${outcome.status}`,
    );
  }
  const raw = await readEndpoint(client, name, wait.signal);
  if (!raw) throw new Error(`${subject} is gone after its update succeeded`);
  return toEndpointSnapshot(raw);
}

/** Writes `changes` to the endpoint as read, keeping everything else. */
export async function updateEndpoint(
  client: MachineLearningClient,
  read: RawEndpoint,
  name: string,
  changes: EndpointChanges,
  wait: Waiting,
): Promise<EndpointSnapshot> {
  return putEndpoint(client, name, endpointPutBody(read, changes), wait);
}

export interface EnsureEndpointRequest {
  name: string;
  authMode: 'Key' | 'AMLToken';
  description?: string;
  tags?: Record<string, string>;
}

/**
 * Creates the endpoint when missing (in the workspace's location, with a system-assigned
 * identity) and waits; when it exists, updates description/tags only if they differ (given tags
 * are set, others kept). The authMode of an existing endpoint is left as it is, with a warning.
 */
export async function ensureEndpoint(
  client: MachineLearningClient,
  request: EnsureEndpointRequest,
  options: WaitOptions,
): Promise<{ endpoint: EndpointSnapshot; created: boolean; updated: boolean }> {
  const wait = withDeadline(options);
  const { name } = request;
  const existing = await settledEndpoint(client, name, wait);
  if (!existing) {
    const { resourceGroup, workspace } = client.workspace;
    const { location } = await client.sdk.workspaces.get(resourceGroup, workspace);
    wait.logger.info(`Creating endpoint ${name} (auth mode ${request.authMode}).`);
    const endpoint = await putEndpoint(
      client,
      name,
      {
        location,
        identity: { type: 'SystemAssigned' },
        ...(request.tags ? { tags: request.tags } : {}),
        properties: {
          authMode: request.authMode,
          ...(request.description !== undefined ? { description: request.description } : {}),
        },
      },
      wait,
    );
    return { endpoint, created: true, updated: false };
  }

  const current = toEndpointSnapshot(existing);
  if (current.authMode.toLowerCase() !== request.authMode.toLowerCase()) {
    wait.logger.warning(
      `Endpoint ${name} uses auth mode ${current.authMode}, not ${request.authMode}: an existing endpoint keeps its auth mode (delete it to change that).`,
    );
  }
  if (current.provisioningState.toLowerCase() === 'failed') {
    wait.logger.warning(
      `Endpoint ${name} is in provisioning state Failed; deployments to it may fail too (delete and re-create it if they do).`,
    );
  }
  const changes = wantedChanges(existing, request);
  if (!changes) {
    wait.logger.info(`Endpoint ${name} exists (${current.provisioningState}); nothing to update.`);
    return { endpoint: current, created: false, updated: false };
  }
  wait.logger.info(`Updating the ${Object.keys(changes).join(' and ')} of endpoint ${name}.`);
  const endpoint = await updateEndpoint(client, existing, name, changes, wait);
  return { endpoint, created: false, updated: true };
}

function wantedChanges(
  read: RawEndpoint,
  request: EnsureEndpointRequest,
): EndpointChanges | undefined {
  const changes: EndpointChanges = {};
  const description = read.properties?.description;
  if (request.description !== undefined && request.description !== (description ?? '')) {
    changes.description = request.description;
  }
  const tags = read.tags ?? {};
  if (request.tags && Object.entries(request.tags).some(([key, value]) => tags[key] !== value)) {
    changes.tags = { ...tags, ...request.tags };
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** The Authorization header value for the scoring URI: primary key (Key) or a fresh AML token (AMLToken). The caller masks `secret`. */
export async function getScoringCredential(
  client: MachineLearningClient,
  endpoint: EndpointSnapshot,
): Promise<{ secret: string; authorization: string }> {
  const { resourceGroup, workspace } = client.workspace;
  let secret: string | undefined;
  switch (endpoint.authMode.toLowerCase()) {
    case 'key':
      secret = (await client.sdk.onlineEndpoints.listKeys(resourceGroup, workspace, endpoint.name))
        .primaryKey;
      break;
    case 'amltoken':
      secret = (await client.sdk.onlineEndpoints.getToken(resourceGroup, workspace, endpoint.name))
        .accessToken;
      break;
    default:
      throw new Error(
        `Endpoint ${endpoint.name} uses auth mode ${endpoint.authMode}; scoring here supports Key and AMLToken endpoints`,
      );
  }
  if (!secret)
    throw new Error(`Endpoint ${endpoint.name} returned no ${endpoint.authMode} credential`);
  return { secret, authorization: `Bearer ${secret}` };
}
