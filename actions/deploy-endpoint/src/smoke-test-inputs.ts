import { readSpecFile } from '@mlops-actions/action-kit';
import type { AzureConnection } from '@mlops-actions/action-kit';
import { SpecError } from '@mlops-actions/azureml/grammar';
import type { SmokeTest } from '@mlops-actions/azureml';

type Azureml = AzureConnection['azureml'];

const BODY_EXPECTED = 'a JSON request body file';
const EXPECTATION_EXPECTED = 'an expected JSON response, or a JSON Schema';

/** The smoke test as the inputs give it: the body must be JSON and the expectation must parse. */
export async function readSmokeTest(
  azureml: Azureml,
  inputs: {
    'smoke-test-file'?: string;
    'smoke-test-expect'?: string;
    'smoke-test-timeout': number;
  },
): Promise<SmokeTest | undefined> {
  const file = inputs['smoke-test-file'];
  if (file === undefined) return undefined;
  const body = await readSpecFile('smoke-test-file', file, BODY_EXPECTED, jsonText);
  const test = { body, timeoutMs: inputs['smoke-test-timeout'] };
  const expectFile = inputs['smoke-test-expect'];
  if (expectFile === undefined) return test;
  const expectation = await readSpecFile(
    'smoke-test-expect',
    expectFile,
    EXPECTATION_EXPECTED,
    (text) => azureml.parseExpectation(text, expectFile),
  );
  return { ...test, expectation };
}

function jsonText(text: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new SpecError({ expected: BODY_EXPECTED, given: `not JSON: ${why}` });
  }
}
