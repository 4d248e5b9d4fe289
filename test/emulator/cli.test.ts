import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repoRoot, 'packages/emulator/bin/mlops-emulator.ts');

/** Starts the CLI, collects stdout until `done` says it has seen enough, then stops it with SIGTERM. */
async function runCli(args: string[], done: (lines: string[]) => boolean) {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (done(lines)) break;
  }
  return { child, lines };
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

  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});

test('--json prints one line with the URL and connection values', async () => {
  const { child, lines } = await runCli(
    ['--json', '--fault', 'route=jobs.get,status=429,retry-after=1,count=2'],
    (l) => l.length >= 1,
  );
  expect(JSON.parse(lines[0] ?? '')).toMatchObject({
    url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
    AZURE_RESOURCE_GROUP: 'rg-mlops-emulator',
    AZUREML_WORKSPACE: 'mlw-emulator',
  });
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
