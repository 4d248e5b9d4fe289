import { describe, expect, test } from 'vitest';
import { judgeWindow, wilson, type Gates } from '@mlops-actions/rollout';

const gates: Gates = {
  maxErrorRate: 0.05,
  minRequests: 50,
  failureLimit: 0,
  onInconclusive: 'fail',
  maxHoldMs: 60_000,
};
const names = { to: 'green', from: 'blue' };
const judge = (
  to: { requests: number; errors: number; p95Ms?: number },
  from = { requests: 1000, errors: 0 },
  g: Partial<Gates> = {},
) => judgeWindow(to, from, { ...gates, ...g }, names);

describe('Wilson score interval', () => {
  test('matches the textbook values', () => {
    // 10 errors in 100: 95 % interval 5.52 %-17.44 % (Wilson 1927; Newcombe 1998, method 3).
    const { lower, upper } = wilson(10, 100);
    expect(lower).toBeCloseTo(0.0552, 4);
    expect(upper).toBeCloseTo(0.1744, 4);
    // 0 errors in 50: 0 %-7.13 %.
    expect(wilson(0, 50).lower).toBe(0);
    expect(wilson(0, 50).upper).toBeCloseTo(0.0713, 4);
    // All errors: the upper bound is 1.
    expect(wilson(20, 20).upper).toBe(1);
    expect(wilson(0, 0)).toEqual({ lower: 0, upper: 1 });
  });

  test('holds the observed rate, with exactly 0 and 1 at the edges whatever the window size', () => {
    // Rounding once put the lower bound of 0 errors at 3e-18, above the observed 0 %.
    for (let requests = 1; requests <= 2000; requests++) {
      expect(wilson(0, requests).lower).toBe(0);
      expect(wilson(requests, requests).upper).toBe(1);
      const errors = Math.floor(requests / 3);
      const { lower, upper } = wilson(errors, requests);
      expect(lower).toBeLessThanOrEqual(errors / requests);
      expect(upper).toBeGreaterThanOrEqual(errors / requests);
    }
  });
});

describe('the judge', () => {
  test('below min-requests is inconclusive, never a pass, even with no errors', () => {
    const j = judge({ requests: 49, errors: 0 });
    expect(j.verdict).toBe('inconclusive');
    expect(j.gate).toBe('min-requests');
    expect(j.reason).toBe('green: 49 requests, fewer than min-requests 50');
  });

  test('a failure needs evidence: the lower bound above max-error-rate', () => {
    const fail = judge({ requests: 200, errors: 30 });
    expect(fail.verdict).toBe('fail');
    expect(fail.gate).toBe('max-error-rate');
    expect(fail.to.bounds.lower).toBeGreaterThan(0.05);
    expect(fail.reason).toContain('green: 30 errors in 200 requests (15.00 %');
    // 4 in 50 is 8 % observed, but the interval reaches below 5 %: not a pass, not yet a failure.
    const unsure = judge({ requests: 50, errors: 4 });
    expect(unsure.to.bounds.lower).toBeLessThan(0.05);
    expect(unsure.verdict).toBe('inconclusive');
  });

  test('a pass needs min-requests and the observed rate within the limit', () => {
    const pass = judge({ requests: 100, errors: 2 });
    expect(pass.verdict).toBe('pass');
    expect(pass.to.errorRate).toBe(0.02);
  });

  test("max-error-rate-ratio: green's lower bound against blue's upper bound in the same window", () => {
    const g = { maxErrorRate: 0.5, maxErrorRateRatio: 2 };
    const fail = judge({ requests: 1000, errors: 100 }, { requests: 1000, errors: 10 }, g);
    expect(fail.verdict).toBe('fail');
    expect(fail.gate).toBe('max-error-rate-ratio');
    expect(fail.reason).toContain("blue's upper bound");
    expect(judge({ requests: 1000, errors: 12 }, { requests: 1000, errors: 10 }, g).verdict).toBe(
      'pass',
    );
  });

  test('the p95 latency gate', () => {
    const slow = judge({ requests: 100, errors: 0, p95Ms: 800 }, undefined, {
      maxLatencyP95Ms: 500,
    });
    expect(slow.verdict).toBe('fail');
    expect(slow.gate).toBe('max-latency-p95-ms');
    expect(slow.reason).toBe('green: p95 latency 800 ms is above max-latency-p95-ms 500');
    expect(
      judge({ requests: 100, errors: 0, p95Ms: 200 }, undefined, { maxLatencyP95Ms: 500 }).verdict,
    ).toBe('pass');
  });
});
