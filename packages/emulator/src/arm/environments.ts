import { armError, isRecord } from '../http.ts';
import type { Route } from '../router.ts';
import { assetRoutes, type AssetKind } from './assets.ts';

function prepareEnvironmentVersion(p: Record<string, unknown>): Record<string, unknown> {
  const image = typeof p.image === 'string' && p.image.trim() !== '';
  const build = isRecord(p.build) && typeof p.build.contextUri === 'string';
  if (!image && !build) {
    throw armError(
      400,
      'UserError',
      `properties.image or properties.build.contextUri: expected a Docker image or a build context, got ${JSON.stringify({ image: p.image, build: p.build })}.`,
    );
  }
  return {
    ...p,
    isAnonymous: p.isAnonymous ?? false,
    osType: p.osType ?? 'Linux',
    autoRebuild: p.autoRebuild ?? 'Disabled',
    // Read-only: the service decides (curated environments live in registries, not workspaces).
    environmentType: 'UserCreated',
  };
}

export const ENVIRONMENTS: AssetKind = {
  collection: 'environments',
  label: 'Environment',
  prepareVersion: prepareEnvironmentVersion,
  immutable: ['image', 'condaFile', 'build', 'inferenceConfig', 'osType'],
};

/** `environments.*` (containers) and `environments.versions.*`. */
export const environmentRoutes: Route[] = assetRoutes(ENVIRONMENTS);
