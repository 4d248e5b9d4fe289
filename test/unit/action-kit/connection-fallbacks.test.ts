import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { azureInputs, defineAction, readInputs } from '@mlops-actions/action-kit';
import { useFakeRunner } from './fake-runner.ts';

useFakeRunner();

const connection = defineAction({ name: 'connect', description: '', inputs: azureInputs });
const SUB_A = '00000000-0000-0000-0000-00000000000a';
const SUB_B = '00000000-0000-0000-0000-00000000000b';
const tmp = mkdtempSync(path.join(tmpdir(), 'workspace-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

const JOB_ENV = {
  AZURE_SUBSCRIPTION_ID: SUB_A,
  AZUREML_RESOURCE_GROUP: 'rg-env',
  AZUREML_WORKSPACE: 'mlw-env',
  AZURE_CLIENT_ID: 'client-env',
  AZURE_TENANT_ID: 'tenant-env',
};

describe('the connection set once per job', () => {
  test('inputs left empty come from the environment variables azure/login uses', async () => {
    const inputs = await readInputs(connection, JOB_ENV);
    expect(inputs).toMatchObject({
      'subscription-id': SUB_A,
      'resource-group': 'rg-env',
      workspace: 'mlw-env',
      'client-id': 'client-env',
      'tenant-id': 'tenant-env',
    });
  });

  test('an input still wins over the environment', async () => {
    const inputs = await readInputs(connection, {
      ...JOB_ENV,
      'INPUT_SUBSCRIPTION-ID': SUB_B,
      'INPUT_RESOURCE-GROUP': 'rg-step',
    });
    expect(inputs).toMatchObject({ 'subscription-id': SUB_B, 'resource-group': 'rg-step' });
  });

  test("a workspace-config file fills what the step leaves empty, before the job's variables", async () => {
    const file = configFile(
      'config.json',
      JSON.stringify({
        subscription_id: SUB_B,
        resource_group: 'rg-file',
        workspace_name: 'mlw-file',
      }),
    );
    const inputs = await readInputs(connection, {
      ...JOB_ENV,
      'INPUT_WORKSPACE-CONFIG': file,
      INPUT_WORKSPACE: 'mlw-step',
    });
    expect(inputs).toMatchObject({
      'subscription-id': SUB_B,
      'resource-group': 'rg-file',
      workspace: 'mlw-step',
      'client-id': 'client-env',
    });
  });

  test('a bad value says which source it came from', async () => {
    await expect(
      readInputs(connection, { ...JOB_ENV, AZURE_SUBSCRIPTION_ID: 'sub-1' }),
    ).rejects.toThrow(
      'Invalid input: subscription-id: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "sub-1" (from AZURE_SUBSCRIPTION_ID)',
    );
    const file = configFile('bad-sub.json', JSON.stringify({ subscription_id: 'nope' }));
    await expect(
      readInputs(connection, { ...JOB_ENV, 'INPUT_WORKSPACE-CONFIG': file }),
    ).rejects.toThrow(`got "nope" (from subscription_id in ${file})`);
  });

  test('a missing value names every place it may come from', async () => {
    await expect(readInputs(connection, {})).rejects.toThrow(
      '- subscription-id: expected a GUID such as 00000000-0000-0000-0000-000000000000 (required; or set `subscription_id` in `workspace-config` or `AZURE_SUBSCRIPTION_ID`), got nothing',
    );
  });

  test('a workspace-config that cannot be read or is not JSON is named', async () => {
    await expect(
      readInputs(connection, { ...JOB_ENV, 'INPUT_WORKSPACE-CONFIG': path.join(tmp, 'none.json') }),
    ).rejects.toThrow(
      /workspace-config: expected an Azure ML config\.json .*none\.json" \(no such file\)/,
    );
    const file = configFile('broken.json', '{"subscription_id": ');
    await expect(
      readInputs(connection, { ...JOB_ENV, 'INPUT_WORKSPACE-CONFIG': file }),
    ).rejects.toThrow(
      /workspace-config: expected an Azure ML config\.json .*broken\.json" \(not JSON: /,
    );
  });
});
