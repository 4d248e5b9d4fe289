/**
 * register-model, bundled: bad inputs fail the step with a message naming the input, before
 * anything is asked of Azure.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { actionStep, errorsOf, runMainStep, startE2eEmulator } from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startE2eEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

const fromJob = { 'model-name': 'churn', 'job-name': 'train-1' };

const cases: { why: string; inputs: Record<string, string>; error: string }[] = [
  {
    why: 'an unknown model type',
    inputs: { ...fromJob, 'model-type': 'sklearn_model' },
    error:
      'Invalid input: model-type: expected one of custom_model, mlflow_model, triton_model, got "sklearn_model"',
  },
  {
    why: 'a version with a space',
    inputs: { ...fromJob, version: 'v 2' },
    error:
      'Invalid input: version: expected a version such as 3: letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 50 characters, got "v 2"',
  },
  {
    why: 'both job-name and model-path',
    inputs: { ...fromJob, 'model-path': 'azureml://datastores/blob/paths/m/' },
    error:
      "Invalid input: give only one of 'job-name' or 'model-path'; got 'job-name' and 'model-path'",
  },
  {
    why: 'neither job-name nor model-path',
    inputs: { 'model-name': 'churn' },
    error: "Invalid input: give one of 'job-name' or 'model-path'; none was given",
  },
  {
    why: 'a model-path that is a local file',
    inputs: { 'model-name': 'churn', 'model-path': './outputs/model.pkl' },
    error:
      'Invalid input: model-path: expected an azureml:// or https:// URI, got "./outputs/model.pkl"',
  },
  {
    why: 'an unknown compare-direction',
    inputs: {
      ...fromJob,
      'compare-metric': 'accuracy',
      'compare-with': 'azureml:churn:1',
      'compare-direction': 'up',
    },
    error: 'Invalid input: compare-direction: expected one of max, min, got "up"',
  },
  {
    why: 'a compare-with that is neither a model version nor an endpoint',
    inputs: { ...fromJob, 'compare-metric': 'accuracy', 'compare-with': 'churn:1' },
    error:
      'Invalid input: compare-with: expected azureml:<name>:<version> or endpoint:<endpoint-name>, got "churn:1"',
  },
  {
    why: 'compare-metric without compare-with',
    inputs: { ...fromJob, 'compare-metric': 'accuracy' },
    error:
      'Invalid input: compare-with: expected the champion to compare `compare-metric` with, got nothing',
  },
  {
    why: 'mode verify without a version',
    inputs: { 'model-name': 'churn', mode: 'verify' },
    error: 'Invalid input: version: expected the version to check with `mode: verify`, got nothing',
  },
  {
    why: 'a job-name with mode verify',
    inputs: { ...fromJob, mode: 'verify', version: '1' },
    error:
      'Invalid input: job-name: expected nothing with `mode: verify`, which reads existing versions, got "train-1"',
  },
  {
    why: 'a property under the lineage prefix',
    inputs: { ...fromJob, properties: 'mlops.commit=deadbeef' },
    error:
      'Invalid input: properties: expected keys that do not start with mlops. (reserved for lineage), got "mlops.commit"',
  },
];

test.each(cases)(
  '$why fails naming the input, with no request to Azure',
  async ({ inputs, error }) => {
    const result = await runMainStep(actionStep('register-model', emu, { inputs }));
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result)).toEqual([error]);
    expect(emu.control.stats().requests).toEqual([]);
  },
);
