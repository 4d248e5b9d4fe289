/**
 * deploy-endpoint, bundled: an endpoint that takes AML tokens, described by the inline inputs,
 * is smoke-tested with a fresh token that never shows.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  deployStep,
  endpointName,
  registerModelVersions,
  startDeployEmulator,
} from './deploy-endpoint-support.ts';
import { errorsOf, expectNoLeak, runMainStep } from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startDeployEmulator();
});
afterAll(() => emu.stop());

test('an aml_token endpoint from inline inputs is created, smoke-tested and takes traffic', async () => {
  const model = await registerModelVersions(emu, 1);
  const endpoint = endpointName();
  const main = await runMainStep(
    deployStep(
      emu,
      {
        'endpoint-name': endpoint,
        'model-name': model,
        'model-version': '1',
        'auth-mode': 'aml_token',
        'deployment-file': '',
        'instance-type': 'Standard_F4s_v2',
        'instance-count': '2',
        environment: 'azureml:sklearn-1.5:1',
        code: 'azureml:churn-src:1',
        'scoring-script': 'score.py',
        'environment-variables': 'LOG_LEVEL=debug\nWORKERS=2',
      },
      // RUNNER_DEBUG prints the most, so the leak scan below sees the most.
      { env: { RUNNER_DEBUG: '1' } },
    ),
  );

  expect(main.exitCode).toBe(0);
  expect(errorsOf(main)).toEqual([]);
  const view = emu.control.endpoint(endpoint);
  expect(view?.authMode).toBe('AMLToken');
  expect(view?.traffic).toEqual({ blue: 100 });
  expect(view?.deployments).toEqual([
    expect.objectContaining({
      name: 'blue',
      provisioningState: 'Succeeded',
      instanceType: 'Standard_F4s_v2',
      instanceCount: 2,
    }),
  ]);
  expect(emu.control.deploymentMetrics(endpoint, 'blue')?.byStatus).toEqual({ '200': 1 });
  expect(main.outputs['deployment-name']).toBe('blue');
  expect(main.summary).toContain(`| ${endpoint} (created) | AMLToken |`);
  expectNoLeak(emu, [main]);
});
