import type { ResolvedJobBehaviour } from './behaviours/job-behaviours.ts';
import type { EndpointRecord } from './arm/online-records.ts';
import { seedAssets } from './arm/seed-assets.ts';

/** Resources the emulator holds. One record type per resource kind; later kinds add a Map here. */
export interface WorkspaceRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** The workspace's immutable GUID (properties.workspaceId). */
  workspaceId: string;
  createdAt: number;
  /** Keyed by lower-cased name: ARM names are case-insensitive. */
  jobs: Map<string, JobRecord>;
  /** Managed online endpoints by lower-cased name (arm/online-endpoints.ts). */
  onlineEndpoints: Map<string, EndpointRecord>;
  /** Asset containers by lower-cased name (arm/assets.ts). */
  models: Map<string, AssetContainerRecord>;
  codes: Map<string, AssetContainerRecord>;
  environments: Map<string, AssetContainerRecord>;
  components: Map<string, AssetContainerRecord>;
}

/** A model, code or environment container; its versions are created by version PUTs. */
export interface AssetContainerRecord {
  name: string;
  /** description, tags, properties, isArchived: as last sent, or defaults for an implicit one. */
  properties: Record<string, unknown>;
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
  /** Keyed by lower-cased version, in creation order (oldest first). */
  versions: Map<string, AssetVersionRecord>;
}

/** An asset version: immutable except description, tags and isArchived. */
export interface AssetVersionRecord {
  version: string;
  /** As sent, with the service's defaults filled in. */
  properties: Record<string, unknown>;
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
}

export interface JobRecord {
  name: string;
  /** `properties` exactly as the client sent them. */
  properties: Record<string, unknown>;
  /** Emulated epoch ms. */
  createdAt: number;
  createdBy: string;
  behaviour: ResolvedJobBehaviour;
  /** Emulated epoch ms of the first cancel request that found the job still running. */
  cancelRequestedAt?: number;
}

/** An ARM asynchronous operation polled through its Location or Azure-AsyncOperation URL. */
export interface OperationRecord {
  id: string;
  isDone(now: number): boolean;
  /** Emulated epoch ms it should end, when known: Retry-After counts down to it. */
  endsAt?: number;
  /** Set for Azure-AsyncOperation polling (200 with a status body, not Location's 202/200). */
  asyncStatus?: { startedAt: number; error?: { code: string; message: string } };
  /** Body of a Location poll's final 200 (the resource a PATCH changed). */
  result?(): unknown;
}

export interface Store {
  workspaces: WorkspaceRecord[];
  operations: Map<string, OperationRecord>;
}

export function createStore(
  seed: Omit<
    WorkspaceRecord,
    'jobs' | 'models' | 'codes' | 'environments' | 'components' | 'onlineEndpoints'
  >,
): Store {
  const workspace: WorkspaceRecord = {
    ...seed,
    jobs: new Map(),
    models: new Map(),
    codes: new Map(),
    environments: new Map(),
    components: new Map(),
    onlineEndpoints: new Map(),
  };
  seedAssets(workspace);
  return { workspaces: [workspace], operations: new Map() };
}
