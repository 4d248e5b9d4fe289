import type { DeploymentMetrics, EmulatedEndpointView } from '../types.ts';
import type { EmulatorState } from '../state.ts';
import { findEndpoint, scoringUri } from './online-endpoints.ts';
import type { EndpointRecord } from './online-records.ts';
import { provisioningState } from './provisioning.ts';

function endpointNamed(state: EmulatorState, name: string): EndpointRecord | undefined {
  const now = state.clock.now();
  for (const ws of state.store.workspaces) {
    const endpoint = findEndpoint(ws, name, now);
    if (endpoint) return endpoint;
  }
  return undefined;
}

/** An endpoint and its deployments as a test wants to see them (no ARM envelope, no secrets). */
export function endpointView(state: EmulatorState, name: string): EmulatedEndpointView | undefined {
  const endpoint = endpointNamed(state, name);
  if (!endpoint) return undefined;
  const now = state.clock.now();
  return {
    name: endpoint.name,
    provisioningState: provisioningState(endpoint.provisioning, now),
    authMode: endpoint.authMode,
    traffic: { ...endpoint.traffic },
    mirrorTraffic: { ...endpoint.mirrorTraffic },
    tags: { ...endpoint.tags },
    ...(endpoint.identity === undefined ? {} : { identity: structuredClone(endpoint.identity) }),
    scoringUri: scoringUri(state, endpoint.name),
    deployments: [...endpoint.deployments.values()].map((d) => ({
      name: d.name,
      provisioningState: provisioningState(d.provisioning, now),
      model: String(d.properties.model ?? ''),
      ...(typeof d.properties.instanceType === 'string'
        ? { instanceType: d.properties.instanceType }
        : {}),
      instanceCount: d.sku.capacity,
    })),
  };
}

export function deploymentMetrics(
  state: EmulatorState,
  endpoint: string,
  deployment: string,
): DeploymentMetrics | undefined {
  return endpointNamed(state, endpoint)
    ?.deployments.get(deployment.toLowerCase())
    ?.metrics.snapshot();
}
