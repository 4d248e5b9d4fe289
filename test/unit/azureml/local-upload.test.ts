/**
 * The Azure ML CLI's rules for local uploads, reproduced: the content hashes (pinned, and
 * recomputed here step by step from the rule, independently of the implementation), the
 * ignore files, the anonymous environment's version, and what a local path may not be.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  anonymousEnvironmentVersion,
  compileIgnoreFile,
  condaFileText,
  contentHash,
  objectHash,
  parseDeploymentSpec,
  parseJobSpec,
  readLocalArtifact,
  uploadLayout,
} from '@mlops-actions/azureml';
import { specError } from './spec-error.ts';

const FIXTURE = path.resolve('test/fixtures/local-upload');
const SRC = path.join(FIXTURE, 'src');
const bytes = (...parts: string[]) => readFileSync(path.join(FIXTURE, ...parts));

const scratch = mkdtempSync(path.join(tmpdir(), 'mlops-local-upload-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('the content hashes of test/fixtures/local-upload/src', () => {
  const artifact = readLocalArtifact(SRC, { root: FIXTURE });

  test('MD5 object hash: the seed, then each entry by lower-cased name (ignored ones out): name, then bytes or entries', async () => {
    // src holds .amlignore (`*.log`, `scratch/`), debug.log, README.md, scratch/notes.txt,
    // train.py and utils/helpers.py. Lower-cased order: .amlignore, debug.log (ignored),
    // readme.md, scratch (the folder itself is not matched by `scratch/`: its name counts,
    // its only file is ignored), train.py, utils.
    const md5 = createHash('md5');
    md5.update('Initialize for october 2021 AML CLI version');
    md5.update('.amlignore');
    md5.update(bytes('src', '.amlignore'));
    md5.update('README.md');
    md5.update(bytes('src', 'README.md'));
    md5.update('scratch');
    md5.update('train.py');
    md5.update(bytes('src', 'train.py'));
    md5.update('utils');
    md5.update('helpers.py');
    md5.update(bytes('src', 'utils', 'helpers.py'));
    const expected = md5.digest('hex');

    expect(await objectHash(artifact)).toBe(expected);
    expect(expected).toBe('9d1861fbd5eef631e86c4a3307c68de2');
  });

  test('SHA-256 content hash: the file count, #path#size per file, then the contents', async () => {
    const files = ['.amlignore', 'README.md', 'train.py', 'utils/helpers.py'];
    const sha = createHash('sha256').update('4');
    for (const file of files) sha.update(`#${file}#${bytes('src', file).length}`);
    for (const file of files) sha.update(bytes('src', file));
    const expected = sha.digest('hex');

    expect(await contentHash(artifact)).toBe(expected);
    expect(expected).toBe('056093b5207f4665433b55e6e01c1501dadcf6b69b3375af978e452d85cb92e9');
  });

  test('a single file is the seed and its bytes; its blob is LocalUpload/<md5>/<file name>', async () => {
    const model = readLocalArtifact(path.join(FIXTURE, 'deploy', 'model', 'model.pkl'), {
      root: FIXTURE,
    });
    const expected = createHash('md5')
      .update('Initialize for october 2021 AML CLI version')
      .update(bytes('deploy', 'model', 'model.pkl'))
      .digest('hex');
    const hash = await objectHash(model);
    expect(hash).toBe(expected);
    expect(hash).toBe('562822342b5e694b461403e136a87d79');
    expect(uploadLayout(model, hash)).toEqual({
      path: `LocalUpload/${hash}/model.pkl`,
      marker: `LocalUpload/${hash}/model.pkl`,
    });
  });

  test('the folder uploads under LocalUpload/<md5>/src; the first file by path carries the marker', () => {
    expect(artifact.files.map((f) => f.relativePath)).toEqual([
      '.amlignore',
      'README.md',
      'train.py',
      'utils/helpers.py',
    ]);
    expect(uploadLayout(artifact, 'h')).toEqual({
      path: 'LocalUpload/h/src',
      marker: 'LocalUpload/h/src/.amlignore',
    });
    expect(artifact).toMatchObject({ ignoreFile: '.amlignore', ignored: 2, kind: 'folder' });
  });
});

describe('ignore files (git wildmatch as the CLI compiles it; the last match wins)', () => {
  const rules = compileIgnoreFile(
    '.amlignore',
    [
      '# a comment',
      '',
      '*.log',
      '!keep.log',
      '/build',
      'cache/',
      'docs/**/draft.md',
      '\\#literal',
      '[ab].txt',
      '?.tmp',
      '**/out/**',
    ].join('\n'),
  );
  test.each([
    ['a.log', true],
    ['deep/down/a.log', true],
    ['keep.log', false],
    ['deep/keep.log', false],
    ['build', true],
    ['build/x.py', true],
    ['src/build', false],
    ['cache', false],
    ['cache/x', true],
    ['src/cache/x', true],
    ['docs/draft.md', true],
    ['docs/a/b/draft.md', true],
    ['draft.md', false],
    ['#literal', true],
    ['a.txt', true],
    ['c.txt', false],
    ['x.tmp', true],
    ['xy.tmp', false],
    ['a/out/b', true],
    ['out', false],
    ['# a comment', false],
  ])('%s excluded: %s', (file, excluded) => {
    expect(rules.excludes(file)).toBe(excluded);
  });

  test('.amlignore wins over .gitignore; without one, .gitignore applies', () => {
    const both = folder('both', {
      '.amlignore': 'a.txt\n',
      '.gitignore': 'b.txt\n',
      'a.txt': 'a',
      'b.txt': 'b',
    });
    expect(readLocalArtifact(both, { root: scratch }).files.map((f) => f.relativePath)).toEqual([
      '.amlignore',
      '.gitignore',
      'b.txt',
    ]);
    const git = folder('git', { '.gitignore': 'b.txt\n', 'a.txt': 'a', 'b.txt': 'b' });
    expect(readLocalArtifact(git, { root: scratch })).toMatchObject({
      ignoreFile: '.gitignore',
      files: [{ relativePath: '.gitignore' }, { relativePath: 'a.txt' }],
    });
  });

  test('only the upload root’s ignore file counts', () => {
    const nested = folder('nested', { 'sub/.gitignore': '*.txt\n', 'sub/a.txt': 'a' });
    expect(readLocalArtifact(nested, { root: scratch }).files.map((f) => f.relativePath)).toEqual([
      'sub/.gitignore',
      'sub/a.txt',
    ]);
  });

  test('a symlinked file uploads under the link’s name with its target’s bytes', async () => {
    const linked = folder('linked', { 'real.txt': 'real bytes' });
    symlinkSync(path.join(linked, 'real.txt'), path.join(linked, 'alias.txt'));
    const artifact = readLocalArtifact(linked, { root: scratch });
    expect(artifact.files.map((f) => [f.relativePath, f.source])).toEqual([
      ['alias.txt', path.join(linked, 'real.txt')],
      ['real.txt', path.join(linked, 'real.txt')],
    ]);
  });
});

describe('the anonymous environment of an inline image + conda file', () => {
  const conda = readFileSync(path.join(FIXTURE, 'conda.yml'), 'utf8');

  test('the conda file is sent as PyYAML dumps it (keys sorted, lists under keys not indented)', () => {
    expect(condaFileText(conda)).toBe(
      'channels:\n- conda-forge\ndependencies:\n- python=3.10\n- pip\n- pip:\n  - scikit-learn==1.5.2\n  - mlflow-skinny\nname: train\n',
    );
    // PyYAML 6's yaml.dump(..., sort_keys=True) of the same mapping, quoting what it would read back otherwise.
    expect(
      condaFileText(
        "l: 'x #y'\nk: '#no'\nj: '- x'\ni: -x\nh: true\ng: null\nf: it's\ne: 'a: b'\nd: {}\nc: [{p: 1, q: [1, 2]}, [3, 4]]\nb: 'yes'\na: '3.10'\n",
      ),
    ).toBe(
      "a: '3.10'\nb: 'yes'\nc:\n- p: 1\n  q:\n  - 1\n  - 2\n- - 3\n  - 4\nd: {}\ne: 'a: b'\nf: it's\ng: null\nh: true\ni: -x\nj: '- x'\nk: '#no'\nl: 'x #y'\n",
    );
  });

  test('its version is the CLI’s: md5 of md5(conda) with md5(image) between each character', () => {
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const image = 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest';
    const condaText = condaFileText(conda);
    // Python: "".join(md5(image)).join(md5(conda)) puts md5(image) between md5(conda)'s characters.
    const joined = md5(condaText).split('').join(md5(image));
    expect(anonymousEnvironmentVersion({ image, condaFile: condaText })).toBe(md5(joined));
    expect(md5(joined)).toBe('b0faa83babfbf369960b6eabadf0b7cf');
    expect(anonymousEnvironmentVersion({ image })).toBe(md5(md5(image)));
  });
});

describe('a local path that cannot be uploaded is refused when the spec is parsed, with its line', () => {
  const job = (lines: string[]) =>
    ['command: python train.py', 'environment: azureml:sklearn-1.5:1', ...lines].join('\n');

  test('a path that does not exist', () => {
    const err = specError(() =>
      parseJobSpec(job(['code: ./missing']), { baseDir: scratch, root: scratch }),
    );
    expect(err).toMatchObject({
      field: 'code',
      line: 3,
      given: '"./missing", which does not exist',
    });
    expect(err.expected).toBe('an existing local file or folder (relative to the spec file)');
  });

  test('a folder with nothing left after its .amlignore', () => {
    folder('all-ignored', { '.amlignore': '*\n', 'a.py': 'x' });
    const err = specError(() =>
      parseJobSpec(job(['code: all-ignored']), { baseDir: scratch, root: scratch }),
    );
    expect(err).toMatchObject({
      field: 'code',
      line: 3,
      expected: 'a folder with at least one file to upload after .amlignore',
      given: '"all-ignored", which has none (2 left out by its .amlignore)',
    });
  });

  test('a symlink loop inside the folder', () => {
    const looped = folder('looped', { 'a.py': 'x' });
    symlinkSync(looped, path.join(looped, 'again'));
    const err = specError(() =>
      parseJobSpec(job(['code: looped']), { baseDir: scratch, root: scratch }),
    );
    expect(err).toMatchObject({ field: 'code', expected: 'a folder without a symlink loop' });
    expect(err.given).toContain('whose again links back to');
  });

  test('a path, or a symlink inside the folder, that leaves the repository', () => {
    const repo = folder('repo', { 'job.yml': '', 'src/a.py': 'x' });
    const outside = folder('outside', { 'secret.txt': 'runner files' });
    const err = specError(() =>
      parseJobSpec(job(['code: ../outside']), { baseDir: repo, root: repo }),
    );
    expect(err).toMatchObject({
      field: 'code',
      expected: `a path inside the checked-out repository (${repo})`,
      given: `"../outside", which resolves to ${outside}`,
    });

    symlinkSync(outside, path.join(repo, 'src', 'escape'));
    const link = specError(() => parseJobSpec(job(['code: src']), { baseDir: repo, root: repo }));
    expect(link).toMatchObject({
      field: 'code',
      expected: `a path inside the checked-out repository (${repo})`,
    });
    expect(link.given).toContain('(its escape)');
  });

  test('an input of the wrong kind, and a missing conda file, name their field', () => {
    folder('data-folder', { 'x.csv': '1' });
    const input = specError(() =>
      parseJobSpec(job(['inputs:', '  data:', '    type: uri_file', '    path: data-folder']), {
        baseDir: scratch,
        root: scratch,
      }),
    );
    expect(input).toMatchObject({
      field: 'inputs.data.path',
      line: 6,
      expected: 'a local file',
      given: '"data-folder", a folder',
    });
    const conda = specError(() =>
      parseJobSpec(
        [
          'command: x',
          'environment:',
          '  image: python:3.12',
          '  conda_file: ./no-such-conda.yml',
        ].join('\n'),
        { baseDir: scratch, root: scratch },
      ),
    );
    expect(conda).toMatchObject({ field: 'environment.conda_file', line: 4 });
  });

  test('a deployment’s local model, scoring code and inline environment are checked alike', () => {
    const blue = readFileSync(path.join(FIXTURE, 'deploy', 'blue.yml'), 'utf8');
    const spec = parseDeploymentSpec(blue, {
      baseDir: path.join(FIXTURE, 'deploy'),
      root: FIXTURE,
    });
    expect(spec.localModel?.path.path).toBe(path.join(FIXTURE, 'deploy', 'model'));
    expect(spec.localCode?.path).toBe(path.join(FIXTURE, 'deploy', 'score'));
    expect(spec.inlineEnvironment?.condaFile).toContain('scikit-learn==1.5.2');
    const missing = specError(() =>
      parseDeploymentSpec(blue.replace('./model', './no-model'), {
        baseDir: path.join(FIXTURE, 'deploy'),
        root: FIXTURE,
      }),
    );
    expect(missing).toMatchObject({ field: 'model.path', line: 4 });
  });

  test('an inline environment needs image or build, not both', () => {
    const err = specError(() =>
      parseJobSpec('command: x\nenvironment:\n  conda_file: {name: x}\n', { root: scratch }),
    );
    expect(err).toMatchObject({ field: 'environment.image', line: 2 });
    expect(err.expected).toContain('either image or build, not neither');
  });
});
