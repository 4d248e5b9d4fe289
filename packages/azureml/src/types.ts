/** Public contract of packages/azureml. No GitHub concepts here: callers pass plain values. */
import type { AzureRequestRecord } from './transport/request-log.ts';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Never print `value` (a key or token the use case obtained), where the log can hide it. */
  mask?(value: string): void;
  /** Lines of `fn` as one collapsible section, where the log has them (the runner's does). */
  group?<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** How far a use case got: its report (when it got far enough to have one) and why it stopped short. */
export interface Outcome<R> {
  report?: R;
  failure?: Failure;
}

/**
 * Why a use case fell short, told as the step's failure: what happened, Azure's code and words,
 * what to do next. With `input`, the request itself was at fault (the step fails as bad input).
 */
export interface Failure {
  what: string;
  code?: string | undefined;
  detail?: string | undefined;
  hint?: string | undefined;
  cause?: unknown;
  /** The request field at fault, named as the caller's input of the same name. */
  input?: string | undefined;
}

/** What every use case is handed besides its request. */
export interface UseCaseContext {
  logger: Logger;
  /** Aborts when the caller is cancelled; every wait then throws CancelledError. */
  signal?: AbortSignal | undefined;
}

export interface CloudConfig {
  /** ARM endpoint, default https://management.azure.com */
  armEndpoint: string;
  /** Entra authority host, default https://login.microsoftonline.com */
  authorityHost: string;
}

export type CredentialConfig =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  /** OIDC federation: every token request asks `getIdToken` for a NEW runner ID token. */
  | { kind: 'oidc'; tenantId: string; clientId: string; getIdToken: () => Promise<string> }
  | { kind: 'azure-cli' };

export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

export interface RetryConfig {
  maxRetries: number;
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

export interface ClientConfig extends WorkspaceRef {
  cloud: CloudConfig;
  credential: CredentialConfig;
  retry?: Partial<RetryConfig>;
  /** Told of every request that changed something (see transport/request-log.ts). */
  onChange?: ((record: AzureRequestRecord) => void) | undefined;
}

/** The statuses Azure ML reports (JobStatus, api-version 2022-10-01); others may appear. */
export type TerminalJobStatus = 'Completed' | 'Failed' | 'Canceled';

export interface JobSnapshot {
  name: string;
  status: string;
  displayName?: string;
  experimentName?: string;
  computeId?: string;
  studioUrl?: string;
  /** Output name -> URI (only outputs that have one). */
  outputs: Record<string, string>;
  tags: Record<string, string>;
  createdAt?: Date;
}

export interface JobFailure {
  code: string;
  message: string;
}

export interface TimelineEntry {
  status: string;
  /** When the poller first saw this status. */
  at: Date;
}

export interface PollOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  /** Emit a heartbeat line when nothing changed for this long (default max(pollIntervalMs, 60 s)). */
  heartbeatMs?: number;
  signal?: AbortSignal;
  logger: Logger;
  /** Injected for tests; default Date.now / setTimeout-based sleep honouring `signal`. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type PollResult =
  | { kind: 'terminal'; job: JobSnapshot; timeline: TimelineEntry[] }
  | { kind: 'timeout'; job: JobSnapshot; timeline: TimelineEntry[] };

/** How to wait for a long-running Azure operation (endpoint and deployment changes). */
export interface WaitOptions {
  logger: Logger;
  /** How often to poll an operation (default: the operation's Retry-After, else 5 s; tests pass ~100 ms). */
  pollIntervalMs?: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** A "still <state>" line when nothing changed for this long (default 60 s). */
  heartbeatMs?: number;
}

/** An online endpoint as read at api-version 2024-04-01 (so mirrorTraffic is there). */
export interface EndpointSnapshot {
  name: string;
  provisioningState: string;
  authMode: string;
  location: string;
  scoringUri?: string;
  /** Deployment name -> percent of live traffic. */
  traffic: Record<string, number>;
  /** Deployment name -> percent of traffic copied to it (responses dropped). */
  mirrorTraffic: Record<string, number>;
  tags: Record<string, string>;
}

export interface DeploymentSnapshot {
  name: string;
  endpointName: string;
  provisioningState: string;
  /** ARM id of the model version, as Azure returns it. */
  model?: string;
  instanceType?: string;
  instanceCount?: number;
}
