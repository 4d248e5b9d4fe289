/**
 * Waiting for Azure's long-running operations (an endpoint or deployment PUT) with progress
 * lines people can follow: the state when it changes, a heartbeat while it does not.
 */
import { formatDuration } from '../grammar/durations.ts';
import { retryAfterMs } from '../grammar/retry-after.ts';
import { armRequest, type ArmResponse } from './arm-request.ts';
import { describeAzureError } from './azure-error.ts';
import type { MachineLearningClient } from './client.ts';
import { cancellationOf, sleep } from './waits.ts';
import type { WaitOptions } from '../types.ts';

const DEFAULT_INTERVAL_MS = 5000;
const DEFAULT_HEARTBEAT_MS = 60_000;
const TERMINAL_OPERATION = new Set(['succeeded', 'failed', 'canceled']);

export class OperationTimeoutError extends Error {
  readonly subject: string;
  readonly state: string;
  readonly timeoutMs: number;

  constructor(subject: string, state: string, timeoutMs: number) {
    super(`${subject}: still ${state} after ${formatDuration(timeoutMs, 's')}; gave up waiting`);
    this.name = 'OperationTimeoutError';
    this.subject = subject;
    this.state = state;
    this.timeoutMs = timeoutMs;
  }
}

/** An operation Azure accepted that then ended Failed or Canceled, with Azure's code and words. */
export class OperationFailedError extends Error {
  readonly subject: string;
  readonly code: string;
  readonly detail: string;

  constructor(subject: string, code: string, detail: string) {
    super(`${subject} failed: ${code}: ${detail}`);
    this.name = 'OperationFailedError';
    this.subject = subject;
    this.code = code;
    this.detail = detail;
  }
}

/** One deadline for all the waits of one call (settling, then the operation it starts). */
export interface Waiting extends WaitOptions {
  deadline: number;
}

export function withDeadline(wait: WaitOptions | Waiting): Waiting {
  return 'deadline' in wait ? wait : { ...wait, deadline: Date.now() + wait.timeoutMs };
}

export interface Watch<T> {
  /** Who is waited for, as the progress lines name it: `Deployment green on churn-ep`. */
  subject: string;
  /** The state known before the first read (printed at once). */
  initialState: string;
  read: () => Promise<T>;
  stateOf: (value: T) => string;
  isDone: (value: T) => boolean;
  pollIntervalMs: number;
}

/** Reads until `isDone`; throws OperationTimeoutError past the deadline and CancelledError on abort. */
export async function watch<T>(w: Watch<T>, wait: Waiting): Promise<T> {
  const { logger, signal } = wait;
  const heartbeatMs = wait.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const start = Date.now();
  let state = w.initialState;
  let lastLine = start;
  logger.info(`${w.subject}: ${state}`);
  for (;;) {
    const remaining = wait.deadline - Date.now();
    if (remaining <= 0) throw new OperationTimeoutError(w.subject, state, wait.timeoutMs);
    let value: T;
    try {
      await sleep(Math.min(w.pollIntervalMs, remaining), signal);
      value = await w.read();
    } catch (err) {
      throw cancellationOf(err, signal, w.subject, state);
    }
    const next = w.stateOf(value);
    const now = Date.now();
    if (next !== state) {
      logger.info(`${w.subject}: ${next} (${formatDuration(now - start, 's')})`);
      state = next;
      lastLine = now;
    } else if (now - lastLine >= heartbeatMs) {
      logger.info(`${w.subject}: still ${state} (${formatDuration(now - start, 's')})`);
      lastLine = now;
    }
    if (w.isDone(value)) return value;
  }
}

/** While an operation runs on a resource, Azure refuses another change (409 Conflict). */
const TRANSITIONAL = new Set(['creating', 'updating', 'deleting']);

export const isTransitional = (state: string | undefined): boolean =>
  TRANSITIONAL.has((state ?? '').toLowerCase());

/**
 * `first` (a resource just read), or, while an earlier operation runs on it, the resource once
 * that operation ends (undefined when it was deleted meanwhile).
 */
export async function settle<T>(
  subject: string,
  first: T | undefined,
  read: () => Promise<T | undefined>,
  stateOf: (resource: T) => string | undefined,
  wait: Waiting,
): Promise<T | undefined> {
  const state = first && stateOf(first);
  if (!first || !isTransitional(state)) return first;
  return watch(
    {
      subject: `${subject} (an earlier operation)`,
      initialState: state ?? '',
      read,
      stateOf: (r) => (r ? (stateOf(r) ?? 'Unknown') : 'Deleted'),
      isDone: (r) => !isTransitional(r && stateOf(r)),
      pollIntervalMs: wait.pollIntervalMs ?? DEFAULT_INTERVAL_MS,
    },
    wait,
  );
}

export interface OperationOutcome {
  /** Succeeded, Failed or Canceled. */
  status: string;
  error?: { code: string; message: string };
}

/** What a resource PUT needs besides its body: how to read it settled, and whether it holds the change. */
export interface PutTarget<T> {
  url: string;
  subject: string;
  settled: () => Promise<T | undefined>;
  holds: (resource: T) => boolean;
  stateOf: (resource: T) => string | undefined;
}

/**
 * PUTs `body` and follows the operation it started. A 409 may answer our own retry: the first
 * PUT was served, its reply lost, and the retry met the operation it started. Once no operation
 * runs the resource tells: holding the change, it landed once, and its state is the outcome;
 * otherwise the 409 (another writer's operation) stands.
 */
export async function putAndFollow<T>(
  client: MachineLearningClient,
  target: PutTarget<T>,
  body: unknown,
  wait: Waiting,
): Promise<OperationOutcome> {
  return armRequest(client, 'PUT', target.url, { body, signal: wait.signal }).then(
    (started) => waitForOperation(client, started, target.subject, wait),
    async (err: unknown) => {
      if (describeAzureError(err).status !== 409) throw err;
      const resource = await target.settled();
      if (!resource || !target.holds(resource)) throw err;
      wait.logger.info(
        `${target.subject} already holds the change: the reply to its PUT was lost, and the retry found the update running.`,
      );
      return { status: target.stateOf(resource) ?? 'Unknown' };
    },
  );
}

/**
 * Follows the operation a PUT started: its `Azure-AsyncOperation` URL (a status document), or
 * its `Location` (202 until done). A reply with neither finished at once. While the operation
 * runs, the progress lines show the resource's state from the PUT's reply (Creating, Updating).
 */
export async function waitForOperation(
  client: MachineLearningClient,
  started: ArmResponse,
  subject: string,
  wait: Waiting,
): Promise<OperationOutcome> {
  const asyncUrl = started.headers.get('azure-asyncoperation');
  const location = started.headers.get('location');
  if (!asyncUrl && !(location && started.status === 202)) return { status: 'Succeeded' };
  const running = provisioningStateOf(started.body) ?? 'InProgress';
  const pollIntervalMs = wait.pollIntervalMs ?? askedInterval(started) ?? DEFAULT_INTERVAL_MS;
  const read = async (): Promise<OperationOutcome> => {
    if (!asyncUrl) {
      const reply = await armRequest(client, 'GET', location ?? '', { signal: wait.signal });
      return { status: reply.status === 202 ? 'InProgress' : 'Succeeded' };
    }
    const reply = await armRequest(client, 'GET', asyncUrl, { signal: wait.signal });
    return operationStatus(reply.body);
  };
  return watch(
    {
      subject,
      initialState: running,
      read,
      stateOf: (o) => (TERMINAL_OPERATION.has(o.status.toLowerCase()) ? o.status : running),
      isDone: (o) => TERMINAL_OPERATION.has(o.status.toLowerCase()),
      pollIntervalMs,
    },
    wait,
  );
}

function operationStatus(body: unknown): OperationOutcome {
  const doc = (body ?? {}) as { status?: string; error?: { code?: string; message?: string } };
  const status = doc.status ?? 'InProgress';
  if (!doc.error) return { status };
  return {
    status,
    error: { code: doc.error.code ?? 'Unknown', message: doc.error.message ?? '' },
  };
}

export function provisioningStateOf(body: unknown): string | undefined {
  return (body as { properties?: { provisioningState?: string } } | undefined)?.properties
    ?.provisioningState;
}

/** The poll interval the operation asks for; none for 0 or nothing. */
function askedInterval(response: ArmResponse): number | undefined {
  const ms = retryAfterMs(response.headers);
  return ms ? ms : undefined;
}
