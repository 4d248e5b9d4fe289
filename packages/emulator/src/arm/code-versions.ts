import type { Route } from '../router.ts';
import { assetRoutes, requiredText, type AssetKind } from './assets.ts';

export const CODES: AssetKind = {
  collection: 'codes',
  label: 'Code',
  prepareVersion: (p) => {
    requiredText(p, 'codeUri', 'the URI of the uploaded code (https:// or azureml://)');
    return { ...p, isAnonymous: p.isAnonymous ?? false };
  },
  immutable: ['codeUri'],
};

/** `codes.*` (containers) and `codes.versions.*`. */
export const codeRoutes: Route[] = assetRoutes(CODES);
