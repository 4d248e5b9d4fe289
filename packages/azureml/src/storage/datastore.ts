/**
 * A blob datastore of the workspace, opened as a container client of `@azure/storage-blob`
 * with the datastore's own credentials, as the CLI does: GET the datastore, then `listSecrets`
 * for an account key or SAS; an identity-based datastore gets the caller's Entra token.
 * The storage SDK is imported here, lazily: only steps that touch a datastore load it.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { AzureBlobDatastore } from '@azure/arm-machinelearning';
import type { MachineLearningClient } from '../transport/client.ts';
import { DEFAULT_RETRY, USER_AGENT_PREFIX } from '../transport/client.ts';
import type { UseCaseContext } from '../types.ts';

/** The datastore every workspace has; the CLI uploads local files to it. */
export const WORKSPACE_BLOBSTORE = 'workspaceblobstore';

export interface BlobDatastore {
  name: string;
  accountName: string;
  containerName: string;
  /** Storage suffix (`core.windows.net`), or `host:port` of a local account (Azurite). */
  endpoint: string;
  protocol: string;
  credentialsType: string;
}

export interface OpenDatastore {
  datastore: BlobDatastore;
  container: ContainerClient;
  /** The https URL of a path in the container (what `codeUri` and backups record). */
  blobUrl(path: string): string;
}

/** The datastore's properties; anything but an Azure Blob datastore is refused by name. */
export async function getBlobDatastore(
  client: MachineLearningClient,
  name: string,
  signal?: AbortSignal,
): Promise<BlobDatastore> {
  const { resourceGroup, workspace } = client.workspace;
  const found = await client.sdk.datastores.get(resourceGroup, workspace, name, {
    abortSignal: signal,
  });
  const properties = found.properties;
  if (properties.datastoreType !== 'AzureBlob') {
    throw new Error(
      `datastore '${name}' is ${properties.datastoreType}; expected an AzureBlob datastore`,
    );
  }
  const blob = properties as AzureBlobDatastore;
  if (!blob.accountName || !blob.containerName) {
    throw new Error(`datastore '${name}' names no storage account or container`);
  }
  return {
    name,
    accountName: blob.accountName,
    containerName: blob.containerName,
    endpoint: blob.endpoint ?? 'core.windows.net',
    protocol: blob.protocol ?? 'https',
    credentialsType: blob.credentials.credentialsType,
  };
}

/**
 * The account's blob service URL. A host that is an IP address or `localhost` is a local
 * account (Azurite) and takes the path style `https://host:port/<account>`, as the Azure
 * Storage SDKs read such URLs; otherwise `https://<account>.blob.<suffix>`.
 */
export function accountUrl(
  datastore: Pick<BlobDatastore, 'accountName' | 'endpoint' | 'protocol'>,
): string {
  const host = datastore.endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
  return local
    ? `${datastore.protocol}://${datastore.endpoint}/${datastore.accountName}`
    : `${datastore.protocol}://${datastore.accountName}.blob.${datastore.endpoint}`;
}

export async function openDatastore(
  client: MachineLearningClient,
  name: string,
  ctx: Pick<UseCaseContext, 'logger' | 'signal'>,
): Promise<OpenDatastore> {
  const datastore = await getBlobDatastore(client, name, ctx.signal);
  const storage = await import('@azure/storage-blob');
  const options = {
    retryOptions: {
      maxTries: DEFAULT_RETRY.maxRetries + 1,
      retryDelayInMs: DEFAULT_RETRY.retryDelayInMs,
      maxRetryDelayInMs: DEFAULT_RETRY.maxRetryDelayInMs,
    },
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
  };
  const url = accountUrl(datastore);
  const service = await serviceClient();
  const container = service.getContainerClient(datastore.containerName);
  return {
    datastore,
    container,
    blobUrl: (path) => `${container.url.replace(/\?.*$/, '')}/${encodePath(path)}`,
  };

  async function serviceClient() {
    if (datastore.credentialsType === 'None') {
      return new storage.BlobServiceClient(url, client.credential, options);
    }
    const { resourceGroup, workspace } = client.workspace;
    const secrets = await client.sdk.datastores.listSecrets(resourceGroup, workspace, name, {
      abortSignal: ctx.signal,
    });
    if (secrets.secretsType === 'AccountKey' && 'key' in secrets && secrets.key) {
      ctx.logger.mask?.(secrets.key);
      const credential = new storage.StorageSharedKeyCredential(datastore.accountName, secrets.key);
      return new storage.BlobServiceClient(url, credential, options);
    }
    if (secrets.secretsType === 'Sas' && 'sasToken' in secrets && secrets.sasToken) {
      ctx.logger.mask?.(secrets.sasToken);
      const sas = secrets.sasToken.replace(/^\?/, '');
      return new storage.BlobServiceClient(
        `${url}?${sas}`,
        new storage.AnonymousCredential(),
        options,
      );
    }
    throw new Error(
      `datastore '${name}' uses ${secrets.secretsType} credentials; mlops-actions reads blob datastores with an account key, a SAS or the signed-in identity`,
    );
  }
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
