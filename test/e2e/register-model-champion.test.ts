/**
 * register-model champion / challenger, bundled: the new model's metric (from its training
 * job's MLflow run) against the champion's; a missing metric fails the step.
 */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { completedJob, sdkFor } from './register-model-support.ts';
import { actionStep, errorsOf, runMainStep, startE2eEmulator, uniqueName } from './support.ts';

let emu: Emulator;
let sdk: AzureMachineLearningWorkspaces;
beforeAll(async () => {
  emu = await startE2eEmulator();
  sdk = sdkFor(emu);
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

/** Trains a job that logs `metrics`, then registers it as `model` with these extra inputs. */
async function registerTrained(
  model: string,
  metrics: Record<string, number>,
  inputs: Record<string, string> = {},
) {
  const job = await completedJob(emu, sdk, metrics);
  const result = await runMainStep(
    actionStep('register-model', emu, {
      inputs: { 'model-name': model, 'job-name': job, ...inputs },
    }),
  );
  return { job, result };
}

describe('against a model version', () => {
  // Each test its own model and champion, so no test leans on the versions another registered.
  let model = '';
  let champion = '';
  let championJob = '';
  beforeEach(async () => {
    model = uniqueName('churn');
    champion = `azureml:${model}:1`;
    const { job, result } = await registerTrained(model, { accuracy: 0.88, rmse: 0.3 });
    expect(result.outputs['model-id']).toBe(champion);
    championJob = job;
  });

  test('a better model: is-better=true, both metrics out, the table in the summary', async () => {
    const { job, result } = await registerTrained(
      model,
      { accuracy: 0.91 },
      {
        'compare-metric': 'accuracy',
        'compare-with': champion,
      },
    );
    expect(errorsOf(result)).toEqual([]);
    expect(result.outputs).toMatchObject({
      'model-id': `azureml:${model}:2`,
      'is-better': 'true',
      'challenger-metric': '0.91',
      'champion-metric': '0.88',
    });
    expect(result.summary).toContain('#### Champion / challenger');
    expect(result.summary).toContain(
      `| Challenger | azureml:${model}:2 | 0.91 | MLflow run of job ${job} |`,
    );
    expect(result.summary).toContain(
      `| Champion | ${champion} | 0.88 | MLflow run of job ${championJob} |`,
    );
    expect(result.summary).toContain('Higher accuracy is better. **The challenger is better.**');
  });

  test('a worse model: is-better=false, and the step still succeeds', async () => {
    const { result } = await registerTrained(
      model,
      { accuracy: 0.85 },
      {
        'compare-metric': 'accuracy',
        'compare-with': champion,
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'is-better': 'false',
      'challenger-metric': '0.85',
      'champion-metric': '0.88',
    });
    expect(result.summary).toContain('**The challenger is not better: the champion stays.**');
  });

  test('lower is better with compare-direction: min', async () => {
    const { result } = await registerTrained(
      model,
      { rmse: 0.25 },
      {
        'compare-metric': 'rmse',
        'compare-direction': 'min',
        'compare-with': champion,
      },
    );
    expect(result.outputs).toMatchObject({ 'is-better': 'true', 'champion-metric': '0.3' });
  });

  test('a metric the challenger lacks fails the step, naming the model, its job and the metric', async () => {
    const { job, result } = await registerTrained(
      model,
      { loss: 0.1 },
      {
        'compare-metric': 'accuracy',
        'compare-with': champion,
      },
    );
    const id = result.outputs['model-id'] ?? '';
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)).toEqual([
      `Could not compare model ${id} with ${champion}: metric accuracy was not found for model ${id}: the MLflow run of its training job ${job} has no such metric and the version has no property accuracy.`,
    ]);
    expect(result.outputs['is-better']).toBeUndefined();
  });
});

test('an endpoint that does not exist has no champion: the challenger wins, with a notice', async () => {
  const { result } = await registerTrained(
    uniqueName('first'),
    { accuracy: 0.7 },
    {
      'compare-metric': 'accuracy',
      'compare-with': 'endpoint:no-such-ep',
    },
  );
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toMatchObject({
    'is-better': 'true',
    'challenger-metric': '0.7',
    'champion-metric': '',
  });
  const notices = result.commands.filter((c) => c.command === 'notice').map((c) => c.message);
  expect(notices).toEqual([
    `No champion to compare with (endpoint no-such-ep does not exist): ${result.outputs['model-id']} wins.`,
  ]);
  expect(result.summary).toContain(
    '**No champion: endpoint no-such-ep does not exist. The challenger wins.**',
  );
});

/** An endpoint whose deployment `blue` serves `modelArmId`; `live` sets its traffic to 100. */
async function endpointServing(modelArmId: string, live: boolean): Promise<string> {
  const endpoint = uniqueName('ep');
  const { resourceGroup, workspace } = emu;
  const fast = { updateIntervalInMs: 20 };
  await sdk.onlineEndpoints.beginCreateOrUpdateAndWait(
    resourceGroup,
    workspace,
    endpoint,
    { location: 'westeurope', properties: { authMode: 'Key' } },
    fast,
  );
  await sdk.onlineDeployments.beginCreateOrUpdateAndWait(
    resourceGroup,
    workspace,
    endpoint,
    'blue',
    {
      location: 'westeurope',
      sku: { name: 'Default', capacity: 1 },
      properties: {
        endpointComputeType: 'Managed',
        model: modelArmId,
        instanceType: 'Standard_DS3_v2',
      },
    },
    fast,
  );
  if (live) {
    await sdk.onlineEndpoints.beginCreateOrUpdateAndWait(
      resourceGroup,
      workspace,
      endpoint,
      { location: 'westeurope', properties: { authMode: 'Key', traffic: { blue: 100 } } },
      fast,
    );
  }
  return endpoint;
}

describe('against an endpoint', () => {
  test('the champion is the model its live deployment serves', async () => {
    const model = uniqueName('served');
    const { result: first } = await registerTrained(model, { accuracy: 0.9 });
    const servedId = `azureml:${model}:1`;
    expect(first.outputs['model-id']).toBe(servedId);
    const armId = (await sdk.modelVersions.get(emu.resourceGroup, emu.workspace, model, '1')).id;
    const endpoint = await endpointServing(armId ?? '', true);

    const { result } = await registerTrained(
      model,
      { accuracy: 0.87 },
      {
        'compare-metric': 'accuracy',
        'compare-with': `endpoint:${endpoint}`,
      },
    );
    expect(errorsOf(result)).toEqual([]);
    expect(result.outputs).toMatchObject({
      'is-better': 'false',
      'challenger-metric': '0.87',
      'champion-metric': '0.9',
    });
    expect(result.summary).toContain(
      `| Champion | ${servedId} (deployment blue of ${endpoint}) | 0.9 |`,
    );
  });

  test('an endpoint without live traffic has no champion', async () => {
    const model = uniqueName('idle');
    await registerTrained(model, { accuracy: 0.9 });
    const armId = (await sdk.modelVersions.get(emu.resourceGroup, emu.workspace, model, '1')).id;
    const endpoint = await endpointServing(armId ?? '', false);

    const { result } = await registerTrained(
      model,
      { accuracy: 0.5 },
      {
        'compare-metric': 'accuracy',
        'compare-with': `endpoint:${endpoint}`,
      },
    );
    expect(result.outputs).toMatchObject({ 'is-better': 'true', 'champion-metric': '' });
    expect(result.summary).toContain(`No champion: endpoint ${endpoint} has no live deployment.`);
  });
});
