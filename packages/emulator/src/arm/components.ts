import { armError, isRecord } from '../http.ts';
import type { Route } from '../router.ts';
import type { WorkspaceRecord } from '../store.ts';
import { requireReference } from './asset-refs.ts';
import { assetRoutes, type AssetKind } from './assets.ts';

/**
 * A component version carries its definition in `componentSpec`; a command component's code
 * and environment must be registered, as the service resolves them when the version is created.
 */
function prepareComponentVersion(
  p: Record<string, unknown>,
  ws: WorkspaceRecord,
): Record<string, unknown> {
  const spec = p.componentSpec;
  if (!isRecord(spec)) {
    throw armError(
      400,
      'UserError',
      `properties.componentSpec: expected the component definition (an object with type, command, environment, inputs, outputs), got ${JSON.stringify(spec) ?? 'nothing'}.`,
    );
  }
  if (typeof spec.type !== 'string' || spec.type.trim() === '') {
    throw armError(
      400,
      'UserError',
      `properties.componentSpec.type: expected the component type (command, pipeline, parallel, ...), got ${JSON.stringify(spec.type) ?? 'nothing'}.`,
    );
  }
  if (spec.type === 'command') {
    if (typeof spec.command !== 'string' || spec.command.trim() === '') {
      throw armError(
        400,
        'UserError',
        `properties.componentSpec.command: expected a non-empty command line, got ${JSON.stringify(spec.command) ?? 'nothing'}.`,
      );
    }
    requireReference(
      ws,
      'environments',
      'properties.componentSpec.environment',
      spec.environment,
      true,
    );
    requireReference(ws, 'codes', 'properties.componentSpec.code', spec.code);
  }
  return { ...p, isAnonymous: p.isAnonymous ?? false };
}

export const COMPONENTS: AssetKind = {
  collection: 'components',
  label: 'Component',
  prepareVersion: prepareComponentVersion,
  immutable: ['componentSpec'],
};

/** `components.*` (containers) and `components.versions.*`. */
export const componentRoutes: Route[] = assetRoutes(COMPONENTS);
