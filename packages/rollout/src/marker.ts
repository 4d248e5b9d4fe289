/**
 * The rollout marker: what a rollout in progress keeps on the endpoint itself (two tags), so a
 * re-run resumes where it was and any later run can restore the state before it. It is written in
 * the same PUT as each step's weights, so weights and marker never disagree.
 *
 *   mlops.rollout         v=1;run=<run id>.<attempt>;stage=<index>;w=<name>:<percent>,...;m=<mirror>;bake=<ISO time>
 *   mlops.rollout.backup  sha=<backup sha256>;w=<backup traffic>;m=<backup mirror traffic>
 */
import type { Weights } from './weights.ts';

export const ROLLOUT_MARKER_TAG = 'mlops.rollout';
export const ROLLOUT_BACKUP_TAG = 'mlops.rollout.backup';
/** Azure's limit on a tag value. */
export const TAG_VALUE_MAX = 256;

export interface RolloutMarker {
  runId: string;
  attempt: number;
  /** Index of the plan's stage last written. */
  stage: number;
  /** The weights last written. */
  traffic: Weights;
  mirrorTraffic: Weights;
  /** When the current stage's bake started (epoch ms). */
  bakeStartedAt: number;
  backup: { sha256: string; traffic: Weights; mirrorTraffic: Weights };
}

const formatWeights = (w: Weights): string =>
  Object.entries(w)
    .map(([name, percent]) => `${name}:${percent}`)
    .join(',');

function parseWeights(text: string | undefined): Weights | undefined {
  if (text === undefined) return undefined;
  if (text === '') return {};
  const weights: Weights = {};
  for (const part of text.split(',')) {
    const match = /^([^:,;=]+):(\d{1,3})$/.exec(part);
    if (!match) return undefined;
    weights[match[1] as string] = Number(match[2]);
  }
  return weights;
}

const fields = (text: string): Map<string, string> =>
  new Map(
    text.split(';').map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
    }),
  );

/** The two tags of `marker`; throws when a value would pass Azure's 256 characters. */
export function formatRolloutMarker(marker: RolloutMarker): Record<string, string> {
  const tags = {
    [ROLLOUT_MARKER_TAG]: [
      'v=1',
      `run=${marker.runId}.${marker.attempt}`,
      `stage=${marker.stage}`,
      `w=${formatWeights(marker.traffic)}`,
      `m=${formatWeights(marker.mirrorTraffic)}`,
      `bake=${new Date(marker.bakeStartedAt).toISOString()}`,
    ].join(';'),
    [ROLLOUT_BACKUP_TAG]: [
      `sha=${marker.backup.sha256}`,
      `w=${formatWeights(marker.backup.traffic)}`,
      `m=${formatWeights(marker.backup.mirrorTraffic)}`,
    ].join(';'),
  };
  for (const [tag, value] of Object.entries(tags)) {
    if (value.length > TAG_VALUE_MAX) {
      throw new Error(
        `The rollout marker tag ${tag} would be ${value.length} characters, more than Azure's ${TAG_VALUE_MAX}: ${value}`,
      );
    }
  }
  return tags;
}

/** The marker in an endpoint's tags; undefined when there is none or it does not parse. */
export function parseRolloutMarker(
  tags: Record<string, string> | undefined,
): RolloutMarker | undefined {
  const main = tags?.[ROLLOUT_MARKER_TAG];
  const backup = tags?.[ROLLOUT_BACKUP_TAG];
  if (main === undefined || backup === undefined) return undefined;
  const m = fields(main);
  const b = fields(backup);
  const run = /^(.+)\.(\d+)$/.exec(m.get('run') ?? '');
  const stage = Number(m.get('stage'));
  const bakeStartedAt = Date.parse(m.get('bake') ?? '');
  const traffic = parseWeights(m.get('w'));
  const mirrorTraffic = parseWeights(m.get('m'));
  const backupTraffic = parseWeights(b.get('w'));
  const backupMirror = parseWeights(b.get('m'));
  const sha256 = b.get('sha') ?? '';
  if (m.get('v') !== '1' || !run || !Number.isInteger(stage) || Number.isNaN(bakeStartedAt))
    return undefined;
  if (
    !traffic ||
    !mirrorTraffic ||
    !backupTraffic ||
    !backupMirror ||
    !/^[0-9a-f]{64}$/.test(sha256)
  )
    return undefined;
  return {
    runId: run[1] as string,
    attempt: Number(run[2]),
    stage,
    traffic,
    mirrorTraffic,
    bakeStartedAt,
    backup: { sha256, traffic: backupTraffic, mirrorTraffic: backupMirror },
  };
}

/** `tags` without the marker: what a rollback or the end of a rollout writes back. */
export function withoutRolloutMarker(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags).filter(
      ([tag]) => tag !== ROLLOUT_MARKER_TAG && tag !== ROLLOUT_BACKUP_TAG,
    ),
  );
}
