/**
 * Real HTTP receivers on loopback standing in for Slack, Teams and a webhook endpoint: they
 * record what they get, check it as the service would, and answer as a test tells them to.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request; after the script runs out, it accepts. */
export type Answer =
  | { kind: 'accept' }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'hang' };

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** Why the service would refuse the payload (empty when it is valid). */
  problems: string[];
  answered: number | 'hung';
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The answers to the next requests, in order. */
  script(...answers: Answer[]): void;
  close(): Promise<void>;
}

/** A receiver whose `check` lists what the real service would reject in a body. */
export async function startReceiver(
  check: (body: string, headers: IncomingHttpHeaders) => string[],
  path = '/hook',
  acceptStatus = 200,
  acceptBody = 'ok',
): Promise<Receiver> {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const hung = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const problems =
        req.method === 'POST' && req.url === path
          ? check(body, req.headers)
          : [`${req.method} ${req.url}`];
      const answer = answers.shift() ?? { kind: 'accept' };
      const entry: Received = { headers: req.headers, body, problems, answered: 0 };
      received.push(entry);
      if (answer.kind === 'hang') {
        entry.answered = 'hung';
        hung.add(() => res.destroy());
        return;
      }
      if (problems.length > 0 && answer.kind === 'accept') {
        entry.answered = 400;
        res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
        return;
      }
      const [status, text, headers] =
        answer.kind === 'accept'
          ? [acceptStatus, acceptBody, {}]
          : answer.kind === 'throttle'
            ? [429, 'rate_limited', { 'retry-after': String(answer.retryAfterSeconds) }]
            : [answer.status, answer.body ?? '', {}];
      entry.answered = status;
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    script: (...more) => answers.push(...more),
    close: async () => {
      for (const end of hung) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
