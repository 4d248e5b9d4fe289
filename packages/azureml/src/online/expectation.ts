/**
 * What a smoke test expects of a deployment's answer: the exact JSON, or a JSON Schema. Parsed
 * and compiled once (the schema validator is loaded only when a schema is given), checked purely.
 */
import { SpecError } from '../grammar/spec-error.ts';
import { isPlainObject } from '../transport/plain-data.ts';

const EXPECTATION = 'smoke test expectation';

export type Expectation =
  | { kind: 'json'; value: unknown }
  | { kind: 'schema'; schema: object; validate: (data: unknown) => string[] };

const MAX_PROBLEMS = 5;

/**
 * A file with a top-level "$schema" key, or named *.schema.json, is a JSON Schema (draft-07,
 * 2019-09 or 2020-12, by its $schema; 2020-12 when it has none); anything else is the exact
 * expected response. Async because the validator library is loaded on first use.
 */
export async function parseExpectation(text: string, fileName: string): Promise<Expectation> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SpecError({
      subject: EXPECTATION,
      expected: `JSON in ${fileName}`,
      given: (err as Error).message,
    });
  }
  const isSchema =
    /\.schema\.json$/i.test(fileName) || (isPlainObject(value) && '$schema' in value);
  if (!isSchema) return { kind: 'json', value };
  if (!isPlainObject(value) && typeof value !== 'boolean') {
    throw new SpecError({
      expected: `a JSON Schema object in ${fileName}`,
      given: describeJson(value),
    });
  }
  return {
    kind: 'schema',
    schema: value as object,
    validate: await compileSchema(value, fileName),
  };
}

async function compileSchema(
  schema: Record<string, unknown> | boolean,
  fileName: string,
): Promise<(data: unknown) => string[]> {
  const Ajv = await validatorFor(
    typeof schema === 'boolean' ? undefined : schema.$schema,
    fileName,
  );
  // Formats ("date-time"...) are not checked: that needs a plugin, and a smoke test checks shape.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    throw new SpecError({
      expected: `a valid JSON Schema in ${fileName}`,
      given: (err as Error).message,
    });
  }
  return (data) =>
    validate(data)
      ? []
      : (validate.errors ?? []).map(
          (e) =>
            `response${e.instancePath ? ` at ${e.instancePath}` : ''} ${e.message ?? 'is invalid'}`,
        );
}

/*
 * ajv's modules are CommonJS whose module.exports is the class: Node's import() and ncc's bundle
 * agree only on `default`, which is why the named exports are not used.
 */
async function validatorFor(metaSchema: unknown, fileName: string) {
  const uri = typeof metaSchema === 'string' ? metaSchema : '';
  if (uri === '' || uri.includes('/draft/2020-12/'))
    return (await import('ajv/dist/2020.js')).default;
  if (uri.includes('/draft/2019-09/')) return (await import('ajv/dist/2019.js')).default;
  if (uri.includes('/draft-07/')) return (await import('ajv')).default;
  throw new SpecError({
    subject: EXPECTATION,
    expected: `a JSON Schema of draft-07, 2019-09 or 2020-12 in ${fileName}`,
    given: `$schema ${JSON.stringify(metaSchema)}`,
  });
}

/** Problems with a response; [] when it passes. A non-2xx status always is one. */
export function checkResponse(
  expectation: Expectation | undefined,
  status: number,
  text: string,
): string[] {
  const problems: string[] = [];
  if (status < 200 || status > 299) problems.push(`HTTP status ${status}, expected 2xx`);
  if (!expectation) return problems;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, `the response is not JSON: ${excerpt(text)}`];
  }
  const found =
    expectation.kind === 'schema'
      ? expectation.validate(body)
      : differences(expectation.value, body, 'response');
  const shown = found.slice(0, MAX_PROBLEMS);
  if (found.length > shown.length) shown.push(`and ${found.length - shown.length} more`);
  return [...problems, ...shown];
}

/** Where `actual` differs from `expected`, key order ignored; paths like response.predictions[0]. */
function differences(expected: unknown, actual: unknown, path: string): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return [`${path} has ${actual.length} items, expected ${expected.length}`];
    }
    return expected.flatMap((item, i) => differences(item, actual[i], `${path}[${i}]`));
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((key) => {
      const at = `${path}.${key}`;
      if (!(key in actual)) return [`${at} is missing, expected ${describeJson(expected[key])}`];
      if (!(key in expected)) return [`${at} is not expected (got ${describeJson(actual[key])})`];
      return differences(expected[key], actual[key], at);
    });
  }
  return expected === actual
    ? []
    : [`${path} is ${describeJson(actual)}, expected ${describeJson(expected)}`];
}

function describeJson(value: unknown): string {
  return excerpt(JSON.stringify(value) ?? String(value));
}

function excerpt(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
