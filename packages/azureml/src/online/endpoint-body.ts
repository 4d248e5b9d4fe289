/**
 * The online endpoint resource as ARM returns it at api-version 2024-04-01, and the body that
 * writes it back. A PUT replaces the whole endpoint, so the body is what was read, less what
 * only Azure sets: every setting nobody meant to change (mirror traffic, tags, identity...)
 * goes back as it was, including ones this code does not know about.
 */
import { canonicalJson, isPlainObject } from '../transport/plain-data.ts';
import type { EndpointSnapshot } from '../types.ts';

export interface RawEndpoint {
  name?: string;
  location?: string;
  tags?: Record<string, string>;
  identity?: { type?: string; userAssignedIdentities?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  properties?: {
    authMode?: string;
    description?: string;
    provisioningState?: string;
    scoringUri?: string;
    traffic?: Record<string, number>;
    mirrorTraffic?: Record<string, number>;
  } & Record<string, unknown>;
  [field: string]: unknown;
}

/** Set by Azure: sending them back is at best ignored. */
export const READ_ONLY_TOP = ['id', 'name', 'type', 'systemData'];
const READ_ONLY_PROPERTIES = ['provisioningState', 'scoringUri', 'swaggerUri'];
const READ_ONLY_IDENTITY = ['principalId', 'tenantId'];

export interface EndpointChanges {
  traffic?: Record<string, number>;
  mirrorTraffic?: Record<string, number>;
  tags?: Record<string, string>;
  description?: string;
}

/** The PUT body for `read` with only `changes` applied. */
export function endpointPutBody(read: RawEndpoint, changes: EndpointChanges): RawEndpoint {
  const body = omit(read, READ_ONLY_TOP) as RawEndpoint;
  const properties = omit(read.properties ?? {}, READ_ONLY_PROPERTIES);
  if (changes.traffic) properties.traffic = changes.traffic;
  if (changes.mirrorTraffic) properties.mirrorTraffic = changes.mirrorTraffic;
  if (changes.description !== undefined) properties.description = changes.description;
  body.properties = properties;
  if (changes.tags) body.tags = changes.tags;
  if (read.identity) body.identity = writableIdentity(read.identity);
  return body;
}

/** User-assigned identities are named by their keys; their ids inside are Azure's. */
export function writableIdentity(identity: NonNullable<RawEndpoint['identity']>) {
  const writable = omit(identity, READ_ONLY_IDENTITY);
  if (isPlainObject(identity.userAssignedIdentities)) {
    writable.userAssignedIdentities = Object.fromEntries(
      Object.keys(identity.userAssignedIdentities).map((id) => [id, {}]),
    );
  }
  return writable;
}

export function toEndpointSnapshot(raw: RawEndpoint): EndpointSnapshot {
  const p = raw.properties ?? {};
  return {
    name: raw.name ?? '',
    provisioningState: p.provisioningState ?? 'Unknown',
    authMode: p.authMode ?? 'Unknown',
    location: raw.location ?? '',
    ...(p.scoringUri ? { scoringUri: p.scoringUri } : {}),
    traffic: { ...p.traffic },
    mirrorTraffic: { ...p.mirrorTraffic },
    tags: { ...raw.tags },
  };
}

/** Same live traffic: a deployment at 0 % and one not listed are alike. */
export function sameTraffic(a: Record<string, number>, b: Record<string, number>): boolean {
  const live = (t: Record<string, number>) =>
    Object.entries(t)
      .filter(([, percent]) => percent > 0)
      .map(([name, percent]) => `${name.toLowerCase()}=${percent}`)
      .sort()
      .join(',');
  return live(a) === live(b);
}

/**
 * Whether `read` holds what a PUT of `body` sets in the settings this code writes (traffic,
 * mirror traffic, tags, description, auth mode): how a PUT whose reply was lost is known to
 * have landed.
 */
export function holdsEndpointBody(read: RawEndpoint, body: RawEndpoint): boolean {
  const have = read.properties ?? {};
  const want = body.properties ?? {};
  const sameText = (a: string | undefined, b: string | undefined) =>
    b === undefined || a?.toLowerCase() === b.toLowerCase();
  return (
    sameTraffic(have.traffic ?? {}, want.traffic ?? {}) &&
    sameTraffic(have.mirrorTraffic ?? {}, want.mirrorTraffic ?? {}) &&
    canonicalJson(read.tags ?? {}) === canonicalJson(body.tags ?? {}) &&
    (want.description === undefined || have.description === want.description) &&
    sameText(have.authMode, want.authMode)
  );
}

export function omit(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}
