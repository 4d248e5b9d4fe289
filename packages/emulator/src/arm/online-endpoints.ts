import { randomBytes, randomUUID } from 'node:crypto';
import { armError, isRecord, jsonBody, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { WorkspaceRecord } from '../store.ts';
import { API_VERSION, ENDPOINT_API_VERSION, PROVIDER, WORKSPACE_PATH } from './api.ts';
import { validateTraffic } from './endpoint-traffic.ts';
import { acceptedOperation, asyncOperationHeaders } from './operations.ts';
import type { EndpointRecord } from './online-records.ts';
import { assertIdle, provisioningState, startProvisioning } from './provisioning.ts';
import { findWorkspace, workspaceId } from './workspaces.ts';
import { systemData } from './system-data.ts';

export const DEFAULT_ENDPOINT_SECONDS = 30;
const AUTH_MODES = ['Key', 'AMLToken', 'AADToken'];
/** Azure's rule for online endpoint (and deployment) names. */
const NAME_RULE = /^[A-Za-z][A-Za-z0-9-]{2,31}$/;
/** Properties kept apart (authMode, traffic) or that the service computes or never returns. */
const NOT_KEPT = [
  'authMode',
  'traffic',
  'scoringUri',
  'swaggerUri',
  'provisioningState',
  'keys',
  'mirrorTraffic',
];

const userError = (status: number, message: string) => armError(status, 'UserError', message);

/** Checks a name against Azure's rule; `what` is 'endpoint' or 'deployment'. */
export function checkName(name: string, what: string): void {
  if (!NAME_RULE.test(name)) {
    throw userError(
      400,
      `The ${what} name must be 3-32 characters, start with a letter and contain only letters, digits and hyphens; got '${name}'.`,
    );
  }
}

/** The endpoints of a workspace; ones whose delete has finished are dropped first. */
export function liveEndpoints(ws: WorkspaceRecord, now: number): EndpointRecord[] {
  for (const [key, endpoint] of ws.onlineEndpoints) {
    if (provisioningState(endpoint.provisioning, now) === 'Deleted') {
      ws.onlineEndpoints.delete(key);
    } else {
      dropDeletedDeployments(endpoint, now);
    }
  }
  return [...ws.onlineEndpoints.values()];
}

/** A finished deployment delete also takes the deployment's (zero) traffic entries away. */
function dropDeletedDeployments(endpoint: EndpointRecord, now: number): void {
  for (const [key, deployment] of endpoint.deployments) {
    if (provisioningState(deployment.provisioning, now) !== 'Deleted') continue;
    endpoint.deployments.delete(key);
    const others = (map: Record<string, number>) =>
      Object.fromEntries(Object.entries(map).filter(([name]) => name.toLowerCase() !== key));
    endpoint.traffic = others(endpoint.traffic);
    endpoint.mirrorTraffic = others(endpoint.mirrorTraffic);
  }
}

export function findEndpoint(
  ws: WorkspaceRecord,
  name: string,
  now: number,
): EndpointRecord | undefined {
  return liveEndpoints(ws, now).find((e) => e.name.toLowerCase() === name.toLowerCase());
}

export function requireEndpoint(ws: WorkspaceRecord, name: string, now: number): EndpointRecord {
  const endpoint = findEndpoint(ws, name, now);
  if (!endpoint) {
    throw armError(
      404,
      'ResourceNotFound',
      `Online endpoint '${name}' was not found in workspace '${ws.name}'.`,
    );
  }
  return endpoint;
}

export const scoringUri = (state: EmulatorState, endpoint: string): string =>
  `${state.url}/online/${endpoint}/score`;

/** The endpoint as ARM returns it; `mirrorTraffic` exists only in the newer api-version. */
function renderEndpoint(
  ws: WorkspaceRecord,
  e: EndpointRecord,
  state: EmulatorState,
  apiVersion: string,
): Record<string, unknown> {
  return {
    id: `${workspaceId(ws)}/onlineEndpoints/${e.name}`,
    name: e.name,
    type: `${PROVIDER}/workspaces/onlineEndpoints`,
    location: e.location,
    tags: e.tags,
    ...(e.kind === undefined ? {} : { kind: e.kind }),
    ...(e.identity === undefined ? {} : { identity: e.identity }),
    ...(e.sku === undefined ? {} : { sku: e.sku }),
    properties: {
      publicNetworkAccess: 'Enabled',
      ...e.properties,
      authMode: e.authMode,
      traffic: e.traffic,
      ...(apiVersion === ENDPOINT_API_VERSION ? { mirrorTraffic: e.mirrorTraffic } : {}),
      scoringUri: scoringUri(state, e.name),
      swaggerUri: `${state.url}/online/${e.name}/swagger.json`,
      provisioningState: provisioningState(e.provisioning, state.clock.now()),
    },
    systemData: systemData(e),
  };
}

const apiVersionOf = (req: ApiRequest): string => req.query.get('api-version') ?? API_VERSION;

/** A system-assigned identity gets its principal (kept across updates) and tenant. */
function withIdentity(
  value: unknown,
  state: EmulatorState,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || typeof value.type !== 'string') {
    throw userError(
      400,
      `identity: expected an object like { "type": "SystemAssigned" }, got ${JSON.stringify(value)}.`,
    );
  }
  if (!/systemassigned/i.test(value.type)) return value;
  return {
    ...value,
    principalId: previous?.principalId ?? randomUUID(),
    tenantId: state.tenantId,
  };
}

export function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw userError(400, `${field}: expected an object of strings, got ${JSON.stringify(value)}.`);
  }
  return value as Record<string, string>;
}

/** The resource body every PUT needs: a location and a properties object. */
export function trackedResourceBody(req: ApiRequest): {
  body: Record<string, unknown>;
  properties: Record<string, unknown>;
  location: string;
  tags: Record<string, string>;
} {
  const body = jsonBody(req);
  if (!isRecord(body) || !isRecord(body.properties)) {
    throw userError(400, "The request body must be an object with 'location' and 'properties'.");
  }
  if (typeof body.location !== 'string' || body.location.trim() === '') {
    throw userError(
      400,
      `location: expected an Azure region such as 'westeurope', got ${JSON.stringify(body.location) ?? 'nothing'}.`,
    );
  }
  return {
    body,
    properties: body.properties,
    location: body.location,
    tags: stringMap(body.tags, 'tags'),
  };
}

/** Endpoint keys are random and listed as secrets only when handed out (listKeys). */
const newKey = (): string => randomBytes(32).toString('base64url');

function givenKeys(value: unknown): EndpointRecord['keys'] | undefined {
  if (!isRecord(value)) return undefined;
  const { primaryKey, secondaryKey } = value;
  return typeof primaryKey === 'string' && typeof secondaryKey === 'string'
    ? { primaryKey, secondaryKey }
    : undefined;
}

/** `{ key: value }`, or nothing when the value is undefined. */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

function createOrUpdateEndpoint(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const name = param(req, 'endpointName');
  checkName(name, 'endpoint');
  const now = state.clock.now();
  const apiVersion = apiVersionOf(req);
  const { body, properties, location, tags } = trackedResourceBody(req);
  if (!AUTH_MODES.includes(properties.authMode as string)) {
    throw userError(
      400,
      `properties.authMode: expected one of ${AUTH_MODES.join(', ')}, got ${JSON.stringify(properties.authMode) ?? 'nothing'}.`,
    );
  }
  const existing = findEndpoint(ws, name, now);
  if (existing) assertIdle(existing.provisioning, now, `Online endpoint '${existing.name}'`);
  // A 2022-10-01 body has no mirrorTraffic: the PUT replaces the endpoint, so it is lost.
  const { traffic, mirrorTraffic } = validateTraffic(
    existing?.name ?? name,
    [...(existing?.deployments.values() ?? [])].map((d) => d.name),
    properties.traffic,
    apiVersion === ENDPOINT_API_VERSION ? properties.mirrorTraffic : undefined,
  );
  const kept = Object.fromEntries(
    Object.entries(properties).filter(([key]) => !NOT_KEPT.includes(key)),
  );
  const principal = req.principal?.appId ?? 'unknown';
  const endpoint: EndpointRecord = {
    name: existing?.name ?? name,
    location,
    ...(typeof body.kind === 'string' ? { kind: body.kind } : {}),
    tags,
    ...optional('identity', withIdentity(body.identity, state, existing?.identity)),
    ...optional('sku', body.sku ?? undefined),
    authMode: properties.authMode as string,
    traffic,
    mirrorTraffic,
    properties: kept,
    keys: existing?.keys ??
      givenKeys(properties.keys) ?? { primaryKey: newKey(), secondaryKey: newKey() },
    tokens: existing?.tokens ?? new Map(),
    deployments: existing?.deployments ?? new Map(),
    provisioning: startProvisioning(
      state,
      existing ? 'Updating' : 'Creating',
      state.endpointProvisioningSeconds,
    ),
    createdAt: existing?.createdAt ?? now,
    createdBy: existing?.createdBy ?? principal,
    modifiedAt: now,
    modifiedBy: principal,
  };
  ws.onlineEndpoints.set(endpoint.name.toLowerCase(), endpoint);
  if (!existing) state.stats.count('endpointsCreated');
  return {
    status: existing ? 200 : 201,
    body: renderEndpoint(ws, endpoint, state, apiVersion),
    headers: asyncOperationHeaders(state, apiVersion, endpoint.provisioning),
  };
}

function getEndpoint(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const endpoint = requireEndpoint(ws, param(req, 'endpointName'), state.clock.now());
  return { status: 200, body: renderEndpoint(ws, endpoint, state, apiVersionOf(req)) };
}

function listEndpoints(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const endpoints = liveEndpoints(ws, state.clock.now()).sort((a, b) => b.createdAt - a.createdAt);
  return {
    status: 200,
    body: { value: endpoints.map((e) => renderEndpoint(ws, e, state, apiVersionOf(req))) },
  };
}

/** PATCH changes tags and identity only (PartialMinimalTrackedResourceWithIdentity). */
function updateEndpoint(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const now = state.clock.now();
  const endpoint = requireEndpoint(ws, param(req, 'endpointName'), now);
  assertIdle(endpoint.provisioning, now, `Online endpoint '${endpoint.name}'`);
  const body = jsonBody(req) ?? {};
  if (!isRecord(body)) {
    throw userError(
      400,
      `The request body must be an object like { tags, identity }, got ${JSON.stringify(body)}.`,
    );
  }
  if (body.tags !== undefined) endpoint.tags = stringMap(body.tags, 'tags');
  if (body.identity !== undefined) {
    const identity = withIdentity(body.identity, state, endpoint.identity);
    if (identity) endpoint.identity = identity;
    else delete endpoint.identity;
  }
  endpoint.modifiedAt = now;
  endpoint.modifiedBy = req.principal?.appId ?? 'unknown';
  endpoint.provisioning = startProvisioning(state, 'Updating', state.endpointProvisioningSeconds);
  const apiVersion = apiVersionOf(req);
  const { endsAt } = endpoint.provisioning;
  return acceptedOperation(state, (at) => at >= endsAt, {
    endsAt,
    apiVersion,
    result: () => renderEndpoint(ws, endpoint, state, apiVersion),
  });
}

/** Deleting an endpoint deletes its deployments; a missing one is already gone (204). */
function deleteEndpoint(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const now = state.clock.now();
  const endpoint = findEndpoint(ws, param(req, 'endpointName'), now);
  if (!endpoint) return { status: 204 };
  assertIdle(endpoint.provisioning, now, `Online endpoint '${endpoint.name}'`);
  endpoint.provisioning = startProvisioning(state, 'Deleting', state.endpointProvisioningSeconds);
  const { endsAt } = endpoint.provisioning;
  return acceptedOperation(state, (at) => at >= endsAt, { endsAt, apiVersion: apiVersionOf(req) });
}

function requireAuthMode(endpoint: EndpointRecord, mode: string, operation: string): void {
  if (endpoint.authMode !== mode) {
    throw userError(
      400,
      `${operation} is only available for endpoints with authMode '${mode}'; endpoint '${endpoint.name}' uses '${endpoint.authMode}'.`,
    );
  }
}

function listKeys(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const endpoint = requireEndpoint(ws, param(req, 'endpointName'), state.clock.now());
  requireAuthMode(endpoint, 'Key', 'listKeys');
  state.stats.secret(endpoint.keys.primaryKey);
  state.stats.secret(endpoint.keys.secondaryKey);
  return { status: 200, body: { ...endpoint.keys } };
}

/** An AML token for the scoring URI, valid for the emulator's access-token lifetime. */
function getToken(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const now = state.clock.now();
  const endpoint = requireEndpoint(ws, param(req, 'endpointName'), now);
  requireAuthMode(endpoint, 'AMLToken', 'getToken');
  const accessToken = randomBytes(48).toString('base64url');
  const lifetimeMs = state.accessTokenLifetimeSeconds * 1000;
  endpoint.tokens.set(accessToken, now + lifetimeMs);
  state.stats.secret(accessToken);
  return {
    status: 200,
    body: {
      accessToken,
      tokenType: 'Bearer',
      expiryTimeUtc: Math.floor((now + lifetimeMs) / 1000),
      refreshAfterTimeUtc: Math.floor((now + lifetimeMs / 2) / 1000),
    },
  };
}

/** Endpoint and deployment routes speak 2022-10-01 and the newer version with mirrorTraffic. */
export const onlineArm = {
  group: 'arm',
  auth: true,
  apiVersion: [API_VERSION, ENDPOINT_API_VERSION],
} as const;

const ENDPOINTS = `${WORKSPACE_PATH}/onlineEndpoints`;

export const onlineEndpointRoutes: Route[] = [
  {
    name: 'onlineEndpoints.list',
    method: 'GET',
    path: ENDPOINTS,
    ...onlineArm,
    handler: listEndpoints,
  },
  {
    name: 'onlineEndpoints.get',
    method: 'GET',
    path: `${ENDPOINTS}/{endpointName}`,
    ...onlineArm,
    handler: getEndpoint,
  },
  {
    name: 'onlineEndpoints.createOrUpdate',
    method: 'PUT',
    path: `${ENDPOINTS}/{endpointName}`,
    ...onlineArm,
    handler: createOrUpdateEndpoint,
  },
  {
    name: 'onlineEndpoints.update',
    method: 'PATCH',
    path: `${ENDPOINTS}/{endpointName}`,
    ...onlineArm,
    handler: updateEndpoint,
  },
  {
    name: 'onlineEndpoints.delete',
    method: 'DELETE',
    path: `${ENDPOINTS}/{endpointName}`,
    ...onlineArm,
    handler: deleteEndpoint,
  },
  {
    name: 'onlineEndpoints.listKeys',
    summary: 'the keys of a `Key` endpoint',
    method: 'POST',
    path: `${ENDPOINTS}/{endpointName}/listKeys`,
    ...onlineArm,
    handler: listKeys,
  },
  {
    name: 'onlineEndpoints.getToken',
    summary: 'a token for an `AMLToken` endpoint',
    method: 'POST',
    path: `${ENDPOINTS}/{endpointName}/token`,
    ...onlineArm,
    handler: getToken,
  },
];
