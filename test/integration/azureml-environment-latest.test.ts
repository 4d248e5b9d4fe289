/**
 * `azureml:<env>@latest` in a job spec, resolved against the emulator's environment versions
 * through the real SDK, as train-and-poll does just before submitting.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  parseJobSpec,
  resolveLatestEnvironment,
  toJobResource,
  type MachineLearningClient,
} from '@mlops-actions/azureml';
import { emulatorClient, recordingLogger, startTrustedEmulator } from './support.ts';

describe('resolveLatestEnvironment', () => {
  let emu: Emulator;
  let client: MachineLearningClient;
  const { logger, lines } = recordingLogger();

  const jobWith = (environment: string) =>
    toJobResource(
      parseJobSpec(`command: python train.py\nenvironment: ${environment}\ncompute: cpu\n`),
      client.workspace,
    );
  const environmentIdOf = (body: ReturnType<typeof jobWith>): string | undefined =>
    (body.properties as { environmentId?: string }).environmentId;

  beforeAll(async () => {
    emu = await startTrustedEmulator();
    client = emulatorClient(emu);
  });
  afterAll(() => emu.stop());

  test('azureml:sklearn-1.5@latest becomes the newest version registered', async () => {
    const { resourceGroup, workspace } = client.workspace;
    await client.sdk.environmentVersions.createOrUpdate(
      resourceGroup,
      workspace,
      'sklearn-1.5',
      '2',
      {
        properties: { image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20250101' },
      },
    );
    const resolved = await resolveLatestEnvironment(
      client,
      jobWith('azureml:sklearn-1.5@latest'),
      logger,
    );
    expect(environmentIdOf(resolved)).toBe(
      `/subscriptions/${emu.subscriptionId}/resourceGroups/${emu.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${emu.workspace}/environments/sklearn-1.5/versions/2`,
    );
    expect(lines).toContain('Environment sklearn-1.5@latest is version 2.');
  });

  test('a pinned version passes unchanged, without asking the workspace', async () => {
    emu.control.resetStats();
    const body = jobWith('azureml:sklearn-1.5:1');
    expect(await resolveLatestEnvironment(client, body, logger)).toBe(body);
    expect(emu.control.stats().requests).toEqual([]);
  });

  test('an environment with no versions is an error naming it', async () => {
    await expect(
      resolveLatestEnvironment(client, jobWith('azureml:no-such-env@latest'), logger),
    ).rejects.toThrow(/azureml:no-such-env@latest/);
  });
});
