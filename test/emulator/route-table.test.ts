import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROUTES } from '@mlops-actions/emulator';
import { EMULATOR_README, withRouteTables } from '../../packages/emulator/src/route-table.ts';

const root = path.resolve(import.meta.dirname, '../..');
const markers = (name: string): string => `<!-- ${name} -->\nstale\n<!-- /${name} -->`;
const generated = withRouteTables(
  `intro\n${markers('routes')}\nmiddle\n${markers('control-routes')}\nend\n`,
);
/** The route names in the first column of a generated table's rows. */
const namesIn = (text: string): string[] =>
  [...text.matchAll(/^\| `([\w.]+)` +\|/gm)].map((m) => m[1] ?? '');
const block = (text: string, name: string): string =>
  text.slice(text.indexOf(`<!-- ${name} -->`), text.indexOf(`<!-- /${name} -->`));

test('the routes table lists every route a fault can target, once, and no control route', () => {
  const listed = namesIn(block(generated, 'routes'));
  expect([...listed].sort()).toEqual([...ROUTES].sort());
  expect(block(generated, 'routes')).toContain(
    '| `jobs.get` | ARM | `GET /…/workspaces/{workspaceName}/jobs/{id}` | 2022-10-01 | required |',
  );
  expect(namesIn(block(generated, 'control-routes'))).toContain('control.addFaults');
  expect(namesIn(block(generated, 'control-routes')).every((n) => n.startsWith('control.'))).toBe(
    true,
  );
});

test('only the text between the markers is replaced', () => {
  expect(generated).not.toContain('stale');
  expect(generated.startsWith('intro\n<!-- routes -->\n\n')).toBe(true);
  expect(generated).toContain('<!-- /routes -->\nmiddle\n<!-- control-routes -->');
  expect(generated.endsWith('<!-- /control-routes -->\nend\n')).toBe(true);
});

test('a README without the markers is an error, not a silent skip', () => {
  expect(() => withRouteTables('no markers here')).toThrow(
    `${EMULATOR_README}: expected the markers <!-- routes --> and <!-- /routes -->`,
  );
});

test("the emulator README carries the generated tables (else run 'npm run docs')", () => {
  const readme = readFileSync(path.join(root, EMULATOR_README), 'utf8');
  expect(namesIn(block(readme, 'routes')).sort()).toEqual([...ROUTES].sort());
});
