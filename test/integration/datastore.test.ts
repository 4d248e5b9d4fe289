/**
 * The workspace's blob datastore through the real SDKs: @azure/arm-machinelearning reads the
 * datastore and its key from the emulator, @azure/storage-blob writes to real Azurite.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  accountUrl,
  datastoreUri,
  openDatastore,
  parseDatastoreUri,
  WORKSPACE_BLOBSTORE,
  type MachineLearningClient,
} from '@mlops-actions/azureml';
import { emulatorClient, recordingLogger, startTrustedEmulator } from './support.ts';

let emu: Emulator;
let client: MachineLearningClient;

beforeAll(async () => {
  emu = await startTrustedEmulator();
  client = emulatorClient(emu);
});
afterAll(() => emu?.stop());

describe('openDatastore', () => {
  test('writes through the datastore credentials to the container Azurite holds, and masks the key', async () => {
    const log = recordingLogger();
    const masked: string[] = [];
    const store = await openDatastore(client, WORKSPACE_BLOBSTORE, {
      logger: { ...log.logger, mask: (value) => masked.push(value) },
    });
    await store.container.getBlockBlobClient('mlops-actions/probe/a b.txt').upload('hello', 5);

    const storage = await emu.blobStorage();
    const read = await storage
      .container()
      .getBlobClient('mlops-actions/probe/a b.txt')
      .downloadToBuffer();
    expect(read.toString()).toBe('hello');
    expect(store.blobUrl('mlops-actions/probe/a b.txt')).toBe(
      `${storage.blobEndpoint}/${storage.accountName}/${storage.containerName}/mlops-actions/probe/a%20b.txt`,
    );
    expect(masked).toEqual([storage.accountKey]);
    expect(JSON.stringify(log.entries)).not.toContain(storage.accountKey);
  });

  test('a datastore the workspace does not have fails naming it, before any storage call', async () => {
    await expect(
      openDatastore(client, 'no-such-store', { logger: recordingLogger().logger }),
    ).rejects.toThrow(/no-such-store/);
  });
});

describe('datastore URLs and URIs', () => {
  test('a public account is host-style, a local (IP or localhost) one path-style', () => {
    expect(
      accountUrl({ accountName: 'st1', endpoint: 'core.windows.net', protocol: 'https' }),
    ).toBe('https://st1.blob.core.windows.net');
    expect(accountUrl({ accountName: 'st1', endpoint: '127.0.0.1:10000', protocol: 'https' })).toBe(
      'https://127.0.0.1:10000/st1',
    );
    expect(accountUrl({ accountName: 'st1', endpoint: 'localhost:10000', protocol: 'http' })).toBe(
      'http://localhost:10000/st1',
    );
  });

  test('azureml:// datastore URIs round-trip in both forms', () => {
    const workspace = { subscriptionId: 's1', resourceGroup: 'rg', workspace: 'ws' };
    const long = datastoreUri({
      datastore: 'workspaceblobstore',
      path: 'LocalUpload/ab/x/',
      workspace,
    });
    expect(long).toBe(
      'azureml://subscriptions/s1/resourcegroups/rg/workspaces/ws/datastores/workspaceblobstore/paths/LocalUpload/ab/x/',
    );
    expect(parseDatastoreUri(long)).toEqual({
      datastore: 'workspaceblobstore',
      path: 'LocalUpload/ab/x/',
      workspace,
    });
    expect(parseDatastoreUri('azureml://datastores/d/paths/p/q.csv')).toEqual({
      datastore: 'd',
      path: 'p/q.csv',
    });
    expect(parseDatastoreUri('https://x/y')).toBeUndefined();
  });
});
