/**
 * The one way a test starts the emulator in-process: trusted by this process (as a user's machine
 * would trust it), with the options the test needs. Each layer's support module builds on it.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from '@mlops-actions/emulator';
import type { RealClock } from '@mlops-actions/emulator';

/** An emulator whose CA this test process trusts; the caller stops it. */
export async function startTrustedEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  emulator.trustInProcess();
  return emulator;
}

/**
 * `now` and `sleep` for a poller that waits on the emulator's clock instead of real time: each
 * sleep moves emulated time forward by its length, so jobs progress exactly as far as the poller
 * waited, at no real cost and with no real deadline. Pair it with `timeScale: 0` for a clock that
 * moves only then.
 */
export function emulatedWaits(emu: Emulator): {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
} {
  return {
    now: () => emu.control.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      emu.control.advanceClock(ms / 1000);
      // Let other callbacks run, as a real sleep would.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

/** A real clock the test drives: `advance` and the emulator's own sleeps move it, nothing else. */
export interface ManualRealClock extends RealClock {
  advance(ms: number): void;
}

/**
 * A manual real clock for the emulator: latencies are exact and instant (a sleep only moves `now`),
 * and emulated time moves `timeScale` times `advance(ms)`, never with the wall clock.
 */
export function manualRealClock(): ManualRealClock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
