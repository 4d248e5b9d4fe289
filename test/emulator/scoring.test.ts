import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armClient, armToken, manualRealClock, raw, startTrustedEmulator } from './support.ts';
import {
  deploymentBody,
  endpointBody,
  endpointPath,
  online,
  registerModel,
  score,
  waitForOperation,
} from './online-support.ts';

/**
 * Every test gets a fresh emulator with a seeded random source and a manual real clock: routing
 * and error rates repeat exactly, latencies are exact and cost no time, and emulated time stands
 * still (operations take 0 s, so nothing here waits on provisioning).
 */
const SEED = 20240601;
/** What seed SEED routes: 400 requests at 90/10, and 60 mirrored at 50 %. */
const ROUTED_90_10 = { blue: 359, green: 41 };
const MIRRORED_OF_60 = 30;

/** Puts a 50 % mirror of score-ep's traffic on green (2024-04-01: the body with mirrorTraffic). */
async function mirrorHalfToGreen(em: Emulator): Promise<void> {
  const token = await armToken(em);
  const put = await raw(em, 'PUT', `${endpointPath(em, 'score-ep')}?api-version=2024-04-01`, {
    token,
    body: endpointBody({ traffic: { blue: 100, green: 0 }, mirrorTraffic: { green: 50 } }),
  });
  expect(put.status).toBe(200);
  await waitForOperation(em, token, put);
}

describe('scoring URIs route by traffic or header and answer per deployment behaviour', () => {
  let em: Emulator;
  let sdk: ReturnType<typeof armClient>;
  let ops: ReturnType<typeof online>;
  let key: string;
  let modelV1: string;
  let modelV2: string;
  const bearer = () => `Bearer ${key}`;

  beforeEach(async () => {
    em = await startTrustedEmulator({
      seed: SEED,
      realClock: manualRealClock(),
      endpointProvisioningSeconds: 0,
      defaultDeployment: { provisioningSeconds: 0 },
    });
    sdk = armClient(em);
    ops = online(sdk, em);
    modelV1 = await registerModel(sdk, em, 'churn', '1');
    modelV2 = await registerModel(sdk, em, 'churn', '2');
    await ops.createEndpoint('score-ep');
    await ops.deploy('score-ep', 'blue', deploymentBody(em, modelV1));
    await ops.deploy('score-ep', 'green', deploymentBody(em, modelV2));
    await ops.setTraffic('score-ep', { blue: 100, green: 0 });
    key = (await sdk.onlineEndpoints.listKeys(em.resourceGroup, em.workspace, 'score-ep'))
      .primaryKey as string;
  });
  afterEach(() => em.stop());

  test('no key or a wrong key is a 401; either endpoint key is accepted', async () => {
    expect((await score(em, 'score-ep')).status).toBe(401);
    expect((await score(em, 'score-ep', { authorization: 'Bearer not-the-key' })).status).toBe(401);
    const keys = await sdk.onlineEndpoints.listKeys(em.resourceGroup, em.workspace, 'score-ep');
    for (const k of [keys.primaryKey, keys.secondaryKey]) {
      expect((await score(em, 'score-ep', { authorization: `Bearer ${k}` })).status).toBe(200);
    }
  });

  test('the azureml-model-deployment header reaches a deployment at 0 % traffic', async () => {
    const direct = await score(em, 'score-ep', { authorization: bearer(), deployment: 'green' });
    expect(direct).toEqual({
      status: 200,
      deployment: 'green',
      body: { deployment: 'green', model: 'azureml:churn:2', predictions: [0] },
    });
    for (let i = 0; i < 20; i++) {
      expect((await score(em, 'score-ep', { authorization: bearer() })).deployment).toBe('blue');
    }
  });

  test('a header naming a missing or failed deployment is a 404; no live traffic is a 503', async () => {
    const missing = await score(em, 'score-ep', { authorization: bearer(), deployment: 'purple' });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: expect.stringContaining("Deployment 'purple'") });

    em.control.setDeploymentBehaviour('score-ep/broken', { provisioning: 'fail' });
    await expect(ops.deploy('score-ep', 'broken', deploymentBody(em, modelV1))).rejects.toThrow();
    const failed = await score(em, 'score-ep', { authorization: bearer(), deployment: 'broken' });
    expect(failed.status).toBe(404);

    await ops.createEndpoint('idle-ep');
    await ops.deploy('idle-ep', 'blue', deploymentBody(em, modelV1));
    const idleKey = await sdk.onlineEndpoints.listKeys(em.resourceGroup, em.workspace, 'idle-ep');
    const idle = await score(em, 'idle-ep', { authorization: `Bearer ${idleKey.primaryKey}` });
    expect(idle.status).toBe(503);
    expect(idle.body).toEqual({
      error: expect.stringContaining('No valid deployments to route to'),
    });
  });

  test('weighted routing follows 90/10 over many requests, the same way for the same seed', async () => {
    await ops.setTraffic('score-ep', { blue: 90, green: 10 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const { deployment } = await score(em, 'score-ep', { authorization: bearer() });
      counts[deployment ?? 'none'] = (counts[deployment ?? 'none'] ?? 0) + 1;
    }
    // Expected 360/40; the seed fixes the draw.
    expect(counts).toEqual(ROUTED_90_10);
    expect(counts.blue).toBeGreaterThan(320);
    expect(counts.green).toBeGreaterThan(10);
    expect((counts.blue ?? 0) + (counts.green ?? 0)).toBe(400);
  });

  test('status, body and errorRate steer the replies, read at request time', async () => {
    const viaGreen = () => score(em, 'score-ep', { authorization: bearer(), deployment: 'green' });
    em.control.setDeploymentBehaviour('green', { scoring: { status: 503, body: { busy: true } } });
    expect(await viaGreen()).toMatchObject({ status: 503, body: { busy: true } });

    em.control.setDeploymentBehaviour('green', { scoring: { errorRate: 1 } });
    const failing = await viaGreen();
    expect(failing.status).toBe(500);
    expect(failing.body).toEqual({ error: expect.stringContaining('scoring script') });

    em.control.setDeploymentBehaviour('green', { scoring: { errorRate: 0 } });
    expect((await viaGreen()).status).toBe(200);
  });

  test('metrics per deployment: requests, errors, counts per status and latency percentiles', async () => {
    await ops.createEndpoint('metrics-ep');
    await ops.deploy('metrics-ep', 'blue', deploymentBody(em, modelV1));
    await ops.setTraffic('metrics-ep', { blue: 100 });
    const k = await sdk.onlineEndpoints.listKeys(em.resourceGroup, em.workspace, 'metrics-ep');
    const auth = { authorization: `Bearer ${k.primaryKey}` };
    expect(em.control.deploymentMetrics('metrics-ep', 'blue')).toMatchObject({
      requests: 0,
      latencyMs: { p50: 0, max: 0 },
    });

    em.control.setDeploymentBehaviour('metrics-ep/blue', { scoring: { latencyMs: 20 } });
    for (let i = 0; i < 6; i++) await score(em, 'metrics-ep', auth);
    em.control.setDeploymentBehaviour('metrics-ep/blue', { scoring: { errorRate: 1 } });
    for (let i = 0; i < 3; i++) await score(em, 'metrics-ep', auth);
    await score(em, 'metrics-ep'); // 401: never reached the deployment

    const metrics = em.control.deploymentMetrics('metrics-ep', 'blue');
    expect(metrics).toMatchObject({ requests: 9, errors: 3, byStatus: { 200: 6, 500: 3 } });
    const { p50, p90, p95, p99, max } = metrics?.latencyMs ?? {
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
      max: 0,
    };
    expect(p50).toBeGreaterThanOrEqual(15); // the 20 ms the behaviour asked for, as measured
    expect([p50, p90, p95, p99, max]).toEqual([p50, p90, p95, p99, max].sort((a, b) => a - b));
    // On the manual real clock the measure is exact: six replies of 20 ms, three 500s of 0 ms.
    expect(metrics?.latencyMs).toEqual({ p50: 20, p90: 20, p95: 20, p99: 20, max: 20 });

    const overHttp = await raw(
      em,
      'GET',
      '/_emulator/endpoints/metrics-ep/deployments/blue/metrics',
    );
    expect(overHttp.body).toEqual(metrics);
    expect(em.control.deploymentMetrics('metrics-ep', 'nope')).toBeUndefined();
  });

  test('mirrored traffic reaches the mirror deployment, never the client', async () => {
    await mirrorHalfToGreen(em);
    const before = em.control.deploymentMetrics('score-ep', 'green')?.requests ?? 0;
    for (let i = 0; i < 60; i++) {
      expect((await score(em, 'score-ep', { authorization: bearer() })).deployment).toBe('blue');
    }
    const mirrored = (em.control.deploymentMetrics('score-ep', 'green')?.requests ?? 0) - before;
    expect(mirrored).toBe(MIRRORED_OF_60); // 50 % of 60, as the seed draws it
    expect(mirrored).toBeGreaterThan(5);
    expect(mirrored).toBeLessThan(55);
  });

  test('an AMLToken endpoint accepts the token from getToken and nothing else', async () => {
    await ops.createEndpoint('token-ep', endpointBody({ authMode: 'AMLToken' }));
    await ops.deploy('token-ep', 'blue', deploymentBody(em, modelV1));
    await ops.setTraffic('token-ep', { blue: 100 });
    const { accessToken } = await sdk.onlineEndpoints.getToken(
      em.resourceGroup,
      em.workspace,
      'token-ep',
    );
    const ok = await score(em, 'token-ep', { authorization: `Bearer ${accessToken}` });
    expect(ok).toMatchObject({ status: 200, deployment: 'blue' });
    expect((await score(em, 'token-ep', { authorization: bearer() })).status).toBe(401);
  });

  test('every scoring request is counted; the HTTP control API steers and shows endpoints', async () => {
    await mirrorHalfToGreen(em);
    const before = em.control.stats().scoringRequests;
    await score(em, 'score-ep');
    expect(em.control.stats().scoringRequests).toBe(before + 1);

    const steer = await raw(em, 'PUT', '/_emulator/deployment-behaviour', {
      body: { match: 'score-ep/blue', behaviour: { scoring: { body: { over: 'http' } } } },
    });
    expect(steer.status).toBe(204);
    expect((await score(em, 'score-ep', { authorization: bearer() })).body).toEqual({
      over: 'http',
    });
    const bad = await raw(em, 'PUT', '/_emulator/deployment-behaviour', {
      body: { behaviour: { scoring: { errorRate: 2 } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { message: expect.stringContaining('scoring.errorRate: expected a fraction 0..1') },
    });

    const view = await raw(em, 'GET', '/_emulator/endpoints/score-ep');
    expect(view.body).toMatchObject({
      name: 'score-ep',
      authMode: 'Key',
      traffic: { blue: 100, green: 0 },
      mirrorTraffic: { green: 50 },
      scoringUri: `${em.url}/online/score-ep/score`,
    });
    expect((await raw(em, 'GET', '/_emulator/endpoints/nope')).status).toBe(404);
  });
});
