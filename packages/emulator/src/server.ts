import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultSpec, RecordedRequest } from './types.ts';
import { armError, HttpError, type ApiRequest, type Reply } from './http.ts';
import type { RouteMatch, Router } from './router.ts';
import type { EmulatorState } from './state.ts';
import { authenticate } from './arm/auth.ts';
import { checkApiVersion } from './arm/api.ts';

const FAULT_CODES: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/**
 * One request, end to end: match a route, apply an injected fault, check the bearer token and
 * api-version, run the handler, record the outcome, answer with ARM's headers.
 */
export function createRequestListener(state: EmulatorState, router: Router) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, state, router).catch((error: unknown) => {
      console.error('mlops-emulator: request failed', error);
      req.socket.destroy();
    });
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  state: EmulatorState,
  router: Router,
): Promise<void> {
  const url = new URL(req.url ?? '/', state.url);
  const method = req.method ?? 'GET';
  const rawBody = await readBody(req);
  const match = router.match(method, url.pathname);
  const route = match?.route;
  const recorded = route?.group !== 'control';
  const record = (status: number, faulted: boolean): void => {
    if (!recorded) return;
    const entry: RecordedRequest = { method, path: url.pathname, status, faulted };
    if (route) entry.route = route.name;
    state.stats.record(entry);
  };

  const fault = route && recorded ? state.faults.take(route.name, route.group) : undefined;
  if (fault?.latencyMs) {
    // A request that will be dropped unserved is let go as soon as its client is gone (a killed
    // runner), so it is recorded then, not seconds later among another client's requests.
    const held = state.realClock.sleep(fault.latencyMs);
    await (fault.reset === 'before' ? Promise.race([held, closed(req.socket)]) : held);
  }
  if (fault?.reset === 'before') {
    record(0, true);
    req.socket.destroy();
    return;
  }
  if (fault?.status !== undefined) {
    const reply = faultReply(fault);
    record(reply.status, true);
    send(req, res, reply, state.clock.now());
    return;
  }

  const apiRequest: ApiRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    params: match?.params ?? {},
    headers: req.headers,
    rawBody,
  };
  const reply = await serve(match, apiRequest, state);
  if (fault?.reset === 'after') {
    // The change is made; the client never hears about it, as when a connection drops.
    record(reply.status, true);
    req.socket.destroy();
    return;
  }
  record(reply.status, false);
  send(req, res, reply, state.clock.now());
}

async function serve(
  match: RouteMatch | undefined,
  req: ApiRequest,
  state: EmulatorState,
): Promise<Reply> {
  try {
    if (!match) {
      throw armError(404, 'NotFound', `The emulator serves no ${req.method} ${req.path}.`);
    }
    const { route } = match;
    if (route.auth) req.principal = authenticate(req, state);
    if (route.apiVersion) checkApiVersion(req, route.apiVersion);
    return await route.handler(req, state);
  } catch (error) {
    if (error instanceof HttpError) {
      return { status: error.status, body: error.body, headers: error.headers };
    }
    console.error('mlops-emulator: handler failed', error);
    const message = `Emulator error: ${(error as Error).message}`;
    return { status: 500, body: { error: { code: 'InternalServerError', message } } };
  }
}

/** Settles when the client's connection closes, reset or not ('close' follows any 'error'). */
const closed = (socket: Socket): Promise<void> =>
  socket.destroyed
    ? Promise.resolve()
    : new Promise((resolve) => socket.once('close', () => resolve()));

function faultReply(fault: FaultSpec): Reply {
  const status = fault.status ?? 500;
  const code = FAULT_CODES[status] ?? 'EmulatedFault';
  return {
    status,
    body: { error: { code, message: `Injected fault on route '${fault.route}': HTTP ${status}.` } },
    headers:
      fault.retryAfterSeconds === undefined
        ? {}
        : { 'Retry-After': String(fault.retryAfterSeconds) },
  };
}

/** `now`: emulated time, which the `Date` header tells as Azure's does (its own clock). */
function send(req: IncomingMessage, res: ServerResponse, reply: Reply, now: number): void {
  const correlation = req.headers['x-ms-correlation-request-id'];
  const headers: Record<string, string> = {
    Date: new Date(now).toUTCString(),
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': typeof correlation === 'string' ? correlation : randomUUID(),
    ...reply.headers,
  };
  if (reply.body === undefined) {
    // 204 must not carry Content-Length; other empty replies say 0 so keep-alive clients move on.
    res
      .writeHead(
        reply.status,
        reply.status === 204 ? headers : { ...headers, 'Content-Length': '0' },
      )
      .end();
    return;
  }
  const body = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    })
    .end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
