import type { DeploymentBehaviour } from '../types.ts';
import { isRecord } from '../http.ts';

export type ScoringBehaviour = NonNullable<DeploymentBehaviour['scoring']>;

/** The provisioning half of a behaviour, fixed when a deployment is created or updated. */
export interface ResolvedDeploymentBehaviour {
  provisioningSeconds: number;
  provisioning: 'succeed' | 'fail';
  errorCode: string;
  errorMessage: string;
  /** Undefined: the built-in lines for the outcome (they name the deployment's model and script). */
  logs?: string[];
}

const BUILT_IN = {
  provisioningSeconds: 90,
  provisioning: 'succeed',
  errorCode: 'ResourceNotReady',
  errorMessage:
    'User container has crashed or terminated: Liveness probe failed: HTTP probe failed with statuscode: 502. Please see troubleshooting guide, available here: https://aka.ms/oe-tsg#error-resourcenotready',
} as const satisfies Omit<ResolvedDeploymentBehaviour, 'logs'>;

const PROVISIONING = ['succeed', 'fail'] as const;

/**
 * How emulated deployments behave: a default, and overrides by deployment name or
 * `<endpoint>/<deployment>` (the more specific wins; `scoring` fields merge the same way).
 */
export interface DeploymentBehaviourBook {
  setDefault(b: DeploymentBehaviour): void;
  set(match: string, b: DeploymentBehaviour): void;
  /** Provisioning, at a create or update; later changes do not affect that operation. */
  resolve(endpoint: string, deployment: string): ResolvedDeploymentBehaviour;
  /** Scoring, read at request time so a test can change it mid-rollout. */
  scoring(endpoint: string, deployment: string): ScoringBehaviour;
}

export function createDeploymentBehaviourBook(
  initial: DeploymentBehaviour = {},
): DeploymentBehaviourBook {
  let fallback = validateDeploymentBehaviour(initial, 'defaultDeployment');
  const byMatch = new Map<string, DeploymentBehaviour>();
  // Matches are case-insensitive, like the ARM names they stand for.
  const layers = (endpoint: string, deployment: string): DeploymentBehaviour[] =>
    [
      fallback,
      byMatch.get(deployment.toLowerCase()),
      byMatch.get(`${endpoint}/${deployment}`.toLowerCase()),
    ].filter((b): b is DeploymentBehaviour => b !== undefined);
  return {
    setDefault(b) {
      fallback = validateDeploymentBehaviour(b, 'behaviour');
    },
    set(match, b) {
      if (typeof match !== 'string' || !/^[^/]+(\/[^/]+)?$/.test(match)) {
        throw new Error(
          `match: expected a deployment name or <endpoint>/<deployment>, got ${JSON.stringify(match)}`,
        );
      }
      byMatch.set(match.toLowerCase(), validateDeploymentBehaviour(b, 'behaviour'));
    },
    resolve(endpoint, deployment) {
      const merged: DeploymentBehaviour = Object.assign({}, ...layers(endpoint, deployment));
      return {
        provisioningSeconds: merged.provisioningSeconds ?? BUILT_IN.provisioningSeconds,
        provisioning: merged.provisioning ?? BUILT_IN.provisioning,
        errorCode: merged.errorCode ?? BUILT_IN.errorCode,
        errorMessage: merged.errorMessage ?? BUILT_IN.errorMessage,
        ...(merged.logs ? { logs: merged.logs } : {}),
      };
    },
    scoring(endpoint, deployment) {
      return Object.assign({}, ...layers(endpoint, deployment).map((b) => b.scoring));
    },
  };
}

/** Checks a behaviour from a caller (library, HTTP control API or CLI); `input` names it in errors. */
export function validateDeploymentBehaviour(value: unknown, input: string): DeploymentBehaviour {
  if (!isRecord(value)) {
    throw new Error(
      `${input}: expected an object like { provisioning, provisioningSeconds, scoring }, got ${JSON.stringify(value)}`,
    );
  }
  const { provisioningSeconds, provisioning, errorCode, errorMessage, logs, scoring } = value;
  const fail = (field: string, expected: string, given: unknown): never => {
    throw new Error(`${input}.${field}: expected ${expected}, got ${JSON.stringify(given)}`);
  };
  if (provisioningSeconds !== undefined && !isNonNegative(provisioningSeconds)) {
    fail('provisioningSeconds', 'a finite number >= 0', provisioningSeconds);
  }
  if (provisioning !== undefined && !PROVISIONING.includes(provisioning as 'succeed')) {
    fail('provisioning', `one of ${PROVISIONING.join(', ')}`, provisioning);
  }
  for (const [key, text] of Object.entries({ errorCode, errorMessage })) {
    if (text !== undefined && typeof text !== 'string') fail(key, 'a string', text);
  }
  if (logs !== undefined && !(Array.isArray(logs) && logs.every((l) => typeof l === 'string'))) {
    fail('logs', 'an array of strings', logs);
  }
  if (scoring !== undefined) validateScoring(scoring, fail);
  return Object.fromEntries(
    Object.entries({
      provisioningSeconds,
      provisioning,
      errorCode,
      errorMessage,
      logs,
      scoring,
    }).filter(([, v]) => v !== undefined),
  ) as DeploymentBehaviour;
}

function validateScoring(
  scoring: unknown,
  fail: (field: string, expected: string, given: unknown) => never,
): void {
  if (!isRecord(scoring)) return fail('scoring', 'an object like { status, latencyMs }', scoring);
  const { status, latencyMs, errorRate } = scoring;
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)
  ) {
    fail('scoring.status', 'an HTTP status 100-599', status);
  }
  if (latencyMs !== undefined && !isNonNegative(latencyMs)) {
    fail('scoring.latencyMs', 'a finite number >= 0', latencyMs);
  }
  if (
    errorRate !== undefined &&
    !(typeof errorRate === 'number' && errorRate >= 0 && errorRate <= 1)
  ) {
    fail('scoring.errorRate', 'a fraction 0..1', errorRate);
  }
}

const isNonNegative = (n: unknown): n is number =>
  typeof n === 'number' && n >= 0 && Number.isFinite(n);

/** A duration option in emulated seconds; `input` names it in the error. */
export function validateSeconds(value: unknown, input: string): number {
  if (!isNonNegative(value)) {
    throw new Error(
      `${input}: expected a finite number of seconds >= 0, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
