/** What the executor runs over: a clock, the endpoint, a metrics source; each small, so tests and other clouds can supply their own. */
import type { DeploymentFigures } from './judge.ts';
import type { Weights } from './weights.ts';

/** The service's time: metrics windows and bakes are measured on it. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface EndpointState {
  traffic: Weights;
  mirrorTraffic: Weights;
  tags: Record<string, string>;
}

export interface EndpointWrite {
  traffic: Weights;
  mirrorTraffic: Weights;
  /** The tags to write, from the tags as read just before the PUT (the marker changes, others stay). */
  tags: (read: Record<string, string>) => Record<string, string>;
  /** When given, the live weights read before the PUT must equal these (else OutsideChangeError, nothing written). */
  expect?: { traffic: Weights; mirrorTraffic: Weights } | undefined;
}

export interface EndpointPort {
  read(signal?: AbortSignal): Promise<EndpointState>;
  /** One whole-endpoint PUT (its operation waited for), then the endpoint as a GET reads it. */
  write(change: EndpointWrite, signal?: AbortSignal): Promise<EndpointState>;
  deleteDeployment(name: string, signal?: AbortSignal): Promise<void>;
}

export interface MetricsSource {
  /** The figures of each deployment in [start, end) (epoch ms, whole minutes); a deployment without data may be missing. */
  window(
    start: number,
    end: number,
    deployments: string[],
    signal?: AbortSignal,
  ): Promise<Record<string, DeploymentFigures>>;
}

/** Called with each window's figures; `ok` false fails the window. */
export type GateWebhook = (
  payload: unknown,
  signal?: AbortSignal,
) => Promise<{ ok: boolean; status: number }>;

/** The live weights were not what the rollout last wrote: someone else changed them. */
export class OutsideChangeError extends Error {
  readonly expected: { traffic: Weights; mirrorTraffic: Weights };
  readonly found: { traffic: Weights; mirrorTraffic: Weights };

  constructor(expected: OutsideChangeError['expected'], found: OutsideChangeError['found']) {
    super(
      `The endpoint's traffic changed outside this rollout: expected ${JSON.stringify(expected.traffic)} (mirror ${JSON.stringify(expected.mirrorTraffic)}), found ${JSON.stringify(found.traffic)} (mirror ${JSON.stringify(found.mirrorTraffic)})`,
    );
    this.name = 'OutsideChangeError';
    this.expected = expected;
    this.found = found;
  }
}
