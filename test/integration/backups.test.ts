/**
 * Endpoint backups through the real SDKs: @azure/arm-machinelearning reads and writes the
 * emulator's endpoint at 2024-04-01, @azure/storage-blob stores the document in real Azurite
 * (workspaceblobstore). Emulated time runs 600x: a deployment operation takes ~150 ms.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  BackupError,
  applyDeployment,
  backupPath,
  ensureEndpoint,
  findRunBackup,
  loadBackup,
  restoreBackup,
  stateSha256,
  takeBackup,
  type MachineLearningClient,
  type WaitOptions,
} from '@mlops-actions/azureml';
import { deploymentBody, registerModel } from '../emulator/online-support.ts';
import { writeEndpoint as writeTo } from '../support/endpoint-write.ts';
import { emulatorClient, recordingLogger, startTrustedEmulator } from './support.ts';

let emu: Emulator;
let client: MachineLearningClient;
let models: { v1: string; v2: string };

const ctx = () => ({ logger: recordingLogger().logger });
const wait = (): WaitOptions => ({
  logger: recordingLogger().logger,
  pollIntervalMs: 20,
  timeoutMs: 20_000,
});
const RESTORE = { pollIntervalMs: 20, timeoutMs: 20_000 };

/** Requests that changed something, in order, as `PUT <route>`. */
const changes = () =>
  emu.control
    .stats()
    .requests.filter((r) => r.method !== 'GET' && r.method !== 'POST' && !r.faulted)
    .map((r) => `${r.method} ${r.path.split('/onlineEndpoints/')[1] ?? r.path}`);

/** An endpoint with blue (model v1) at 100 % and green (v2) mirrored at 20 %. */
async function blueGreen(name: string): Promise<void> {
  await ensureEndpoint(client, { name, authMode: 'Key', tags: { team: 'risk' } }, wait());
  await applyDeployment(client, name, 'blue', deploymentBody(emu, models.v1), wait());
  await applyDeployment(client, name, 'green', deploymentBody(emu, models.v2), wait());
  await writeEndpoint(name, { traffic: { blue: 100, green: 0 }, mirrorTraffic: { green: 20 } });
}

const writeEndpoint = (name: string, change: Parameters<typeof writeTo>[2]) =>
  writeTo(emu, name, change);

async function storedText(endpoint: string, id: string): Promise<string> {
  const storage = await emu.blobStorage();
  return (
    await storage.container().getBlobClient(backupPath(endpoint, id)).downloadToBuffer()
  ).toString();
}

beforeAll(async () => {
  emu = await startTrustedEmulator({ timeScale: 600 });
  client = emulatorClient(emu);
  models = {
    v1: await registerModel(client.sdk, emu, 'churn', '1'),
    v2: await registerModel(client.sdk, emu, 'churn', '2'),
  };
});
afterAll(() => emu?.stop());
afterEach(() => {
  emu.control.clearFaults();
  emu.control.resetStats();
});

describe('takeBackup', () => {
  test('stores the canonical document in workspaceblobstore before it returns, with no key in it', async () => {
    await blueGreen('bk-take');
    emu.control.resetStats();
    const logger = recordingLogger();
    const masked: string[] = [];
    const backup = await takeBackup(
      client,
      { endpointName: 'bk-take', run: { id: '4242', attempt: '1' }, commit: 'abc123' },
      { logger: { ...logger.logger, mask: (v) => masked.push(v) } },
    );

    expect(backup.id).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{12}$/);
    expect(backup.id.endsWith(backup.sha256.slice(0, 12))).toBe(true);
    expect(backup.traffic).toEqual({ blue: 100 });
    expect(backup.mirrorTraffic).toEqual({ green: 20 });
    expect(backup.uri).toBe(
      `azureml://subscriptions/${emu.subscriptionId}/resourcegroups/${emu.resourceGroup}/workspaces/${emu.workspace}/datastores/workspaceblobstore/paths/mlops-actions/backups/bk-take/${backup.id}.json`,
    );
    const text = await storedText('bk-take', backup.id);
    const stored = JSON.parse(text);
    expect(stored).toEqual(backup.document);
    expect(stored).toMatchObject({
      schema: 'mlops-actions/endpoint-backup',
      version: 1,
      endpointName: 'bk-take',
      apiVersions: { endpoint: '2024-04-01', deployments: '2022-10-01' },
      run: { id: '4242', attempt: '1' },
      commit: 'abc123',
      endpoint: { tags: { team: 'risk' }, properties: { authMode: 'Key' } },
    });
    expect(Object.keys(stored.deployments).sort()).toEqual(['blue', 'green']);
    expect(stored.deployments.blue.properties.model).toBe(models.v1);
    // Server-generated and read-only fields are not in the document; sorted keys, canonical bytes.
    expect(text).not.toMatch(
      /"(provisioningState|systemData|scoringUri|swaggerUri|principalId|tenantId)"/,
    );
    expect(Object.keys(stored)).toEqual([...Object.keys(stored)].sort());
    expect(stateSha256(stored)).toBe(backup.sha256);
    // No endpoint key, no storage key.
    const keys = await client.sdk.onlineEndpoints.listKeys(
      emu.resourceGroup,
      emu.workspace,
      'bk-take',
    );
    const storage = await emu.blobStorage();
    for (const secret of [keys.primaryKey, keys.secondaryKey, storage.accountKey]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(logger.entries)).not.toContain(secret);
    }
    expect(masked).toEqual([storage.accountKey]);
    expect(logger.lines.join('\n')).toContain(
      `Backup ${backup.id} of endpoint bk-take stored at ${backup.uri}`,
    );
    // Reading is all a backup does to the endpoint.
    expect(changes()).toEqual([]);
  });

  test('is refused while an unfinished rollout marker is on the endpoint, naming its original backup', async () => {
    await blueGreen('bk-marker');
    const original = await takeBackup(client, { endpointName: 'bk-marker' }, ctx());
    await writeEndpoint('bk-marker', {
      tags: {
        team: 'risk',
        'mlops.rollout': JSON.stringify({ backupId: original.id, state: 'running' }),
      },
    });
    const refused = await takeBackup(client, { endpointName: 'bk-marker' }, ctx()).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as BackupError).message).toContain('unfinished rollout');
    expect((refused as BackupError).message).toContain(
      `original backup is backup ${original.id} (${original.uri})`,
    );

    // packages/rollout's form: the backup named by the sha256 of its state, found in the store.
    await writeEndpoint('bk-marker', {
      tags: {
        'mlops.rollout': 'v=1;run=77.1;stage=2;w=blue:90,green:10;m=;bake=2026-12-02T06:00:00.000Z',
        'mlops.rollout.backup': `sha=${original.sha256};w=blue:100;m=green:20`,
      },
    });
    const named = await takeBackup(client, { endpointName: 'bk-marker' }, ctx()).catch(
      (e: unknown) => e,
    );
    expect((named as Error).message).toContain(`original backup is backup ${original.id}`);

    await writeEndpoint('bk-marker', {
      tags: { 'mlops.rollout': JSON.stringify({ backupId: original.id, state: 'finished' }) },
    });
    await expect(takeBackup(client, { endpointName: 'bk-marker' }, ctx())).resolves.toMatchObject({
      sha256: original.sha256,
    });
  });

  test('a missing endpoint is refused by name', async () => {
    const error = await takeBackup(client, { endpointName: 'bk-none' }, ctx()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'BackupError', input: 'endpoint-name' });
    expect((error as Error).message).toContain('Endpoint bk-none not found');
  });
});

describe('loadBackup and findRunBackup', () => {
  test('by id, by URI, and the latest of a run; the sha256 is checked', async () => {
    await blueGreen('bk-load');
    const first = await takeBackup(client, { endpointName: 'bk-load', run: { id: '100' } }, ctx());
    await writeEndpoint('bk-load', { traffic: { blue: 50, green: 50 }, mirrorTraffic: {} });
    const second = await takeBackup(
      client,
      { endpointName: 'bk-load', run: { id: '100', attempt: '2' } },
      ctx(),
    );
    const other = await takeBackup(client, { endpointName: 'bk-load', run: { id: '200' } }, ctx());

    expect(
      (await loadBackup(client, { endpointName: 'bk-load', backupId: first.id }, ctx())).document,
    ).toEqual(first.document);
    expect(await loadBackup(client, { endpointName: 'bk-load', uri: second.uri }, ctx())).toEqual(
      second,
    );
    expect(
      (await findRunBackup(client, { endpointName: 'bk-load', runId: '100' }, ctx()))?.id,
    ).toBe(second.id);
    expect(
      (await findRunBackup(client, { endpointName: 'bk-load', runId: '200' }, ctx()))?.id,
    ).toBe(other.id);
    expect(
      await findRunBackup(client, { endpointName: 'bk-load', runId: '300' }, ctx()),
    ).toBeUndefined();
  });

  test('a backup id that does not exist, a tampered document, another endpoint: each refused by name', async () => {
    await blueGreen('bk-bad');
    const backup = await takeBackup(client, { endpointName: 'bk-bad' }, ctx());
    const missing = '20200101T000000000Z-000000000000';
    const notFound = await loadBackup(
      client,
      { endpointName: 'bk-bad', backupId: missing },
      ctx(),
    ).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ name: 'BackupError', input: 'backup-id' });
    expect((notFound as Error).message).toBe(
      `Backup ${missing} of endpoint bk-bad not found (no ${backup.uri.replace(backup.id, missing)})`,
    );

    const badId = await loadBackup(
      client,
      { endpointName: 'bk-bad', backupId: '../x' },
      ctx(),
    ).catch((e: unknown) => e);
    expect((badId as Error).message).toContain('Backup id "../x": expected a backup id');

    const wrongEndpoint = await loadBackup(
      client,
      { endpointName: 'bk-load', uri: backup.uri },
      ctx(),
    ).catch((e: unknown) => e);
    expect((wrongEndpoint as Error).message).toContain(
      'is a backup of endpoint bk-bad, not bk-load',
    );

    const storage = await emu.blobStorage();
    const blob = storage.container().getBlockBlobClient(backupPath('bk-bad', backup.id));
    const tampered = (await storedText('bk-bad', backup.id)).replace(
      '"blue": 100',
      '"blue": 0, "green": 100',
    );
    await blob.upload(tampered, Buffer.byteLength(tampered));
    emu.control.resetStats();
    const refused = await loadBackup(
      client,
      { endpointName: 'bk-bad', backupId: backup.id },
      ctx(),
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'BackupError', input: 'backup-id' });
    expect((refused as Error).message).toMatch(
      new RegExp(
        `^Backup ${backup.id} of endpoint bk-bad cannot be used: its content hashes to sha256 [0-9a-f]{64}, not the ${backup.sha256} it records$`,
      ),
    );
    expect(changes()).toEqual([]);
  });
});

describe('restoreBackup', () => {
  test('take -> change the endpoint -> restore -> verified equal; a second restore writes nothing', async () => {
    await blueGreen('bk-restore');
    const backup = await takeBackup(client, { endpointName: 'bk-restore' }, ctx());
    await writeEndpoint('bk-restore', {
      traffic: { blue: 0, green: 100 },
      mirrorTraffic: {},
      tags: { team: 'ml' },
    });
    await applyDeployment(
      client,
      'bk-restore',
      'blue',
      deploymentBody(emu, models.v1, { instanceType: 'Standard_DS3_v2' }),
      wait(),
    );
    const scaled = { ...deploymentBody(emu, models.v1), sku: { name: 'Default', capacity: 3 } };
    await applyDeployment(client, 'bk-restore', 'blue', scaled, wait());
    emu.control.resetStats();

    const log = recordingLogger();
    const { report, failure } = await restoreBackup(
      client,
      backup,
      { logger: log.logger },
      RESTORE,
    );

    expect(failure).toBeUndefined();
    expect(report).toMatchObject({
      backupId: backup.id,
      restored: ['blue'],
      recreated: [],
      trafficWritten: true,
      verified: true,
      liveSha256: backup.sha256,
      trafficAfter: { blue: 100 },
      mirrorTrafficAfter: { green: 20 },
    });
    expect(report?.differences.map((d) => d.path)).toEqual([
      'traffic.blue',
      'traffic.green',
      'mirrorTraffic.green',
      'deployments.blue.sku.capacity',
    ]);
    const view = emu.control.endpoint('bk-restore');
    expect(view).toMatchObject({
      traffic: { blue: 100 },
      mirrorTraffic: { green: 20 },
      tags: { team: 'ml' },
    });
    expect(view?.deployments.find((d) => d.name === 'blue')?.instanceCount).toBe(1);
    // The deployment first, then exactly one endpoint write.
    expect(changes()).toEqual(['PUT bk-restore/deployments/blue', 'PUT bk-restore']);

    emu.control.resetStats();
    const again = await restoreBackup(client, backup, ctx(), RESTORE);
    expect(again.failure).toBeUndefined();
    expect(again.report).toMatchObject({ unchanged: true, verified: true, trafficWritten: false });
    expect(changes()).toEqual([]);
  });

  test('a deleted deployment is created again before traffic moves to it', async () => {
    await blueGreen('bk-deleted');
    const backup = await takeBackup(client, { endpointName: 'bk-deleted' }, ctx());
    await writeEndpoint('bk-deleted', { traffic: { green: 100 }, mirrorTraffic: {} });
    await client.sdk.onlineDeployments.beginDeleteAndWait(
      emu.resourceGroup,
      emu.workspace,
      'bk-deleted',
      'blue',
      {
        updateIntervalInMs: 10,
      },
    );
    expect(emu.control.endpoint('bk-deleted')?.deployments.map((d) => d.name)).toEqual(['green']);
    emu.control.resetStats();

    const { report, failure } = await restoreBackup(client, backup, ctx(), RESTORE);

    expect(failure).toBeUndefined();
    expect(report).toMatchObject({ recreated: ['blue'], restored: [], verified: true });
    expect(changes()).toEqual(['PUT bk-deleted/deployments/blue', 'PUT bk-deleted']);
    expect(emu.control.endpoint('bk-deleted')).toMatchObject({
      traffic: { blue: 100 },
      mirrorTraffic: { green: 20 },
    });
  });

  test('a rollout from this backup has its marker removed by the restoring write; a newer deployment stays, without traffic', async () => {
    await blueGreen('bk-rolled');
    const backup = await takeBackup(client, { endpointName: 'bk-rolled' }, ctx());
    await applyDeployment(client, 'bk-rolled', 'canary', deploymentBody(emu, models.v2), wait());
    await writeEndpoint('bk-rolled', {
      traffic: { blue: 75, canary: 25 },
      mirrorTraffic: {},
      tags: {
        team: 'risk',
        'mlops.rollout': JSON.stringify({ backupId: backup.id, state: 'running' }),
      },
    });
    emu.control.resetStats();

    const { report, failure } = await restoreBackup(client, backup, ctx(), RESTORE);

    expect(failure).toBeUndefined();
    expect(report).toMatchObject({ verified: true, otherDeployments: ['canary'] });
    expect(changes()).toEqual(['PUT bk-rolled']);
    expect(emu.control.endpoint('bk-rolled')).toMatchObject({
      traffic: { blue: 100 },
      mirrorTraffic: { green: 20 },
      tags: { team: 'risk' },
    });
  });
});
