import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

// Start-up cost: @actions/core ~45 ms (its HTTP client pulls in undici), yaml ~16 ms.
// action-kit reaches them only when needed (getIdToken, a YAML map input). This watches
// every module Node resolves while importing it.
test('importing action-kit loads neither @actions/core, an HTTP client nor yaml', () => {
  const script = `
    import { registerHooks } from 'node:module';
    const resolved = [];
    registerHooks({ resolve(specifier, context, next) { resolved.push(specifier); return next(specifier, context); } });
    await import('@mlops-actions/action-kit');
    console.log(JSON.stringify(resolved));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: resolve(import.meta.dirname, '../../..'),
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  const resolved: string[] = JSON.parse(child.stdout);
  expect(resolved).toContain('@mlops-actions/action-kit');
  expect(
    resolved.filter((specifier) => /@actions\/|undici|^(node:)?https?$|^yaml$/.test(specifier)),
  ).toEqual([]);
});
