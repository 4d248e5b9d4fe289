import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { actionYamlProblems, invalidDefaults } from '@mlops-actions/action-kit';
import { loadActions, staleDocs } from '../../scripts/docs.ts';

// One source of truth per action: its definition. action.yml and the docs must agree with it.

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(import.meta.dirname, 'action-kit/fixtures');

function readActionYml(root: string, folder: string): unknown {
  return parseYaml(readFileSync(join(root, 'actions', folder, 'action.yml'), 'utf8'));
}

async function metadataProblems(root: string): Promise<string[]> {
  const actions = await loadActions(root);
  const folders = readdirSync(join(root, 'actions')).filter((folder) =>
    existsSync(join(root, 'actions', folder, 'action.yml')),
  );
  const problems: string[] = [];
  for (const folder of folders) {
    const source = actions.find((action) => action.folder === folder);
    if (!source) {
      problems.push(`actions/${folder}: src/definition.ts must export \`definition\``);
      continue;
    }
    const yml = readActionYml(root, folder);
    for (const problem of actionYamlProblems(source.definition, yml, folder)) {
      problems.push(`actions/${folder}/action.yml: ${problem}`);
    }
    for (const problem of await invalidDefaults(source.definition)) {
      problems.push(`actions/${folder}/src/definition.ts: ${problem}`);
    }
  }
  return problems;
}

describe.each([
  ['the repository', ROOT],
  ['the fixture', FIXTURE],
])('%s', (_label, root) => {
  test('every action.yml declares exactly its definition (whose defaults parse) and runs on node24 from dist', async () => {
    expect(await metadataProblems(root)).toEqual([]);
  });

  test('generated docs are up to date (else run `npx node scripts/docs.ts`)', async () => {
    expect(await staleDocs(root)).toEqual([]);
  });
});

describe('the checks fail on drift', () => {
  test('action.yml with a missing input, a wrong default and other drift', async () => {
    const [source] = await loadActions(FIXTURE);
    if (!source) throw new Error('the fixture action did not load');
    const yml = readActionYml(FIXTURE, 'fixture-action') as {
      inputs: Record<string, Record<string, unknown>>;
      outputs: Record<string, unknown>;
      runs: Record<string, unknown>;
    };
    delete yml.inputs.wait;
    yml.inputs['poll-interval'] = { ...yml.inputs['poll-interval'], default: '1m' };
    yml.inputs.job = { ...yml.inputs.job, required: true };
    yml.inputs['arm-endpoint'] = { description: 'no default' };
    yml.outputs.extra = { description: 'not in the definition' };
    yml.runs = { using: 'node20', main: 'dist/index.js' };
    expect(actionYamlProblems(source.definition, yml, 'fixture-action')).toEqual([
      "input 'wait' is missing",
      "output 'extra' is not in the definition",
      "input 'job': required is true, the definition says false",
      'input \'poll-interval\': default is "1m", the definition says "30s"',
      'input \'arm-endpoint\': default is undefined, the definition says "https://management.azure.com"',
      'runs.using is "node20", expected "node24"',
      'runs.main is "dist/index.js", expected "../../dist/fixture-action/index.js"',
    ]);
    expect(actionYamlProblems(source.definition, yml, 'renamed')).toContain(
      "the definition is named 'fixture-action' but lives in actions/renamed",
    );
  });

  test('docs edited by hand, a stale README block and a missing page are all reported', async () => {
    const actions = await loadActions(FIXTURE);
    const root = mkdtempSync(join(tmpdir(), 'docs-drift-'));
    try {
      cpSync(join(FIXTURE, 'docs'), join(root, 'docs'), { recursive: true });
      cpSync(join(FIXTURE, 'README.md'), join(root, 'README.md'));
      expect(await staleDocs(root, actions)).toEqual([]);

      const page = join(root, 'docs/actions/fixture-action.md');
      writeFileSync(page, readFileSync(page, 'utf8').replace('`30s`', '`1m`'));
      const readme = join(root, 'README.md');
      writeFileSync(readme, readFileSync(readme, 'utf8').replace('| `wait`', '| `waiting`'));
      expect(await staleDocs(root, actions)).toEqual([
        'docs/actions/fixture-action.md',
        'README.md',
      ]);

      rmSync(page);
      expect(await staleDocs(root, actions)).toContain('docs/actions/fixture-action.md');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
