/**
 * Where the code and environment of a command job's trial, a pipeline step or a component
 * become the ARM ids a job body carries: the one seam for every kind of reference a job file
 * makes. Registered references resolve here (`@latest` to the newest version); local code
 * folders and inline environments (uploaded as anonymous assets) resolve here too.
 */
import { assetArmId, type AssetRef } from '../specs/asset-refs.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { Logger } from '../types.ts';
import { environmentVersionId } from './environment-latest.ts';

export interface RunAssetRefs {
  /** The YAML file the references were written in (local paths are relative to it). */
  specFile?: string | undefined;
  code?: AssetRef | undefined;
  environment: AssetRef;
}

export interface RunAssets {
  codeId?: string | undefined;
  environmentId: string;
}

export async function resolveRunAssets(
  client: MachineLearningClient,
  refs: RunAssetRefs,
  logger: Logger,
): Promise<RunAssets> {
  const { workspace } = client;
  return {
    codeId: refs.code && assetArmId(workspace, 'codes', refs.code),
    environmentId: await environmentVersionId(client, refs.environment, logger),
  };
}
