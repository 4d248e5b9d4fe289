import type { DeploymentMetrics } from '../types.ts';

/** One emulated minute of a deployment's scoring requests. */
export interface MinuteBucket {
  /** Count per status code. */
  byStatus: Map<number, number>;
  /** Real milliseconds, as measured. */
  latencies: number[];
}

/** What one deployment's scoring requests looked like: in total for tests, per emulated minute for Azure Monitor. */
export interface DeploymentMetricsRecorder {
  /** `atMs`: emulated epoch ms of the request. */
  record(status: number, latencyMs: number, atMs: number): void;
  snapshot(): DeploymentMetrics;
  /** Emulated epoch ms of each minute's start -> its requests. */
  minutes(): ReadonlyMap<number, MinuteBucket>;
}

export const MINUTE_MS = 60_000;

export function createDeploymentMetrics(): DeploymentMetricsRecorder {
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  const minutes = new Map<number, MinuteBucket>();
  let errors = 0;
  return {
    record(status, latencyMs, atMs) {
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status >= 500) errors += 1;
      latencies.push(latencyMs);
      const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
      let bucket = minutes.get(minute);
      if (!bucket) minutes.set(minute, (bucket = { byStatus: new Map(), latencies: [] }));
      bucket.byStatus.set(status, (bucket.byStatus.get(status) ?? 0) + 1);
      bucket.latencies.push(latencyMs);
    },
    snapshot() {
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        requests: latencies.length,
        errors,
        byStatus: { ...byStatus },
        latencyMs: {
          p50: percentile(sorted, 50),
          p90: percentile(sorted, 90),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          max: sorted.at(-1) ?? 0,
        },
      };
    },
    minutes: () => minutes,
  };
}

/** Nearest-rank percentile of ascending values; 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}
