/**
 * The difference between a backup's restorable state and the live one, field by field, for the
 * verify mode's table and JSON and for a restore that did not land. Pure.
 */
import { isPlainObject } from '../transport/plain-data.ts';
import { canonicalJson } from '../transport/plain-data.ts';
import type { RestorableState } from './document.ts';

/** One field that differs; null where one side has nothing. */
export interface BackupDifference {
  /** `traffic.blue`, `mirrorTraffic.green`, `deployments.blue`, `deployments.blue.sku.capacity`. */
  path: string;
  backup: unknown;
  live: unknown;
}

/** Every difference, traffic first, then mirror traffic, then deployments (by name, then path). */
export function diffStates(backup: RestorableState, live: RestorableState): BackupDifference[] {
  return [
    ...diffShares('traffic', backup.traffic, live.traffic),
    ...diffShares('mirrorTraffic', backup.mirrorTraffic, live.mirrorTraffic),
    ...diffDeployments(backup.deployments, live.deployments),
  ];
}

/** Names are case-insensitive in Azure: `Blue` and `blue` are one deployment. */
function byLowerName<T>(map: Record<string, T>): Map<string, { name: string; value: T }> {
  return new Map(Object.entries(map).map(([name, value]) => [name.toLowerCase(), { name, value }]));
}

function diffShares(
  field: string,
  backup: Record<string, number>,
  live: Record<string, number>,
): BackupDifference[] {
  const b = byLowerName(backup);
  const l = byLowerName(live);
  return [...new Set([...b.keys(), ...l.keys()])]
    .sort()
    .filter((key) => (b.get(key)?.value ?? 0) !== (l.get(key)?.value ?? 0))
    .map((key) => ({
      path: `${field}.${b.get(key)?.name ?? l.get(key)?.name}`,
      backup: b.get(key)?.value ?? 0,
      live: l.get(key)?.value ?? 0,
    }));
}

function diffDeployments(
  backup: RestorableState['deployments'],
  live: RestorableState['deployments'],
): BackupDifference[] {
  const l = byLowerName(live);
  return Object.keys(backup)
    .sort()
    .flatMap((name) => {
      const found = l.get(name.toLowerCase());
      const path = `deployments.${name}`;
      if (!found) return [{ path, backup: 'present', live: null }];
      return diffValues(backup[name], found.value, path);
    });
}

function diffValues(backup: unknown, live: unknown, path: string): BackupDifference[] {
  if (isPlainObject(backup) && isPlainObject(live)) {
    return [...new Set([...Object.keys(backup), ...Object.keys(live)])]
      .sort()
      .flatMap((key) => diffValues(backup[key], live[key], `${path}.${key}`));
  }
  if (canonicalJson(backup ?? null) === canonicalJson(live ?? null)) return [];
  return [{ path, backup: backup ?? null, live: live ?? null }];
}
