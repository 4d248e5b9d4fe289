import { describe, expect, test } from 'vitest';
import * as z from 'zod/mini';
import {
  InputError,
  atMostOneOf,
  defineAction,
  exactlyOneOf,
  input,
  invalidDefaults,
  readInputs,
} from '@mlops-actions/action-kit';
import { useFakeRunner } from './fake-runner.ts';

const runner = useFakeRunner();

/** Reads `spec` given `text` (as INPUT_VALUE); returns the value or the InputError message. */
async function read<T>(spec: ReturnType<typeof input.string> | object, text: string | undefined) {
  const def = defineAction({ name: 't', description: '', inputs: { value: spec as never } });
  const env = text === undefined ? {} : { INPUT_VALUE: text };
  try {
    return { value: (await readInputs(def, env)).value as T };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message };
    throw err;
  }
}

const DURATION = 'a duration such as 30s, 5m or 6h';

describe('durations', () => {
  const spec = input.duration({ description: 'd' });

  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['6h', 21_600_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1h 30m 15s', 5_415_000],
    ['90', 90_000],
    ['1.5s', 1500],
  ])('%s is %i ms', async (text, ms) => {
    expect(await read(spec, text)).toEqual({ value: ms });
  });

  test.each(['30x', '5 minutes', 'm5', '-5s', '1h-30m', '5M', 's', ''])(
    '%j is refused with what was expected and given',
    async (text) => {
      const result = await read(spec, text === '' ? 'x' : text);
      expect(result.error).toContain(`value: expected ${DURATION}, got "${text || 'x'}"`);
    },
  );

  test('zero is refused unless allowed', async () => {
    expect((await read(spec, '0s')).error).toBe(
      `Invalid input: value: expected ${DURATION}, got "0s" (it must be more than 0)`,
    );
    expect(await read(input.duration({ description: 'd', allowZero: true }), '0')).toEqual({
      value: 0,
    });
  });
});

describe('booleans', () => {
  const spec = input.boolean({ description: 'b' });

  test.each([
    ['true', true],
    ['TRUE', true],
    ['Yes', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['0', false],
  ])('%s is %s', async (text, value) => {
    expect(await read(spec, text)).toEqual({ value });
  });

  test.each(['ture', 'y', 'off', '2'])('%s is an error, never silently false', async (text) => {
    expect((await read(spec, text)).error).toBe(
      `Invalid input: value: expected true or false (or yes/no, 1/0), got "${text}"`,
    );
  });
});

describe('key=value', () => {
  const spec = input.keyValue({ description: 'kv' });

  test('one pair per line; values keep = and commas', async () => {
    expect(await read(spec, 'team = ml\nquery=a=b,c\n\nstage=dev')).toEqual({
      value: { team: 'ml', query: 'a=b,c', stage: 'dev' },
    });
  });

  test('comma separated on one line', async () => {
    expect(await read(spec, 'team=ml, stage=dev,')).toEqual({
      value: { team: 'ml', stage: 'dev' },
    });
  });

  test('__proto__ stays an ordinary key', async () => {
    const value = (await read<Record<string, string>>(spec, '__proto__=x')).value;
    expect(Object.keys(value ?? {})).toEqual(['__proto__']);
  });

  test.each([
    ['team', "'team' is not key=value"],
    ['=ml', "'=ml' is not key=value"],
    ['a=1,a=2', "'a' is given twice"],
  ])('%j is refused: %s', async (text, why) => {
    expect((await read(spec, text)).error).toBe(
      `Invalid input: value: expected key=value pairs, one per line or comma separated, got ${JSON.stringify(text)} (${why})`,
    );
  });
});

describe('maps', () => {
  const spec = input.map({ description: 'm' });

  test('JSON object', async () => {
    expect(await read(spec, '{"A": "1", "B": {"c": [1, 2]}}')).toEqual({
      value: { A: '1', B: { c: [1, 2] } },
    });
  });

  test('YAML mapping', async () => {
    expect(await read(spec, 'A: 1\nB: text\nC:\n  - x')).toEqual({
      value: { A: 1, B: 'text', C: ['x'] },
    });
  });

  test.each([
    ['[1, 2]', 'it is a list'],
    ['just text', 'it is a single value'],
  ])('%j is refused: %s', async (text, why) => {
    expect((await read(spec, text)).error).toBe(
      `Invalid input: value: expected a JSON object or YAML mapping, got ${JSON.stringify(text)} (${why})`,
    );
  });

  test('a syntax error says where', async () => {
    expect((await read(spec, '{"A": 1')).error).toMatch(
      /expected a JSON object or YAML mapping, got "\{\\"A\\": 1" \(it does not parse: Flow map must end with a } at line 1, column 8\)$/,
    );
  });
});

describe('other kinds', () => {
  test('guid', async () => {
    const spec = input.guid({ description: 'g' });
    const id = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
    expect(await read(spec, id)).toEqual({ value: id });
    expect((await read(spec, 'my-subscription')).error).toBe(
      'Invalid input: value: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "my-subscription"',
    );
  });

  test('choice', async () => {
    const spec = input.choice(['custom_model', 'mlflow_model'] as const, { description: 'c' });
    expect(await read(spec, 'mlflow_model')).toEqual({ value: 'mlflow_model' });
    expect((await read(spec, 'MLflow')).error).toBe(
      'Invalid input: value: expected one of custom_model, mlflow_model, got "MLflow"',
    );
  });

  test('integer with bounds', async () => {
    const spec = input.integer({ description: 'i', min: 1, max: 10 });
    expect(await read(spec, '3')).toEqual({ value: 3 });
    for (const text of ['0', '11', '1.5', 'three', '1e3']) {
      expect((await read(spec, text)).error).toBe(
        `Invalid input: value: expected an integer from 1 to 10, got "${text}"`,
      );
    }
    expect((await read(input.integer({ description: 'i', min: 1 }), '0')).error).toContain(
      'expected an integer of at least 1',
    );
  });

  test('url', async () => {
    const spec = input.url({ description: 'u' });
    expect(await read(spec, 'https://127.0.0.1:8443')).toEqual({ value: 'https://127.0.0.1:8443' });
    for (const text of ['management.azure.com', 'ftp://x.org/']) {
      expect((await read(spec, text)).error).toBe(
        `Invalid input: value: expected an http or https URL, got "${text}"`,
      );
    }
  });

  test('string with a pattern names what it accepts', async () => {
    const spec = input.string({
      description: 's',
      pattern: /^[a-z][a-z0-9-]*$/,
      expected: 'a lower-case name (letters, digits and -)',
    });
    expect(await read(spec, 'my-job-1')).toEqual({ value: 'my-job-1' });
    expect((await read(spec, 'My Job')).error).toBe(
      'Invalid input: value: expected a lower-case name (letters, digits and -), got "My Job"',
    );
  });

  test('custom zod schema', async () => {
    const spec = input.custom(
      z.pipe(
        z.string().check(z.regex(/^\d+%$/)),
        z.transform((text: string) => Number(text.slice(0, -1))),
      ),
      { description: 'p', expected: 'a percentage such as 10%' },
    );
    expect(await read(spec, '25%')).toEqual({ value: 25 });
    expect((await read(spec, '25')).error).toContain('expected a percentage such as 10%, got "25"');
  });

  test('a long value is shortened in the message', async () => {
    const error = (await read(input.guid({ description: 'g' }), 'x'.repeat(200))).error ?? '';
    expect(error).toContain(`got "${'x'.repeat(80)}..."`);
  });
});

const trainDef = defineAction({
  name: 'train',
  description: 'Trains',
  inputs: {
    'subscription-id': input.guid({ description: 'Subscription', required: true }),
    'client-secret': input.guid({ description: 'Secret', secret: true }),
    'poll-interval': input.duration({ description: 'Poll', default: '30s' }),
    wait: input.boolean({ description: 'Wait', default: 'true' }),
    'instance-count': input.integer({ description: 'Count', min: 1, default: '1' }),
    job: input.string({ description: 'Job' }),
    'job-file': input.string({ description: 'Job file' }),
  },
  checks: [exactlyOneOf('job', 'job-file')],
});

describe('readInputs', () => {
  const GUID = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';

  test('applies defaults, types values, leaves optional inputs without default undefined', async () => {
    const inputs = await readInputs(trainDef, {
      'INPUT_SUBSCRIPTION-ID': GUID,
      INPUT_JOB: 'command: x',
    });
    expect(inputs).toEqual({
      'subscription-id': GUID,
      'poll-interval': 30_000,
      wait: true,
      'instance-count': 1,
      job: 'command: x',
    });
    // Types follow the declaration: these lines would not compile otherwise.
    const ms: number = inputs['poll-interval'];
    const file: string | undefined = inputs['job-file'];
    expect([ms, file]).toEqual([30_000, undefined]);
  });

  test('reports every problem at once, each naming the input, expectation and value', async () => {
    const failure = readInputs(trainDef, {
      'INPUT_POLL-INTERVAL': '30x',
      INPUT_WAIT: 'ture',
      'INPUT_INSTANCE-COUNT': '0',
      INPUT_JOB: 'x',
    });
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(
      [
        'Invalid inputs:',
        '- subscription-id: expected a GUID such as 00000000-0000-0000-0000-000000000000 (required), got nothing',
        `- poll-interval: expected ${DURATION}, got "30x"`,
        '- wait: expected true or false (or yes/no, 1/0), got "ture"',
        '- instance-count: expected an integer of at least 1, got "0"',
      ].join('\n'),
    );
  });

  test('a secret is masked as soon as read and never echoed', async () => {
    const secret = 'not-a-guid-but-secret';
    await expect(
      readInputs(trainDef, {
        'INPUT_SUBSCRIPTION-ID': GUID,
        'INPUT_CLIENT-SECRET': secret,
        INPUT_JOB: 'x',
      }),
    ).rejects.toThrow(
      'Invalid input: client-secret: expected a GUID such as 00000000-0000-0000-0000-000000000000, got (secret)',
    );
    expect(runner().takeStdout()).toBe(`::add-mask::${secret}\n`);
  });

  test('cross-input rules are reported in the same InputError', async () => {
    const base = { 'INPUT_SUBSCRIPTION-ID': GUID };
    await expect(readInputs(trainDef, base)).rejects.toThrow(
      "Invalid input: give one of 'job' or 'job-file'; none was given",
    );
    await expect(
      readInputs(trainDef, { ...base, INPUT_JOB: 'a', 'INPUT_JOB-FILE': 'b' }),
    ).rejects.toThrow(
      "Invalid input: give only one of 'job' or 'job-file'; got 'job' and 'job-file'",
    );
  });

  test('custom and at-most-one rules; several rule problems are listed together', async () => {
    const def = defineAction({
      name: 'deploy',
      description: '',
      inputs: {
        a: input.string({ description: 'a' }),
        b: input.string({ description: 'b' }),
        c: input.string({ description: 'c' }),
        traffic: input.integer({ description: 't', default: '0' }),
      },
      checks: [
        atMostOneOf('a', 'b', 'c'),
        ({ traffic, a }) =>
          traffic > 0 && a === undefined
            ? { input: 'traffic', expected: '0 unless a is given', given: `"${traffic}"` }
            : undefined,
      ],
    });
    expect(await readInputs(def, { INPUT_A: 'x' })).toEqual({ a: 'x', traffic: 0 });
    await expect(
      readInputs(def, { INPUT_B: '1', INPUT_C: '2', INPUT_TRAFFIC: '10' }),
    ).rejects.toThrow(
      [
        'Invalid inputs:',
        "- give at most one of 'a', 'b' or 'c'; got 'b' and 'c'",
        '- traffic: expected 0 unless a is given, got "10"',
      ].join('\n'),
    );
  });

  test('cross-input rules wait until every input parses', async () => {
    await expect(
      readInputs(trainDef, { 'INPUT_SUBSCRIPTION-ID': GUID, 'INPUT_POLL-INTERVAL': 'soon' }),
    ).rejects.toThrow(`Invalid input: poll-interval: expected ${DURATION}, got "soon"`);
  });

  test('reads process.env by default, as the runner passes inputs', async () => {
    process.env['INPUT_SUBSCRIPTION-ID'] = ` ${GUID} `;
    process.env['INPUT_JOB-FILE'] = 'job.yml';
    expect((await readInputs(trainDef))['job-file']).toBe('job.yml');
  });
});

describe('a default that does not parse', () => {
  const broken = defineAction({
    name: 'broken',
    description: '',
    inputs: {
      timeout: input.duration({ description: 't', default: '6 hours' }),
      env: input.map({ description: 'e', default: 'A: [' }),
      wait: input.boolean({ description: 'w', default: 'true' }),
    },
  });

  test('is reported by invalidDefaults, which the metadata test runs for every action', async () => {
    expect(await invalidDefaults(broken)).toEqual([
      `input 'timeout': the default '6 hours' is not ${DURATION}`,
      "input 'env': the default 'A: [' is not a JSON object or YAML mapping",
    ]);
  });

  test('is blamed on the action, not the user', async () => {
    await expect(readInputs(broken, {})).rejects.toThrow(
      `- timeout: expected ${DURATION}, got "6 hours" (the action's default)`,
    );
  });
});
