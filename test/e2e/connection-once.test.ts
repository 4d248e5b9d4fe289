/**
 * The connection set once for the job (the environment variables azure/login uses, or a
 * workspace config.json), not repeated in every step: a bundled step with no connection inputs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  errorsOf,
  jobYaml,
  runMainStep,
  startE2eEmulator,
  trainStep,
  uniqueName,
} from './support.ts';

const CONNECTION = ['subscription-id', 'resource-group', 'workspace', 'client-id', 'tenant-id'];
let emu: Emulator;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-connection-'));
beforeAll(async () => {
  emu = await startE2eEmulator();
});
afterAll(async () => {
  await emu.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** train-and-poll with the connection inputs left out of `with:`. */
function stepWithout(env: Record<string, string>, inputs: Record<string, string> = {}) {
  const step = trainStep(emu, { env, inputs: { job: jobYaml(uniqueName('once')), ...inputs } });
  for (const name of CONNECTION) delete step.inputs?.[name];
  return step;
}

test('the job-level environment variables connect a step that names none', async () => {
  const main = await runMainStep(
    stepWithout({
      AZURE_SUBSCRIPTION_ID: emu.subscriptionId,
      AZUREML_RESOURCE_GROUP: emu.resourceGroup,
      AZUREML_WORKSPACE: emu.workspace,
      AZURE_CLIENT_ID: emu.clientId,
      AZURE_TENANT_ID: emu.tenantId,
    }),
  );
  expect(errorsOf(main)).toEqual([]);
  expect(main.exitCode).toBe(0);
  expect(main.outputs.status).toBe('Completed');
});

test("a workspace config.json names the workspace; the job's variables sign in", async () => {
  const config = path.join(tmp, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      subscription_id: emu.subscriptionId,
      resource_group: emu.resourceGroup,
      workspace_name: emu.workspace,
    }),
  );
  const main = await runMainStep(
    stepWithout(
      { AZURE_CLIENT_ID: emu.clientId, AZURE_TENANT_ID: emu.tenantId },
      { 'workspace-config': config },
    ),
  );
  expect(errorsOf(main)).toEqual([]);
  expect(main.outputs.status).toBe('Completed');
});

test('with neither, the step fails naming where the value may come from, and calls nothing', async () => {
  emu.control.resetStats();
  const main = await runMainStep(stepWithout({}));
  expect(main.exitCode).toBe(1);
  expect(errorsOf(main)[0]).toContain(
    '- workspace: expected text (required; or set `workspace_name` in `workspace-config` or `AZUREML_WORKSPACE`), got nothing',
  );
  expect(emu.control.stats().requests).toEqual([]);
});
