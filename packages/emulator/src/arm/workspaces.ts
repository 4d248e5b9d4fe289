import { armError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { WorkspaceRecord } from '../store.ts';
import { toIso } from '../clock.ts';
import { API_VERSION, PROVIDER, WORKSPACE_PATH } from './api.ts';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The workspace a request's path names, or the 404 ARM gives for its missing part. */
export function findWorkspace(req: ApiRequest, state: EmulatorState): WorkspaceRecord {
  const subscriptionId = param(req, 'subscriptionId');
  const resourceGroup = param(req, 'resourceGroupName');
  const name = param(req, 'workspaceName');
  const inSubscription = state.store.workspaces.filter((w) =>
    same(w.subscriptionId, subscriptionId),
  );
  if (inSubscription.length === 0) {
    throw armError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscriptionId}' could not be found.`,
    );
  }
  const inGroup = inSubscription.filter((w) => same(w.resourceGroup, resourceGroup));
  if (inGroup.length === 0) {
    throw armError(
      404,
      'ResourceGroupNotFound',
      `Resource group '${resourceGroup}' could not be found.`,
    );
  }
  const workspace = inGroup.find((w) => same(w.name, name));
  if (!workspace) {
    throw armError(
      404,
      'ResourceNotFound',
      `The Resource '${PROVIDER}/workspaces/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  return workspace;
}

export const workspaceId = (w: WorkspaceRecord): string =>
  `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/${PROVIDER}/workspaces/${w.name}`;

/** MLflow tracking URI in Azure ML's azureml:// form, pointing at this emulator's host. */
export const mlflowTrackingUri = (w: WorkspaceRecord, state: EmulatorState): string =>
  `azureml://${new URL(state.url).host}/mlflow/v1.0${workspaceId(w)}`;

/** systemData of what came with the workspace: created with it, by the seeded principal. */
export function seededSystemData(w: WorkspaceRecord, state: EmulatorState): Record<string, string> {
  const created = toIso(w.createdAt);
  return {
    createdAt: created,
    createdBy: state.clientId,
    createdByType: 'Application',
    lastModifiedAt: created,
    lastModifiedBy: state.clientId,
    lastModifiedByType: 'Application',
  };
}

function renderWorkspace(w: WorkspaceRecord, state: EmulatorState): Record<string, unknown> {
  const rg = `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers`;
  return {
    id: workspaceId(w),
    name: w.name,
    type: `${PROVIDER}/workspaces`,
    location: w.location,
    tags: {},
    sku: { name: 'Basic', tier: 'Basic' },
    identity: {
      type: 'SystemAssigned',
      principalId: state.servicePrincipalId,
      tenantId: state.tenantId,
    },
    systemData: seededSystemData(w, state),
    properties: {
      workspaceId: w.workspaceId,
      friendlyName: w.name,
      description: 'Azure ML workspace emulated by mlops-actions',
      keyVault: `${rg}/Microsoft.KeyVault/vaults/kv-${w.name}`,
      applicationInsights: `${rg}/microsoft.insights/components/appi-${w.name}`,
      containerRegistry: `${rg}/Microsoft.ContainerRegistry/registries/cr${w.name.replace(/\W/g, '')}`,
      storageAccount: `${rg}/Microsoft.Storage/storageAccounts/st${w.name.replace(/\W/g, '')}`,
      discoveryUrl: `${state.url}/discovery`,
      mlFlowTrackingUri: mlflowTrackingUri(w, state),
      provisioningState: 'Succeeded',
      hbiWorkspace: false,
      privateLinkCount: 0,
      allowPublicAccessWhenBehindVnet: false,
      publicNetworkAccess: 'Enabled',
      privateEndpointConnections: [],
      sharedPrivateLinkResources: [],
      tenantId: state.tenantId,
      storageHnsEnabled: false,
      v1LegacyMode: false,
    },
  };
}

function getWorkspace(req: ApiRequest, state: EmulatorState): Reply {
  return { status: 200, body: renderWorkspace(findWorkspace(req, state), state) };
}

export const workspaceRoutes: Route[] = [
  {
    name: 'workspaces.get',
    method: 'GET',
    path: WORKSPACE_PATH,
    group: 'arm',
    auth: true,
    apiVersion: API_VERSION,
    handler: getWorkspace,
  },
];
