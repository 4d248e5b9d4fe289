/**
 * Clocks the executor runs on. Azure's time is this machine's; an emulator whose time runs
 * faster names its clock in MLOPS_SERVICE_CLOCK (`<wall ms>,<service ms>,<scale>`: at wall time
 * W its time was S, and it runs `scale` times as fast), so bakes and metrics windows follow it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from './ports.ts';

export const SERVICE_CLOCK_ENV = 'MLOPS_SERVICE_CLOCK';

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

export interface ServiceClockSpec {
  wallMs: number;
  serviceMs: number;
  scale: number;
}

/** The spec in `text`; undefined when unset; throws when it is not `<wall ms>,<service ms>,<scale>`. */
export function parseServiceClock(text: string | undefined): ServiceClockSpec | undefined {
  if (text === undefined || text === '') return undefined;
  const [wallMs = NaN, serviceMs = NaN, scale = NaN] = text.split(',').map(Number);
  if (![wallMs, serviceMs, scale].every((n) => Number.isFinite(n)) || !(scale > 0)) {
    throw new Error(
      `${SERVICE_CLOCK_ENV}: expected <wall ms>,<service ms>,<scale> with a scale above 0, got ${JSON.stringify(text)}`,
    );
  }
  return { wallMs, serviceMs, scale };
}

export function scaledClock(spec: ServiceClockSpec, wallNow: () => number = Date.now): Clock {
  return {
    now: () => spec.serviceMs + (wallNow() - spec.wallMs) * spec.scale,
    sleep: (ms, signal) => delay(ms / spec.scale, undefined, { signal }),
  };
}

/** The clock for `env`: the service's named one, else real time. */
export const clockFromEnv = (env: Record<string, string | undefined>): Clock => {
  const spec = parseServiceClock(env[SERVICE_CLOCK_ENV]);
  return spec ? scaledClock(spec) : realClock;
};
