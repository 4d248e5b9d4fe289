/** Public contract of the emulator library (packages/emulator). Durations are emulated seconds unless named *Ms. */

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. Host is always 127.0.0.1. */
  port?: number;
  /** Emulated seconds that pass per real second (default 1). 600 makes a 10-minute job take 1 s. */
  timeScale?: number;
  /** Lifetime of Entra access tokens, emulated seconds (default 3600). */
  accessTokenLifetimeSeconds?: number;
  /** Lifetime of runner OIDC ID tokens (client assertions), emulated seconds (default 300). */
  idTokenLifetimeSeconds?: number;
  /** Default job behaviour (default: complete after 60 emulated seconds). */
  defaultJob?: JobBehaviour;
  /** Directory for ca.pem (default: a new temp dir). */
  stateDir?: string;
}

export type JobOutcome = 'complete' | 'fail' | 'stall' | 'not-responding';

export interface JobBehaviour {
  /** Emulated seconds from submission to the terminal state (default 60). */
  durationSeconds?: number;
  outcome?: JobOutcome;
  /** For outcome 'fail'. */
  errorCode?: string;
  errorMessage?: string;
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
  /** Extra latency before serving, real milliseconds. */
  latencyMs?: number;
  /** How many matching requests the fault applies to (default 1; Infinity for all). */
  count?: number;
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
}

export interface EmulatedJobView {
  name: string;
  status: string;
  /** Status changes with emulated ISO timestamps. */
  history: { status: string; at: string }[];
  cancelRequested: boolean;
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
  /** Environment a child process needs: NODE_EXTRA_CA_CERTS, ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN. */
  env(): Record<string, string>;
  /** Trust the emulator's CA in this process (tls.setDefaultCACertificates). */
  trustInProcess(): void;
  control: EmulatorControl;
  stop(): Promise<void>;
}
