import type { JobBehaviour, JobOutcome } from '../types.ts';
import { isRecord } from '../http.ts';

export type ResolvedJobBehaviour = Required<JobBehaviour>;

export const OUTCOMES: readonly JobOutcome[] = ['complete', 'fail', 'stall', 'not-responding'];

const BUILT_IN: ResolvedJobBehaviour = {
  durationSeconds: 60,
  outcome: 'complete',
  errorCode: 'UserError',
  errorMessage:
    "Execution failed. User process 'python' exited with status code 1. Please check log file 'user_logs/std_log.txt' for more details.",
  metrics: {},
};

/** How emulated jobs behave: a default, and overrides by job name or displayName. */
export interface JobBehaviourBook {
  setDefault(b: JobBehaviour): void;
  set(match: string, b: JobBehaviour): void;
  /** The behaviour a job gets at creation; later changes do not affect it. */
  resolve(name: string, displayName: string | undefined): ResolvedJobBehaviour;
}

export function createJobBehaviourBook(initial: JobBehaviour = {}): JobBehaviourBook {
  let fallback: JobBehaviour = validateJobBehaviour(initial, 'defaultJob');
  const byMatch = new Map<string, JobBehaviour>();
  return {
    setDefault(b) {
      fallback = validateJobBehaviour(b, 'behaviour');
    },
    set(match, b) {
      if (typeof match !== 'string' || match === '') {
        throw new Error(`match: expected a job name or displayName, got ${JSON.stringify(match)}`);
      }
      byMatch.set(match, validateJobBehaviour(b, 'behaviour'));
    },
    resolve(name, displayName) {
      const specific = byMatch.get(name) ?? (displayName ? byMatch.get(displayName) : undefined);
      return { ...BUILT_IN, ...fallback, ...specific };
    },
  };
}

/** Checks a behaviour from a caller (library, HTTP control API or CLI); `input` names it in errors. */
export function validateJobBehaviour(value: unknown, input: string): JobBehaviour {
  if (!isRecord(value)) {
    throw new Error(
      `${input}: expected an object like { outcome, durationSeconds }, got ${JSON.stringify(value)}`,
    );
  }
  const { durationSeconds, outcome, errorCode, errorMessage, metrics } = value;
  if (
    durationSeconds !== undefined &&
    !(
      typeof durationSeconds === 'number' &&
      durationSeconds >= 0 &&
      Number.isFinite(durationSeconds)
    )
  ) {
    throw new Error(
      `${input}.durationSeconds: expected a finite number >= 0, got ${JSON.stringify(durationSeconds)}`,
    );
  }
  if (outcome !== undefined && !OUTCOMES.includes(outcome as JobOutcome)) {
    throw new Error(
      `${input}.outcome: expected one of ${OUTCOMES.join(', ')}, got ${JSON.stringify(outcome)}`,
    );
  }
  for (const [key, text] of Object.entries({ errorCode, errorMessage })) {
    if (text !== undefined && typeof text !== 'string') {
      throw new Error(`${input}.${key}: expected a string, got ${JSON.stringify(text)}`);
    }
  }
  if (metrics !== undefined) validateMetrics(metrics, `${input}.metrics`);
  return Object.fromEntries(
    Object.entries({ durationSeconds, outcome, errorCode, errorMessage, metrics }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as JobBehaviour;
}

/** MLflow metric values are finite numbers, keyed by a non-empty name. */
function validateMetrics(value: unknown, input: string): void {
  if (!isRecord(value)) {
    throw new Error(
      `${input}: expected an object of metric values like { "accuracy": 0.91 }, got ${JSON.stringify(value)}`,
    );
  }
  for (const [key, metric] of Object.entries(value)) {
    if (key === '' || typeof metric !== 'number' || !Number.isFinite(metric)) {
      throw new Error(
        `${input}.${key}: expected a finite number under a non-empty name, got ${JSON.stringify(metric)}`,
      );
    }
  }
}
