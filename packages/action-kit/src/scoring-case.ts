/**
 * A request to an online endpoint and what it should answer, read from the files inputs name:
 * deploy-endpoint's smoke test (`smoke-test-file`, `smoke-test-expect`) and each case of
 * endpoint-test's folder. The body must be JSON and the expectation must parse; each error names
 * the input and the file.
 */
import { SpecError } from '@mlops-actions/azureml/grammar';
import type { SmokeTest } from '@mlops-actions/azureml';
import type { AzureConnection } from './azure-connection.ts';
import { readSpecFile } from './spec-input.ts';

type Azureml = AzureConnection['azureml'];

const BODY_EXPECTED = 'a JSON request body file';
const EXPECTATION_EXPECTED = 'an expected JSON response, or a JSON Schema';

export async function readScoringCase(
  azureml: Azureml,
  request: { input: string; file: string },
  expected: { input: string; file: string } | undefined,
  timeoutMs: number,
): Promise<SmokeTest> {
  const body = await readSpecFile(request.input, request.file, BODY_EXPECTED, jsonText);
  if (!expected) return { body, timeoutMs };
  const expectation = await readSpecFile(
    expected.input,
    expected.file,
    EXPECTATION_EXPECTED,
    (text) => azureml.parseExpectation(text, expected.file),
  );
  return { body, expectation, timeoutMs };
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
