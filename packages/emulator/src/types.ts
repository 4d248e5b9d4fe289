import type { TrafficRun } from './traffic-generator.ts';
import type { BlobStorage } from './blob/azurite.ts';
import type { ArtifactRecord } from './runner/artifact-service.ts';
/** Public contract of the emulator library (packages/emulator). Durations are emulated seconds unless named *Ms. */

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. Host is always 127.0.0.1. */
  port?: number;
  /**
   * Emulated seconds that pass per real second (default 1). 600 makes a 10-minute job take 1 s;
   * 0 stops the clock: emulated time then moves only by `control.advanceClock`.
   */
  timeScale?: number;
  /**
   * Seed of the chance behind traffic routing, `errorRate` and mirror sampling (default: a random
   * one). The same seed and the same requests in the same order give the same answers.
   */
  seed?: number;
  /**
   * The real clock the emulator runs on (default: real time): emulated time moves with it, times
   * `timeScale`, and latencies wait on it and are measured by it.
   */
  realClock?: RealClock;
  /** Lifetime of Entra access tokens, emulated seconds (default 3600). */
  accessTokenLifetimeSeconds?: number;
  /** Lifetime of runner OIDC ID tokens (client assertions), emulated seconds (default 300). */
  idTokenLifetimeSeconds?: number;
  /** Default job behaviour (default: complete after 60 emulated seconds). */
  defaultJob?: JobBehaviour;
  /** Directory for ca.pem (default: a new temp dir). */
  stateDir?: string;
  /** Default online deployment behaviour (default: provisions in 90 emulated seconds, answers 200). */
  defaultDeployment?: DeploymentBehaviour;
  /** Emulated seconds an online endpoint create, update or delete takes (default 30). */
  endpointProvisioningSeconds?: number;
  /**
   * Emulated seconds after a minute ends before Azure Monitor shows its metrics (default 0;
   * Azure's are typically one to three minutes).
   */
  metricsIngestionSeconds?: number;
}

/**
 * Real time as the emulator sees it: emulated time runs `timeScale` times as fast as `now`, and
 * `latencyMs` (scoring behaviour, faults) waits on `sleep` and is measured by `now`. A test can
 * pass a manual one whose `sleep` only moves its own `now`: latencies are then exact, emulated
 * time moves when the test says, and nothing costs real time.
 */
export interface RealClock {
  /** Milliseconds on a monotonic clock (default performance.now). */
  now(): number;
  /** Waits `ms` milliseconds (default setTimeout). */
  sleep(ms: number): Promise<void>;
}

export type JobOutcome = 'complete' | 'fail' | 'stall' | 'not-responding';

export interface JobBehaviour {
  /** Emulated seconds from submission to the terminal state (default 60). */
  durationSeconds?: number;
  outcome?: JobOutcome;
  /** For outcome 'fail'. */
  errorCode?: string;
  errorMessage?: string;
  /** Logged to the job's MLflow run (run id = job name) once it is Completed or Failed. */
  metrics?: Record<string, number>;
}

export interface DeploymentBehaviour {
  /** Emulated seconds a deployment create/update takes (default 90). */
  provisioningSeconds?: number;
  /** Default 'succeed'. 'fail' ends provisioningState Failed with errorCode/errorMessage. */
  provisioning?: 'succeed' | 'fail';
  /** Default 'ResourceNotReady'. */
  errorCode?: string;
  /** Default: a realistic "User container has crashed or terminated..." message. */
  errorMessage?: string;
  /** Lines getLogs returns (default: inference-server start-up lines; for 'fail' a Python traceback). */
  logs?: string[];
  /** How scoring requests are answered. Read at request time, so a test can change it mid-rollout. */
  scoring?: {
    /** Default 200. */
    status?: number;
    /** JSON reply (default `{ deployment, model: 'azureml:<name>:<version>', predictions: [0] }`). */
    body?: unknown;
    /** Real milliseconds before the reply (default 0). */
    latencyMs?: number;
    /** Fraction 0..1 of requests answered 500 instead (default 0). */
    errorRate?: number;
  };
}

/** What the scoring URI saw per deployment; only requests that reached the deployment count. */
export interface DeploymentMetrics {
  requests: number;
  /** Replies with status >= 500. */
  errors: number;
  /** Count per status code, e.g. { "200": 9, "500": 1 }. */
  byStatus: Record<string, number>;
  /** Real milliseconds as measured by the emulator (0 with no requests). */
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number };
}

export interface EmulatedEndpointView {
  name: string;
  provisioningState: string;
  authMode: string;
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  tags: Record<string, string>;
  identity?: unknown;
  scoringUri: string;
  deployments: {
    name: string;
    provisioningState: string;
    /** ARM id of the model version, as sent. */
    model: string;
    instanceType?: string;
    instanceCount: number;
  }[];
}

export interface FaultSpec {
  /** Route name (see ROUTES) or '*' for every ARM route. */
  route: string;
  /** Respond with this status (429, 500, 503...) instead of serving the request. */
  status?: number;
  /** Retry-After header value in seconds, with status. */
  retryAfterSeconds?: number;
  /** Destroy the socket: 'before' serving the request, or 'after' serving it (the change is made, the reply is lost). */
  reset?: 'before' | 'after';
  /** Extra latency before serving, real milliseconds; with reset 'before', it ends when the client goes away. */
  latencyMs?: number;
  /** How many matching requests the fault applies to (default 1; Infinity for all). */
  count?: number;
  /** The share of matching requests it answers (0-1, default 1), by the emulator's seeded chance; a spared request uses up no count. */
  probability?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without query. */
  path: string;
  /** Route name, or undefined for unmatched paths. */
  route?: string;
  status: number;
  /** True when a fault answered instead of the handler. */
  faulted: boolean;
}

export interface EmulatorStats {
  requests: RecordedRequest[];
  /** Number of runner ID tokens issued by the OIDC service. */
  idTokensIssued: number;
  /** Number of Entra access tokens issued. */
  accessTokensIssued: number;
  /** Every secret the emulator handed out (access tokens, ID tokens, keys), for leak scans. */
  issuedSecrets: string[];
  /** Number of jobs created (PUTs that created a new job, not replays). */
  jobsCreated: number;
  /** Number of model versions created (201s, not replays). */
  modelVersionsCreated: number;
  /** Online endpoints and deployments created (PUTs that made a new one). */
  endpointsCreated: number;
  deploymentsCreated: number;
  /** Requests to scoring URIs (answered by the emulator, whatever their status). */
  scoringRequests: number;
}

export interface EmulatedJobView {
  name: string;
  status: string;
  /** Status changes with emulated ISO timestamps. */
  history: { status: string; at: string }[];
  cancelRequested: boolean;
  /**
   * A pipeline's steps (one after another) or a sweep's trials (`<job>_<n>`, in waves of
   * maxConcurrentTrials) and their status now; empty for other jobs.
   */
  children: { name: string; status: string }[];
}

export interface EmulatorControl {
  setDefaultJobBehaviour(b: JobBehaviour): void;
  /** Behaviour for jobs whose name or displayName equals `match`. */
  setJobBehaviour(match: string, b: JobBehaviour): void;
  addFault(f: FaultSpec): void;
  clearFaults(): void;
  stats(): EmulatorStats;
  job(name: string): EmulatedJobView | undefined;
  /** Forget requests and counters (not resources). */
  resetStats(): void;
  setDefaultDeploymentBehaviour(b: DeploymentBehaviour): void;
  /** For deployments whose name equals `match`, or `<endpoint>/<deployment>`. */
  setDeploymentBehaviour(match: string, b: DeploymentBehaviour): void;
  endpoint(name: string): EmulatedEndpointView | undefined;
  deploymentMetrics(endpoint: string, deployment: string): DeploymentMetrics | undefined;
  /** Emulated time, epoch milliseconds. */
  now(): number;
  /** Moves emulated time forward: jobs progress, tokens expire, operations end, as if it had passed. */
  advanceClock(seconds: number): void;
  /** The workflow artifacts the runner's artifact service holds, finalized or not. */
  artifacts(): ArtifactRecord[];
  /**
   * Sends live-like scoring requests to the endpoint (with its primary key, over loopback HTTPS)
   * at `ratePerSecond` for `durationMs` real milliseconds, then stops by itself.
   */
  generateTraffic(
    endpoint: string,
    traffic: { ratePerSecond: number; durationMs: number; body?: string },
  ): TrafficRun;
}

export interface Emulator {
  /** https://127.0.0.1:PORT — ARM endpoint, authority host and runner token service share it. */
  url: string;
  armEndpoint: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  caCertPath: string;
  caCertPem: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN for the runner OIDC service. */
  idTokenRequestUrl: string;
  idTokenRequestToken: string;
  /**
   * Environment a child process needs: NODE_EXTRA_CA_CERTS, ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN,
   * and MLOPS_SERVICE_CLOCK (how emulated time relates to the wall clock, for rollouts' bakes).
   */
  env(): Record<string, string>;
  /**
   * ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN: what a real runner gives a step for workflow
   * artifacts. Without them a step keeps its artifacts in a folder, as in local runs.
   */
  artifactServiceEnv(): Record<string, string>;
  /** Trust the emulator's CA in this process (tls.setDefaultCACertificates). */
  trustInProcess(): void;
  control: EmulatorControl;
  /** The storage account behind `workspaceblobstore` (real Azurite), started on first use. */
  blobStorage(): Promise<BlobStorage>;
  stop(): Promise<void>;
}
