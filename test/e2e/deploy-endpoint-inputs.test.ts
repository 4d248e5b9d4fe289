/**
 * deploy-endpoint, bundled: bad inputs fail the step with a message naming the input, before any
 * request reaches Azure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { deployStep, startDeployEmulator } from './deploy-endpoint-support.ts';
import { errorsOf, runMainStep } from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startDeployEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

const tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-deploy-inputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  writeFileSync(path.join(tmp, name), text);
  return path.join(tmp, name);
}

const good = { 'endpoint-name': 'churn-ep', model: 'azureml:churn:1' };
/** The inline form, for inputs that only it takes. */
const inline = { ...good, 'deployment-file': '', environment: 'azureml:sklearn-1.5:1' };

const cases: { why: string; inputs: Record<string, string>; error: RegExp }[] = [
  {
    why: 'a model that is not azureml:name:version',
    inputs: { ...good, model: 'churn:1' },
    error: /^Invalid input: model: expected azureml:<name>:<version>, got "churn:1"$/,
  },
  {
    why: 'an endpoint name starting with a digit',
    inputs: { ...good, 'endpoint-name': '1churn' },
    error:
      /^Invalid input: endpoint-name: expected an endpoint name \(3 to 32 characters: letters, digits and hyphens, starting with a letter\), got "1churn"$/,
  },
  {
    why: 'an endpoint name of 2 characters',
    inputs: { ...good, 'endpoint-name': 'ep' },
    error: /^Invalid input: endpoint-name: expected an endpoint name .*, got "ep"$/,
  },
  {
    why: 'an endpoint name of 33 characters',
    inputs: { ...good, 'endpoint-name': `e${'x'.repeat(32)}` },
    error: /^Invalid input: endpoint-name: expected an endpoint name .*, got "ex{32}"$/,
  },
  {
    why: 'an endpoint name with an underscore',
    inputs: { ...good, 'endpoint-name': 'churn_ep' },
    error: /^Invalid input: endpoint-name: expected an endpoint name .*, got "churn_ep"$/,
  },
  {
    why: 'an instance count of 0',
    inputs: { ...inline, 'instance-count': '0' },
    error: /^Invalid input: instance-count: expected an integer of at least 1, got "0"$/,
  },
  {
    why: 'a smoke-test file that is not JSON',
    inputs: { ...good, 'smoke-test-file': file('request.txt', 'tenure=12') },
    error:
      /^Invalid input: smoke-test-file: expected a JSON request body file, got ".*request\.txt" \(not JSON: .*\)$/,
  },
  {
    why: 'a smoke-test file that does not exist',
    inputs: { ...good, 'smoke-test-file': 'smoke/missing.json' },
    error:
      /^Invalid input: smoke-test-file: expected a JSON request body file, got "smoke\/missing.json" \(no such file\)$/,
  },
  {
    why: 'an expected response that does not parse',
    inputs: { ...good, 'smoke-test-expect': file('expected.json', '{"predictions": [0.1,') },
    error: /^Invalid input: smoke-test-expect: expected .*, got ".*expected\.json" \(.*\)$/,
  },
  {
    why: 'a JSON Schema that does not compile',
    inputs: {
      ...good,
      'smoke-test-expect': file(
        'bad.schema.json',
        JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'nope' }),
      ),
    },
    error: /^Invalid input: smoke-test-expect: expected .*, got ".*bad\.schema\.json" \(.*\)$/,
  },
  {
    why: 'a deployment file with a negative instance count',
    inputs: {
      ...good,
      'deployment-file': file('deploy.yml', 'instance_type: Standard_DS3_v2\ninstance_count: -1\n'),
    },
    error: /^Invalid input: deployment-file: expected instance_count: .*, got .*-1/,
  },
  {
    why: 'a deployment file written for another endpoint',
    inputs: {
      ...good,
      'deployment-file': file(
        'other.yml',
        'endpoint_name: fraud-ep\ninstance_type: Standard_DS3_v2\n',
      ),
    },
    error:
      /^Invalid input: deployment-file: expected endpoint_name: the endpoint-name input \(churn-ep\) or nothing, got "fraud-ep"$/,
  },
  {
    why: 'a deployment file and inline inputs together',
    inputs: { ...good, 'instance-type': 'Standard_F4s_v2' },
    error:
      /^Invalid input: give deployment-file or the inline inputs \(.*\), not both; got deployment-file and instance-type$/,
  },
  {
    why: 'traffic over 100',
    inputs: { ...good, traffic: '101' },
    error: /^Invalid input: traffic: expected an integer from 0 to 100, got "101"$/,
  },
  {
    why: 'an unknown auth mode',
    inputs: { ...good, 'auth-mode': 'aad_token' },
    error: /^Invalid input: auth-mode: expected one of key, aml_token, got "aad_token"$/,
  },
  {
    why: 'a model-name without model-version',
    inputs: { 'endpoint-name': 'churn-ep', 'model-name': 'churn' },
    error:
      /^Invalid input: model-version: expected a version, since model-name is given, got nothing$/,
  },
  {
    why: 'no model at all',
    inputs: { 'endpoint-name': 'churn-ep' },
    error:
      /^Invalid input: give 'model' .* or 'model-name' and 'model-version', or a model in 'deployment-file'; none was given$/,
  },
];

test.each(cases)('$why fails the step before any Azure request', async ({ inputs, error }) => {
  const main = await runMainStep(deployStep(emu, inputs));

  expect(main.exitCode).toBe(1);
  const errors = errorsOf(main);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(error);
  expect(emu.control.stats().requests).toEqual([]);
  expect(main.outputs).toEqual({});
});
