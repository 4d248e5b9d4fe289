import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, startTrustedEmulator } from '../emulator/support.ts';
import { loadSpec, type Spec } from './spec.ts';
import {
  expectConforms,
  haveSpecs,
  readExample,
  replayer,
  skipReason,
  specDir,
} from './harness.ts';

describe.skipIf(!haveSpecs)(`datastore routes match Microsoft's examples${skipReason}`, () => {
  let em: Emulator;
  let spec: Spec;
  let token: string;

  beforeAll(async () => {
    spec = loadSpec(specDir);
    em = await startTrustedEmulator();
    token = await armToken(em);
  });
  afterAll(() => em?.stop());

  const replay = (operationId: string, file: string, name = 'workspaceblobstore') =>
    replayer(em, spec, () => token)(operationId, readExample(file), { values: { name } });

  test('Datastores_Get, _List and _ListSecrets (Datastore/*.json)', async () => {
    const storage = await em.blobStorage();
    const get = await replay('Datastores_Get', 'Datastore/get.json');
    expect(get.status).toBe(200);
    expectConforms(spec, 'Datastores_Get', get, readExample('Datastore/get.json'));
    expect(get.body).toMatchObject({
      name: 'workspaceblobstore',
      properties: {
        datastoreType: 'AzureBlob',
        isDefault: true,
        accountName: storage.accountName,
        containerName: storage.containerName,
        credentials: { credentialsType: 'AccountKey' },
      },
    });

    const list = await replay('Datastores_List', 'Datastore/list.json');
    expect(list.status).toBe(200);
    expectConforms(spec, 'Datastores_List', list, readExample('Datastore/list.json'));

    const secrets = await replay('Datastores_ListSecrets', 'Datastore/listSecrets.json');
    expect(secrets.status).toBe(200);
    expectConforms(
      spec,
      'Datastores_ListSecrets',
      secrets,
      readExample('Datastore/listSecrets.json'),
    );
    expect(secrets.body).toEqual({ secretsType: 'AccountKey', key: storage.accountKey });
  });

  test('a datastore the workspace does not have is a 404 in the ARM error shape', async () => {
    const missing = await replay('Datastores_Get', 'Datastore/get.json', 'no-such-store');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      error: { code: 'UserError', message: expect.stringContaining("'no-such-store'") },
    });
  });
});
