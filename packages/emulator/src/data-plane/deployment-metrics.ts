import type { DeploymentMetrics } from '../types.ts';

/** What one deployment's scoring requests looked like, for the traffic gates that judge health. */
export interface DeploymentMetricsRecorder {
  record(status: number, latencyMs: number): void;
  snapshot(): DeploymentMetrics;
}

export function createDeploymentMetrics(): DeploymentMetricsRecorder {
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  let errors = 0;
  return {
    record(status, latencyMs) {
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status >= 500) errors += 1;
      latencies.push(latencyMs);
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
  };
}

/** Nearest-rank percentile of ascending values; 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}
