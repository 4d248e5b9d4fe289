import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { expect, onTestFinished, test } from 'vitest';
import { commandJob } from './support.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repoRoot, 'packages/emulator/bin/mlops-emulator.ts');

/** Starts the CLI and collects stdout until `done` says it has seen enough; the test stops it (SIGTERM). */
async function runCli(args: string[], done: (lines: string[]) => boolean) {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A failed assertion must not leave the emulator running.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (done(lines)) break;
  }
  return { child, lines };
}

/** Talks to the emulator a CLI started, trusting its CA in this process as a user's shell would. */
function connect(values: Record<string, string | undefined>) {
  const pem = readFileSync(values.NODE_EXTRA_CA_CERTS ?? '', 'utf8');
  const trusted = tls.getCACertificates('default');
  if (!trusted.includes(pem)) tls.setDefaultCACertificates([...trusted, pem]);
  const arm = values.AZURE_ARM_ENDPOINT ?? '';
  const request = async (method: string, url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { method, ...init });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };
  const json = (body: unknown): RequestInit => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    /** A client-credentials token, as ClientSecretCredential gets it. */
    token: () =>
      request(
        'POST',
        `${values.AZURE_AUTHORITY_HOST}/${values.AZURE_TENANT_ID}/oauth2/v2.0/token`,
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: values.AZURE_CLIENT_ID ?? '',
            client_secret: values.AZURE_CLIENT_SECRET ?? '',
            scope: `${arm}/.default`,
          }).toString(),
        },
      ),
    job: (name: string, token: string, method = 'GET', body?: unknown) =>
      request(
        method,
        `${arm}/subscriptions/${values.AZURE_SUBSCRIPTION_ID}/resourceGroups/${values.AZURE_RESOURCE_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/${values.AZUREML_WORKSPACE}/jobs/${name}?api-version=2022-10-01`,
        {
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
      ),
    clock: () => request('GET', `${arm}/_emulator/clock`),
    advance: (advanceSeconds: number) =>
      request('POST', `${arm}/_emulator/clock`, json({ advanceSeconds })),
  };
}

test('the CLI prints what to export and stops cleanly on SIGTERM', async () => {
  const { child, lines } = await runCli(['--time-scale', '60', '--job-outcome', 'fail'], (l) =>
    l.some((line) => line.startsWith('export AZURE_AUTHORITY_HOST=')),
  );
  const exported = Object.fromEntries(
    lines.flatMap((line) => {
      const found = /^export (\w+)='(.*)'$/.exec(line);
      return found ? [[found[1], found[2]]] : [];
    }),
  );
  expect(Object.keys(exported)).toEqual(
    expect.arrayContaining([
      'NODE_EXTRA_CA_CERTS',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'AZURE_SUBSCRIPTION_ID',
      'AZURE_RESOURCE_GROUP',
      'AZUREML_WORKSPACE',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_ARM_ENDPOINT',
      'AZURE_AUTHORITY_HOST',
    ]),
  );
  expect(exported.AZURE_ARM_ENDPOINT).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

  // A child process that only has NODE_EXTRA_CA_CERTS trusts the emulator.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `fetch(process.argv[1] + '/discovery').then((r) => r.json()).then((j) => console.log(j.history))`,
      exported.AZURE_ARM_ENDPOINT ?? '',
    ],
    {
      env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: exported.NODE_EXTRA_CA_CERTS },
      encoding: 'utf8',
    },
  );
  expect(probe.stderr).toBe('');
  expect(probe.stdout.trim()).toBe(exported.AZURE_ARM_ENDPOINT);

  // --time-scale 60: the clock says so, and an hour's token lives a real minute.
  const emulator = connect(exported);
  expect((await emulator.clock()).body).toMatchObject({ timeScale: 60 });
  const issued = await emulator.token();
  expect(issued.body).toMatchObject({ expires_in: 60 });
  const token = (issued.body as { access_token: string }).access_token;

  // --job-outcome fail: a job, once its 60 emulated seconds are past, ends Failed.
  expect((await emulator.job('cli-job', token, 'PUT', commandJob())).status).toBe(201);
  await emulator.advance(60);
  expect((await emulator.job('cli-job', token)).body).toMatchObject({
    properties: { status: 'Failed' },
  });

  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});

test('--json prints one line with the URL and connection values', async () => {
  const { child, lines } = await runCli(
    ['--json', '--fault', 'route=jobs.get,status=429,retry-after=1,count=2'],
    (l) => l.length >= 1,
  );
  const values = JSON.parse(lines[0] ?? '') as Record<string, string>;
  expect(values).toMatchObject({
    url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
    AZURE_RESOURCE_GROUP: 'rg-mlops-emulator',
    AZUREML_WORKSPACE: 'mlw-emulator',
  });

  // --fault route=jobs.get,status=429,retry-after=1,count=2: two throttled reads, then served.
  const emulator = connect(values);
  const token = ((await emulator.token()).body as { access_token: string }).access_token;
  const reads = [];
  for (let i = 0; i < 3; i++) reads.push(await emulator.job('no-such-job', token));
  expect(reads.map((r) => [r.status, r.headers.get('retry-after')])).toEqual([
    [429, '1'],
    [429, '1'],
    [404, null],
  ]);
  expect(reads[0]?.body).toMatchObject({ error: { code: 'TooManyRequests' } });
  child.kill('SIGTERM');
  await once(child, 'exit');
});

test('a bad flag prints a clear error naming it and exits 2', () => {
  const bad = spawnSync(process.execPath, [cli, '--job-duration', 'soon'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain(
    "--job-duration: expected a duration like 90, 90s, 10m or 1h, got 'soon'",
  );

  const badFault = spawnSync(process.execPath, [cli, '--fault', 'route=jobs.get,status=abc'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  expect(badFault.status).toBe(2);
  expect(badFault.stderr).toContain("--fault status: expected a whole number 400-599, got 'abc'");
});
