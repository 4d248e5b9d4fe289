/**
 * References to Azure ML assets as the CLI v2 YAML writes them (`azureml:name:version`,
 * `azureml:name@latest`, `azureml:cluster`, full ARM ids, `azureml://` URIs), parsed once so
 * the job spec can be checked without a workspace and turned into ARM ids with one.
 */
import { ASSET_NAME, ASSET_VERSION, inner } from '../grammar/names.ts';
import type { Parsed } from '../grammar/parsed.ts';
import { workspaceChildArmId } from '../transport/arm-ids.ts';
import type { WorkspaceRef } from '../types.ts';
import { isLocalPath, localRef, type LocalRef } from './local-paths.ts';

export type AssetRef =
  | { kind: 'version'; name: string; version: string }
  | { kind: 'latest'; name: string }
  /** Used as given: an ARM id, an `azureml://` URI or an https URL. */
  | { kind: 'id'; id: string }
  /** A local file or folder, uploaded and registered as an anonymous asset before use. */
  | LocalRef;

export type ComputeRef = { kind: 'name'; name: string } | { kind: 'id'; id: string };

const NAME = inner(ASSET_NAME);
const VERSIONED = new RegExp(`^azureml:(${NAME}):(${inner(ASSET_VERSION)})$`);
const LATEST = new RegExp(`^azureml:(${NAME})@latest$`);
const COMPUTE_NAME = new RegExp(`^(?:azureml:)?(${NAME})$`);

/** An id, `azureml:<name>:<version>` or `azureml:<name>@latest`; else `expected`. */
function registeredRef(text: string, expected: string): Parsed<AssetRef> {
  const id = passThroughId(text);
  if (id !== undefined) return { ok: true, value: { kind: 'id', id } };
  const ref = versionedRef(text) ?? latestRef(text);
  return ref ? { ok: true, value: ref } : { ok: false, expected };
}

export const parseEnvironmentRef = (text: string): Parsed<AssetRef> =>
  registeredRef(
    text,
    'a registered environment: azureml:<name>:<version>, azureml:<name>@latest, an ARM id or an azureml:// URI',
  );

export function parseCodeRef(text: string): Parsed<AssetRef> {
  const id = passThroughId(text) ?? (/^https:\/\//i.test(text) ? text : undefined);
  if (id !== undefined) return { ok: true, value: { kind: 'id', id } };
  const ref = versionedRef(text);
  if (ref) return { ok: true, value: ref };
  if (text.trim() !== '' && isLocalPath(text)) return { ok: true, value: localRef(text) };
  return {
    ok: false,
    expected:
      'a local folder or file, or a registered code asset: azureml:<name>:<version>, an ARM id or an azureml:// or https:// URI',
  };
}

/** A registered component: `azureml:<name>:<version>`, `azureml:<name>@latest` or an ARM id. */
export const parseComponentRef = (text: string): Parsed<AssetRef> =>
  registeredRef(
    text,
    'a registered component: azureml:<name>:<version>, azureml:<name>@latest or an ARM id',
  );

export function parseComputeRef(text: string): Parsed<ComputeRef> {
  const id = passThroughId(text);
  if (id !== undefined) return { ok: true, value: { kind: 'id', id } };
  const [, name] = COMPUTE_NAME.exec(text) ?? [];
  if (name) return { ok: true, value: { kind: 'name', name } };
  return { ok: false, expected: 'a compute target: azureml:<name>, <name> or an ARM id' };
}

/**
 * The ARM id for a reference. `@latest` gives the environment container id: ARM wants a
 * version, so callers resolve it against the workspace before submitting (see resolveLatestEnvironment).
 */
export function assetArmId(
  ws: WorkspaceRef,
  collection: 'environments' | 'codes' | 'components',
  ref: AssetRef,
): string {
  switch (ref.kind) {
    case 'id':
      return ref.id;
    case 'version':
      return workspaceChildArmId(ws, collection, ref.name, ref.version);
    case 'latest':
      return workspaceChildArmId(ws, collection, ref.name);
    case 'local':
      throw new Error(
        `${ref.written}: a local path reached the request body unresolved (upload it first: resolveLocalAssets)`,
      );
  }
}

export function computeArmId(ws: WorkspaceRef, ref: ComputeRef): string {
  return ref.kind === 'id' ? ref.id : workspaceChildArmId(ws, 'computes', ref.name);
}

function versionedRef(text: string): AssetRef | undefined {
  const [, name, version] = VERSIONED.exec(text) ?? [];
  return name && version ? { kind: 'version', name, version } : undefined;
}

function latestRef(text: string): AssetRef | undefined {
  const [, name] = LATEST.exec(text) ?? [];
  return name ? { kind: 'latest', name } : undefined;
}

/** Full ids are used as given; the CLI's `azureml:/subscriptions/...` form loses its prefix. */
function passThroughId(text: string): string | undefined {
  if (text.startsWith('azureml://')) return text;
  const armId = text.replace(/^azureml:/, '');
  return /^\/subscriptions\/[^/]+\/resourceGroups\//i.test(armId) ? armId : undefined;
}
