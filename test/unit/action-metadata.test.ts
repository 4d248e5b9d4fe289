import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { invalidDefaults } from '@mlops-actions/action-kit';
import { actionSource, docsDrift, loadActions, staleDocs } from '../../scripts/docs.ts';

// One source of truth per action: its definition. action.yml and the docs are generated from
// it (`npm run docs`); these tests fail when a generated file was edited by hand or is stale.

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(import.meta.dirname, 'action-kit/fixtures');
const FIXTURE_YML = 'actions/fixture-action/action.yml';

describe.each([
  ['the repository', ROOT],
  ['the fixture', FIXTURE],
])('%s', (_label, root) => {
  test('every action folder has a definition, whose defaults parse', async () => {
    const actions = await loadActions(root);
    const folders = readdirSync(join(root, 'actions')).sort();
    expect(actions.map((action) => action.folder)).toEqual(folders);
    for (const { folder, definition } of actions) {
      expect(await invalidDefaults(definition), `actions/${folder}`).toEqual([]);
    }
  });

  test('generated action.yml and docs are up to date (else run `npm run docs`)', async () => {
    expect(await docsDrift(root)).toEqual([]);
  });
});

test('a generated action.yml is what the runner reads: runs on node24 from dist, post where declared', async () => {
  for (const { folder, definition } of await loadActions(ROOT)) {
    const yml = parseYaml(readFileSync(join(ROOT, 'actions', folder, 'action.yml'), 'utf8'));
    expect(yml.name).toBe(definition.title);
    expect(Object.keys(yml.inputs)).toEqual(Object.keys(definition.inputs));
    expect(yml.runs.using).toBe('node24');
    expect(yml.runs.main).toMatch(/^\.\.\/\.\.\/dist\//);
    expect(yml.runs.post).toBe(definition.post ? yml.runs.main : undefined);
  }
});

describe('the check fails on drift', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A copy of the fixture repository, in which a test may edit files. */
  function fixtureCopy(): string {
    root = mkdtempSync(join(tmpdir(), 'metadata-drift-'));
    cpSync(FIXTURE, root, { recursive: true });
    return root;
  }

  const edit = (file: string, change: (text: string) => string): void =>
    writeFileSync(file, change(readFileSync(file, 'utf8')));

  test('action.yml with a changed description', async () => {
    const copy = fixtureCopy();
    const actions = await loadActions(FIXTURE);
    expect(await staleDocs(copy, actions)).toEqual([]);
    edit(join(copy, FIXTURE_YML), (text) =>
      text.replace('description: How often to poll.', 'description: How often to ask.'),
    );
    expect(await docsDrift(copy, actions)).toEqual([
      {
        path: FIXTURE_YML,
        difference:
          'line 22: expected "    description: How often to poll.", found "    description: How often to ask."',
      },
    ]);
  });

  test('action.yml without its post step, or with a different entry', async () => {
    const copy = fixtureCopy();
    const actions = await loadActions(FIXTURE);
    const yml = join(copy, FIXTURE_YML);
    const generated = readFileSync(yml, 'utf8');
    edit(yml, (text) => text.replace(/ {2}post: .*\n {2}post-if: .*\n/, ''));
    expect(readFileSync(yml, 'utf8')).not.toBe(generated);
    expect(await staleDocs(copy, actions)).toEqual([FIXTURE_YML]);

    writeFileSync(yml, generated.replace('main: ../../dist/', 'main: ../../lib/'));
    expect(await staleDocs(copy, actions)).toEqual([FIXTURE_YML]);

    rmSync(yml);
    expect(await docsDrift(copy, actions)).toEqual([{ path: FIXTURE_YML, difference: 'missing' }]);
  });

  test('a definition whose post step or default changed makes the committed files stale', async () => {
    const copy = fixtureCopy();
    const [source] = await loadActions(FIXTURE);
    if (!source) throw new Error('the fixture action did not load');
    const { definition } = source;
    const wait = definition.inputs.wait;
    if (!wait) throw new Error('the fixture action has no input wait');
    const changed = {
      ...definition,
      post: undefined,
      inputs: { ...definition.inputs, wait: { ...wait, default: 'false' } },
    };
    expect(await staleDocs(copy, [{ folder: source.folder, definition: changed }])).toEqual([
      FIXTURE_YML,
      'docs/actions/fixture-action.md',
      'README.md',
    ]);
  });

  test('docs edited by hand, a stale README block and a missing page are all reported', async () => {
    const copy = fixtureCopy();
    const actions = await loadActions(FIXTURE);
    const page = join(copy, 'docs/actions/fixture-action.md');
    edit(page, (text) => text.replace('`30s`', '`1m`'));
    edit(join(copy, 'README.md'), (text) => text.replace('| `wait`', '| `waiting`'));
    expect(await staleDocs(copy, actions)).toEqual(['docs/actions/fixture-action.md', 'README.md']);

    rmSync(page);
    expect(await staleDocs(copy, actions)).toContain('docs/actions/fixture-action.md');
  });

  test('a definition named other than its folder, or none, is refused', async () => {
    const [source] = await loadActions(FIXTURE);
    expect(() => actionSource('renamed', 'renamed.ts', { definition: source?.definition })).toThrow(
      "renamed.ts names the action 'fixture-action', but it lives in actions/renamed",
    );
    expect(() => actionSource('empty', 'empty.ts', {})).toThrow(
      'empty.ts must export `definition` (the result of defineAction)',
    );
  });
});
