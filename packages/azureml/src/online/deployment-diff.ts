/**
 * Whether a deployment already is what a PUT would make it. Azure fills in what a body leaves
 * out (probe defaults, sku tier...), so only what the desired body says is compared, except the
 * parts whose absence means something: environment variables, an environment, a scoring script.
 */
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { isPlainObject } from '../transport/plain-data.ts';

/** Compared as a whole: a variable that is gone from the spec must go from Azure too. */
const WHOLE = new Set(['properties.environmentVariables']);
/** Present in Azure but not in the spec: the spec removes them. */
const REMOVABLE = ['environmentId', 'codeConfiguration'] as const;

/** Paths of `desired` that `existing` does not match; [] when there is nothing to change. */
export function deploymentChanges(desired: OnlineDeployment, existing: OnlineDeployment): string[] {
  const changes = differing(
    { tags: desired.tags, sku: desired.sku, properties: desired.properties },
    existing,
    '',
  );
  for (const key of REMOVABLE) {
    if (desired.properties[key] === undefined && existing.properties[key] !== undefined) {
      changes.push(`properties.${key}`);
    }
  }
  return changes;
}

function differing(desired: unknown, existing: unknown, path: string): string[] {
  if (desired === undefined) return [];
  if (WHOLE.has(path)) return sameJson(desired, existing ?? {}) ? [] : [path];
  if (isPlainObject(desired)) {
    if (!isPlainObject(existing)) return [path];
    return Object.entries(desired).flatMap(([key, value]) =>
      differing(value, existing[key], path ? `${path}.${key}` : key),
    );
  }
  return sameValue(desired, existing) ? [] : [path];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return sameJson(a, b);
  // ARM ids and names come back in Azure's casing; durations in Azure's spelling (PT60S = PT1M).
  if (a.startsWith('/subscriptions/')) return a.toLowerCase() === b.toLowerCase();
  const [da, db] = [durationSeconds(a), durationSeconds(b)];
  if (da !== undefined && db !== undefined) return da === db;
  return a === b;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

const DURATION = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/;

function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'PT') return undefined;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
