import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { parseCliArgs } from '../../packages/emulator/src/cli.ts';
import { armClient, armToken, raw, startTrustedEmulator } from './support.ts';
import {
  deploymentBody,
  endpointBody,
  endpointPath,
  FAST_POLL,
  online,
  registerModel,
  waitForOperation,
} from './online-support.ts';

const NEW_API = 'api-version=2024-04-01';
const OLD_API = 'api-version=2022-10-01';

describe('online endpoints and deployments through the real SDK', () => {
  let em: Emulator;
  let sdk: ReturnType<typeof armClient>;
  let ops: ReturnType<typeof online>;
  let token: string;
  let model: string;
  const rg = () => em.resourceGroup;
  const ws = () => em.workspace;

  beforeAll(async () => {
    em = await startTrustedEmulator({ timeScale: 600 });
    sdk = armClient(em);
    ops = online(sdk, em);
    token = await armToken(em);
    model = await registerModel(sdk, em, 'churn');
  });
  afterAll(() => em?.stop());

  test('an endpoint is created and waited for; it reads back Succeeded with its scoring URI', async () => {
    const before = em.control.stats().endpointsCreated;
    const created = await ops.createEndpoint(
      'churn-ep',
      endpointBody({ description: 'churn scoring' }, { tags: { team: 'ml' } }),
    );
    expect(created.properties.provisioningState).toBe('Succeeded');
    const read = await ops.getEndpoint('churn-ep');
    expect(read).toMatchObject({
      name: 'churn-ep',
      location: 'westeurope',
      tags: { team: 'ml' },
      identity: { type: 'SystemAssigned', tenantId: em.tenantId },
      properties: {
        authMode: 'Key',
        description: 'churn scoring',
        traffic: {},
        scoringUri: `${em.url}/online/churn-ep/score`,
        provisioningState: 'Succeeded',
      },
    });
    expect(read.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(em.control.stats().endpointsCreated).toBe(before + 1);

    const names: string[] = [];
    for await (const e of sdk.onlineEndpoints.list(rg(), ws())) names.push(e.name ?? '');
    expect(names).toContain('churn-ep');
  });

  test('a PUT answers 201 with Azure-AsyncOperation, whose operation ends Succeeded', async () => {
    const put = await raw(em, 'PUT', `${endpointPath(em, 'raw-ep')}?${OLD_API}`, {
      token,
      body: endpointBody(),
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ properties: { provisioningState: 'Creating' } });
    expect(put.headers.get('azure-asyncoperation')).toMatch(
      new RegExp(`^${em.url}/_operations/[\\w-]+\\?${OLD_API}$`),
    );
    expect(put.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await waitForOperation(em, token, put)).toMatchObject({
      status: 'Succeeded',
      endTime: expect.any(String),
    });
    const again = await raw(em, 'PUT', `${endpointPath(em, 'raw-ep')}?${OLD_API}`, {
      token,
      body: endpointBody(),
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ properties: { provisioningState: 'Updating' } });
  });

  test('a name that breaks the rule is a 400 naming the rule', async () => {
    await expect(ops.createEndpoint('1-starts-with-digit')).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/3-32 characters, start with a letter.*1-starts-with-digit/),
    });
  });

  test('listKeys works for Key endpoints, getToken for AMLToken ones; both are leak-scanned secrets', async () => {
    const keys = await sdk.onlineEndpoints.listKeys(rg(), ws(), 'churn-ep');
    expect(keys.primaryKey).toMatch(/^[\w-]{40,}$/);
    expect(keys.secondaryKey).not.toBe(keys.primaryKey);
    await expect(sdk.onlineEndpoints.getToken(rg(), ws(), 'churn-ep')).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("authMode 'AMLToken'"),
    });

    await ops.createEndpoint('token-ep', endpointBody({ authMode: 'AMLToken' }));
    const issued = await sdk.onlineEndpoints.getToken(rg(), ws(), 'token-ep');
    expect(issued.tokenType).toBe('Bearer');
    expect(issued.expiryTimeUtc).toBeGreaterThan(issued.refreshAfterTimeUtc ?? Infinity);
    await expect(sdk.onlineEndpoints.listKeys(rg(), ws(), 'token-ep')).rejects.toMatchObject({
      statusCode: 400,
    });
    expect(em.control.stats().issuedSecrets).toEqual(
      expect.arrayContaining([keys.primaryKey, keys.secondaryKey, issued.accessToken]),
    );
  });

  test('a deployment is created and waited for; it names its model and instance count', async () => {
    await ops.createEndpoint('deploy-ep');
    const before = em.control.stats().deploymentsCreated;
    const created = await ops.deploy(
      'deploy-ep',
      'blue',
      deploymentBody(em, model, { instanceType: 'Standard_F2s_v2' }),
    );
    expect(created.properties.provisioningState).toBe('Succeeded');
    const read = await sdk.onlineDeployments.get(rg(), ws(), 'deploy-ep', 'blue');
    expect(read.properties).toMatchObject({ model, instanceType: 'Standard_F2s_v2' });
    expect(read.sku?.capacity).toBe(1);
    expect(em.control.stats().deploymentsCreated).toBe(before + 1);
    expect(em.control.endpoint('deploy-ep')?.deployments).toEqual([
      {
        name: 'blue',
        provisioningState: 'Succeeded',
        model,
        instanceType: 'Standard_F2s_v2',
        instanceCount: 1,
      },
    ]);
  });

  test('a deployment must name an existing model version, environment and endpoint', async () => {
    const missingModel = model.replace(/versions\/1$/, 'versions/99');
    await expect(
      ops.deploy('deploy-ep', 'bad', deploymentBody(em, missingModel)),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("model 'churn' version '99' was not found"),
    });
    await expect(
      ops.deploy('deploy-ep', 'bad', deploymentBody(em, 'azureml:churn:1')),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('properties.model: expected the ARM id of a model version'),
    });
    const noEnvironment = model.replace(
      /models\/churn\/versions\/1$/,
      'environments/nope/versions/1',
    );
    await expect(
      ops.deploy('deploy-ep', 'bad', deploymentBody(em, model, { environmentId: noEnvironment })),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("environment 'nope' version '1' was not found"),
    });
    await expect(ops.deploy('no-such-ep', 'blue', deploymentBody(em, model))).rejects.toMatchObject(
      { statusCode: 404, message: expect.stringContaining('no-such-ep') },
    );
    await expect(
      ops.deploy('deploy-ep', 'bad', {
        ...deploymentBody(em, model),
        sku: { name: 'Default', capacity: 0 },
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('sku.capacity') });
  });

  test('traffic must name existing deployments and sum to 100 (or 0)', async () => {
    await expect(ops.setTraffic('deploy-ep', { blue: 90, green: 10 })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("deployment 'green' does not exist on endpoint 'deploy-ep'"),
    });
    await expect(ops.setTraffic('deploy-ep', { blue: 90 })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('must sum to 100 (or 0 for no live traffic), got 90'),
    });
    const updated = await ops.setTraffic('deploy-ep', { blue: 100 });
    expect(updated.properties.traffic).toEqual({ blue: 100 });
    expect(em.control.endpoint('deploy-ep')?.traffic).toEqual({ blue: 100 });
  });

  test('mirror traffic: one deployment, at most 50 %, never one with live traffic (2024-04-01)', async () => {
    await ops.createEndpoint('mirror-ep');
    await ops.deploy('mirror-ep', 'blue', deploymentBody(em, model));
    await ops.deploy('mirror-ep', 'green', deploymentBody(em, model));
    await ops.deploy('mirror-ep', 'red', deploymentBody(em, model));
    const put = (properties: Record<string, unknown>) =>
      raw(em, 'PUT', `${endpointPath(em, 'mirror-ep')}?${NEW_API}`, {
        token,
        body: endpointBody({ traffic: { blue: 100 }, ...properties }),
      });
    const rejected = [
      [{ mirrorTraffic: { green: 10, red: 10 } }, 'at most one deployment'],
      [{ mirrorTraffic: { green: 60 } }, 'mirrorTraffic.green: expected a whole percentage 0-50'],
      [{ mirrorTraffic: { blue: 10 } }, 'a deployment with live traffic (100%)'],
      [{ mirrorTraffic: { purple: 10 } }, "deployment 'purple' does not exist"],
    ] as const;
    for (const [properties, message] of rejected) {
      const response = await put(properties);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { message: expect.stringContaining(message) } });
    }
  });

  test('a 2024-04-01 PUT keeps mirrorTraffic; a 2022-10-01 (SDK) PUT of the whole endpoint loses it', async () => {
    const put = await raw(em, 'PUT', `${endpointPath(em, 'mirror-ep')}?${NEW_API}`, {
      token,
      body: endpointBody({ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } }),
    });
    expect(put.status).toBe(200);
    expect((await waitForOperation(em, token, put)).status).toBe('Succeeded');
    const readNew = () => raw(em, 'GET', `${endpointPath(em, 'mirror-ep')}?${NEW_API}`, { token });
    expect(await readNew()).toMatchObject({
      body: { properties: { traffic: { blue: 100 }, mirrorTraffic: { green: 10 } } },
    });
    const readOld = await raw(em, 'GET', `${endpointPath(em, 'mirror-ep')}?${OLD_API}`, { token });
    expect(readOld.body).not.toHaveProperty('properties.mirrorTraffic');

    await ops.setTraffic('mirror-ep', { blue: 90, red: 10 });
    expect(await readNew()).toMatchObject({
      body: { properties: { traffic: { blue: 90, red: 10 }, mirrorTraffic: {} } },
    });
    // 2022-10-01 has no such field: even a raw body that carries it does not set it.
    const old = await raw(em, 'PUT', `${endpointPath(em, 'mirror-ep')}?${OLD_API}`, {
      token,
      body: endpointBody({ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } }),
    });
    expect(old.status).toBe(200);
    expect((await readNew()).body).toMatchObject({ properties: { mirrorTraffic: {} } });
  });

  test('a failed provisioning surfaces through the SDK poller; the deployment stays, Failed, with its logs', async () => {
    em.control.setDeploymentBehaviour('deploy-ep/broken', {
      provisioning: 'fail',
      errorCode: 'ImageBuildFailure',
      errorMessage: 'conda env create failed: scikit-learn==9.9 not found',
      logs: ['line 1', 'line 2', 'ERROR: scikit-learn==9.9 not found'],
    });
    await expect(ops.deploy('deploy-ep', 'broken', deploymentBody(em, model))).rejects.toThrow(
      /ImageBuildFailure\. conda env create failed: scikit-learn==9\.9 not found/,
    );
    const read = await sdk.onlineDeployments.get(rg(), ws(), 'deploy-ep', 'broken');
    expect(read.properties.provisioningState).toBe('Failed');
    const listed: string[] = [];
    for await (const d of sdk.onlineDeployments.list(rg(), ws(), 'deploy-ep')) {
      listed.push(`${d.name}:${d.properties.provisioningState}`);
    }
    expect(listed).toEqual(['blue:Succeeded', 'broken:Failed']);

    const logs = await sdk.onlineDeployments.getLogs(rg(), ws(), 'deploy-ep', 'broken', {
      containerType: 'InferenceServer',
      tail: 2,
    });
    expect(logs.content).toBe('line 2\nERROR: scikit-learn==9.9 not found');
  });

  test('a crash without steered logs shows a Python traceback; a healthy one its start-up lines', async () => {
    em.control.setDeploymentBehaviour('crashing', { provisioning: 'fail' });
    await expect(ops.deploy('deploy-ep', 'crashing', deploymentBody(em, model))).rejects.toThrow(
      /ResourceNotReady\. User container has crashed or terminated/,
    );
    const crashed = await sdk.onlineDeployments.getLogs(rg(), ws(), 'deploy-ep', 'crashing', {});
    expect(crashed.content).toContain('Traceback (most recent call last):');
    const healthy = await sdk.onlineDeployments.getLogs(rg(), ws(), 'deploy-ep', 'blue', {});
    expect(healthy.content).toContain('/var/azureml-app/azureml-models/churn/1');
    expect(healthy.content).not.toContain('Traceback');
  });

  test('a deployment with live traffic cannot be deleted; one without can, and its endpoint too', async () => {
    await expect(
      sdk.onlineDeployments.beginDeleteAndWait(rg(), ws(), 'deploy-ep', 'blue', FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('100% traffic') });
    await sdk.onlineDeployments.beginDeleteAndWait(rg(), ws(), 'deploy-ep', 'broken', FAST_POLL);
    await expect(
      sdk.onlineDeployments.get(rg(), ws(), 'deploy-ep', 'broken'),
    ).rejects.toMatchObject({ statusCode: 404 });

    await sdk.onlineEndpoints.beginDeleteAndWait(rg(), ws(), 'deploy-ep', FAST_POLL);
    await expect(ops.getEndpoint('deploy-ep')).rejects.toMatchObject({ statusCode: 404 });
    expect(em.control.endpoint('deploy-ep')).toBeUndefined();
  });

  test('PATCH changes tags and identity only, through 202 + Location', async () => {
    const updated = await sdk.onlineEndpoints.beginUpdateAndWait(
      rg(),
      ws(),
      'churn-ep',
      { tags: { team: 'platform' } },
      FAST_POLL,
    );
    expect(updated.tags).toEqual({ team: 'platform' });
    expect((await ops.getEndpoint('churn-ep')).properties.description).toBe('churn scoring');
  });
});

describe('operations in progress', () => {
  let em: Emulator;
  let token: string;

  beforeAll(async () => {
    // Real time and hour-long operations: nothing finishes while the test looks.
    em = await startTrustedEmulator({
      endpointProvisioningSeconds: 3600,
      defaultDeployment: { provisioningSeconds: 3600 },
    });
    token = await armToken(em);
  });
  afterAll(() => em?.stop());

  test('another PUT, PATCH or DELETE of an endpoint being created is a 409', async () => {
    const path = `${endpointPath(em, 'busy-ep')}?${OLD_API}`;
    expect((await raw(em, 'PUT', path, { token, body: endpointBody() })).status).toBe(201);
    for (const [method, body] of [
      ['PUT', endpointBody()],
      ['PATCH', { tags: {} }],
      ['DELETE', undefined],
    ] as const) {
      const response = await raw(em, method, path, { token, body });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        error: { code: 'Conflict', message: expect.stringContaining('operation in progress') },
      });
    }
    expect(em.control.endpoint('busy-ep')?.provisioningState).toBe('Creating');
  });

  test('the async operation of a running create says InProgress', async () => {
    const put = await raw(em, 'PUT', `${endpointPath(em, 'slow-ep')}?${OLD_API}`, {
      token,
      body: endpointBody(),
    });
    const operation = new URL(put.headers.get('azure-asyncoperation') ?? '');
    const polled = await raw(em, 'GET', operation.pathname + operation.search, { token });
    expect(polled.body).toMatchObject({ status: 'InProgress', startTime: expect.any(String) });
    expect(Number(polled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('another PUT of a deployment being created is a 409', async () => {
    const model = await registerModel(armClient(em), em, 'slow-model');
    const path = `${endpointPath(em, 'slow-ep')}/deployments/blue?${OLD_API}`;
    const body = deploymentBody(em, model);
    expect((await raw(em, 'PUT', path, { token, body })).status).toBe(201);
    const again = await raw(em, 'PUT', path, { token, body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: {
        message: expect.stringContaining("Online deployment 'blue' has an operation in progress"),
      },
    });
  });
});

describe('CLI flags for online endpoints', () => {
  test('set endpoint and deployment provisioning; a bad outcome names the flag', () => {
    expect(
      parseCliArgs([
        '--endpoint-duration',
        '2m',
        '--deployment-duration',
        '10m',
        '--deployment-outcome',
        'fail',
      ]),
    ).toMatchObject({
      emulator: {
        endpointProvisioningSeconds: 120,
        defaultDeployment: { provisioningSeconds: 600, provisioning: 'fail' },
      },
    });
    expect(() => parseCliArgs(['--deployment-outcome', 'crash'])).toThrow(
      "--deployment-outcome: expected succeed or fail, got 'crash'",
    );
  });
});
