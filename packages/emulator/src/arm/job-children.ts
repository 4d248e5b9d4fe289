import { isRecord } from '../http.ts';
import type { JobRecord } from '../store.ts';
import { isTerminal, timeline } from './job-timeline.ts';

/** A pipeline's step or a sweep's trial, and its status at a moment. */
export interface ChildStatus {
  name: string;
  status: string;
}

/** Trials shown for a sweep without maxTotalTrials, and at most for any sweep. */
const DEFAULT_TRIALS = 4;
const MAX_TRIALS = 50;

/**
 * The children a pipeline (its steps, one after another) or a sweep (its trials, in waves of
 * maxConcurrentTrials) runs, and where each is at `now`. They share the parent's Running time
 * and end as the parent's behaviour says: all Completed when it completes, the one running when
 * it fails Failed (those after it never start: Canceled), Canceled from a cancel request on.
 */
export function childrenAt(job: JobRecord, now: number): ChildStatus[] {
  const waves = childWaves(job);
  if (waves.length === 0) return [];
  const plan = timeline(job);
  const runningAt = plan.find((t) => t.status === 'Running')?.at;
  const end = plan.find((t) => isTerminal(t.status));
  const scheduledEnd = job.createdAt + job.behaviour.durationSeconds * 1000;
  const cancelAt = job.cancelRequestedAt;
  const stop = end ?? { status: 'Running', at: scheduledEnd };
  const span = runningAt === undefined ? 0 : (scheduledEnd - runningAt) / waves.length;
  return waves.flatMap((names, wave) =>
    names.map((name) => {
      const start = (runningAt ?? Infinity) + wave * span;
      const finish = start + span;
      const status = (() => {
        if (cancelAt !== undefined && cancelAt <= now && finish > cancelAt) return 'Canceled';
        if (now < start) return 'NotStarted';
        if (stop.status === 'Failed' && now >= stop.at && wave === waves.length - 1)
          return 'Failed';
        if (now < finish || (stop.status === 'Running' && wave === waves.length - 1))
          return 'Running';
        return 'Completed';
      })();
      return { name, status };
    }),
  );
}

/** Steps in the order the body lists them; trials `<job>_<n>`, maxConcurrentTrials per wave. */
function childWaves(job: JobRecord): string[][] {
  const p = job.properties;
  if (p.jobType === 'Pipeline' && isRecord(p.jobs))
    return Object.keys(p.jobs).map((step) => [step]);
  if (p.jobType !== 'Sweep') return [];
  const limits = isRecord(p.limits) ? p.limits : {};
  const whole = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
  const total = Math.min(whole(limits.maxTotalTrials, DEFAULT_TRIALS), MAX_TRIALS);
  const concurrent = Math.min(whole(limits.maxConcurrentTrials, total), total);
  const trials = Array.from({ length: total }, (_, i) => `${job.name}_${i}`);
  return Array.from({ length: Math.ceil(total / concurrent) }, (_, w) =>
    trials.slice(w * concurrent, (w + 1) * concurrent),
  );
}
