/**
 * The `azureml://` forms a datastore path takes in jobs, models and backups. Pure: no SDK.
 * Long: azureml://subscriptions/<s>/resourcegroups/<rg>/workspaces/<ws>/datastores/<d>/paths/<p>
 * Short (jobs' inputs, resolved against the job's workspace): azureml://datastores/<d>/paths/<p>
 */
import type { WorkspaceRef } from '../types.ts';

export interface DatastorePath {
  datastore: string;
  /** Path inside the datastore's container, without a leading `/`. */
  path: string;
  /** Only in the long form. */
  workspace?: WorkspaceRef;
}

const LONG =
  /^azureml:\/\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/datastores\/([^/]+)\/paths\/(.*)$/i;
const SHORT = /^azureml:\/\/datastores\/([^/]+)\/paths\/(.*)$/i;

export function datastoreUri(target: DatastorePath): string {
  const tail = `datastores/${target.datastore}/paths/${target.path}`;
  if (!target.workspace) return `azureml://${tail}`;
  const { subscriptionId, resourceGroup, workspace } = target.workspace;
  return `azureml://subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/workspaces/${workspace}/${tail}`;
}

/** The datastore and path of an `azureml://…/datastores/<d>/paths/<p>` URI; undefined for anything else. */
export function parseDatastoreUri(uri: string): DatastorePath | undefined {
  const long = LONG.exec(uri);
  if (long) {
    const [, subscriptionId = '', resourceGroup = '', workspace = '', datastore = '', path = ''] =
      long;
    return { datastore, path, workspace: { subscriptionId, resourceGroup, workspace } };
  }
  const short = SHORT.exec(uri);
  if (short) return { datastore: short[1] ?? '', path: short[2] ?? '' };
  return undefined;
}
