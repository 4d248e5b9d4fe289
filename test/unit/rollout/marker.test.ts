import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  formatRolloutMarker,
  parseRolloutMarker,
  ROLLOUT_MARKER_TAG,
  withoutRolloutMarker,
  type RolloutMarker,
} from '@mlops-actions/rollout';

const marker: RolloutMarker = {
  runId: '12345678901',
  attempt: 2,
  stage: 3,
  traffic: { blue: 75, green: 25 },
  mirrorTraffic: {},
  bakeStartedAt: Date.parse('2026-12-02T06:00:00Z'),
  backup: { sha256: 'a'.repeat(64), traffic: { blue: 100 }, mirrorTraffic: { shadow: 10 } },
};

test('the marker reads back as written, and the other tags survive its removal', () => {
  const tags: Record<string, string> = { team: 'churn', ...formatRolloutMarker(marker) };
  expect(tags[ROLLOUT_MARKER_TAG]).toBe(
    'v=1;run=12345678901.2;stage=3;w=blue:75,green:25;m=;bake=2026-12-02T06:00:00.000Z',
  );
  expect(parseRolloutMarker(tags)).toEqual(marker);
  expect(withoutRolloutMarker(tags)).toEqual({ team: 'churn' });
});

test('a marker that does not parse is no marker', () => {
  expect(parseRolloutMarker({})).toBeUndefined();
  expect(
    parseRolloutMarker({ ...formatRolloutMarker(marker), [ROLLOUT_MARKER_TAG]: 'v=2;run=1.1' }),
  ).toBeUndefined();
});

test('any marker of Azure-named deployments round-trips and fits a tag (fast-check)', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{2,31}$/);
  fc.assert(
    fc.property(
      name,
      name,
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 0, max: 20 }),
      (a, b, p, stage) => {
        fc.pre(a !== b);
        const m = {
          ...marker,
          stage,
          traffic: { [a]: 100 - p, [b]: p },
          backup: { ...marker.backup, traffic: { [a]: 100 }, mirrorTraffic: {} },
        };
        expect(parseRolloutMarker(formatRolloutMarker(m))).toEqual(m);
      },
    ),
  );
});
