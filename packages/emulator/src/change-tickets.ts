/**
 * A fixture change-ticket API on loopback that answers in ServiceNow's Table API shape
 * (`GET /api/now/table/change_request?sysparm_query=number=<t>` -> `{ result: [...] }`), with
 * basic or bearer auth, for the promotion gate's tests and the demo. It records what it was
 * asked. A fixture, not an emulator: no ServiceNow spec is replayed against it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChangeTicket {
  number: string;
  approval: string;
  state: string;
  start_date: string;
  end_date: string;
}

/** A time as ServiceNow's Table API writes it: `YYYY-MM-DD HH:MM:SS`, UTC. */
export const serviceNowTime = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** A change approved and in Implement, its window from an hour ago to `hoursLeft` from now. */
export const approvedTicket = (number: string, hoursLeft = 4): ChangeTicket => ({
  number,
  approval: 'approved',
  state: '-1',
  start_date: serviceNowTime(Date.now() - 3600_000),
  end_date: serviceNowTime(Date.now() + hoursLeft * 3600_000),
});

export interface TicketApiFixture {
  url: string;
  requests: { url: string; authorization: string | undefined }[];
  /** The next `count` requests are refused with `status` (429 as ServiceNow's rate limit, 503...). */
  refuseNext(count: number, status: number, retryAfterSeconds?: number): void;
  stop(): Promise<void>;
}

export async function startTicketApi(options: {
  tickets: ChangeTicket[];
  /** The one authorization header accepted. */
  authorization: string;
}): Promise<TicketApiFixture> {
  const requests: TicketApiFixture['requests'] = [];
  let refusals: { status: number; retryAfterSeconds?: number }[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ url: url.pathname + url.search, authorization: req.headers.authorization });
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const refusal = refusals.shift();
    if (refusal) {
      const { status, retryAfterSeconds } = refusal;
      const retryAfter: Record<string, string> =
        retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
      reply(
        status,
        { error: { message: 'Too many requests', detail: '' }, status: 'failure' },
        retryAfter,
      );
      return;
    }
    if (req.headers.authorization !== options.authorization) {
      reply(401, {
        error: {
          message: 'User Not Authenticated',
          detail: 'Required to provide Auth information',
        },
        status: 'failure',
      });
      return;
    }
    if (url.pathname !== '/api/now/table/change_request') {
      reply(400, { error: { message: 'Invalid table' }, status: 'failure' });
      return;
    }
    const number = /^number=(.+)$/.exec(url.searchParams.get('sysparm_query') ?? '')?.[1];
    reply(200, { result: options.tickets.filter((t) => t.number === number) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refuseNext: (count, status, retryAfterSeconds) => {
      refusals = Array.from({ length: count }, () => ({ status, retryAfterSeconds }));
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
