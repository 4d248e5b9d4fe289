import type { ResolvedBehaviour } from './behaviours.ts';

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
}

export interface JobRecord {
  name: string;
  /** `properties` exactly as the client sent them. */
  properties: Record<string, unknown>;
  /** Emulated epoch ms. */
  createdAt: number;
  createdBy: string;
  behaviour: ResolvedBehaviour;
  /** Emulated epoch ms of the first cancel request that found the job still running. */
  cancelRequestedAt?: number;
}

/** An ARM asynchronous operation polled through its Location URL. */
export interface OperationRecord {
  id: string;
  isDone(now: number): boolean;
}

export interface Store {
  workspaces: WorkspaceRecord[];
  operations: Map<string, OperationRecord>;
}

export function createStore(seed: Omit<WorkspaceRecord, 'jobs'>): Store {
  return { workspaces: [{ ...seed, jobs: new Map() }], operations: new Map() };
}
