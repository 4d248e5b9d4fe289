import { armError, isRecord, jsonBody, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { AssetContainerRecord, AssetVersionRecord, WorkspaceRecord } from '../store.ts';
import { API_VERSION, PROVIDER, WORKSPACE_PATH } from './api.ts';
import { findWorkspace, workspaceId } from './workspaces.ts';
import { systemData } from './system-data.ts';

/**
 * What model, code, environment and component assets share: containers holding immutable versions, the
 * same ARM envelope, list options and conflict rules. Each kind's module supplies an AssetKind.
 */
export interface AssetKind {
  /** Path segment, map in WorkspaceRecord and route-name prefix. */
  collection: 'models' | 'codes' | 'environments' | 'components';
  /** For messages: 'Model', 'Code', 'Environment'. */
  label: string;
  /**
   * Checks a version PUT's properties and returns them with the service's defaults filled in;
   * throws a 400 naming the field. Runs before anything is stored.
   */
  prepareVersion(
    properties: Record<string, unknown>,
    ws: WorkspaceRecord,
    state: EmulatorState,
  ): Record<string, unknown>;
  /** Fields (besides `properties`) a PUT of an existing version must repeat exactly. */
  immutable: readonly string[];
  /** Called once per newly created version (stats). */
  onVersionCreated?(state: EmulatorState): void;
}

const PAGE_SIZE = 50;
/** Azure ML's rule for asset names and versions. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const MUTABLE_CONTAINER_FIELDS = ['description', 'tags', 'properties', 'isArchived'];
const LIST_VIEW_TYPES = ['ActiveOnly', 'ArchivedOnly', 'All'];

const userError = (status: number, message: string) => armError(status, 'UserError', message);

export const containerArmId = (ws: WorkspaceRecord, kind: AssetKind, name: string): string =>
  `${workspaceId(ws)}/${kind.collection}/${name}`;

/** The container a request names, or a 404 naming it. */
export function findContainer(
  ws: WorkspaceRecord,
  kind: AssetKind,
  name: string,
): AssetContainerRecord {
  const container = ws[kind.collection].get(name.toLowerCase());
  if (!container) {
    throw userError(404, `${kind.label} '${name}' was not found in workspace '${ws.name}'.`);
  }
  return container;
}

/** The version a request names, or a 404 naming the container and the version. */
export function findVersion(
  ws: WorkspaceRecord,
  kind: AssetKind,
  name: string,
  version: string,
): { container: AssetContainerRecord; record: AssetVersionRecord } {
  const container = findContainer(ws, kind, name);
  const record = container.versions.get(version.toLowerCase());
  if (!record) {
    throw userError(
      404,
      `${kind.label} '${name}' version '${version}' was not found in workspace '${ws.name}'.`,
    );
  }
  return { container, record };
}

/** Versions newest first: creation order, since the emulated clock never goes back. */
const newestFirst = (c: AssetContainerRecord): AssetVersionRecord[] =>
  [...c.versions.values()].reverse();

/** nextVersion: one past the highest integer version ("1" when there is none). */
export function nextVersion(c: AssetContainerRecord): string {
  const integers = [...c.versions.values()]
    .map((v) => v.version)
    .filter((v) => /^\d+$/.test(v))
    .map(Number);
  return String(Math.max(0, ...integers) + 1);
}

function renderContainer(ws: WorkspaceRecord, kind: AssetKind, c: AssetContainerRecord) {
  const latest = newestFirst(c)[0];
  return {
    id: containerArmId(ws, kind, c.name),
    name: c.name,
    type: `${PROVIDER}/workspaces/${kind.collection}`,
    properties: {
      ...c.properties,
      ...(latest ? { latestVersion: latest.version } : {}),
      nextVersion: nextVersion(c),
    },
    systemData: systemData(c),
  };
}

export function renderVersion(
  ws: WorkspaceRecord,
  kind: AssetKind,
  c: AssetContainerRecord,
  v: AssetVersionRecord,
) {
  return {
    id: `${containerArmId(ws, kind, c.name)}/versions/${v.version}`,
    // ARM names a version resource by its version.
    name: v.version,
    type: `${PROVIDER}/workspaces/${kind.collection}/versions`,
    properties: v.properties,
    systemData: systemData(v),
  };
}

function checkName(what: string, value: string): void {
  if (!ASSET_NAME.test(value)) {
    throw userError(
      400,
      `${what}: expected 1-255 letters, digits, '-', '_' or '.', starting with a letter or digit, got '${value}'.`,
    );
  }
}

/** The body's `properties` object, or a 400 saying what the body should be. */
function bodyProperties(req: ApiRequest, what: string): Record<string, unknown> {
  const body = jsonBody(req);
  const properties = isRecord(body) ? body.properties : undefined;
  if (!isRecord(properties)) {
    throw userError(400, `The request body must be an object with 'properties' (the ${what}).`);
  }
  return properties;
}

/** description, tags, properties, isArchived: the fields every asset body shares. */
function checkCommonFields(p: Record<string, unknown>): void {
  for (const field of ['tags', 'properties']) {
    const value = p[field];
    if (value === undefined || value === null) continue;
    if (!isRecord(value)) {
      throw userError(
        400,
        `properties.${field}: expected an object of strings, got ${JSON.stringify(value)}.`,
      );
    }
    for (const [key, text] of Object.entries(value)) {
      if (typeof text !== 'string') {
        throw userError(
          400,
          `properties.${field}.${key}: expected a string, got ${JSON.stringify(text)}.`,
        );
      }
    }
  }
  if (p.description !== undefined && p.description !== null && typeof p.description !== 'string') {
    throw userError(
      400,
      `properties.description: expected a string, got ${JSON.stringify(p.description)}.`,
    );
  }
  for (const field of ['isArchived', 'isAnonymous']) {
    if (p[field] !== undefined && typeof p[field] !== 'boolean') {
      throw userError(
        400,
        `properties.${field}: expected true or false, got ${JSON.stringify(p[field])}.`,
      );
    }
  }
}

const withCommonDefaults = (p: Record<string, unknown>): Record<string, unknown> => ({
  ...p,
  tags: p.tags ?? {},
  properties: p.properties ?? {},
  isArchived: p.isArchived ?? false,
});

/** JSON equality that ignores key order, for comparing a replayed body with the stored one. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function newRecordTimes(req: ApiRequest, state: EmulatorState) {
  const now = state.clock.now();
  const by = req.principal?.appId ?? 'unknown';
  return { createdAt: now, createdBy: by, modifiedAt: now, modifiedBy: by };
}

function createOrUpdateContainer(kind: AssetKind) {
  return (req: ApiRequest, state: EmulatorState): Reply => {
    const ws = findWorkspace(req, state);
    const name = param(req, 'name');
    checkName('name', name);
    const given = bodyProperties(req, `${kind.label.toLowerCase()} container`);
    checkCommonFields(given);
    const properties = withCommonDefaults(
      Object.fromEntries(
        MUTABLE_CONTAINER_FIELDS.flatMap((f) => (f in given ? [[f, given[f]]] : [])),
      ),
    );
    const existing = ws[kind.collection].get(name.toLowerCase());
    if (existing) {
      existing.properties = properties;
      existing.modifiedAt = state.clock.now();
      existing.modifiedBy = req.principal?.appId ?? 'unknown';
      return { status: 200, body: renderContainer(ws, kind, existing) };
    }
    const container: AssetContainerRecord = {
      name,
      properties,
      ...newRecordTimes(req, state),
      versions: new Map(),
    };
    ws[kind.collection].set(name.toLowerCase(), container);
    return { status: 201, body: renderContainer(ws, kind, container) };
  };
}

function createOrUpdateVersion(kind: AssetKind) {
  return (req: ApiRequest, state: EmulatorState): Reply => {
    const ws = findWorkspace(req, state);
    const name = param(req, 'name');
    const version = param(req, 'version');
    checkName('name', name);
    checkName('version', version);
    const given = bodyProperties(req, `${kind.label.toLowerCase()} version`);
    checkCommonFields(given);
    const properties = withCommonDefaults(kind.prepareVersion(given, ws, state));
    const container = ws[kind.collection].get(name.toLowerCase());
    const existing = container?.versions.get(version.toLowerCase());
    if (container && existing) {
      const changed = ['properties', ...kind.immutable].filter(
        (f) => canonical(existing.properties[f]) !== canonical(properties[f]),
      );
      if (changed.length > 0) {
        throw userError(
          409,
          `${kind.label} '${name}' version '${version}' already exists in workspace '${ws.name}' with a different ${changed.join(', ')}; asset versions are immutable (only description, tags and isArchived can change). Use a new version.`,
        );
      }
      existing.properties = {
        ...existing.properties,
        description: properties.description,
        tags: properties.tags,
        isArchived: properties.isArchived,
      };
      existing.modifiedAt = state.clock.now();
      existing.modifiedBy = req.principal?.appId ?? 'unknown';
      return { status: 200, body: renderVersion(ws, kind, container, existing) };
    }
    const times = newRecordTimes(req, state);
    // The first version creates its container, as `az ml model create` relies on.
    const target = container ?? {
      name,
      properties: withCommonDefaults({}),
      ...times,
      versions: new Map<string, AssetVersionRecord>(),
    };
    ws[kind.collection].set(name.toLowerCase(), target);
    const record: AssetVersionRecord = { version, properties, ...times };
    target.versions.set(version.toLowerCase(), record);
    kind.onVersionCreated?.(state);
    return { status: 201, body: renderVersion(ws, kind, target, record) };
  };
}

/** `key` or `key=value`, comma-separated; every one must match. */
function matchesAll(filter: string | null, values: unknown): boolean {
  if (filter === null || filter.trim() === '') return true;
  const dict = isRecord(values) ? values : {};
  return filter.split(',').every((term) => {
    const [key = '', ...rest] = term.split('=');
    const wanted = rest.join('=').trim();
    const actual = dict[key.trim()];
    return actual !== undefined && (rest.length === 0 || actual === wanted);
  });
}

function byListView(req: ApiRequest) {
  const view = req.query.get('listViewType') ?? 'ActiveOnly';
  if (!LIST_VIEW_TYPES.includes(view)) {
    throw userError(
      400,
      `listViewType: expected one of ${LIST_VIEW_TYPES.join(', ')}, got '${view}'.`,
    );
  }
  return (p: Record<string, unknown>): boolean =>
    view === 'All' || (p.isArchived === true) === (view === 'ArchivedOnly');
}

const ORDER = /^\s*(createdtime|version)(?:\s+(asc|desc))?\s*$/i;

/** `$orderBy`: createdtime (default) or version, asc or desc (default desc). */
function ordered(versions: AssetVersionRecord[], orderBy: string | null): AssetVersionRecord[] {
  const found = ORDER.exec(orderBy ?? 'createdtime desc');
  if (!found) {
    throw userError(
      400,
      `$orderBy: expected 'createdtime desc', 'createdtime asc', 'version desc' or 'version asc', got '${orderBy}'.`,
    );
  }
  const [, field = '', direction = 'desc'] = found;
  // `versions` is newest first already.
  const sorted =
    field.toLowerCase() === 'version'
      ? [...versions].sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))
      : versions;
  return direction.toLowerCase() === 'asc' ? [...sorted].reverse() : sorted;
}

function whole(req: ApiRequest, name: string, min: number): number | undefined {
  const text = req.query.get(name);
  if (text === null) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw userError(400, `${name}: expected a whole number >= ${min}, got '${text}'.`);
  }
  return n;
}

/**
 * One page of `items` (PAGE_SIZE), with a nextLink that repeats the request's query so the
 * filters still apply; `$skipToken` is the offset.
 */
function page<T>(req: ApiRequest, state: EmulatorState, items: T[]): Reply {
  const offset = whole(req, '$skipToken', 0) ?? 0;
  const next = offset + PAGE_SIZE;
  const query = new URLSearchParams(req.query);
  query.set('$skipToken', String(next));
  return {
    status: 200,
    body: {
      value: items.slice(offset, next),
      ...(next < items.length ? { nextLink: `${state.url}${req.path}?${query.toString()}` } : {}),
    },
  };
}

function listVersions(kind: AssetKind) {
  return (req: ApiRequest, state: EmulatorState): Reply => {
    const ws = findWorkspace(req, state);
    const container = findContainer(ws, kind, param(req, 'name'));
    const visible = byListView(req);
    const version = req.query.get('version');
    const matching = newestFirst(container).filter(
      (v) =>
        visible(v.properties) &&
        (version === null || v.version.toLowerCase() === version.toLowerCase()) &&
        matchesAll(req.query.get('tags'), v.properties.tags) &&
        matchesAll(req.query.get('properties'), v.properties.properties),
    );
    const skipped = ordered(matching, req.query.get('$orderBy')).slice(
      whole(req, 'offset', 0) ?? 0,
    );
    const top = whole(req, '$top', 1);
    const limited = top === undefined ? skipped : skipped.slice(0, top);
    return page(
      req,
      state,
      limited.map((v) => renderVersion(ws, kind, container, v)),
    );
  };
}

function listContainers(kind: AssetKind) {
  return (req: ApiRequest, state: EmulatorState): Reply => {
    const ws = findWorkspace(req, state);
    const visible = byListView(req);
    const containers = [...ws[kind.collection].values()]
      .filter((c) => visible(c.properties))
      .map((c) => renderContainer(ws, kind, c));
    return page(req, state, containers);
  };
}

/** 200 when something was deleted, 204 when there was nothing to delete (ARM's DELETE). */
function deleteContainer(kind: AssetKind) {
  return (req: ApiRequest, state: EmulatorState): Reply => {
    const ws = findWorkspace(req, state);
    return { status: ws[kind.collection].delete(param(req, 'name').toLowerCase()) ? 200 : 204 };
  };
}

function deleteVersion(kind: AssetKind) {
  return (req: ApiRequest, state: EmulatorState): Reply => {
    const ws = findWorkspace(req, state);
    const container = ws[kind.collection].get(param(req, 'name').toLowerCase());
    const deleted = container?.versions.delete(param(req, 'version').toLowerCase()) ?? false;
    return { status: deleted ? 200 : 204 };
  };
}

const arm = { group: 'arm', auth: true, apiVersion: API_VERSION } as const;

/** Container and version routes of one asset kind, named like `models.versions.createOrUpdate`. */
export function assetRoutes(kind: AssetKind): Route[] {
  const c = kind.collection;
  const containers = `${WORKSPACE_PATH}/${c}`;
  const versions = `${containers}/{name}/versions`;
  return [
    { name: `${c}.list`, method: 'GET', path: containers, ...arm, handler: listContainers(kind) },
    {
      name: `${c}.get`,
      method: 'GET',
      path: `${containers}/{name}`,
      ...arm,
      handler: (req, state) => {
        const ws = findWorkspace(req, state);
        const container = findContainer(ws, kind, param(req, 'name'));
        return { status: 200, body: renderContainer(ws, kind, container) };
      },
    },
    {
      name: `${c}.createOrUpdate`,
      method: 'PUT',
      path: `${containers}/{name}`,
      ...arm,
      handler: createOrUpdateContainer(kind),
    },
    {
      name: `${c}.delete`,
      method: 'DELETE',
      path: `${containers}/{name}`,
      ...arm,
      handler: deleteContainer(kind),
    },
    {
      name: `${c}.versions.list`,
      method: 'GET',
      path: versions,
      ...arm,
      handler: listVersions(kind),
    },
    {
      name: `${c}.versions.get`,
      method: 'GET',
      path: `${versions}/{version}`,
      ...arm,
      handler: (req, state) => {
        const ws = findWorkspace(req, state);
        const { container, record } = findVersion(
          ws,
          kind,
          param(req, 'name'),
          param(req, 'version'),
        );
        return { status: 200, body: renderVersion(ws, kind, container, record) };
      },
    },
    {
      name: `${c}.versions.createOrUpdate`,
      method: 'PUT',
      path: `${versions}/{version}`,
      ...arm,
      handler: createOrUpdateVersion(kind),
    },
    {
      name: `${c}.versions.delete`,
      method: 'DELETE',
      path: `${versions}/{version}`,
      ...arm,
      handler: deleteVersion(kind),
    },
  ];
}

/** A required non-empty string field of a version body, or a 400 naming it. */
export function requiredText(p: Record<string, unknown>, field: string, expected: string): string {
  const value = p[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw userError(
      400,
      `properties.${field}: expected ${expected}, got ${JSON.stringify(value) ?? 'nothing'}.`,
    );
  }
  return value;
}
