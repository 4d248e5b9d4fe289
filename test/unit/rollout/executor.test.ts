/**
 * The executor over in-memory ports and a manual clock (fast-check): whatever the windows say,
 * a rollout ends promoted after writing the plan's stages in order, or rolled back by exactly one
 * write that restores the backup's traffic and mirror traffic, the marker gone.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  executeRollout,
  parseRolloutMarker,
  planRollout,
  sumOf,
  shareOf,
  type Clock,
  type DeploymentFigures,
  type EndpointPort,
  type EndpointState,
  type GateWebhook,
  type MetricsSource,
  type PlanInput,
} from '@mlops-actions/rollout';

const BACKUP = { traffic: { blue: 100, green: 0 }, mirrorTraffic: { shadow: 10 } };
const SHA = 'b'.repeat(64);

function manualClock(start = Date.parse('2026-12-02T06:00:30Z')): Clock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      now += ms;
      await Promise.resolve();
    },
  };
}

function memoryEndpoint(initial: EndpointState) {
  const state = structuredClone(initial);
  const written: EndpointState[] = [];
  const port: EndpointPort = {
    read: async () => structuredClone(state),
    write: async (change) => {
      state.traffic = change.traffic;
      state.mirrorTraffic = change.mirrorTraffic;
      state.tags = change.tags(state.tags);
      written.push(structuredClone(state));
      return structuredClone(state);
    },
    deleteDeployment: async () => {},
  };
  return { state, written, port };
}

const planInput = (steps: number[], mirror: number | undefined): PlanInput => ({
  to: 'green',
  steps,
  bakeMs: 120_000,
  finalBakeMs: 0,
  mirror: mirror === undefined ? undefined : { percent: mirror, durationMs: 60_000 },
  gates: {
    maxErrorRate: 0.05,
    minRequests: 20,
    failureLimit: 0,
    onInconclusive: 'fail',
    maxHoldMs: 60_000,
  },
  metricsDelayMs: 60_000,
  timeoutMs: 24 * 3_600_000,
  writeAllowanceMs: 60_000,
  live: BACKUP,
  deployments: ['blue', 'green', 'shadow'].map((name) => ({
    name,
    provisioningState: 'Succeeded',
  })),
});

/** Windows answered in turn from `errors` (100 requests each; a negative count: no requests). */
const scripted = (errors: number[]): MetricsSource => {
  let i = 0;
  return {
    window: async (): Promise<Record<string, DeploymentFigures>> => {
      const e = errors[i++ % errors.length] ?? 0;
      return e < 0
        ? {}
        : { green: { requests: 100, errors: e }, blue: { requests: 100, errors: 0 } };
    },
  };
};

const run = (
  steps: number[],
  mirror: number | undefined,
  metrics: MetricsSource,
  extra: { gateWebhook?: GateWebhook } = {},
) => {
  const plan = planRollout(planInput(steps, mirror));
  const endpoint = memoryEndpoint({ ...BACKUP, tags: { team: 'churn' } });
  const clock = manualClock();
  return executeRollout({
    plan,
    run: { runId: '42', attempt: 1 },
    backup: { sha256: SHA, ...BACKUP },
    clock,
    endpoint: endpoint.port,
    metrics,
    logger: { info: () => {}, warning: () => {} },
    deadline: clock.now() + 24 * 3_600_000,
    rollbackOnFailure: true,
    deleteOld: false,
    backupVerified: true,
    ...extra,
  }).then((report) => ({ report, plan, endpoint }));
};

const stepsArbitrary = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 5 })
  .map((xs) => [...xs.sort((a, b) => a - b), 100]);

describe('the executor (fast-check)', () => {
  test('promoted: the plan written in order; rolled back: one write restores the backup exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        stepsArbitrary,
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: -1, max: 40 })), {
          minLength: 1,
          maxLength: 12,
        }),
        async (steps, mirror, errors) => {
          const { report, plan, endpoint } = await run(steps, mirror, scripted(errors));
          for (const w of endpoint.written) {
            const traffic = w.traffic;
            expect([0, 100]).toContain(sumOf(traffic));
            for (const [name, p] of Object.entries(w.mirrorTraffic))
              if (p > 0) expect(shareOf(traffic, name)).toBe(0);
          }
          if (report.result === 'promoted') {
            expect(endpoint.written.map((w) => w.traffic)).toEqual(
              plan.stages.map((s) => s.traffic),
            );
            expect(endpoint.state.traffic).toEqual({ blue: 0, green: 100 });
            expect(parseRolloutMarker(endpoint.state.tags)).toBeUndefined();
          } else {
            expect(report.result).toBe('rolled-back');
            const before = endpoint.written.slice(0, -1);
            expect(before.map((w) => w.traffic)).toEqual(
              plan.stages.slice(0, before.length).map((s) => s.traffic),
            );
            expect(report.writes.filter((w) => w.kind === 'rollback')).toHaveLength(1);
            expect(endpoint.state.traffic).toEqual(BACKUP.traffic);
            expect(endpoint.state.mirrorTraffic).toEqual(BACKUP.mirrorTraffic);
            expect(endpoint.state.tags).toEqual({ team: 'churn' });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the marker written with each stage is what a resume reads back', async () => {
    const { endpoint } = await run([50, 100], undefined, scripted([0]));
    const marker = parseRolloutMarker(endpoint.written[0]?.tags);
    expect(marker).toMatchObject({
      runId: '42',
      attempt: 1,
      stage: 0,
      traffic: { blue: 50, green: 50 },
      backup: { sha256: SHA, ...BACKUP },
    });
  });

  test('gate-webhook: a non-2xx answer fails the window and rolls back', async () => {
    const calls: unknown[] = [];
    const hook: GateWebhook = async (payload) => {
      calls.push(payload);
      return { ok: false, status: 503 };
    };
    const { report, endpoint } = await run([10, 100], undefined, scripted([0]), {
      gateWebhook: hook,
    });
    expect(calls).toHaveLength(1);
    expect(report.result).toBe('rolled-back');
    expect(report.gate).toBe('gate-webhook');
    expect(report.reason).toContain('gate-webhook answered HTTP 503');
    expect(endpoint.state.traffic).toEqual(BACKUP.traffic);
  });
});
