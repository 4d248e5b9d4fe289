import { InputError, readInputFile, setSecret } from '@mlops-actions/action-kit';
import type { EndpointSnapshot, Expectation, MachineLearningClient } from '@mlops-actions/azureml';
import type { SmokeTestReport } from './summary.ts';

/** The smoke test as the inputs give it, read and checked before anything touches Azure. */
export interface SmokeTest {
  body: string;
  expectation?: Expectation;
}

const BODY_EXPECTED = 'a JSON request body file';
const EXCERPT_CHARS = 200;

/** Reads the request body (which must be JSON) and the expectation (which must parse). */
export async function readSmokeTest(inputs: {
  'smoke-test-file'?: string;
  'smoke-test-expect'?: string;
}): Promise<SmokeTest | undefined> {
  const file = inputs['smoke-test-file'];
  if (file === undefined) return undefined;
  const body = readInputFile('smoke-test-file', file, BODY_EXPECTED);
  try {
    JSON.parse(body);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InputError({
      input: 'smoke-test-file',
      expected: BODY_EXPECTED,
      given: `${JSON.stringify(file)} (not JSON: ${why})`,
    });
  }
  const expectFile = inputs['smoke-test-expect'];
  if (expectFile === undefined) return { body };
  const expected = 'an expected JSON response, or a JSON Schema';
  const text = readInputFile('smoke-test-expect', expectFile, expected);
  const azureml = await import('@mlops-actions/azureml');
  try {
    return { body, expectation: await azureml.parseExpectation(text, expectFile) };
  } catch (err) {
    if (!(err instanceof azureml.ExpectationError)) throw err;
    throw new InputError({
      input: 'smoke-test-expect',
      expected: err.expected,
      given: `${JSON.stringify(expectFile)} (${err.given})`,
    });
  }
}

export interface SmokeTestResult extends SmokeTestReport {
  /** The start of the response, on one line, for the failure message. */
  excerpt: string;
}

/**
 * Calls the deployment itself (header `azureml-model-deployment`), so it is tested before it
 * takes any live traffic. The endpoint key or token is masked before anything could print it.
 */
export async function runSmokeTest(
  client: MachineLearningClient,
  endpoint: EndpointSnapshot & { scoringUri: string },
  deployment: string,
  test: SmokeTest & { timeoutMs: number; signal?: AbortSignal },
): Promise<SmokeTestResult> {
  const azureml = await import('@mlops-actions/azureml');
  const credential = await azureml.getScoringCredential(client, endpoint);
  setSecret(credential.secret);
  const reply = await azureml.scoreDeployment({
    scoringUri: endpoint.scoringUri,
    authorization: credential.authorization,
    deployment,
    body: test.body,
    timeoutMs: test.timeoutMs,
    ...(test.signal ? { signal: test.signal } : {}),
  });
  const line = reply.text.replace(/\s+/g, ' ').trim();
  return {
    status: reply.status,
    latencyMs: Math.round(reply.latencyMs),
    problems: azureml.checkResponse(test.expectation, reply.status, reply.text),
    excerpt: line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}...` : line,
  };
}
