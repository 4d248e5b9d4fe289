/**
 * Online endpoints, deployments, traffic and scoring from packages/azureml against the emulator:
 * the real @azure/arm-machinelearning pipeline over HTTPS. Emulated time runs 600x: an endpoint
 * operation (30 s) takes 50 ms, a deployment (90 s) 150 ms.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  DeploymentFailedError,
  ENDPOINT_API_VERSION,
  FAILURE_LOG_LINES,
  OperationTimeoutError,
  applyDeployment,
  checkResponse,
  deploymentSpecFromInputs,
  ensureEndpoint,
  getDeployment,
  getDeploymentLogs,
  getEndpoint,
  getScoringCredential,
  listDeployments,
  parseExpectation,
  scoreDeployment,
  setTraffic,
  toDeploymentResource,
  type DeploymentInputs,
  type Logger,
  type MachineLearningClient,
  type WaitOptions,
} from '@mlops-actions/azureml';
import { armToken, raw, workspacePath } from '../emulator/support.ts';
import { emulatorClient, recordingLogger, startTrustedEmulator } from './support.ts';

const TIME_SCALE = 600;

function waiting(extra: Partial<WaitOptions> = {}) {
  const log = recordingLogger();
  const wait: WaitOptions = { logger: log.logger, pollIntervalMs: 20, timeoutMs: 20_000, ...extra };
  return { wait, ...log };
}

let emu: Emulator;
let client: MachineLearningClient;

const requestsTo = (route: string) =>
  emu.control.stats().requests.filter((r) => r.route === route && !r.faulted);

async function registerModel(name: string, version: string): Promise<void> {
  await client.sdk.modelVersions.createOrUpdate(emu.resourceGroup, emu.workspace, name, version, {
    properties: {
      modelType: 'custom_model',
      modelUri: `azureml://datastores/workspaceblobstore/paths/models/${name}/${version}/`,
    },
  });
}

const INLINE: DeploymentInputs = {
  instanceType: 'Standard_DS3_v2',
  environment: 'azureml:sklearn-1.5:1',
  code: 'azureml:churn-src:1',
  scoringScript: 'score.py',
};

function deploymentBody(version: string, inputs: Partial<DeploymentInputs> = {}) {
  const spec = deploymentSpecFromInputs({ ...INLINE, ...inputs });
  return toDeploymentResource(spec, client.workspace, 'westeurope', { name: 'churn', version });
}

/** A Key endpoint with deployments that succeeded, for tests that need one ready. */
async function endpointWith(name: string, deployments: Record<string, string>): Promise<void> {
  await ensureEndpoint(client, { name, authMode: 'Key' }, waiting().wait);
  for (const [deployment, version] of Object.entries(deployments)) {
    await applyDeployment(client, name, deployment, deploymentBody(version), waiting().wait);
  }
}

beforeAll(async () => {
  emu = await startTrustedEmulator({ timeScale: TIME_SCALE });
  client = emulatorClient(emu);
  await registerModel('churn', '1');
  await registerModel('churn', '2');
});
afterAll(() => emu.stop());
afterEach(() => {
  emu.control.clearFaults();
  emu.control.resetStats();
});

describe('ensureEndpoint', () => {
  test('creates a missing endpoint, waiting with progress lines', async () => {
    const { wait, lines } = waiting();
    const result = await ensureEndpoint(
      client,
      { name: 'churn-create', authMode: 'Key', description: 'churn', tags: { team: 'risk' } },
      wait,
    );

    expect(result.created).toBe(true);
    expect(result.endpoint).toMatchObject({
      name: 'churn-create',
      provisioningState: 'Succeeded',
      authMode: 'Key',
      location: expect.any(String),
      scoringUri: `${emu.url}/online/churn-create/score`,
      tags: { team: 'risk' },
      traffic: {},
      mirrorTraffic: {},
    });
    expect(lines).toContain('Endpoint churn-create: Creating');
    expect(lines.some((l) => /^Endpoint churn-create: Succeeded \(\d+s\)$/.test(l))).toBe(true);
    expect(emu.control.endpoint('churn-create')?.identity).toMatchObject({
      type: 'SystemAssigned',
    });
  });

  test('a re-run with the same settings sends no PUT; changed tags do', async () => {
    await ensureEndpoint(client, { name: 'churn-rerun', authMode: 'Key' }, waiting().wait);
    emu.control.resetStats();

    const again = await ensureEndpoint(
      client,
      { name: 'churn-rerun', authMode: 'Key' },
      waiting().wait,
    );
    expect(again).toMatchObject({ created: false, updated: false });
    expect(requestsTo('onlineEndpoints.createOrUpdate')).toHaveLength(0);

    const { wait, warnings } = waiting();
    const tagged = await ensureEndpoint(
      client,
      { name: 'churn-rerun', authMode: 'AMLToken', tags: { stage: 'prod' } },
      wait,
    );
    expect(tagged).toMatchObject({ created: false, updated: true });
    expect(tagged.endpoint.tags).toEqual({ stage: 'prod' });
    expect(tagged.endpoint.authMode).toBe('Key');
    expect(warnings.join('\n')).toContain('uses auth mode Key, not AMLToken');
    expect(requestsTo('onlineEndpoints.createOrUpdate')).toHaveLength(1);
  });

  test('getEndpoint says undefined for a missing endpoint', async () => {
    expect(await getEndpoint(client, 'no-such-endpoint')).toBeUndefined();
  });
});

describe('applyDeployment', () => {
  beforeAll(() => endpointWith('churn-deploy', {}));

  test('creates a deployment and waits; an identical re-run is skipped; a change is applied', async () => {
    const { wait, lines } = waiting();
    const created = await applyDeployment(
      client,
      'churn-deploy',
      'blue',
      deploymentBody('1'),
      wait,
    );

    expect(created.changed).toBe(true);
    expect(created.deployment).toEqual({
      name: 'blue',
      endpointName: 'churn-deploy',
      provisioningState: 'Succeeded',
      model: `${workspacePath(emu)}/models/churn/versions/1`,
      instanceType: 'Standard_DS3_v2',
      instanceCount: 1,
    });
    expect(lines).toContain('Deployment blue on churn-deploy: Creating');
    expect(lines.some((l) => /^Deployment blue on churn-deploy: Succeeded \(\d+s\)$/.test(l))).toBe(
      true,
    );
    emu.control.resetStats();

    const again = await applyDeployment(
      client,
      'churn-deploy',
      'blue',
      deploymentBody('1'),
      waiting().wait,
    );
    expect(again).toEqual({ deployment: created.deployment, changed: false });
    expect(requestsTo('onlineDeployments.createOrUpdate')).toHaveLength(0);

    const { wait: wait2, lines: lines2 } = waiting();
    const scaled = await applyDeployment(
      client,
      'churn-deploy',
      'blue',
      deploymentBody('1', { instanceCount: 2 }),
      wait2,
    );
    expect(scaled.changed).toBe(true);
    expect(scaled.deployment.instanceCount).toBe(2);
    expect(lines2).toContain(
      'Updating deployment blue on endpoint churn-deploy: sku.capacity changed.',
    );
    expect(await listDeployments(client, 'churn-deploy')).toEqual([scaled.deployment]);
  });

  test('an operation already running on the deployment is waited out, not met with a 409', async () => {
    emu.control.setDeploymentBehaviour('churn-deploy/busy', { provisioningSeconds: 300 });
    const body = deploymentBody('2');
    const token = await armToken(emu);
    const path = `${workspacePath(emu)}/onlineEndpoints/churn-deploy/deployments/busy`;
    const started = await raw(emu, 'PUT', `${path}?api-version=2022-10-01`, { token, body });
    expect(started.status).toBe(201);

    const { wait, lines } = waiting();
    const result = await applyDeployment(client, 'churn-deploy', 'busy', body, wait);

    expect(lines).toContain('Deployment busy on churn-deploy (an earlier operation): Creating');
    expect(result).toMatchObject({
      changed: false,
      deployment: { provisioningState: 'Succeeded' },
    });
    expect(emu.control.stats().requests.filter((r) => r.status === 409)).toEqual([]);
  });

  test('a wait stops as soon as its signal aborts', async () => {
    emu.control.setDeploymentBehaviour('churn-deploy/cancelled', { provisioningSeconds: 3600 });
    const controller = new AbortController();
    const { wait } = waiting({ signal: controller.signal });
    const logger: Logger = {
      ...wait.logger,
      // The user cancels the workflow once the deployment is under way.
      info: (m) => (m.endsWith(': Creating') ? controller.abort() : undefined),
    };
    const error: unknown = await applyDeployment(
      client,
      'churn-deploy',
      'cancelled',
      deploymentBody('2'),
      { ...wait, logger },
    ).catch((e: unknown) => e);
    expect((error as Error).name).toBe('CancelledError');
  });

  test('a failed provisioning throws with Azure code, message and the tail of the container logs', async () => {
    const logs = Array.from({ length: 80 }, (_, i) => `log line ${i + 1}`);
    emu.control.setDeploymentBehaviour('churn-deploy/broken', {
      provisioning: 'fail',
      errorCode: 'ResourceNotReady',
      errorMessage: 'User container has crashed or terminated: ModuleNotFoundError',
      logs,
    });

    const error: unknown = await applyDeployment(
      client,
      'churn-deploy',
      'broken',
      deploymentBody('2'),
      waiting().wait,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeploymentFailedError);
    const failure = error as DeploymentFailedError;
    expect(failure).toMatchObject({
      endpoint: 'churn-deploy',
      deployment: 'broken',
      code: 'ResourceNotReady',
      detail: 'User container has crashed or terminated: ModuleNotFoundError',
    });
    expect(failure.message).toBe(
      'Deployment broken on endpoint churn-deploy failed: ResourceNotReady: User container has crashed or terminated: ModuleNotFoundError',
    );
    expect(failure.logs.split('\n')).toEqual(logs.slice(-FAILURE_LOG_LINES));
    expect(await getDeployment(client, 'churn-deploy', 'broken')).toMatchObject({
      provisioningState: 'Failed',
    });
    expect(await getDeploymentLogs(client, 'churn-deploy', 'broken', 3)).toBe(
      logs.slice(-3).join('\n'),
    );
  });

  test('a wait that outlives its timeout says what it waited for', async () => {
    emu.control.setDeploymentBehaviour('churn-deploy/slow', { provisioningSeconds: 3600 });
    const error: unknown = await applyDeployment(
      client,
      'churn-deploy',
      'slow',
      deploymentBody('2'),
      waiting({ timeoutMs: 200 }).wait,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect((error as Error).message).toMatch(
      /^Deployment slow on churn-deploy: still Creating after 0s; gave up waiting$/,
    );
  });
});

describe('setTraffic', () => {
  const NAME = 'churn-mirror';
  const uai = `/subscriptions/${'0'.repeat(8)}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/scorer`;

  beforeAll(() => endpointWith(NAME, { blue: '1', green: '2', shadow: '2' }));

  /** What a user set up outside this code, with a newer api-version: mirror traffic, tags, identity. */
  async function configureByHand(): Promise<void> {
    const reply = await raw(
      emu,
      'PUT',
      `${workspacePath(emu)}/onlineEndpoints/${NAME}?api-version=${ENDPOINT_API_VERSION}`,
      {
        token: await armToken(emu),
        body: {
          location: 'westeurope',
          tags: { owner: 'risk-team', 'cost-center': 'cc-42' },
          identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [uai]: {} } },
          properties: {
            authMode: 'Key',
            description: 'churn scoring',
            traffic: { blue: 100 },
            mirrorTraffic: { shadow: 10 },
          },
        },
      },
    );
    expect(reply.status).toBe(200);
  }

  test('changes only the traffic: mirror traffic, tags and identity are kept', async () => {
    emu.control.resetStats();
    await configureByHand();
    const before = emu.control.endpoint(NAME);
    expect(before?.mirrorTraffic).toEqual({ shadow: 10 });

    // The hand-made update may still run: setTraffic waits it out rather than meeting a 409.
    const { wait, lines } = waiting();
    const result = await setTraffic(client, NAME, { blue: 0, green: 100 }, wait);

    const after = emu.control.endpoint(NAME);
    expect(after?.traffic).toEqual({ blue: 0, green: 100 });
    expect(after?.mirrorTraffic).toEqual({ shadow: 10 });
    expect(after?.tags).toEqual({ owner: 'risk-team', 'cost-center': 'cc-42' });
    expect(after?.identity).toEqual(before?.identity);
    expect(after?.identity).toMatchObject({
      type: 'SystemAssigned,UserAssigned',
      userAssignedIdentities: { [uai]: {} },
    });
    expect(result).toMatchObject({ before: { blue: 100 }, changed: true });
    expect(result.after).toMatchObject({
      provisioningState: 'Succeeded',
      traffic: { blue: 0, green: 100 },
      mirrorTraffic: { shadow: 10 },
      tags: { owner: 'risk-team', 'cost-center': 'cc-42' },
    });
    expect(lines).toContain(`Endpoint ${NAME}: Updating`);
    expect(
      emu.control
        .stats()
        .requests.filter((r) => r.route === 'onlineEndpoints.createOrUpdate')
        .map((r) => r.status),
    ).toEqual([200, 200]);
  });

  test('the same traffic again sends no PUT', async () => {
    const result = await setTraffic(client, NAME, { green: 100, blue: 0 }, waiting().wait);
    expect(result.changed).toBe(false);
    expect(requestsTo('onlineEndpoints.createOrUpdate')).toHaveLength(0);
  });

  test('for contrast: the SDK alone (api-version 2022-10-01) loses the mirror traffic', async () => {
    const { resourceGroup, workspace } = client.workspace;
    const endpoint = await client.sdk.onlineEndpoints.get(resourceGroup, workspace, NAME);
    endpoint.properties.traffic = { blue: 100, green: 0 };
    await client.sdk.onlineEndpoints.beginCreateOrUpdateAndWait(
      resourceGroup,
      workspace,
      NAME,
      endpoint,
      { updateIntervalInMs: 20 },
    );
    expect(emu.control.endpoint(NAME)?.mirrorTraffic).toEqual({});
  });

  test('survives throttling and server errors on the endpoint routes', async () => {
    emu.control.addFault({ route: 'onlineEndpoints.get', status: 500 });
    emu.control.addFault({
      route: 'onlineEndpoints.createOrUpdate',
      status: 429,
      retryAfterSeconds: 0,
    });
    emu.control.addFault({ route: 'operations.get', status: 503, count: 2 });

    const result = await setTraffic(client, NAME, { blue: 20, green: 80 }, waiting().wait);

    expect(result.changed).toBe(true);
    expect(emu.control.endpoint(NAME)?.traffic).toEqual({ blue: 20, green: 80 });
    const faulted = emu.control.stats().requests.filter((r) => r.faulted);
    expect(faulted.map((r) => `${r.route} ${r.status}`).sort()).toEqual([
      'onlineEndpoints.createOrUpdate 429',
      'onlineEndpoints.get 500',
      'operations.get 503',
      'operations.get 503',
    ]);
  });

  test('an endpoint that does not exist is named', async () => {
    await expect(setTraffic(client, 'nowhere', { blue: 100 }, waiting().wait)).rejects.toThrow(
      'Endpoint nowhere was not found in workspace',
    );
  });
});

describe('a reply lost after a PUT', () => {
  // Its own emulator, whose clock moves only when the test says: the update the lost PUT started
  // is held running until the retried PUT has met it (409), whatever the machine's load.
  let frozen: Emulator;
  let frozenClient: MachineLearningClient;
  let held: string | undefined;
  let ticking: ReturnType<typeof setInterval>;
  const putStatuses = (route: string) =>
    frozen.control
      .stats()
      .requests.filter((r) => r.route === route)
      .map((r) => r.status);
  /** The next PUT to `route` has its reply lost, and time stands still from it until the retry's 409. */
  const loseReplyAndHold = (route: string) => {
    frozen.control.resetStats();
    frozen.control.addFault({ route, reset: 'after' });
    held = route;
  };

  beforeAll(async () => {
    frozen = await startTrustedEmulator({ timeScale: 0 });
    ticking = setInterval(() => {
      const statuses = held ? putStatuses(held) : [];
      if (statuses.length === 0 || statuses.includes(409)) frozen.control.advanceClock(5);
    }, 10);
    frozenClient = emulatorClient(frozen);
    const { resourceGroup, workspace } = frozenClient.workspace;
    for (const version of ['1', '2']) {
      await frozenClient.sdk.modelVersions.createOrUpdate(
        resourceGroup,
        workspace,
        'churn',
        version,
        {
          properties: {
            modelType: 'custom_model',
            modelUri: `azureml://datastores/workspaceblobstore/paths/models/churn/${version}/`,
          },
        },
      );
    }
    await ensureEndpoint(frozenClient, { name: 'churn-lost', authMode: 'Key' }, waiting().wait);
    for (const [deployment, version] of [
      ['blue', '1'],
      ['green', '2'],
    ] as const) {
      const spec = deploymentSpecFromInputs(INLINE);
      const body = toDeploymentResource(spec, frozenClient.workspace, 'westeurope', {
        name: 'churn',
        version,
      });
      await applyDeployment(frozenClient, 'churn-lost', deployment, body, waiting().wait);
    }
    await setTraffic(frozenClient, 'churn-lost', { blue: 100 }, waiting().wait);
  });
  afterAll(async () => {
    clearInterval(ticking);
    await frozen.stop();
  });

  test('an endpoint: the retry meets the update running (409), waits it out, and finds the change made once', async () => {
    loseReplyAndHold('onlineEndpoints.createOrUpdate');

    const { wait, lines } = waiting();
    const result = await setTraffic(frozenClient, 'churn-lost', { blue: 30, green: 70 }, wait);

    expect(result.after.traffic).toEqual({ blue: 30, green: 70 });
    expect(frozen.control.endpoint('churn-lost')?.traffic).toEqual({ blue: 30, green: 70 });
    // Served once (its reply lost), then refused while it ran: no second write.
    expect(putStatuses('onlineEndpoints.createOrUpdate')).toEqual([200, 409]);
    expect(lines).toContain(
      'Endpoint churn-lost already holds the change: the reply to its PUT was lost, and the retry found the update running.',
    );
  });

  test('a deployment: the same, and the update is reported as applied', async () => {
    loseReplyAndHold('onlineDeployments.createOrUpdate');
    const spec = deploymentSpecFromInputs({ ...INLINE, instanceCount: 2 });
    const body = toDeploymentResource(spec, frozenClient.workspace, 'westeurope', {
      name: 'churn',
      version: '2',
    });

    const { wait, lines } = waiting();
    const result = await applyDeployment(frozenClient, 'churn-lost', 'green', body, wait);

    expect(result).toMatchObject({ changed: true, deployment: { provisioningState: 'Succeeded' } });
    const green = frozen.control
      .endpoint('churn-lost')
      ?.deployments.find((d) => d.name === 'green');
    expect(green?.instanceCount).toBe(2);
    expect(putStatuses('onlineDeployments.createOrUpdate')).toEqual([200, 409]);
    expect(lines).toContain(
      'Deployment green on churn-lost already holds the change: the reply to its PUT was lost, and the retry found the update running.',
    );
  });
});

describe('scoring', () => {
  const NAME = 'churn-score';
  beforeAll(async () => {
    await endpointWith(NAME, { blue: '1', green: '2' });
    await setTraffic(client, NAME, { blue: 100 }, waiting().wait);
  });

  /** What a smoke test needs: the scoring URI and the Authorization header. */
  async function scoringTarget() {
    const endpoint = await getEndpoint(client, NAME);
    if (!endpoint?.scoringUri) throw new Error(`endpoint ${NAME} has no scoring URI`);
    const credential = await getScoringCredential(client, endpoint);
    return { scoringUri: endpoint.scoringUri, ...credential };
  }

  test('the header reaches a deployment at 0 % traffic; the reply meets the expectation', async () => {
    const { scoringUri, secret, authorization } = await scoringTarget();
    expect(emu.control.stats().issuedSecrets).toContain(secret);
    expect(emu.control.endpoint(NAME)?.traffic).toEqual({ blue: 100 });

    const reply = await scoreDeployment({
      scoringUri,
      authorization,
      deployment: 'green',
      body: JSON.stringify({ input_data: [[1, 2, 3]] }),
      timeoutMs: 5000,
    });

    expect(reply.status).toBe(200);
    expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(reply.text)).toMatchObject({ deployment: 'green', model: 'azureml:churn:2' });
    expect(emu.control.deploymentMetrics(NAME, 'green')?.requests).toBe(1);
    expect(emu.control.deploymentMetrics(NAME, 'blue')?.requests).toBe(0);
    const expectation = await parseExpectation(
      JSON.stringify({ type: 'object', required: ['predictions'] }),
      'reply.schema.json',
    );
    expect(checkResponse(expectation, reply.status, reply.text)).toEqual([]);
  });

  test('an HTTP error is returned, not thrown', async () => {
    emu.control.setDeploymentBehaviour(`${NAME}/green`, {
      scoring: { status: 500, body: { error: 'boom' } },
    });
    const { scoringUri, authorization } = await scoringTarget();
    const reply = await scoreDeployment({
      scoringUri,
      authorization,
      deployment: 'green',
      body: '{}',
      timeoutMs: 5000,
    });
    expect(reply.status).toBe(500);
    expect(checkResponse(undefined, reply.status, reply.text)).toEqual([
      'HTTP status 500, expected 2xx',
    ]);
  });

  test('an AMLToken endpoint gives a token credential', async () => {
    const { endpoint } = await ensureEndpoint(
      client,
      { name: 'churn-token', authMode: 'AMLToken' },
      waiting().wait,
    );
    const credential = await getScoringCredential(client, endpoint);
    expect(credential.authorization).toBe(`Bearer ${credential.secret}`);
    expect(emu.control.stats().issuedSecrets).toContain(credential.secret);
  });

  test('a 429 or 503 is tried again after its Retry-After, each attempt told; a 500 is the answer at once', async () => {
    const { scoringUri, authorization } = await scoringTarget();
    const request = {
      scoringUri,
      authorization,
      deployment: 'blue',
      body: '{}',
      timeoutMs: 10_000,
    };
    emu.control.addFault({ route: 'scoring.score', status: 429, retryAfterSeconds: 1 });
    emu.control.addFault({ route: 'scoring.score', status: 503 });
    const told: string[] = [];
    const reply = await scoreDeployment(request, (a, n) =>
      told.push(`${n}: ${a.status} ${a.retryInMs} ${a.retryAfter ?? false}`),
    );
    expect(reply.status).toBe(200);
    expect(reply.attempts.map((a) => a.status)).toEqual([429, 503, 200]);
    expect(told).toEqual(['1: 429 1000 true', '2: 503 1000 false']);

    emu.control.addFault({ route: 'scoring.score', status: 500 });
    const failed = await scoreDeployment(request);
    expect(failed.status).toBe(500);
    expect(failed.attempts).toHaveLength(1);
  });

  test('a Retry-After beyond the timeout is not waited for: the 429 is the answer', async () => {
    const { scoringUri, authorization } = await scoringTarget();
    emu.control.addFault({ route: 'scoring.score', status: 429, retryAfterSeconds: 30 });
    const reply = await scoreDeployment({
      scoringUri,
      authorization,
      deployment: 'blue',
      body: '{}',
      timeoutMs: 2_000,
    });
    expect(reply.status).toBe(429);
    expect(reply.attempts).toHaveLength(1);
    expect(checkResponse(undefined, reply.status, reply.text)).toEqual([
      'HTTP status 429, expected 2xx',
    ]);
  });

  test('an endpoint nobody answers at fails after the timeout, naming it', async () => {
    await expect(
      scoreDeployment({
        scoringUri: 'https://127.0.0.1:1/online/x/score',
        authorization: 'Bearer x',
        deployment: 'blue',
        body: '{}',
        timeoutMs: 300,
      }),
    ).rejects.toThrow(
      /^Scoring deployment blue at https:\/\/127\.0\.0\.1:1\/online\/x\/score got no answer within 300 ms/,
    );
  });
});
