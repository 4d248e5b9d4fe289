import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  addedLinesOfPatch,
  apiDiff,
  changedAreas,
  findFiles,
  globList,
  parseAreas,
  parseGitDiff,
} from '@mlops-actions/pull-request';

describe('added lines', () => {
  test('a files-API patch: lines numbered in the new file, context and removals counted right', () => {
    const patch =
      '@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,0 +11,1 @@\n+end\n\\ No newline at end of file';
    expect(addedLinesOfPatch('f', patch)).toEqual([
      { file: 'f', line: 2, text: 'B' },
      { file: 'f', line: 3, text: 'C' },
      { file: 'f', line: 11, text: 'end' },
    ]);
  });

  test('a git diff: files on both sides, binaries unscanned, deletions add nothing', () => {
    const diff = [
      'diff --git a/x.yml b/x.yml',
      'index 1..2 100644',
      '--- a/x.yml',
      '+++ b/x.yml',
      '@@ -2,0 +3 @@',
      '+new: line',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-old',
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'Binary files /dev/null and b/img.png differ',
      '',
    ].join('\n');
    expect(parseGitDiff(diff)).toEqual({
      files: ['gone.txt', 'img.png', 'x.yml'],
      added: [{ file: 'x.yml', line: 3, text: 'new: line' }],
      unscanned: ['img.png'],
    });
  });

  test('the files API: a renamed file counts both paths; one without a patch is unscanned', () => {
    const diff = apiDiff([
      { filename: 'new/a.yml', previous_filename: 'old/a.yml', status: 'renamed' },
      { filename: 'big.bin', status: 'added' },
    ]);
    expect(diff.files).toEqual(['big.bin', 'new/a.yml', 'old/a.yml']);
    expect(diff.unscanned).toEqual(['big.bin']);
  });
});

describe('areas', () => {
  const areas = {
    churn: ['models/churn/**', 'common/**'],
    fraud: ['models/fraud/**', 'common/**'],
  };

  test('a change in one area marks it; a shared path marks every area it is in', () => {
    expect(changedAreas(areas, ['models/churn/job.yml', 'README.md'])).toEqual(['churn']);
    expect(changedAreas(areas, ['common/io.py'])).toEqual(['churn', 'fraud']);
    expect(changedAreas(areas, ['docs/x.md'])).toEqual([]);
  });

  test('a glob or a list of globs per area; anything else is named', () => {
    expect(parseAreas({ a: 'x/**', b: ['y/**'] })).toEqual({ areas: { a: ['x/**'], b: ['y/**'] } });
    expect(parseAreas({ a: 3 })).toEqual({ problem: 'area "a" maps to a number' });
    expect(parseAreas({ a: [] })).toEqual({
      problem: 'area "a" maps to a list that is not all globs',
    });
  });
});

describe('spec discovery', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'discovery-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const file of ['a.yml', 'sub/b.yaml', 'node_modules/p/c.yml', '.git/d.yml', 'e.txt']) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), 'x: 1\n');
  }

  test('globs find YAML files, never in node_modules or .git; a glob matching nothing is told', () => {
    const found = findFiles(dir, globList('**/*.yml\n**/*.yaml\n# comment\nnone/*.yml'));
    expect(found).toEqual({ files: ['a.yml', 'sub/b.yaml'], unmatched: ['none/*.yml'] });
  });
});
