import type { ResolvedDeploymentBehaviour } from '../behaviours/deployment-behaviours.ts';
import type { DeploymentMetricsRecorder } from '../data-plane/deployment-metrics.ts';

/** The long-running operation a resource is in, or last finished (emulated epoch ms). */
export interface Provisioning {
  kind: 'Creating' | 'Updating' | 'Deleting';
  startedAt: number;
  endsAt: number;
  /** Set when the operation ends Failed. */
  error?: { code: string; message: string };
}

interface Audited {
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
}

export interface EndpointRecord extends Audited {
  name: string;
  location: string;
  kind?: string;
  tags: Record<string, string>;
  /** As sent, with principalId/tenantId filled in for a system-assigned identity. */
  identity?: Record<string, unknown>;
  sku?: unknown;
  authMode: string;
  traffic: Record<string, number>;
  /** Only 2024-04-01 bodies carry it; a 2022-10-01 PUT resets it to {}. */
  mirrorTraffic: Record<string, number>;
  /** Other given properties (description, properties, publicNetworkAccess, compute). */
  properties: Record<string, unknown>;
  keys: { primaryKey: string; secondaryKey: string };
  /** AML tokens issued by getToken -> emulated expiry epoch ms. */
  tokens: Map<string, number>;
  /** Keyed by lower-cased name. */
  deployments: Map<string, DeploymentRecord>;
  provisioning: Provisioning;
}

export interface DeploymentRecord extends Audited {
  name: string;
  endpointName: string;
  location: string;
  kind?: string;
  tags: Record<string, string>;
  identity?: Record<string, unknown>;
  sku: Record<string, unknown> & { capacity: number };
  /** Given properties (provisioningState left out). */
  properties: Record<string, unknown>;
  /** The behaviour resolved at the last create or update. */
  behaviour: ResolvedDeploymentBehaviour;
  provisioning: Provisioning;
  metrics: DeploymentMetricsRecorder;
}
