/**
 * What a backup needs to know of a rollout marker on an endpoint (the tags shift-traffic keeps
 * while a rollout runs): whether a rollout is unfinished, and which backup it started from. Two
 * forms are read: the agreed JSON value of `mlops.rollout` (`backupId`, `state`), and
 * packages/rollout's `v=1;run=...` value with the backup's sha256 in `mlops.rollout.backup`.
 */
import {
  parseRolloutMarker,
  ROLLOUT_BACKUP_TAG,
  ROLLOUT_MARKER_TAG,
  withoutRolloutMarker,
} from '@mlops-actions/rollout';
import { isPlainObject } from '../transport/plain-data.ts';

// The marker's format has one home, packages/rollout (marker.ts).
export { ROLLOUT_BACKUP_TAG, ROLLOUT_MARKER_TAG, withoutRolloutMarker };

export interface UnfinishedRollout {
  /** The marker as found, for messages. */
  marker: string;
  /** The rollout's original backup, by id or by the sha256 of its state (at least one). */
  backupId?: string | undefined;
  backupSha256?: string | undefined;
}

/** The unfinished rollout the tags carry; undefined when there is none or it finished. */
export function unfinishedRollout(
  tags: Record<string, string> | undefined,
): UnfinishedRollout | undefined {
  const marker = tags?.[ROLLOUT_MARKER_TAG];
  if (marker === undefined) return undefined;
  const json = parseJsonObject(marker);
  if (json) {
    if (json.state === 'finished') return undefined;
    return {
      marker,
      ...(typeof json.backupId === 'string' ? { backupId: json.backupId } : {}),
      ...(typeof json.backupSha256 === 'string' ? { backupSha256: json.backupSha256 } : {}),
    };
  }
  // packages/rollout removes its marker when a rollout ends: one that is there is unfinished.
  const sha = parseRolloutMarker(tags)?.backup.sha256;
  return { marker, ...(sha ? { backupSha256: sha } : {}) };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
