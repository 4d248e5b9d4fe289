/**
 * The judge: one metrics window of the new deployment (and the old one beside it) against the
 * gates. A failure needs evidence (the 95 % Wilson lower bound above the limit); a pass needs
 * enough requests and the observed rate within it; anything between is inconclusive.
 */
import type { Gates } from './plan.ts';

/** z for a two-sided 95 % interval. */
const Z95 = 1.959964;

export interface Bounds {
  lower: number;
  upper: number;
}

/** The Wilson score interval of `errors` in `requests` (0..1 with no requests). */
export function wilson(errors: number, requests: number, z: number = Z95): Bounds {
  if (requests <= 0) return { lower: 0, upper: 1 };
  const p = errors / requests;
  const z2 = z * z;
  const centre = p + z2 / (2 * requests);
  const spread = z * Math.sqrt((p * (1 - p)) / requests + z2 / (4 * requests * requests));
  const denominator = 1 + z2 / requests;
  // At the edges the bound is exactly 0 or 1, but centre - spread rounds to a few 1e-18 either way.
  return {
    lower: errors === 0 ? 0 : Math.max(0, (centre - spread) / denominator),
    upper: errors === requests ? 1 : Math.min(1, (centre + spread) / denominator),
  };
}

/** What the metrics say of one deployment in one window. */
export interface DeploymentFigures {
  requests: number;
  /** 5xx answers. */
  errors: number;
  /** Undefined when the window has no latency data. */
  p95Ms?: number | undefined;
}

export interface JudgedFigures extends DeploymentFigures {
  errorRate: number;
  bounds: Bounds;
}

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface Judgement {
  verdict: Verdict;
  /** The gate that failed, or why the window is inconclusive; empty for a pass. */
  gate?:
    | 'max-error-rate'
    | 'max-error-rate-ratio'
    | 'max-latency-p95-ms'
    | 'min-requests'
    | 'gate-webhook';
  reason: string;
  to: JudgedFigures;
  from: JudgedFigures;
}

const judged = (f: DeploymentFigures): JudgedFigures => ({
  ...f,
  errorRate: f.requests > 0 ? f.errors / f.requests : 0,
  bounds: wilson(f.errors, f.requests),
});

export const percentText = (fraction: number): string => `${(fraction * 100).toFixed(2)} %`;

export function judgeWindow(
  toFigures: DeploymentFigures,
  fromFigures: DeploymentFigures,
  gates: Gates,
  names: { to: string; from: string },
): Judgement {
  const to = judged(toFigures);
  const from = judged(fromFigures);
  const base = { to, from };
  const rate = `${names.to}: ${to.errors} errors in ${to.requests} requests (${percentText(to.errorRate)}, 95 % interval ${percentText(to.bounds.lower)}-${percentText(to.bounds.upper)})`;
  if (to.requests < gates.minRequests) {
    return {
      ...base,
      verdict: 'inconclusive',
      gate: 'min-requests',
      reason: `${names.to}: ${to.requests} requests, fewer than min-requests ${gates.minRequests}`,
    };
  }
  if (to.bounds.lower > gates.maxErrorRate) {
    return {
      ...base,
      verdict: 'fail',
      gate: 'max-error-rate',
      reason: `${rate}: the lower bound is above max-error-rate ${percentText(gates.maxErrorRate)}`,
    };
  }
  const ratio = gates.maxErrorRateRatio;
  const ratioLimit =
    ratio !== undefined && from.requests > 0 ? from.bounds.upper * ratio : undefined;
  if (ratioLimit !== undefined && to.bounds.lower > ratioLimit) {
    return {
      ...base,
      verdict: 'fail',
      gate: 'max-error-rate-ratio',
      reason: `${rate}: the lower bound is above ${names.from}'s upper bound ${percentText(from.bounds.upper)} x max-error-rate-ratio ${ratio}`,
    };
  }
  const maxP95 = gates.maxLatencyP95Ms;
  if (maxP95 !== undefined && to.p95Ms !== undefined && to.p95Ms > maxP95) {
    return {
      ...base,
      verdict: 'fail',
      gate: 'max-latency-p95-ms',
      reason: `${names.to}: p95 latency ${Math.round(to.p95Ms)} ms is above max-latency-p95-ms ${maxP95}`,
    };
  }
  if (
    to.errorRate > gates.maxErrorRate ||
    (ratioLimit !== undefined && to.errorRate > ratioLimit)
  ) {
    return {
      ...base,
      verdict: 'inconclusive',
      gate: 'max-error-rate',
      reason: `${rate}: above the limit, but not beyond doubt`,
    };
  }
  if (maxP95 !== undefined && to.p95Ms === undefined) {
    return {
      ...base,
      verdict: 'inconclusive',
      gate: 'max-latency-p95-ms',
      reason: `${names.to}: no p95 latency in this window`,
    };
  }
  return {
    ...base,
    verdict: 'pass',
    reason: `${rate}${to.p95Ms === undefined ? '' : `, p95 ${Math.round(to.p95Ms)} ms`}`,
  };
}
