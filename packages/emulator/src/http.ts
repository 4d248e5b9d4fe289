import type { IncomingHttpHeaders } from 'node:http';

/** What a route handler sees of a request. */
export interface ApiRequest {
  method: string;
  /** Path without query. */
  path: string;
  query: URLSearchParams;
  /** Values of the `{name}` segments of the route's path pattern, decoded. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The caller, for routes that require an access token. */
  principal?: Principal;
}

export interface Principal {
  tenantId: string;
  appId: string;
  objectId: string;
}

/** What a route handler returns; the server adds the ARM-style headers and serialises `body`. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers to answer with an error; `body` is already in the caller's error dialect. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** The ARM error dialect: `{"error":{"code","message"}}`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): HttpError {
  return new HttpError(status, message, { error: { code, message } }, headers);
}

export function param(req: ApiRequest, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new Error(`route has no {${name}} segment`);
  return value;
}

/** Parses a JSON body; a malformed one is the caller's mistake (400), as in ARM. */
export function jsonBody(req: ApiRequest): unknown {
  if (req.rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(req.rawBody) as unknown;
  } catch (error) {
    throw armError(
      400,
      'InvalidRequestContent',
      `The request content is not valid JSON: ${(error as Error).message}`,
    );
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
