/**
 * Where backups live: the workspace's `workspaceblobstore`, at
 * `mlops-actions/backups/<endpoint>/<backup-id>.json`, so any later run of any workflow (a
 * `workflow_dispatch` rollback days later) finds them. The blob's metadata repeats the run id,
 * the sha256 and the time, so a backup is found without reading every document.
 */
import { datastoreUri } from '../storage/datastore-uri.ts';
import { openDatastore, WORKSPACE_BLOBSTORE, type OpenDatastore } from '../storage/datastore.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { UseCaseContext } from '../types.ts';
import type { BackupDocument } from './document.ts';

export const BACKUP_FOLDER = 'mlops-actions/backups';

/** Endpoint names are case-insensitive in Azure: one folder per endpoint, in lower case. */
export const backupPath = (endpointName: string, id: string): string =>
  `${BACKUP_FOLDER}/${endpointName.toLowerCase()}/${id}.json`;

/** A stored backup as its blob's listing tells it. */
export interface StoredBackup {
  id: string;
  path: string;
  runId?: string | undefined;
  sha256?: string | undefined;
  takenAt?: string | undefined;
}

export interface BackupStore {
  datastore: OpenDatastore;
  /** The `azureml://` URI of a path in this datastore (the `backup-uri` output). */
  uriOf(path: string): string;
  save(document: BackupDocument, bytes: string): Promise<{ path: string; uri: string }>;
  /** The blob's text; undefined when there is no such blob. */
  read(path: string): Promise<string | undefined>;
  /** Every backup of the endpoint, oldest first. */
  list(endpointName: string): Promise<StoredBackup[]>;
}

export async function openBackupStore(
  client: MachineLearningClient,
  ctx: Pick<UseCaseContext, 'logger' | 'signal'>,
  datastoreName: string = WORKSPACE_BLOBSTORE,
): Promise<BackupStore> {
  const datastore = await openDatastore(client, datastoreName, ctx);
  const { container } = datastore;
  const abortSignal = ctx.signal;
  const uriOf = (path: string) =>
    datastoreUri({ datastore: datastoreName, path, workspace: client.workspace });
  return {
    datastore,
    uriOf,
    async save(document, bytes) {
      const path = backupPath(document.endpointName, document.id);
      await container.getBlockBlobClient(path).upload(bytes, Buffer.byteLength(bytes), {
        abortSignal,
        blobHTTPHeaders: { blobContentType: 'application/json' },
        metadata: {
          backupid: document.id,
          endpoint: document.endpointName,
          sha256: document.sha256,
          takenat: document.takenAt,
          ...(document.run ? { runid: document.run.id } : {}),
        },
      });
      return { path, uri: uriOf(path) };
    },
    async read(path) {
      try {
        return (
          await container
            .getBlobClient(path)
            .downloadToBuffer(undefined, undefined, { abortSignal })
        ).toString('utf8');
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }
    },
    async list(endpointName) {
      const prefix = `${BACKUP_FOLDER}/${endpointName.toLowerCase()}/`;
      const found: StoredBackup[] = [];
      for await (const blob of container.listBlobsFlat({
        prefix,
        includeMetadata: true,
        abortSignal,
      })) {
        if (!blob.name.endsWith('.json')) continue;
        const meta = blob.metadata ?? {};
        found.push({
          id: meta.backupid ?? blob.name.slice(prefix.length, -'.json'.length),
          path: blob.name,
          runId: meta.runid,
          sha256: meta.sha256,
          takenAt: meta.takenat,
        });
      }
      return found.sort((a, b) => (a.takenAt ?? a.id).localeCompare(b.takenAt ?? b.id));
    },
  };
}
