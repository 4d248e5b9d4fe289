import { armError } from '../http.ts';
import type { WorkspaceRecord } from '../store.ts';
import { workspaceId } from './workspaces.ts';

type AssetCollection = 'models' | 'environments' | 'codes' | 'components';

const LABELS: Record<AssetCollection, string> = {
  models: 'model',
  environments: 'environment',
  codes: 'code',
  components: 'component',
};

/** `.../workspaces/<ws>/models/<name>/versions/<version>` -> its parts; the CLI may prefix `azureml:`. */
export function parseAssetVersionId(
  text: string,
): { workspace: string; collection: string; name: string; version: string } | undefined {
  const found =
    /^(?:azureml:)?(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+)\/(\w+)\/([^/]+)\/versions\/([^/]+)$/i.exec(
      text,
    );
  if (!found) return undefined;
  const [, workspace = '', collection = '', name = '', version = ''] = found;
  return { workspace, collection: collection.toLowerCase(), name, version };
}

/**
 * Checks that `field` names an existing asset version of this workspace by ARM id, as a
 * deployment PUT needs; a 400 names the field and what is wrong.
 */
export function requireAssetVersion(
  ws: WorkspaceRecord,
  collection: AssetCollection,
  field: string,
  value: unknown,
): { name: string; version: string } {
  const label = LABELS[collection];
  const ref = typeof value === 'string' ? parseAssetVersionId(value) : undefined;
  if (
    !ref ||
    ref.collection !== collection ||
    ref.workspace.toLowerCase() !== workspaceId(ws).toLowerCase()
  ) {
    throw armError(
      400,
      'UserError',
      `${field}: expected the ARM id of a ${label} version in this workspace (${workspaceId(ws)}/${collection}/<name>/versions/<version>), got ${JSON.stringify(value)}.`,
    );
  }
  const exists = ws[collection]
    .get(ref.name.toLowerCase())
    ?.versions.has(ref.version.toLowerCase());
  if (!exists) {
    throw armError(
      400,
      'UserError',
      `${field}: ${label} '${ref.name}' version '${ref.version}' was not found in workspace '${ws.name}'.`,
    );
  }
  return { name: ref.name, version: ref.version };
}

/**
 * A job's or component's reference to an asset version: registry assets (`azureml://registries/`)
 * are taken as given; anything else must name a version of this workspace (requireAssetVersion).
 */
export function requireReference(
  ws: WorkspaceRecord,
  collection: AssetCollection,
  field: string,
  value: unknown,
  required = false,
): void {
  if (value === undefined || value === null) {
    if (required) requireAssetVersion(ws, collection, field, value);
    return;
  }
  if (typeof value === 'string' && value.startsWith('azureml://registries/')) return;
  requireAssetVersion(ws, collection, field, value);
}

/**
 * A deployment's reference: only an ARM id of this workspace's version is checked (the official
 * examples name their code by placeholders, which the contract tests replay as they are).
 */
export function requireReferencedVersion(
  ws: WorkspaceRecord,
  collection: 'codes' | 'environments',
  field: string,
  value: unknown,
): void {
  if (typeof value !== 'string' || !/^(?:azureml:)?\/subscriptions\//i.test(value)) return;
  requireAssetVersion(ws, collection, field, value);
}
