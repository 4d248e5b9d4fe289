import { describe, expect, test } from 'vitest';
import { checkResponse, parseExpectation } from '@mlops-actions/azureml';
import { SpecError } from '@mlops-actions/azureml/grammar';

async function expectationError(text: string, fileName: string): Promise<SpecError> {
  const err: unknown = await parseExpectation(text, fileName).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof SpecError) return err;
  throw new Error(`expected a SpecError, got ${String(err)}`);
}

const PREDICTION = JSON.stringify({ model: 'azureml:churn:3', predictions: [0, 1] });

describe('an exact expected response', () => {
  test('passes with the same JSON in another key order and spacing', async () => {
    const expectation = await parseExpectation(PREDICTION, 'expected.json');
    expect(expectation.kind).toBe('json');
    const reply = '{ "predictions": [0, 1],\n  "model": "azureml:churn:3" }';
    expect(checkResponse(expectation, 200, reply)).toEqual([]);
  });

  test('names each difference by its path', async () => {
    const expectation = await parseExpectation(PREDICTION, 'expected.json');
    const reply = JSON.stringify({ predictions: [0, 0], model: 'azureml:churn:2', extra: true });
    expect(checkResponse(expectation, 200, reply)).toEqual([
      'response.model is "azureml:churn:2", expected "azureml:churn:3"',
      'response.predictions[1] is 0, expected 1',
      'response.extra is not expected (got true)',
    ]);
  });

  test('a response that is not JSON is a problem', async () => {
    const expectation = await parseExpectation(PREDICTION, 'expected.json');
    expect(checkResponse(expectation, 200, 'Internal error')).toEqual([
      'the response is not JSON: Internal error',
    ]);
  });
});

describe('a JSON Schema', () => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['predictions'],
    properties: {
      predictions: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 1 } },
    },
  };

  test('is recognised by its $schema key and checks the shape', async () => {
    const expectation = await parseExpectation(JSON.stringify(schema), 'expect.json');
    expect(expectation.kind).toBe('schema');
    expect(checkResponse(expectation, 200, PREDICTION)).toEqual([]);
    expect(checkResponse(expectation, 200, '{"predictions": [0, 2, "x"]}')).toEqual([
      'response at /predictions/1 must be <= 1',
      'response at /predictions/2 must be integer',
    ]);
    expect(checkResponse(expectation, 200, '{"scores": []}')).toEqual([
      "response must have required property 'predictions'",
    ]);
  });

  test('is recognised by a *.schema.json name, and draft-07 works too', async () => {
    const draft7 = { ...schema, $schema: 'http://json-schema.org/draft-07/schema#' };
    const byKey = await parseExpectation(JSON.stringify(draft7), 'expect.json');
    const byName = await parseExpectation('{"type": "object"}', 'reply.schema.json');
    expect(checkResponse(byKey, 200, '{}')).toEqual([
      "response must have required property 'predictions'",
    ]);
    expect(checkResponse(byName, 200, '[]')).toEqual(['response must be object']);
  });

  test('a schema that does not compile is refused when parsed', async () => {
    const err = await expectationError('{"$schema": "", "type": "strng"}', 'e.json');
    expect(err.expected).toBe('a valid JSON Schema in e.json');
    expect(err.given).toContain('schema is invalid');
  });

  test('an unknown $schema draft is refused', async () => {
    const err = await expectationError(
      '{"$schema": "http://json-schema.org/draft-04/schema#"}',
      'e.json',
    );
    expect(err.expected).toBe('a JSON Schema of draft-07, 2019-09 or 2020-12 in e.json');
    expect(err.given).toBe('$schema "http://json-schema.org/draft-04/schema#"');
  });
});

describe('every check', () => {
  test('a text that is not JSON is refused when parsed', async () => {
    const err = await expectationError('{"predictions": [0,', 'expected.json');
    expect(err.expected).toBe('JSON in expected.json');
    expect(err.message).toMatch(/^smoke test expectation: expected JSON in expected\.json; given /);
  });

  test('a non-2xx status is always a problem, with or without an expectation', async () => {
    expect(checkResponse(undefined, 200, 'anything')).toEqual([]);
    expect(checkResponse(undefined, 503, '')).toEqual(['HTTP status 503, expected 2xx']);
    const expectation = await parseExpectation(PREDICTION, 'expected.json');
    expect(checkResponse(expectation, 500, PREDICTION)).toEqual(['HTTP status 500, expected 2xx']);
  });

  test('long lists of problems are cut', async () => {
    const expectation = await parseExpectation(
      JSON.stringify({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }),
      'x.json',
    );
    const problems = checkResponse(expectation, 200, '{}');
    expect(problems).toHaveLength(6);
    expect(problems.at(-1)).toBe('and 2 more');
  });
});
