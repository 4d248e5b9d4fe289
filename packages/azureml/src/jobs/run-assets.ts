/**
 * Where the code and environment of a sweep's trial, a pipeline step or a component become the
 * ARM ids a job body carries: the one seam for every kind of reference a job file makes.
 * Registered references resolve here (`@latest` to the newest version); local code folders and
 * inline environments are uploaded and registered as anonymous assets (LocalAssets), once per content.
 */
import { assetArmId, type AssetRef } from '../specs/asset-refs.ts';
import type { InlineEnvironment } from '../specs/local-paths.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { Logger } from '../types.ts';
import type { LocalAssets } from '../uploads/local-assets.ts';
import { environmentVersionId } from './environment-latest.ts';

export interface RunAssetRefs {
  code?: AssetRef | undefined;
  environment: AssetRef | InlineEnvironment;
}

export interface RunAssets {
  codeId?: string | undefined;
  environmentId: string;
}

export interface RunAssetContext {
  logger: Logger;
  /** Uploads and registers local code and inline environments. */
  local: LocalAssets;
}

export async function resolveRunAssets(
  client: MachineLearningClient,
  refs: RunAssetRefs,
  { logger, local }: RunAssetContext,
): Promise<RunAssets> {
  const { code, environment } = refs;
  return {
    codeId:
      code === undefined
        ? undefined
        : code.kind === 'local'
          ? (await local.code(code)).id
          : assetArmId(client.workspace, 'codes', code),
    environmentId:
      environment.kind === 'inline'
        ? (await local.environment(environment)).id
        : await environmentVersionId(client, environment, logger),
  };
}
