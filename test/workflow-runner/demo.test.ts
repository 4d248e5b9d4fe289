/**
 * `npm run demo -- missing-ticket`, as a newcomer runs it: the shortest scenario of the demo
 * (DEV, TEST, then a PROD promotion refused for want of a change ticket), in a child process.
 * The other scenarios run the same workflows as mlops-pipeline*.test.ts.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { repoRoot } from './support.ts';

test('the missing-ticket scenario: refused with no Azure write, the audit report, exit code 0', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(repoRoot, 'scripts', 'demo.ts'), 'missing-ticket'],
    { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  expect(stdout).toContain(
    'FAIL change ticket: no change ticket given; expected one matching ^CHG\\d{7}$',
  );
  expect(stdout).toContain('Azure writes during the refused promotion: 0');
  expect(stdout).toMatch(/dev\s+churn:1\s+churn-dev\s+in_progress -> success/);
  expect(stdout).toMatch(/✓ failure Promote churn:1 to PROD/);
});

test('an unknown scenario is refused naming the ones there are', async () => {
  const failed = await promisify(execFile)(
    process.execPath,
    [path.join(repoRoot, 'scripts', 'demo.ts'), 'sunny'],
    { cwd: repoRoot },
  ).catch((err: { code: number; stderr: string }) => err);
  expect(failed).toMatchObject({ code: 2 });
  expect((failed as { stderr: string }).stderr).toContain(
    'expected one of happy, degraded, missing-ticket, retrain, got sunny',
  );
});
