/** What the deploy-endpoint e2e tests share: an emulator with models to deploy, the step, checks. */
import path from 'node:path';
import type { Emulator } from '@mlops-actions/emulator';
import type { StepOptions, StepResult } from '@mlops-actions/local-runner';
import { armClient } from '../emulator/support.ts';
import { registerModel } from '../emulator/online-support.ts';
import { expect } from 'vitest';
import {
  actionStep,
  errorsOf,
  jobYaml,
  runMainStep,
  startE2eEmulator,
  trainStep,
  uniqueName,
  type StepSetup,
} from './support.ts';

const root = path.resolve(import.meta.dirname, '../..');
export const EXAMPLES = {
  deployment: path.join(root, 'examples/deployments/churn.yml'),
  request: path.join(root, 'examples/smoke/request.json'),
  schema: path.join(root, 'examples/smoke/response.schema.json'),
};

/**
 * Time runs 600x: an endpoint operation (30 emulated s) takes 50 ms, a deployment (90 s) 150 ms.
 * The test process trusts the emulator so it can register models with the real SDK.
 */
export const startDeployEmulator = (): Promise<Emulator> =>
  startE2eEmulator({
    endpointProvisioningSeconds: 30,
    defaultDeployment: { provisioningSeconds: 90 },
  });

/** Registers versions 1..count of a fresh model; returns its name. */
export async function registerModelVersions(emu: Emulator, count: number): Promise<string> {
  const name = uniqueName('churn');
  const sdk = armClient(emu);
  for (let v = 1; v <= count; v++) await registerModel(sdk, emu, name, String(v));
  return name;
}

/** An endpoint name no other test uses (Azure's rule: a letter first, at most 32 characters). */
export const endpointName = (): string => uniqueName('ep');

/** deploy-endpoint polling every 100 ms, smoke-tested with the example request and schema. */
export const deployStep = (
  emu: Emulator,
  inputs: Record<string, string>,
  setup: Omit<StepSetup, 'inputs'> = {},
): StepOptions =>
  actionStep('deploy-endpoint', emu, {
    ...setup,
    inputs: {
      'poll-interval': '100ms',
      'deployment-file': EXAMPLES.deployment,
      'smoke-test-file': EXAMPLES.request,
      'smoke-test-expect': EXAMPLES.schema,
      ...inputs,
    },
  });

/** How many requests the emulator has seen: a mark to look at the requests after it. */
export const requestMark = (emu: Emulator): number => emu.control.stats().requests.length;

/** ARM requests since `mark` that change something: a re-run must make none. */
export const changesSince = (emu: Emulator, mark: number): string[] =>
  emu.control
    .stats()
    .requests.slice(mark)
    .filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method))
    .map((r) => `${r.method} ${r.path}`);

/** The outputs a re-run must repeat (the latency is measured afresh). */
export const stableOutputs = (result: StepResult): Record<string, string> =>
  Object.fromEntries(
    Object.entries(result.outputs).filter(([name]) => name !== 'smoke-test-latency-ms'),
  );

/**
 * One job's DEV flow as bundled steps: train the job named `job` (its behaviour set by the
 * caller), register its MLflow model as `model`, deploy it to `endpoint`; each must succeed.
 * `step(name)` gives each step its workflow context (GITHUB_ACTION, RUNNER_TEMP, ...).
 */
export async function trainRegisterDeploy(
  emu: Emulator,
  flow: {
    job: string;
    model: string;
    endpoint: string;
    step: (name: string) => Pick<StepSetup, 'context'>;
  },
): Promise<{ train: StepResult; register: StepResult; deploy: StepResult }> {
  const train = await runMainStep(
    trainStep(emu, { ...flow.step('train'), inputs: { job: jobYaml(flow.job) } }),
  );
  expect(errorsOf(train)).toEqual([]);
  const register = await runMainStep(
    actionStep('register-model', emu, {
      ...flow.step('register'),
      inputs: {
        'model-name': flow.model,
        'job-name': train.outputs['job-name'] ?? '',
        'model-type': 'mlflow_model',
      },
    }),
  );
  expect(errorsOf(register)).toEqual([]);
  const deploy = await runMainStep(
    deployStep(
      emu,
      { 'endpoint-name': flow.endpoint, model: register.outputs['model-id'] ?? '' },
      flow.step('deploy'),
    ),
  );
  expect(errorsOf(deploy)).toEqual([]);
  return { train, register, deploy };
}
