import { randomUUID } from 'node:crypto';
import { armError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import { API_VERSION } from './api.ts';

/** Real seconds a client should wait between polls of an operation. */
const RETRY_AFTER_SECONDS = '1';

/** Starts tracking an asynchronous operation; returns the 202 reply that points at it. */
export function acceptedOperation(state: EmulatorState, isDone: (now: number) => boolean): Reply {
  const id = randomUUID();
  state.store.operations.set(id, { id, isDone });
  return { status: 202, headers: operationHeaders(state, id) };
}

const operationHeaders = (state: EmulatorState, id: string): Record<string, string> => ({
  Location: `${state.url}/_operations/${id}?api-version=${API_VERSION}`,
  'Retry-After': RETRY_AFTER_SECONDS,
});

/** ARM's Location polling: 202 while the operation runs, 200 once it is done. */
function getOperation(req: ApiRequest, state: EmulatorState): Reply {
  const id = param(req, 'operationId');
  const operation = state.store.operations.get(id);
  if (!operation) throw armError(404, 'NotFound', `Operation '${id}' was not found.`);
  return operation.isDone(state.clock.now())
    ? { status: 200 }
    : { status: 202, headers: operationHeaders(state, id) };
}

export const operationRoutes: Route[] = [
  {
    name: 'operations.get',
    method: 'GET',
    path: '/_operations/{operationId}',
    group: 'arm',
    auth: true,
    apiVersion: API_VERSION,
    handler: getOperation,
  },
];
