import type { BlobStorage } from './blob/azurite.ts';
import type { ArtifactBook, RunnerJob } from './runner/artifact-service.ts';
import type { JobBehaviourBook } from './behaviours/job-behaviours.ts';
import type { Clock } from './clock.ts';
import type { DeploymentBehaviourBook } from './behaviours/deployment-behaviours.ts';
import type { FaultBook } from './faults.ts';
import type { Signer } from './identity/jwt.ts';
import type { Random } from './random.ts';
import type { StatsRecorder } from './stats.ts';
import type { Store } from './store.ts';
import type { RealClock } from './types.ts';

/** Everything a route handler may read or change; one per running emulator. */
export interface EmulatorState {
  /** https://127.0.0.1:PORT */
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Object id of the seeded service principal (oid/sub of its tokens). */
  servicePrincipalId: string;
  idTokenRequestToken: string;
  accessTokenLifetimeSeconds: number;
  idTokenLifetimeSeconds: number;
  clock: Clock;
  /** What latencies wait on and are measured with. */
  realClock: RealClock;
  /** The chance behind routing, errorRate and mirror sampling (seedable). */
  random: Random;
  /** Signs Entra access tokens. */
  entraKey: Signer;
  /** Signs runner OIDC ID tokens. */
  oidcKey: Signer;
  store: Store;
  jobBehaviours: JobBehaviourBook;
  deploymentBehaviours: DeploymentBehaviourBook;
  /** Emulated seconds an online endpoint create, update or delete takes. */
  endpointProvisioningSeconds: number;
  /** Emulated seconds before a minute's metrics are visible (Azure Monitor's ingestion delay). */
  metricsIngestionSeconds: number;
  stats: StatsRecorder;
  faults: FaultBook;
  /** The storage account behind `workspaceblobstore`: Azurite, started on first use. */
  blobStorage(): Promise<BlobStorage>;
  /** The run and job the runner's artifact service serves, and its runtime token. */
  runnerJob: RunnerJob;
  artifacts: ArtifactBook;
}
