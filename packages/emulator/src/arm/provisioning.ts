import { armError } from '../http.ts';
import type { EmulatorState } from '../state.ts';
import type { Provisioning } from './online-records.ts';

/** 'Deleted' is never shown: a resource in that state is gone. */
export type ProvisioningState = Provisioning['kind'] | 'Succeeded' | 'Failed' | 'Deleted';

export function provisioningState(p: Provisioning, now: number): ProvisioningState {
  if (now < p.endsAt) return p.kind;
  if (p.kind === 'Deleting') return 'Deleted';
  return p.error ? 'Failed' : 'Succeeded';
}

/** Starts an operation of `seconds` emulated seconds from now. */
export function startProvisioning(
  state: EmulatorState,
  kind: Provisioning['kind'],
  seconds: number,
  error?: Provisioning['error'],
): Provisioning {
  const startedAt = state.clock.now();
  return { kind, startedAt, endsAt: startedAt + seconds * 1000, ...(error ? { error } : {}) };
}

/** ARM refuses a change to a resource while an operation on it is still running. */
export function assertIdle(p: Provisioning, now: number, what: string): void {
  if (now < p.endsAt) {
    throw armError(
      409,
      'Conflict',
      `${what} has an operation in progress (${p.kind}); retry after it completes.`,
    );
  }
}
