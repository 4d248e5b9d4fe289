import { performance } from 'node:perf_hooks';

/**
 * Emulated time: it starts at the real wall clock and runs `timeScale` times faster, so a
 * 10-minute job can finish in one real second; `advance` jumps it forward on top of that. At
 * `timeScale` 0 it stands still and moves only when advanced, so a test decides every step.
 * Job durations and token lifetimes are emulated; socket latency and Retry-After are real.
 */
export interface Clock {
  readonly timeScale: number;
  /** Emulated epoch milliseconds. */
  now(): number;
  /** Moves emulated time forward by `emulatedSeconds` (>= 0), for every job, token and operation. */
  advance(emulatedSeconds: number): void;
  /**
   * Real seconds that correspond to `emulatedSeconds` (at least 1, for headers like expires_in;
   * 1 on a stopped clock, which no real wait moves on).
   */
  realSeconds(emulatedSeconds: number): number;
  /** Whole real seconds until emulated `epochMs` (0 under one second, and on a stopped clock). */
  realSecondsUntil(epochMs: number): number;
}

/**
 * A clock that starts at `epochMs` and runs `timeScale` times as fast as `realNow` (milliseconds
 * on any monotonic clock: performance.now by default, or a test's manual one).
 */
export function createClock(
  timeScale: number,
  realNow: () => number = () => performance.now(),
  epochMs: number = Date.now(),
): Clock {
  if (!Number.isFinite(timeScale) || timeScale < 0) {
    throw new Error(
      `timeScale: expected a number >= 0 (0 stops the clock), got ${String(timeScale)}`,
    );
  }
  const realStart = realNow();
  let advancedMs = 0;
  const now = (): number => epochMs + (realNow() - realStart) * timeScale + advancedMs;
  return {
    timeScale,
    now,
    advance(emulatedSeconds) {
      if (!Number.isFinite(emulatedSeconds) || emulatedSeconds < 0) {
        throw new Error(
          `advanceSeconds: expected a finite number of seconds >= 0 (time runs forward only), got ${JSON.stringify(emulatedSeconds)}`,
        );
      }
      advancedMs += emulatedSeconds * 1000;
    },
    realSeconds: (emulatedSeconds) =>
      timeScale === 0 ? 1 : Math.max(1, Math.round(emulatedSeconds / timeScale)),
    realSecondsUntil: (epochMs) =>
      timeScale === 0 ? 0 : Math.floor(Math.max(0, epochMs - now()) / 1000 / timeScale),
  };
}

export const toIso = (epochMs: number): string => new Date(epochMs).toISOString();
