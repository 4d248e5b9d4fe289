import { armError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { WorkspaceRecord } from '../store.ts';
import { toIso } from '../clock.ts';
import { API_VERSION, PROVIDER, WORKSPACE_PATH } from './api.ts';
import { systemData } from './system-data.ts';
import { findWorkspace, workspaceId } from './workspaces.ts';

/** The compute clusters every emulated workspace has (read-only: created with the workspace). */
export const SEEDED_COMPUTES = [
  { name: 'cpu-cluster', vmSize: 'STANDARD_DS3_V2', maxNodeCount: 4 },
  { name: 'gpu-cluster', vmSize: 'STANDARD_NC6S_V3', maxNodeCount: 2 },
] as const;

const SEEDED_BY = 'mlops-emulator';

export const computeArmId = (ws: WorkspaceRecord, name: string): string =>
  `${workspaceId(ws)}/computes/${name}`;

/** The seeded compute of that name (case-insensitive, as ARM names are), or undefined. */
export const findCompute = (name: string) =>
  SEEDED_COMPUTES.find((c) => c.name.toLowerCase() === name.toLowerCase());

function renderCompute(ws: WorkspaceRecord, compute: (typeof SEEDED_COMPUTES)[number]) {
  const created = toIso(ws.createdAt);
  return {
    id: computeArmId(ws, compute.name),
    name: compute.name,
    type: `${PROVIDER}/workspaces/computes`,
    location: ws.location,
    tags: {},
    properties: {
      computeType: 'AmlCompute',
      computeLocation: ws.location,
      provisioningState: 'Succeeded',
      createdOn: created,
      modifiedOn: created,
      isAttachedCompute: false,
      disableLocalAuth: true,
      properties: {
        osType: 'Linux',
        vmSize: compute.vmSize,
        vmPriority: 'Dedicated',
        isolatedNetwork: false,
        scaleSettings: {
          maxNodeCount: compute.maxNodeCount,
          minNodeCount: 0,
          nodeIdleTimeBeforeScaleDown: 'PT120S',
        },
        remoteLoginPortPublicAccess: 'Disabled',
        allocationState: 'Steady',
        allocationStateTransitionTime: created,
        errors: null,
        currentNodeCount: 0,
        targetNodeCount: 0,
        nodeStateCounts: {
          idleNodeCount: 0,
          runningNodeCount: 0,
          preparingNodeCount: 0,
          unusableNodeCount: 0,
          leavingNodeCount: 0,
          preemptedNodeCount: 0,
        },
        enableNodePublicIp: true,
      },
    },
    systemData: systemData({
      createdAt: ws.createdAt,
      createdBy: SEEDED_BY,
      modifiedAt: ws.createdAt,
      modifiedBy: SEEDED_BY,
    }),
  };
}

const notFound = (ws: WorkspaceRecord, name: string) =>
  armError(
    404,
    'ResourceNotFound',
    `The Resource '${PROVIDER}/workspaces/${ws.name}/computes/${name}' under resource group '${ws.resourceGroup}' was not found.`,
  );

function getCompute(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const name = param(req, 'computeName');
  const compute = findCompute(name);
  if (!compute) throw notFound(ws, name);
  return { status: 200, body: renderCompute(ws, compute) };
}

function listComputes(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  return { status: 200, body: { value: SEEDED_COMPUTES.map((c) => renderCompute(ws, c)) } };
}

/**
 * A job's computeId must name a compute of the workspace, as Azure refuses a job on a cluster
 * that does not exist; an absent one is serverless. `field` names it in the 400.
 */
export function requireCompute(ws: WorkspaceRecord, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const prefix = `${workspaceId(ws)}/computes/`.toLowerCase();
  const text = typeof value === 'string' ? value.replace(/^azureml:/, '') : '';
  const name = text.toLowerCase().startsWith(prefix) ? text.slice(prefix.length) : undefined;
  if (name === undefined || name.includes('/')) {
    throw armError(
      400,
      'UserError',
      `${field}: expected the ARM id of a compute in this workspace (${workspaceId(ws)}/computes/<name>), got ${JSON.stringify(value)}.`,
    );
  }
  if (!findCompute(name)) {
    throw armError(
      400,
      'UserError',
      `${field}: compute '${name}' was not found in workspace '${ws.name}'. Create the compute target or choose an existing one.`,
    );
  }
}

const arm = { group: 'arm', auth: true, apiVersion: API_VERSION } as const;

export const computeRoutes: Route[] = [
  {
    name: 'computes.list',
    method: 'GET',
    path: `${WORKSPACE_PATH}/computes`,
    ...arm,
    handler: listComputes,
  },
  {
    name: 'computes.get',
    method: 'GET',
    path: `${WORKSPACE_PATH}/computes/{computeName}`,
    ...arm,
    handler: getCompute,
  },
];
