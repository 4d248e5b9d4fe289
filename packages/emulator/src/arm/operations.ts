import { randomUUID } from 'node:crypto';
import { armError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { OperationRecord } from '../store.ts';
import { toIso } from '../clock.ts';
import { API_VERSION, ENDPOINT_API_VERSION } from './api.ts';
import type { Provisioning } from './online-records.ts';

/** Real seconds a client should wait between polls of an operation whose end is unknown. */
const RETRY_AFTER_SECONDS = 1;
/** Longest Retry-After hint, so a poller still notices progress now and then. */
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * Starts tracking an operation polled through Location; returns the 202 reply that points at
 * it. `endsAt` (emulated ms) makes Retry-After count down; `result` is the final 200's body.
 */
export function acceptedOperation(
  state: EmulatorState,
  isDone: (now: number) => boolean,
  more: Pick<OperationRecord, 'endsAt' | 'result'> & { apiVersion?: string } = {},
): Reply {
  const { apiVersion = API_VERSION, ...rest } = more;
  const operation: OperationRecord = { id: randomUUID(), isDone, ...rest };
  state.store.operations.set(operation.id, operation);
  return {
    status: 202,
    headers: {
      Location: operationUrl(state, operation.id, apiVersion),
      'Retry-After': retryAfter(state, operation),
    },
  };
}

/**
 * Starts tracking `provisioning` as an Azure-AsyncOperation (how ARM reports a PUT that
 * goes on after its 200/201); returns the headers for that reply.
 */
export function asyncOperationHeaders(
  state: EmulatorState,
  apiVersion: string,
  provisioning: Provisioning,
): Record<string, string> {
  const { startedAt, endsAt, error } = provisioning;
  const operation: OperationRecord = {
    id: randomUUID(),
    isDone: (now) => now >= endsAt,
    endsAt,
    asyncStatus: { startedAt, ...(error ? { error } : {}) },
  };
  state.store.operations.set(operation.id, operation);
  return {
    'Azure-AsyncOperation': operationUrl(state, operation.id, apiVersion),
    'Retry-After': retryAfter(state, operation),
  };
}

const operationUrl = (state: EmulatorState, id: string, apiVersion: string): string =>
  `${state.url}/_operations/${id}?api-version=${apiVersion}`;

/**
 * Real seconds until the operation should end (whole seconds, so 0 under one second: the
 * client's own interval then applies); emulated time runs faster, and so do the hints.
 */
function retryAfter(state: EmulatorState, operation: OperationRecord): string {
  if (operation.endsAt === undefined) return String(RETRY_AFTER_SECONDS);
  const seconds = state.clock.realSecondsUntil(operation.endsAt);
  return String(Math.min(MAX_RETRY_AFTER_SECONDS, seconds));
}

/**
 * Location polling: 202 while the operation runs, 200 once it is done. Azure-AsyncOperation
 * polling: always 200, with `status` InProgress, Succeeded or Failed (and the error).
 */
function getOperation(req: ApiRequest, state: EmulatorState): Reply {
  const id = param(req, 'operationId');
  const operation = state.store.operations.get(id);
  if (!operation) throw armError(404, 'NotFound', `Operation '${id}' was not found.`);
  const now = state.clock.now();
  const done = operation.isDone(now);
  const apiVersion = req.query.get('api-version') ?? API_VERSION;
  const poll = { 'Retry-After': retryAfter(state, operation) };
  if (operation.asyncStatus) {
    const { startedAt, error } = operation.asyncStatus;
    return {
      status: 200,
      headers: done ? {} : poll,
      body: {
        id: `/_operations/${id}`,
        name: id,
        status: done ? (error ? 'Failed' : 'Succeeded') : 'InProgress',
        startTime: toIso(startedAt),
        ...(done && operation.endsAt !== undefined ? { endTime: toIso(operation.endsAt) } : {}),
        ...(done && error ? { error } : {}),
      },
    };
  }
  if (done) return { status: 200, body: operation.result?.() };
  return {
    status: 202,
    headers: { Location: operationUrl(state, id, apiVersion), ...poll },
  };
}

export const operationRoutes: Route[] = [
  {
    name: 'operations.get',
    summary: 'the `Azure-AsyncOperation` or `Location` of a long-running operation',
    method: 'GET',
    path: '/_operations/{operationId}',
    group: 'arm',
    auth: true,
    // Operations started by endpoint routes echo the api-version those were called with.
    apiVersion: [API_VERSION, ENDPOINT_API_VERSION],
    handler: getOperation,
  },
];
