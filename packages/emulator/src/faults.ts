import type { FaultSpec } from './types.ts';
import type { RouteGroup } from './router.ts';
import { isRecord } from './http.ts';

/** Groups a '*' fault applies to: the Azure ML surface, not sign-in or the control API. */
const WILDCARD_GROUPS: readonly RouteGroup[] = ['arm', 'data'];

export interface FaultBook {
  add(spec: FaultSpec): void;
  clear(): void;
  /** Consumes one count of the first fault matching this route, if any. */
  take(route: string, group: RouteGroup): FaultSpec | undefined;
}

/** `random` decides for faults with a `probability` (the emulator's seeded chance). */
export function createFaultBook(
  routeNames: readonly string[],
  random: () => number = Math.random,
): FaultBook {
  let faults: { spec: FaultSpec; left: number }[] = [];
  return {
    add(spec) {
      const valid = validateFault(spec, routeNames);
      faults.push({ spec: valid, left: valid.count ?? 1 });
    },
    clear() {
      faults = [];
    },
    take(route, group) {
      // A fault with a probability spares a request when chance says so; the next may take it.
      const hit = faults.find(
        (f) =>
          (f.spec.route === route || (f.spec.route === '*' && WILDCARD_GROUPS.includes(group))) &&
          (f.spec.probability === undefined || random() < f.spec.probability),
      );
      if (!hit) return undefined;
      hit.left -= 1;
      if (hit.left <= 0) faults = faults.filter((f) => f !== hit);
      return hit.spec;
    },
  };
}

export function validateFault(value: unknown, routeNames: readonly string[]): FaultSpec {
  if (!isRecord(value)) {
    throw new Error(
      `fault: expected an object like { route, status }, got ${JSON.stringify(value)}`,
    );
  }
  const { route, status, retryAfterSeconds, reset, latencyMs, count, probability } = value;
  if (typeof route !== 'string' || (route !== '*' && !routeNames.includes(route))) {
    throw new Error(
      `fault.route: expected '*' or one of ${routeNames.join(', ')}, got ${JSON.stringify(route)}`,
    );
  }
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)
  ) {
    throw new Error(
      `fault.status: expected an HTTP error status 400-599, got ${JSON.stringify(status)}`,
    );
  }
  if (reset !== undefined && reset !== 'before' && reset !== 'after') {
    throw new Error(`fault.reset: expected 'before' or 'after', got ${JSON.stringify(reset)}`);
  }
  if (status !== undefined && reset !== undefined) {
    throw new Error(
      'fault: give either status or reset, not both (a reset socket carries no status)',
    );
  }
  for (const [key, n] of Object.entries({ retryAfterSeconds, latencyMs })) {
    if (n !== undefined && !(typeof n === 'number' && n >= 0 && Number.isFinite(n))) {
      throw new Error(`fault.${key}: expected a finite number >= 0, got ${JSON.stringify(n)}`);
    }
  }
  if (retryAfterSeconds !== undefined && status === undefined) {
    throw new Error('fault.retryAfterSeconds: only meaningful with status');
  }
  const times = count === 'Infinity' ? Infinity : count;
  if (
    times !== undefined &&
    !(typeof times === 'number' && times >= 1 && (Number.isInteger(times) || times === Infinity))
  ) {
    throw new Error(
      `fault.count: expected a whole number >= 1 or Infinity, got ${JSON.stringify(count)}`,
    );
  }
  if (
    probability !== undefined &&
    !(typeof probability === 'number' && probability > 0 && probability <= 1)
  ) {
    throw new Error(
      `fault.probability: expected a share of requests, more than 0 and at most 1, got ${JSON.stringify(probability)}`,
    );
  }
  if (status === undefined && reset === undefined && latencyMs === undefined) {
    throw new Error('fault: expected at least one of status, reset or latencyMs');
  }
  return {
    route,
    status,
    retryAfterSeconds,
    reset,
    latencyMs,
    count: times,
    probability,
  } as FaultSpec;
}
