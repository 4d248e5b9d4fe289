import { armError, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { WorkspaceRecord } from '../store.ts';
import { toIso } from '../clock.ts';
import { API_VERSION, WORKSPACE_PATH } from './api.ts';
import { findWorkspace, workspaceId } from './workspaces.ts';

/** The datastore every workspace is created with; uploads and backups go to it. */
export const WORKSPACE_BLOBSTORE = 'workspaceblobstore';

/** The workspace's storage account name, as its ARM id names it (`storageAccount`). */
export const storageAccountName = (w: WorkspaceRecord): string =>
  `st${w.name.replace(/\W/g, '')}`.toLowerCase();

/** The container Azure ML creates for `workspaceblobstore`: `azureml-blobstore-<workspace guid>`. */
export const blobstoreContainerName = (w: WorkspaceRecord): string =>
  `azureml-blobstore-${w.workspaceId}`;

/**
 * The seeded datastore as Azure answers it (AzureBlob, account key). One thing differs, and it
 * is how a client finds this account: `endpoint` is Azurite's `127.0.0.1:PORT` instead of
 * `core.windows.net`, and an IP endpoint means path-style URLs (`https://IP:PORT/<account>`),
 * the convention the Azure Storage SDKs and Azurite share. Asking starts Azurite.
 */
async function renderDatastore(
  w: WorkspaceRecord,
  state: EmulatorState,
): Promise<Record<string, unknown>> {
  const storage = await state.blobStorage();
  const created = toIso(w.createdAt);
  return {
    id: `${workspaceId(w)}/datastores/${WORKSPACE_BLOBSTORE}`,
    name: WORKSPACE_BLOBSTORE,
    type: 'Microsoft.MachineLearningServices/workspaces/datastores',
    properties: {
      description: null,
      tags: {},
      isDefault: true,
      properties: null,
      credentials: { credentialsType: 'AccountKey' },
      datastoreType: 'AzureBlob',
      accountName: storage.accountName,
      containerName: storage.containerName,
      endpoint: new URL(storage.blobEndpoint).host,
      protocol: 'https',
      serviceDataAccessAuthIdentity: 'None',
    },
    systemData: {
      createdAt: created,
      createdBy: state.clientId,
      createdByType: 'Application',
      lastModifiedAt: created,
      lastModifiedBy: state.clientId,
      lastModifiedByType: 'Application',
    },
  };
}

function checkDatastoreName(req: ApiRequest, w: WorkspaceRecord): void {
  const name = req.params.name ?? '';
  if (name.toLowerCase() !== WORKSPACE_BLOBSTORE) {
    throw armError(404, 'UserError', `Datastore '${name}' was not found in workspace '${w.name}'.`);
  }
}

async function getDatastore(req: ApiRequest, state: EmulatorState): Promise<Reply> {
  const w = findWorkspace(req, state);
  checkDatastoreName(req, w);
  return { status: 200, body: await renderDatastore(w, state) };
}

async function listDatastores(req: ApiRequest, state: EmulatorState): Promise<Reply> {
  const w = findWorkspace(req, state);
  const names = req.query.getAll('names').map((n) => n.toLowerCase());
  const isDefault = req.query.get('isDefault');
  const wanted =
    (names.length === 0 || names.includes(WORKSPACE_BLOBSTORE)) && isDefault !== 'false';
  return { status: 200, body: { value: wanted ? [await renderDatastore(w, state)] : [] } };
}

async function listSecrets(req: ApiRequest, state: EmulatorState): Promise<Reply> {
  const w = findWorkspace(req, state);
  checkDatastoreName(req, w);
  const storage = await state.blobStorage();
  state.stats.secret(storage.accountKey);
  return { status: 200, body: { secretsType: 'AccountKey', key: storage.accountKey } };
}

const DATASTORE_PATH = `${WORKSPACE_PATH}/datastores/{name}`;

export const datastoreRoutes: Route[] = [
  {
    name: 'datastores.get',
    method: 'GET',
    path: DATASTORE_PATH,
    group: 'arm',
    auth: true,
    apiVersion: API_VERSION,
    handler: getDatastore,
    summary: 'the seeded `workspaceblobstore` (AzureBlob, account key, backed by Azurite)',
  },
  {
    name: 'datastores.list',
    method: 'GET',
    path: `${WORKSPACE_PATH}/datastores`,
    group: 'arm',
    auth: true,
    apiVersion: API_VERSION,
    handler: listDatastores,
    summary: 'list, with `names` and `isDefault` filters',
  },
  {
    name: 'datastores.listSecrets',
    method: 'POST',
    path: `${DATASTORE_PATH}/listSecrets`,
    group: 'arm',
    auth: true,
    apiVersion: API_VERSION,
    handler: listSecrets,
    summary: "the account key of Azurite's account (random per start)",
  },
];
