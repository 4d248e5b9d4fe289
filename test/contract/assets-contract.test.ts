import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, startTrustedEmulator, type RawResponse } from '../emulator/support.ts';
import { loadSpec, type Spec } from './spec.ts';
import {
  expectConforms as conforms,
  haveSpecs,
  readExample,
  replayer,
  skipReason,
  specDir,
  type Example,
} from './harness.ts';

describe.skipIf(!haveSpecs)(
  `model, code and environment routes match Microsoft's examples${skipReason}`,
  () => {
    let em: Emulator;
    let spec: Spec;
    let token: string;

    beforeAll(async () => {
      spec = loadSpec(specDir);
      em = await startTrustedEmulator();
      token = await armToken(em);
    });
    afterAll(() => em?.stop());

    /** Replays an example with its own name and version (or `values`) in the seeded workspace. */
    const replay = (
      operationId: string,
      example: Example,
      options: { values?: Record<string, string>; body?: unknown } = {},
    ): Promise<RawResponse> => {
      const { name, version } = example.parameters as { name?: string; version?: string };
      return replayer(em, spec, () => token)(operationId, example, {
        values: { ...(name && { name }), ...(version && { version }), ...options.values },
        body: options.body,
      });
    };
    const bodyOf = (example: Example): unknown => (example.parameters as { body: unknown }).body;
    const expectConforms = (operationId: string, response: RawResponse, example: Example): void =>
      conforms(spec, operationId, response, example);

    test('ModelContainers_CreateOrUpdate, _Get, _List, _Delete (ModelContainer/*.json)', async () => {
      const put = readExample('ModelContainer/createOrUpdate.json');
      const created = await replay('ModelContainers_CreateOrUpdate', put, { body: bodyOf(put) });
      expect(created.status).toBe(201);
      expectConforms('ModelContainers_CreateOrUpdate', created, put);
      const replayed = await replay('ModelContainers_CreateOrUpdate', put, { body: bodyOf(put) });
      expect(replayed.status).toBe(200);
      expectConforms('ModelContainers_CreateOrUpdate', replayed, put);

      const get = readExample('ModelContainer/get.json');
      const read = await replay('ModelContainers_Get', get);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ name: 'testContainer', properties: { nextVersion: '1' } });
      expectConforms('ModelContainers_Get', read, get);

      const list = readExample('ModelContainer/list.json');
      const listed = await replay('ModelContainers_List', list);
      expect((listed.body as { value: unknown[] }).value).toHaveLength(1);
      expectConforms('ModelContainers_List', listed, list);

      const del = readExample('ModelContainer/delete.json');
      const deleted = await replay('ModelContainers_Delete', del);
      expect(deleted.status).toBe(200);
      expectConforms('ModelContainers_Delete', deleted, del);
      const again = await replay('ModelContainers_Delete', del);
      expect(again.status).toBe(204);
      expectConforms('ModelContainers_Delete', again, del);
    });

    test('ModelVersions_CreateOrUpdate and _List (ModelVersion/*.json)', async () => {
      const put = readExample('ModelVersion/createOrUpdate.json');
      const created = await replay('ModelVersions_CreateOrUpdate', put, { body: bodyOf(put) });
      expect(created.status).toBe(201);
      expectConforms('ModelVersions_CreateOrUpdate', created, put);
      const replayed = await replay('ModelVersions_CreateOrUpdate', put, { body: bodyOf(put) });
      expect(replayed.status).toBe(200);
      expectConforms('ModelVersions_CreateOrUpdate', replayed, put);

      const list = readExample('ModelVersion/list.json');
      const listed = await replay('ModelVersions_List', list);
      expect((listed.body as { value: unknown[] }).value).toHaveLength(1);
      expectConforms('ModelVersions_List', listed, list);
    });

    test('CodeVersions_CreateOrUpdate, _Get, _List (CodeVersion/*.json)', async () => {
      const put = readExample('CodeVersion/createOrUpdate.json');
      const created = await replay('CodeVersions_CreateOrUpdate', put, { body: bodyOf(put) });
      expect(created.status).toBe(201);
      expectConforms('CodeVersions_CreateOrUpdate', created, put);

      const get = readExample('CodeVersion/get.json');
      const read = await replay('CodeVersions_Get', get);
      expect(read.body).toMatchObject({
        properties: { codeUri: 'https://blobStorage/folderName' },
      });
      expectConforms('CodeVersions_Get', read, get);

      const list = readExample('CodeVersion/list.json');
      expectConforms('CodeVersions_List', await replay('CodeVersions_List', list), list);
    });

    test('EnvironmentVersions_Get (EnvironmentVersion/get.json) on the seeded sklearn-1.5:1', async () => {
      const get = readExample('EnvironmentVersion/get.json');
      const read = await replay('EnvironmentVersions_Get', get, {
        values: { name: 'sklearn-1.5', version: '1' },
      });
      expect(read.status).toBe(200);
      expectConforms('EnvironmentVersions_Get', read, get);
    });

    test('EnvironmentVersions_CreateOrUpdate (EnvironmentVersion/createOrUpdate.json): created, replayed, read back', async () => {
      const put = readExample('EnvironmentVersion/createOrUpdate.json');
      const created = await replay('EnvironmentVersions_CreateOrUpdate', put, {
        body: bodyOf(put),
      });
      expect(created.status).toBe(201);
      expectConforms('EnvironmentVersions_CreateOrUpdate', created, put);
      expect(created.body).toMatchObject({
        name: 'string',
        properties: {
          image: 'docker.io/tensorflow/serving:latest',
          build: { dockerfilePath: 'prod/Dockerfile' },
          isAnonymous: false,
        },
      });
      const replayed = await replay('EnvironmentVersions_CreateOrUpdate', put, {
        body: bodyOf(put),
      });
      expect(replayed.status).toBe(200);
      expectConforms('EnvironmentVersions_CreateOrUpdate', replayed, put);

      const get = readExample('EnvironmentVersion/get.json');
      const read = await replay('EnvironmentVersions_Get', get, {
        values: { name: 'string', version: 'string' },
      });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ properties: { condaFile: 'string' } });
      expectConforms('EnvironmentVersions_Get', read, get);
    });

    test('CodeContainers_CreateOrUpdate (CodeContainer/createOrUpdate.json)', async () => {
      const put = readExample('CodeContainer/createOrUpdate.json');
      const created = await replay('CodeContainers_CreateOrUpdate', put, { body: bodyOf(put) });
      expect(created.status).toBe(201);
      expectConforms('CodeContainers_CreateOrUpdate', created, put);
    });
  },
);
