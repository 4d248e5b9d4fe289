import { armError, isRecord, jsonBody, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { WorkspaceRecord } from '../store.ts';
import { createDeploymentMetrics } from '../data-plane/deployment-metrics.ts';
import { API_VERSION, PROVIDER, WORKSPACE_PATH } from './api.ts';
import { requireAssetVersion, requireReferencedVersion } from './asset-refs.ts';
import { CONTAINER_TYPES, deploymentLogs, type ContainerType } from './deployment-logs.ts';
import { acceptedOperation, asyncOperationHeaders } from './operations.ts';
import {
  checkName,
  onlineArm,
  requireEndpoint,
  stringMap,
  trackedResourceBody,
} from './online-endpoints.ts';
import type { DeploymentRecord, EndpointRecord } from './online-records.ts';
import { assertIdle, provisioningState, startProvisioning } from './provisioning.ts';
import { findWorkspace, workspaceId } from './workspaces.ts';
import { systemData } from './system-data.ts';

/** Defaults the service fills in for a managed deployment. */
const DEFAULT_PROPERTIES = {
  appInsightsEnabled: false,
  egressPublicNetworkAccess: 'Enabled',
  scaleSettings: { scaleType: 'Default' },
  requestSettings: {
    requestTimeout: 'PT5S',
    maxConcurrentRequestsPerInstance: 1,
    maxQueueWait: 'PT0.5S',
  },
  livenessProbe: {
    initialDelay: 'PT10M',
    period: 'PT10S',
    timeout: 'PT2S',
    successThreshold: 1,
    failureThreshold: 30,
  },
  readinessProbe: {
    initialDelay: 'PT10S',
    period: 'PT10S',
    timeout: 'PT2S',
    successThreshold: 1,
    failureThreshold: 30,
  },
};

const userError = (message: string) => armError(400, 'UserError', message);

/** The endpoint a deployment route names; one being deleted takes no changes (409). */
function endpointOf(
  req: ApiRequest,
  state: EmulatorState,
  changing: boolean,
): { ws: WorkspaceRecord; endpoint: EndpointRecord; now: number } {
  const ws = findWorkspace(req, state);
  const now = state.clock.now();
  const endpoint = requireEndpoint(ws, param(req, 'endpointName'), now);
  if (changing && provisioningState(endpoint.provisioning, now) === 'Deleting') {
    assertIdle(endpoint.provisioning, now, `Online endpoint '${endpoint.name}'`);
  }
  return { ws, endpoint, now };
}

function findDeployment(endpoint: EndpointRecord, name: string): DeploymentRecord | undefined {
  return endpoint.deployments.get(name.toLowerCase());
}

function requireDeployment(endpoint: EndpointRecord, name: string): DeploymentRecord {
  const deployment = findDeployment(endpoint, name);
  if (!deployment) {
    throw armError(
      404,
      'ResourceNotFound',
      `Online deployment '${name}' was not found on endpoint '${endpoint.name}'.`,
    );
  }
  return deployment;
}

function renderDeployment(
  ws: WorkspaceRecord,
  d: DeploymentRecord,
  state: EmulatorState,
): Record<string, unknown> {
  return {
    id: `${workspaceId(ws)}/onlineEndpoints/${d.endpointName}/deployments/${d.name}`,
    name: d.name,
    type: `${PROVIDER}/workspaces/onlineEndpoints/deployments`,
    location: d.location,
    tags: d.tags,
    ...(d.kind === undefined ? {} : { kind: d.kind }),
    ...(d.identity === undefined ? {} : { identity: d.identity }),
    sku: d.sku,
    properties: {
      ...DEFAULT_PROPERTIES,
      ...d.properties,
      provisioningState: provisioningState(d.provisioning, state.clock.now()),
    },
    systemData: systemData(d),
  };
}

/** Checks a managed deployment's properties; asset references must exist in the workspace. */
function validateProperties(
  ws: WorkspaceRecord,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const properties = Object.fromEntries(
    Object.entries(given).filter(([key]) => key !== 'provisioningState'),
  );
  if (properties.endpointComputeType !== 'Managed') {
    throw userError(
      `properties.endpointComputeType: expected 'Managed' (the emulator serves managed online deployments), got ${JSON.stringify(properties.endpointComputeType) ?? 'nothing'}.`,
    );
  }
  if (typeof properties.instanceType !== 'string' || properties.instanceType.trim() === '') {
    throw userError(
      `properties.instanceType: expected a VM size such as 'Standard_DS3_v2', got ${JSON.stringify(properties.instanceType) ?? 'nothing'}.`,
    );
  }
  if (properties.model !== undefined && properties.model !== null) {
    requireAssetVersion(ws, 'models', 'properties.model', properties.model);
  }
  const environment = properties.environmentId;
  // Curated environments live in the shared `azureml` registry, not in the workspace.
  if (
    environment !== undefined &&
    environment !== null &&
    !(typeof environment === 'string' && environment.startsWith('azureml://registries/'))
  ) {
    requireAssetVersion(ws, 'environments', 'properties.environmentId', environment);
  }
  const code = properties.codeConfiguration;
  if (
    code !== undefined &&
    code !== null &&
    !(isRecord(code) && typeof code.scoringScript === 'string' && code.scoringScript !== '')
  ) {
    throw userError(
      `properties.codeConfiguration: expected { codeId, scoringScript } with a scoring script such as 'score.py', got ${JSON.stringify(code)}.`,
    );
  }
  if (isRecord(code)) {
    requireReferencedVersion(ws, 'codes', 'properties.codeConfiguration.codeId', code.codeId);
  }
  const scale = properties.scaleSettings;
  if (
    scale !== undefined &&
    scale !== null &&
    !(isRecord(scale) && scale.scaleType === 'Default')
  ) {
    throw userError(
      `properties.scaleSettings: expected { "scaleType": "Default" } for a managed deployment, got ${JSON.stringify(scale)}.`,
    );
  }
  return properties;
}

/** `sku.capacity` is the instance count: a whole number >= 1 (default 1). */
function validateSku(value: unknown): DeploymentRecord['sku'] {
  if (value === undefined || value === null) return { name: 'Default', capacity: 1 };
  const capacity = isRecord(value) ? (value.capacity ?? 1) : undefined;
  if (!isRecord(value) || !(Number.isInteger(capacity) && (capacity as number) >= 1)) {
    throw userError(
      `sku.capacity: expected the instance count, a whole number >= 1, got ${JSON.stringify(isRecord(value) ? value.capacity : value)}.`,
    );
  }
  return { name: 'Default', ...value, capacity: capacity as number };
}

function createOrUpdateDeployment(req: ApiRequest, state: EmulatorState): Reply {
  const { ws, endpoint, now } = endpointOf(req, state, true);
  const name = param(req, 'deploymentName');
  checkName(name, 'deployment');
  const { body, properties: given, location, tags } = trackedResourceBody(req);
  const properties = validateProperties(ws, given);
  const sku = validateSku(body.sku);
  const existing = findDeployment(endpoint, name);
  if (existing) {
    assertIdle(existing.provisioning, now, `Online deployment '${existing.name}'`);
    if (existing.properties.instanceType !== properties.instanceType) {
      throw userError(
        `properties.instanceType: cannot change on an existing deployment ('${String(existing.properties.instanceType)}' -> '${String(properties.instanceType)}'); create a new deployment instead.`,
      );
    }
  }
  const deploymentName = existing?.name ?? name;
  const behaviour = state.deploymentBehaviours.resolve(endpoint.name, deploymentName);
  const principal = req.principal?.appId ?? 'unknown';
  const deployment: DeploymentRecord = {
    name: deploymentName,
    endpointName: endpoint.name,
    location,
    ...(typeof body.kind === 'string' ? { kind: body.kind } : {}),
    tags,
    ...(isRecord(body.identity) ? { identity: body.identity } : {}),
    sku,
    properties,
    behaviour,
    provisioning: startProvisioning(
      state,
      existing ? 'Updating' : 'Creating',
      behaviour.provisioningSeconds,
      behaviour.provisioning === 'fail'
        ? { code: behaviour.errorCode, message: behaviour.errorMessage }
        : undefined,
    ),
    metrics: existing?.metrics ?? createDeploymentMetrics(),
    createdAt: existing?.createdAt ?? now,
    createdBy: existing?.createdBy ?? principal,
    modifiedAt: now,
    modifiedBy: principal,
  };
  endpoint.deployments.set(deploymentName.toLowerCase(), deployment);
  if (!existing) state.stats.count('deploymentsCreated');
  const apiVersion = req.query.get('api-version') ?? API_VERSION;
  return {
    status: existing ? 200 : 201,
    body: renderDeployment(ws, deployment, state),
    headers: asyncOperationHeaders(state, apiVersion, deployment.provisioning),
  };
}

function getDeployment(req: ApiRequest, state: EmulatorState): Reply {
  const { ws, endpoint } = endpointOf(req, state, false);
  const deployment = requireDeployment(endpoint, param(req, 'deploymentName'));
  return { status: 200, body: renderDeployment(ws, deployment, state) };
}

/** Oldest first; `$top` limits the page. */
function listDeployments(req: ApiRequest, state: EmulatorState): Reply {
  const { ws, endpoint } = endpointOf(req, state, false);
  const top = req.query.get('$top');
  const limit = top === null ? Infinity : Number(top);
  if (!(Number.isInteger(limit) && limit >= 1) && limit !== Infinity) {
    throw userError(`$top: expected a whole number >= 1, got '${top}'.`);
  }
  const deployments = [...endpoint.deployments.values()]
    .sort((a, b) => a.createdAt - b.createdAt)
    .slice(0, limit);
  return { status: 200, body: { value: deployments.map((d) => renderDeployment(ws, d, state)) } };
}

/** PATCH changes tags and sku (the instance count) only. */
function updateDeployment(req: ApiRequest, state: EmulatorState): Reply {
  const { ws, endpoint, now } = endpointOf(req, state, true);
  const deployment = requireDeployment(endpoint, param(req, 'deploymentName'));
  assertIdle(deployment.provisioning, now, `Online deployment '${deployment.name}'`);
  const body = jsonBody(req) ?? {};
  if (!isRecord(body)) {
    throw userError(
      `The request body must be an object like { tags, sku }, got ${JSON.stringify(body)}.`,
    );
  }
  if (body.tags !== undefined) deployment.tags = stringMap(body.tags, 'tags');
  if (body.sku !== undefined) {
    deployment.sku = validateSku(
      isRecord(body.sku) ? { ...deployment.sku, ...body.sku } : body.sku,
    );
  }
  deployment.modifiedAt = now;
  deployment.modifiedBy = req.principal?.appId ?? 'unknown';
  // Scaling keeps the deployment's outcome: a failed one stays failed.
  deployment.provisioning = startProvisioning(
    state,
    'Updating',
    deployment.behaviour.provisioningSeconds,
    deployment.provisioning.error,
  );
  const { endsAt } = deployment.provisioning;
  return acceptedOperation(state, (at) => at >= endsAt, {
    endsAt,
    apiVersion: req.query.get('api-version') ?? API_VERSION,
    result: () => renderDeployment(ws, deployment, state),
  });
}

/** A deployment that still takes live (or mirrored) traffic cannot go; a missing one is gone (204). */
function deleteDeployment(req: ApiRequest, state: EmulatorState): Reply {
  const { endpoint, now } = endpointOf(req, state, true);
  const deployment = findDeployment(endpoint, param(req, 'deploymentName'));
  if (!deployment) return { status: 204 };
  for (const [field, map] of Object.entries({
    traffic: endpoint.traffic,
    mirrorTraffic: endpoint.mirrorTraffic,
  })) {
    const percent = map[deployment.name] ?? 0;
    if (percent > 0) {
      throw userError(
        `Online deployment '${deployment.name}' still has ${percent}% ${field} on endpoint '${endpoint.name}'; set it to 0 before deleting the deployment.`,
      );
    }
  }
  assertIdle(deployment.provisioning, now, `Online deployment '${deployment.name}'`);
  deployment.provisioning = startProvisioning(
    state,
    'Deleting',
    deployment.behaviour.provisioningSeconds,
  );
  const { endsAt } = deployment.provisioning;
  return acceptedOperation(state, (at) => at >= endsAt, {
    endsAt,
    apiVersion: req.query.get('api-version') ?? API_VERSION,
  });
}

/** POST getLogs `{ containerType?, tail? }` -> `{ content }`; no tail (or 0) means every line. */
function getLogs(req: ApiRequest, state: EmulatorState): Reply {
  const { endpoint } = endpointOf(req, state, false);
  const deployment = requireDeployment(endpoint, param(req, 'deploymentName'));
  const body = jsonBody(req) ?? {};
  const containerType = isRecord(body) ? (body.containerType ?? 'InferenceServer') : undefined;
  if (!CONTAINER_TYPES.includes(containerType as ContainerType)) {
    throw userError(
      `containerType: expected one of ${CONTAINER_TYPES.join(', ')}, got ${JSON.stringify(containerType)}.`,
    );
  }
  const tail = isRecord(body) ? (body.tail ?? 0) : 0;
  if (!(Number.isInteger(tail) && (tail as number) >= 0)) {
    throw userError(`tail: expected a whole number of lines >= 0, got ${JSON.stringify(tail)}.`);
  }
  const lines = deploymentLogs(deployment, containerType as ContainerType);
  const shown = tail === 0 ? lines : lines.slice(-(tail as number));
  return { status: 200, body: { content: shown.join('\n') } };
}

const DEPLOYMENTS = `${WORKSPACE_PATH}/onlineEndpoints/{endpointName}/deployments`;

export const onlineDeploymentRoutes: Route[] = [
  {
    name: 'onlineDeployments.list',
    method: 'GET',
    path: DEPLOYMENTS,
    ...onlineArm,
    handler: listDeployments,
  },
  {
    name: 'onlineDeployments.get',
    method: 'GET',
    path: `${DEPLOYMENTS}/{deploymentName}`,
    ...onlineArm,
    handler: getDeployment,
  },
  {
    name: 'onlineDeployments.createOrUpdate',
    method: 'PUT',
    path: `${DEPLOYMENTS}/{deploymentName}`,
    ...onlineArm,
    handler: createOrUpdateDeployment,
  },
  {
    name: 'onlineDeployments.update',
    method: 'PATCH',
    path: `${DEPLOYMENTS}/{deploymentName}`,
    ...onlineArm,
    handler: updateDeployment,
  },
  {
    name: 'onlineDeployments.delete',
    method: 'DELETE',
    path: `${DEPLOYMENTS}/{deploymentName}`,
    ...onlineArm,
    handler: deleteDeployment,
  },
  {
    name: 'onlineDeployments.getLogs',
    method: 'POST',
    path: `${DEPLOYMENTS}/{deploymentName}/getLogs`,
    ...onlineArm,
    handler: getLogs,
  },
];
