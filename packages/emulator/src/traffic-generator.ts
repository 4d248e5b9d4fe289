/**
 * A bounded traffic generator for tests and the demo: live-like scoring requests to an endpoint
 * at a given rate for a given time, loopback only, stopping by itself.
 */
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { EmulatorControl } from './types.ts';

export interface TrafficOptions {
  /** The endpoint's scoring URI; only loopback hosts are accepted. */
  scoringUri: string;
  /** `Bearer <key or token>`. */
  authorization: string;
  /** Requests per real second, 1 to 500. */
  ratePerSecond: number;
  /** Real milliseconds to send for, at most 10 minutes. */
  durationMs: number;
  /** The CA the endpoint's certificate is signed by. */
  caCertPem?: string;
  /** JSON request body (default `{"input_data": [[1, 2, 3]]}`). */
  body?: string;
}

export interface TrafficSummary {
  sent: number;
  /** Count per status; `error` for requests that got no answer. */
  byStatus: Record<string, number>;
}

export interface TrafficRun {
  /** Stops sending early; `done` still waits for requests in flight. */
  stop(): void;
  done: Promise<TrafficSummary>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MAX_RATE = 500;
const MAX_DURATION_MS = 600_000;
const TICK_MS = 10;

export function startTraffic(options: TrafficOptions): TrafficRun {
  const url = new URL(options.scoringUri);
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(
      `scoringUri: expected a loopback URL (127.0.0.1, localhost, ::1), got ${url.host}`,
    );
  }
  if (!(options.ratePerSecond >= 1 && options.ratePerSecond <= MAX_RATE)) {
    throw new Error(`ratePerSecond: expected 1 to ${MAX_RATE}, got ${options.ratePerSecond}`);
  }
  if (!(options.durationMs > 0 && options.durationMs <= MAX_DURATION_MS)) {
    throw new Error(
      `durationMs: expected more than 0 and at most ${MAX_DURATION_MS}, got ${options.durationMs}`,
    );
  }
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 16,
    ...(options.caCertPem ? { ca: options.caCertPem } : {}),
  });
  const body = options.body ?? '{"input_data": [[1, 2, 3]]}';
  const summary: TrafficSummary = { sent: 0, byStatus: {} };
  const inFlight = new Set<Promise<void>>();
  const count = (status: string) =>
    (summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1);
  const send = () => {
    summary.sent += 1;
    const done = new Promise<void>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { authorization: options.authorization, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            count(String(res.statusCode));
            resolve();
          });
        },
      );
      req.on('error', () => {
        count('error');
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  let finish!: () => void;
  const stopped = new Promise<void>((resolve) => (finish = resolve));
  // Timers tick at most every few milliseconds: each tick sends what the rate owes so far.
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * options.ratePerSecond);
    while (summary.sent < due) send();
  }, TICK_MS);
  const limit = setTimeout(() => finish(), options.durationMs);
  const done = stopped.then(async () => {
    clearInterval(timer);
    clearTimeout(limit);
    await Promise.all([...inFlight]);
    agent.destroy();
    return summary;
  });
  return { stop: () => finish(), done };
}

/** Live-like requests to `endpoint` while `act` runs; stopped, and drained, once it ends. */
export async function duringTraffic<T>(
  control: Pick<EmulatorControl, 'generateTraffic'>,
  endpoint: string,
  traffic: Parameters<EmulatorControl['generateTraffic']>[1],
  act: () => Promise<T>,
): Promise<T> {
  const run = control.generateTraffic(endpoint, traffic);
  try {
    return await act();
  } finally {
    run.stop();
    await run.done;
  }
}

/** Calls `act` once `endpoint`'s live traffic gives `deployment` `percent`, as a degradation at a step would start. */
export function whenTrafficReaches(
  control: Pick<EmulatorControl, 'endpoint'>,
  endpoint: string,
  deployment: string,
  percent: number,
  act: () => void,
): { cancel: () => void } {
  const timer = setInterval(() => {
    if ((control.endpoint(endpoint)?.traffic[deployment] ?? 0) >= percent) {
      clearInterval(timer);
      act();
    }
  }, 20);
  return { cancel: () => clearInterval(timer) };
}
