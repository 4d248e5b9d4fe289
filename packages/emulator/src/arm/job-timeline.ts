import type { JobRecord } from '../store.ts';

export interface Transition {
  status: string;
  /** Emulated epoch ms. */
  at: number;
}

export const TERMINAL_STATUSES: readonly string[] = ['Completed', 'Failed', 'Canceled'];

/** Emulated seconds between a cancel request and the job reaching Canceled. */
export const CANCEL_SECONDS = 3;

/**
 * Every status change a job will go through, from its behaviour and cancel request. Status is
 * computed from this and the clock on each read, so nothing needs timers.
 * NotStarted -> Queued (5 %) -> Running (20 %) -> outcome (100 %); 'not-responding' is
 * NotResponding for the middle third of Running; 'stall' never leaves Running.
 */
export function timeline(job: JobRecord): Transition[] {
  const { durationSeconds, outcome } = job.behaviour;
  const at = (fraction: number): number => job.createdAt + durationSeconds * 1000 * fraction;
  const plan: Transition[] = [
    { status: 'NotStarted', at: at(0) },
    { status: 'Queued', at: at(0.05) },
    { status: 'Running', at: at(0.2) },
  ];
  if (outcome === 'not-responding') {
    plan.push({ status: 'NotResponding', at: at(0.2 + 0.8 / 3) });
    plan.push({ status: 'Running', at: at(0.2 + (0.8 * 2) / 3) });
  }
  if (outcome === 'complete' || outcome === 'not-responding')
    plan.push({ status: 'Completed', at: at(1) });
  if (outcome === 'fail') plan.push({ status: 'Failed', at: at(1) });
  const cancelAt = job.cancelRequestedAt;
  if (cancelAt === undefined) return plan;
  return [
    ...plan.filter((t) => t.at <= cancelAt),
    { status: 'CancelRequested', at: cancelAt },
    { status: 'Canceled', at: cancelAt + CANCEL_SECONDS * 1000 },
  ];
}

/** Transitions that have happened by `now`. */
export const historyAt = (job: JobRecord, now: number): Transition[] =>
  timeline(job).filter((t) => t.at <= now);

export function statusAt(job: JobRecord, now: number): string {
  return historyAt(job, now).at(-1)?.status ?? 'NotStarted';
}

export const isTerminal = (status: string): boolean => TERMINAL_STATUSES.includes(status);
