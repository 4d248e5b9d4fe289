import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armClient, startTrustedEmulator, workspacePath } from './support.ts';

describe('code and environment assets through the real SDK', () => {
  let em: Emulator;
  let sdk: AzureMachineLearningWorkspaces;
  let rg: string;
  let ws: string;

  beforeAll(async () => {
    em = await startTrustedEmulator();
    sdk = armClient(em);
    rg = em.resourceGroup;
    ws = em.workspace;
  });
  afterAll(() => em.stop());

  async function names<T extends { name?: string }>(pages: AsyncIterable<T>): Promise<string[]> {
    const found: string[] = [];
    for await (const item of pages) found.push(item.name ?? '');
    return found;
  }

  test('the workspace starts with the environment and code the examples reference', async () => {
    const env = await sdk.environmentVersions.get(rg, ws, 'sklearn-1.5', '1');
    expect(env.id).toBe(`${workspacePath(em)}/environments/sklearn-1.5/versions/1`);
    expect(env.properties).toMatchObject({
      image: expect.stringContaining('mcr.microsoft.com/azureml/'),
      condaFile: expect.stringContaining('scikit-learn==1.5'),
      environmentType: 'UserCreated',
      osType: 'Linux',
    });
    expect(await names(sdk.environmentVersions.list(rg, ws, 'sklearn-1.5'))).toEqual(['1']);
    const code = await sdk.codeVersions.get(rg, ws, 'churn-src', '1');
    expect(code.properties.codeUri).toMatch(/^https:\/\/.*\/churn-src\/1\/$/);
  });

  test('environment versions list newest first, with $orderBy and $top; the container knows the latest', async () => {
    for (const version of ['1', '2', '3']) {
      await sdk.environmentVersions.createOrUpdate(rg, ws, 'py-env', version, {
        properties: { image: `docker.io/library/python:3.1${version}` },
      });
    }
    expect(await names(sdk.environmentVersions.list(rg, ws, 'py-env'))).toEqual(['3', '2', '1']);
    expect(
      await names(sdk.environmentVersions.list(rg, ws, 'py-env', { orderBy: 'createdtime asc' })),
    ).toEqual(['1', '2', '3']);
    expect(
      await names(
        sdk.environmentVersions.list(rg, ws, 'py-env', { orderBy: 'createdtime desc', top: 1 }),
      ),
    ).toEqual(['3']);
    expect((await sdk.environmentContainers.get(rg, ws, 'py-env')).properties).toMatchObject({
      latestVersion: '3',
      nextVersion: '4',
    });
  });

  test('an environment version needs an image or a build context, and is immutable', async () => {
    await expect(
      sdk.environmentVersions.createOrUpdate(rg, ws, 'no-image', '1', {
        properties: { description: 'nothing to run' },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('properties.image or properties.build.contextUri'),
    });
    const built = await sdk.environmentVersions.createOrUpdate(rg, ws, 'built', '1', {
      properties: { build: { contextUri: 'https://st.blob.core.windows.net/ctx/' } },
    });
    expect(built.properties.build?.contextUri).toBe('https://st.blob.core.windows.net/ctx/');
    await expect(
      sdk.environmentVersions.createOrUpdate(rg, ws, 'built', '1', {
        properties: { image: 'docker.io/library/python:3.12' },
      }),
    ).rejects.toMatchObject({ statusCode: 409, message: expect.stringContaining('image, build') });
  });

  test('a code version: 201, then 200 for the same body, 409 for another codeUri', async () => {
    const statuses: number[] = [];
    const put = (codeUri: string) =>
      sdk.codeVersions.createOrUpdate(
        rg,
        ws,
        'scoring',
        '1',
        { properties: { codeUri } },
        { onResponse: (r) => void statuses.push(r.status) },
      );
    await put('https://st.blob.core.windows.net/code/scoring/');
    await put('https://st.blob.core.windows.net/code/scoring/');
    expect(statuses).toEqual([201, 200]);
    await expect(put('https://st.blob.core.windows.net/code/other/')).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringContaining("Code 'scoring' version '1' already exists"),
    });
    expect(await names(sdk.codeVersions.list(rg, ws, 'scoring'))).toEqual(['1']);
    await expect(sdk.codeVersions.get(rg, ws, 'scoring', '2')).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("Code 'scoring' version '2' was not found"),
    });
    await expect(
      sdk.codeVersions.createOrUpdate(rg, ws, 'scoring', '2', { properties: {} }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('properties.codeUri: expected'),
    });
  });

  test('archived versions are hidden from lists unless asked for', async () => {
    await sdk.environmentVersions.createOrUpdate(rg, ws, 'archiving', '1', {
      properties: { image: 'docker.io/library/python:3.12' },
    });
    await sdk.environmentVersions.createOrUpdate(rg, ws, 'archiving', '2', {
      properties: { image: 'docker.io/library/python:3.13', isArchived: true },
    });
    expect(await names(sdk.environmentVersions.list(rg, ws, 'archiving'))).toEqual(['1']);
    expect(
      await names(sdk.environmentVersions.list(rg, ws, 'archiving', { listViewType: 'All' })),
    ).toEqual(['2', '1']);
  });

  test('lists page with nextLink, keeping the filters', async () => {
    const created = Array.from({ length: 55 }, (_, i) => String(i + 1));
    for (const version of created) {
      await sdk.codeVersions.createOrUpdate(rg, ws, 'many', version, {
        properties: { codeUri: `https://st.blob.core.windows.net/code/many/${version}/` },
      });
    }
    const listed = await names(sdk.codeVersions.list(rg, ws, 'many', { orderBy: 'version asc' }));
    expect(listed).toEqual(created);
    const pages = em.control
      .stats()
      .requests.filter((r) => r.route === 'codes.versions.list' && r.path.includes('/codes/many/'));
    expect(pages).toHaveLength(2);
  });
});
