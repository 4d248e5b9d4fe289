/**
 * Emulated time: it starts at the real wall clock and runs `timeScale` times faster, so a
 * 10-minute job can finish in one real second. Job durations and token lifetimes are emulated;
 * socket latency and Retry-After are real.
 */
export interface Clock {
  readonly timeScale: number;
  /** Emulated epoch milliseconds. */
  now(): number;
  /** Real seconds that correspond to `emulatedSeconds` (at least 1, for headers like expires_in). */
  realSeconds(emulatedSeconds: number): number;
}

export function createClock(timeScale: number, realNow: () => number = Date.now): Clock {
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new Error(`timeScale: expected a positive number, got ${String(timeScale)}`);
  }
  const start = realNow();
  return {
    timeScale,
    now: () => start + (realNow() - start) * timeScale,
    realSeconds: (emulatedSeconds) => Math.max(1, Math.round(emulatedSeconds / timeScale)),
  };
}

export const toIso = (epochMs: number): string => new Date(epochMs).toISOString();
