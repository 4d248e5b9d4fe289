import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import {
  appendSummary,
  defineAction,
  defineState,
  getIdToken,
  group,
  runnerLogger,
  setOutput,
  setOutputs,
  setSecret,
} from '@mlops-actions/action-kit';
import { useFakeRunner } from './fake-runner.ts';

const runner = useFakeRunner();

const outputLines = (text: string) =>
  text
    .replace(/ghadelimiter_[0-9a-f-]{36}/g, 'EOF')
    .split('\n')
    .filter(Boolean);

describe('outputs', () => {
  const def = defineAction({
    name: 'outputs',
    description: '',
    inputs: {},
    outputs: { 'job-name': { description: '' }, outputs: { description: '' } },
  });

  test('setOutputs writes declared outputs, objects as JSON, skipping undefined', () => {
    setOutputs(def, { 'job-name': 'job-1', outputs: { model: 'azureml://m' } });
    setOutputs(def, { 'job-name': undefined });
    expect(outputLines(runner().takeFile('output'))).toEqual([
      'job-name<<EOF',
      'job-1',
      'EOF',
      'outputs<<EOF',
      '{"model":"azureml://m"}',
      'EOF',
    ]);
  });

  test('an undeclared output name is refused', () => {
    expect(() => setOutputs(def, { status: 'x' } as never)).toThrow(
      "Action 'outputs' declares no output 'status'",
    );
  });

  test('without GITHUB_OUTPUT the error says what is missing', () => {
    delete process.env['GITHUB_OUTPUT'];
    expect(() => setOutput('status', 'Completed')).toThrow(
      "GITHUB_OUTPUT is not set, so 'status' cannot be written",
    );
  });

  test('a known secret in an output is replaced by *** with a warning', () => {
    setSecret('hunter2-output');
    runner().takeStdout();
    setOutput('url', 'https://x/?sig=hunter2-output');
    expect(outputLines(runner().takeFile('output'))).toEqual([
      'url<<EOF',
      'https://x/?sig=***',
      'EOF',
    ]);
    expect(runner().takeStdout()).toBe(
      "::warning::Output 'url' contained a secret value; it was replaced by ***\n",
    );
  });
});

describe('job summary', () => {
  test('appends markdown with known secrets redacted', () => {
    setSecret('pa55-summary');
    setSecret('pa55-summary-longer');
    appendSummary('token pa55-summary-longer and pa55-summary\n');
    expect(runner().takeFile('summary')).toBe('token *** and ***\n');
  });

  test('without GITHUB_STEP_SUMMARY it is skipped with a debug line', () => {
    delete process.env['GITHUB_STEP_SUMMARY'];
    appendSummary('# Result\n');
    expect(runner().takeStdout()).toBe(
      '::debug::GITHUB_STEP_SUMMARY is not set; the job summary was not written\n',
    );
  });
});

test('group closes even when its function throws', async () => {
  await expect(
    group('Polling', async () => {
      throw new Error('poll failed');
    }),
  ).rejects.toThrow('poll failed');
  expect(runner().takeStdout()).toBe('::group::Polling\n::endgroup::\n');
});

test('runnerLogger writes info, warnings and debug lines to the runner', () => {
  const logger = runnerLogger();
  logger.info('Job is Running');
  logger.warning('Throttled: retrying');
  logger.debug('GET /jobs/x');
  expect(runner().takeStdout()).toBe(
    'Job is Running\n::warning::Throttled: retrying\n::debug::GET /jobs/x\n',
  );
});

describe('state', () => {
  const state = defineState({ 'job-name': 'string', settled: 'boolean' });

  test('saved by the main step, read back by the post step from STATE_*, typed', () => {
    state.save('job-name', 'job-1');
    state.save('settled', true);
    expect(outputLines(runner().takeFile('state'))).toEqual([
      'job-name<<EOF',
      'job-1',
      'EOF',
      'settled<<EOF',
      'true',
      'EOF',
    ]);
    // The runner hands saved state to the post step as STATE_<name>.
    process.env['STATE_job-name'] = 'job-1';
    process.env['STATE_settled'] = 'true';
    try {
      expect(state.get('job-name')).toBe('job-1');
      expect(state.get('settled')).toBe(true);
    } finally {
      delete process.env['STATE_job-name'];
      delete process.env['STATE_settled'];
    }
  });

  test('what the main step never saved reads as undefined', () => {
    expect(state.get('job-name')).toBeUndefined();
    expect(state.get('settled')).toBeUndefined();
  });

  test('an undeclared key is refused at run time too', () => {
    expect(() => state.get('jobname' as never)).toThrow(
      "Unknown state 'jobname'; declared: job-name, settled",
    );
  });
});

test('getIdToken asks the runner token service, masks and remembers the token', async () => {
  const requests: { url?: string; auth?: string }[] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url, auth: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: 'eyJ.oidc-token.sig' }));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  try {
    const { port } = server.address() as AddressInfo;
    process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = `http://127.0.0.1:${port}/token?api-version=2.0`;
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = 'runner-request-token';
    const token = await getIdToken('api://AzureADTokenExchange');
    expect(token).toBe('eyJ.oidc-token.sig');
    expect(requests).toEqual([
      {
        url: '/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
        auth: 'Bearer runner-request-token',
      },
    ]);
    expect(runner().takeStdout()).toContain('::add-mask::eyJ.oidc-token.sig\n');
    appendSummary(`token: ${token}`);
    expect(runner().takeFile('summary')).toBe('token: ***');
  } finally {
    server.close();
  }
});
