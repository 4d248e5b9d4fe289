import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { Emulator, EmulatorOptions, RealClock } from './types.ts';
import { createJobBehaviourBook } from './behaviours/job-behaviours.ts';
import {
  createDeploymentBehaviourBook,
  validateSeconds,
} from './behaviours/deployment-behaviours.ts';
import { DEFAULT_ENDPOINT_SECONDS } from './arm/online-endpoints.ts';
import { createArtifactBook, runnerJob } from './runner/artifact-service.ts';
import { createClock } from './clock.ts';
import { createRandom } from './random.ts';
import { createControl } from './control/control.ts';
import { createFaultBook } from './faults.ts';
import { createSigner } from './identity/jwt.ts';
import { createRouter } from './router.ts';
import { ALL_ROUTES, ROUTES } from './routes.ts';
import { ID_TOKEN_PATH } from './identity/runner-oidc.ts';
import { createRequestListener } from './server.ts';
import type { EmulatorState } from './state.ts';
import { createStatsRecorder } from './stats.ts';
import { createStore } from './store.ts';
import { createTlsMaterial } from './tls.ts';
import { startTraffic } from './traffic-generator.ts';
import { endpointView } from './arm/online-view.ts';
import { findEndpoint } from './arm/online-endpoints.ts';
import { startBlobStorage, type BlobStorage } from './blob/azurite.ts';
import { blobstoreContainerName, storageAccountName } from './arm/datastores.ts';

export const SEEDED_RESOURCE_GROUP = 'rg-mlops-emulator';
export const SEEDED_WORKSPACE = 'mlw-emulator';
const LOCATION = 'westeurope';

/** Starts a local Azure ML (ARM, Entra ID, runner OIDC) on https://127.0.0.1:PORT. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const realClock: RealClock = options.realClock ?? {
    now: () => performance.now(),
    sleep: async (ms) => {
      await sleep(ms);
    },
  };
  const clock = createClock(options.timeScale ?? 1, () => realClock.now());
  const material = await createTlsMaterial();
  const stateDir = options.stateDir ?? (await mkdtemp(path.join(tmpdir(), 'mlops-emulator-')));
  await mkdir(stateDir, { recursive: true });
  const caCertPath = path.join(stateDir, 'ca.pem');
  await writeFile(caCertPath, material.caCertPem);

  const server = createServer({ key: material.keyPem, cert: material.certPem });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator: no TCP address');
  const url = `https://127.0.0.1:${address.port}`;

  const clientSecret = randomBytes(30).toString('base64url');
  const idTokenRequestToken = randomBytes(30).toString('base64url');
  const store = createStore({
    subscriptionId: randomUUID(),
    resourceGroup: SEEDED_RESOURCE_GROUP,
    name: SEEDED_WORKSPACE,
    location: LOCATION,
    workspaceId: randomUUID(),
    createdAt: clock.now(),
  });
  const [workspace] = store.workspaces;
  if (!workspace) throw new Error('emulator: no seeded workspace');
  let blobStorage: Promise<BlobStorage> | undefined;
  const random = createRandom(options.seed);
  const oidcKey = createSigner();
  const state: EmulatorState = {
    url,
    tenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret,
    servicePrincipalId: randomUUID(),
    idTokenRequestToken,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    idTokenLifetimeSeconds: options.idTokenLifetimeSeconds ?? 300,
    clock,
    realClock,
    random,
    entraKey: createSigner(),
    oidcKey,
    store,
    jobBehaviours: createJobBehaviourBook(options.defaultJob),
    deploymentBehaviours: createDeploymentBehaviourBook(options.defaultDeployment),
    endpointProvisioningSeconds: validateSeconds(
      options.endpointProvisioningSeconds ?? DEFAULT_ENDPOINT_SECONDS,
      'endpointProvisioningSeconds',
    ),
    metricsIngestionSeconds: validateSeconds(
      options.metricsIngestionSeconds ?? 0,
      'metricsIngestionSeconds',
    ),
    stats: createStatsRecorder([clientSecret, idTokenRequestToken]),
    faults: createFaultBook(ROUTES, random),
    // Started when first asked for: most runs never touch a datastore, and Azurite takes ~2 s.
    blobStorage: () =>
      (blobStorage ??= startBlobStorage({
        dir: stateDir,
        tls: material,
        accountName: storageAccountName(workspace),
        containerName: blobstoreContainerName(workspace),
      })),
    runnerJob: runnerJob({ oidcKey, clock }),
    artifacts: createArtifactBook(),
  };
  state.stats.secret(state.runnerJob.runtimeToken);
  server.on('request', createRequestListener(state, createRouter(ALL_ROUTES)));

  const idTokenRequestUrl = `${url}${ID_TOKEN_PATH}?api-version=2.0`;
  return {
    url,
    armEndpoint: url,
    authorityHost: url,
    tenantId: state.tenantId,
    clientId: state.clientId,
    clientSecret,
    subscriptionId: workspace.subscriptionId,
    resourceGroup: workspace.resourceGroup,
    workspace: workspace.name,
    caCertPath,
    caCertPem: material.caCertPem,
    idTokenRequestUrl,
    idTokenRequestToken,
    env: () => ({
      NODE_EXTRA_CA_CERTS: caCertPath,
      ACTIONS_ID_TOKEN_REQUEST_URL: idTokenRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: idTokenRequestToken,
      // Emulated time runs on the real clock times the scale: a child process can follow it.
      ...(options.realClock === undefined && clock.timeScale > 0
        ? { MLOPS_SERVICE_CLOCK: `${Date.now()},${clock.now()},${clock.timeScale}` }
        : {}),
    }),
    artifactServiceEnv: () => ({
      ACTIONS_RESULTS_URL: `${url}/`,
      ACTIONS_RUNTIME_TOKEN: state.runnerJob.runtimeToken,
    }),
    trustInProcess: () => {
      const trusted = tls.getCACertificates('default');
      if (!trusted.includes(material.caCertPem)) {
        tls.setDefaultCACertificates([...trusted, material.caCertPem]);
      }
    },
    control: {
      ...createControl(state),
      generateTraffic: (endpointName, traffic) => {
        const endpoint = endpointView(state, endpointName);
        const keys = findEndpointKeys(state, endpointName);
        if (!endpoint || !keys) throw new Error(`No online endpoint named '${endpointName}'.`);
        state.stats.secret(keys.primaryKey);
        return startTraffic({
          ...traffic,
          scoringUri: endpoint.scoringUri,
          authorization: `Bearer ${keys.primaryKey}`,
          caCertPem: material.caCertPem,
        });
      },
    },
    blobStorage: state.blobStorage,
    stop: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      // A failed start left nothing running.
      await blobStorage?.then(
        (storage) => storage.stop(),
        () => undefined,
      );
    },
  };
}

function findEndpointKeys(state: EmulatorState, name: string) {
  for (const ws of state.store.workspaces) {
    const endpoint = findEndpoint(ws, name, state.clock.now());
    if (endpoint) return endpoint.keys;
  }
  return undefined;
}
