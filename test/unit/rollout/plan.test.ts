import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  parseSteps,
  PlanError,
  planRollout,
  shareOf,
  sumOf,
  type PlanInput,
} from '@mlops-actions/rollout';

const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  to: 'green',
  steps: [10, 25, 50, 100],
  bakeMs: 5 * 60_000,
  finalBakeMs: 0,
  gates: {
    maxErrorRate: 0.01,
    minRequests: 50,
    failureLimit: 0,
    onInconclusive: 'fail',
    maxHoldMs: 600_000,
  },
  metricsDelayMs: 3 * 60_000,
  timeoutMs: 120 * 60_000,
  writeAllowanceMs: 2 * 60_000,
  live: { traffic: { blue: 100, green: 0 }, mirrorTraffic: {} },
  deployments: [
    { name: 'blue', provisioningState: 'Succeeded' },
    { name: 'green', provisioningState: 'Succeeded' },
  ],
  ...overrides,
});

const refusal = (overrides: Partial<PlanInput>): PlanError => {
  try {
    planRollout(input(overrides));
  } catch (err) {
    if (err instanceof PlanError) return err;
    throw err;
  }
  throw new Error('the plan was accepted');
};

describe('the planner refuses a plan that cannot run, naming the input', () => {
  test.each([
    [{ steps: [10, 25, 50] }, 'steps'],
    [{ steps: [25, 10, 100] }, 'steps'],
    [{ steps: [10, 10, 100] }, 'steps'],
    [{ steps: [0, 100] }, 'steps'],
    [{ steps: [10.5, 100] }, 'steps'],
    [{ bakeMs: 30_000 }, 'bake-time'],
    [{ finalBakeMs: 10_000 }, 'final-bake-time'],
    [{ mirror: { percent: 51, durationMs: 60_000 } }, 'mirror-percent'],
    [{ mirror: { percent: 10, durationMs: 30_000 } }, 'mirror-time'],
    [{ to: 'blue' }, 'to'],
    [{ to: 'purple' }, 'to'],
    [{ from: 'purple' }, 'from'],
    [
      {
        deployments: [
          { name: 'blue', provisioningState: 'Succeeded' },
          { name: 'green', provisioningState: 'Failed' },
        ],
      },
      'to',
    ],
    [{ timeoutMs: 20 * 60_000 }, 'timeout'],
    [{ gates: { ...input().gates, maxErrorRate: 1.5 } }, 'max-error-rate'],
    [{ gates: { ...input().gates, maxErrorRateRatio: 0.5 } }, 'max-error-rate-ratio'],
    [{ gates: { ...input().gates, minRequests: 0 } }, 'min-requests'],
  ] as [Partial<PlanInput>, string][])('%j -> %s', (overrides, name) => {
    const error = refusal(overrides);
    expect(error.input).toBe(name);
    expect(error.message).toMatch(new RegExp(`^${name}: expected .+, got .+`));
  });

  test('steps text that is not whole numbers is refused as steps', () => {
    expect(() => parseSteps('10,abc,100')).toThrow(
      'steps: expected strictly increasing whole percentages',
    );
    expect(parseSteps('10, 25,50,100')).toEqual([10, 25, 50, 100]);
  });

  test('the timeout must cover the worst case plus a reserve for the rollback', () => {
    expect(refusal({ timeoutMs: 30 * 60_000 }).message).toContain(
      'plus a reserve for the rollback',
    );
    const plan = planRollout(input());
    expect(plan.worstCaseMs + plan.rollbackReserveMs).toBeLessThanOrEqual(input().timeoutMs);
  });
});

test('the default plan: one stage per step, the 100 % step baked for final-bake-time, then the marker cleared', () => {
  const plan = planRollout(
    input({ mirror: { percent: 20, durationMs: 2 * 60_000 }, finalBakeMs: 60_000 }),
  );
  expect(
    plan.stages.map((s) => [
      s.kind,
      shareOf(s.traffic, 'green'),
      shareOf(s.mirrorTraffic, 'green'),
      s.bakeMs,
    ]),
  ).toEqual([
    ['mirror', 0, 20, 120_000],
    ['mirror-off', 0, 0, 0],
    ['step', 10, 0, 300_000],
    ['step', 25, 0, 300_000],
    ['step', 50, 0, 300_000],
    ['step', 100, 0, 60_000],
    ['final', 100, 0, 0],
  ]);
});

const stepsArbitrary = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 8 })
  .map((xs) => [...xs.sort((a, b) => a - b), 100]);

const planArbitrary = fc.record({
  steps: stepsArbitrary,
  mirror: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  otherMirror: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
});

describe('weights (fast-check)', () => {
  test('every written map sums to 100, no deployment is live and mirrored at once, weights move only in plan order', () => {
    fc.assert(
      fc.property(planArbitrary, ({ steps, mirror, otherMirror }) => {
        const plan = planRollout(
          input({
            steps,
            timeoutMs: 24 * 60 * 60_000,
            mirror: mirror === undefined ? undefined : { percent: mirror, durationMs: 60_000 },
            deployments: [
              ...input().deployments,
              { name: 'shadow', provisioningState: 'Succeeded' },
            ],
            live: {
              traffic: { blue: 100, green: 0 },
              mirrorTraffic: otherMirror ? { shadow: otherMirror } : {},
            },
          }),
        );
        let previous = 0;
        for (const stage of plan.stages) {
          expect(sumOf(stage.traffic)).toBe(100);
          for (const [name, percent] of Object.entries(stage.mirrorTraffic)) {
            if (percent > 0) expect(shareOf(stage.traffic, name)).toBe(0);
            expect(percent).toBeLessThanOrEqual(50);
          }
          expect(
            Object.values(stage.mirrorTraffic).filter((p) => p > 0).length,
          ).toBeLessThanOrEqual(1);
          const green = shareOf(stage.traffic, 'green');
          expect(green).toBeGreaterThanOrEqual(previous);
          previous = green;
        }
        const live = plan.stages
          .filter((s) => s.kind === 'step')
          .map((s) => shareOf(s.traffic, 'green'));
        expect(live).toEqual(steps);
        // The mirror goes back to 0 before live traffic moves.
        const firstLive = plan.stages.findIndex((s) => shareOf(s.traffic, 'green') > 0);
        for (const stage of plan.stages.slice(firstLive))
          expect(shareOf(stage.mirrorTraffic, 'green')).toBe(0);
        expect(plan.backup).toEqual({
          traffic: { blue: 100, green: 0 },
          mirrorTraffic: otherMirror ? { shadow: otherMirror } : {},
        });
      }),
    );
  });
});
