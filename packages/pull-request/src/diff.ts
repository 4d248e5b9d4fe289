/**
 * What a pull request adds, from `git diff` against the merge base when the history holds the
 * base commit, else from the pull request files API's patches.
 */
import { execFileSync } from 'node:child_process';

export interface AddedLine {
  file: string;
  /** 1-based line in the new file. */
  line: number;
  text: string;
}

export interface PullDiff {
  source: 'git' | 'api';
  /** Every path the pull request touches (both sides of a rename), sorted. */
  files: string[];
  added: AddedLine[];
  /** Files whose added lines could not be read (the API gives no patch for binary or huge files). */
  unscanned: string[];
}

/** A file's patch as the files API gives it (hunks only, no headers) -> its added lines. */
export function addedLinesOfPatch(file: string, patch: string): AddedLine[] {
  const added: AddedLine[] = [];
  let line = 0;
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (text.startsWith('+')) added.push({ file, line: line++, text: text.slice(1) });
    else if (text.startsWith(' ')) line++;
    // '-' lines and "\ No newline at end of file" do not move the new file's line.
  }
  return added;
}

/** A whole `git diff` (with headers) -> touched files and added lines. */
export function parseGitDiff(diff: string): Omit<PullDiff, 'source'> {
  const files = new Set<string>();
  const added: AddedLine[] = [];
  const unscanned: string[] = [];
  const sections = diff.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
  for (const section of sections) {
    const oldPath = /^--- a\/(.+)$/m.exec(section)?.[1];
    const newPath = /^\+\+\+ b\/(.+)$/m.exec(section)?.[1];
    const header = /^diff --git a\/(.+) b\/(.+)$/m.exec(section);
    for (const p of [oldPath, newPath, header?.[1], header?.[2]]) if (p) files.add(p);
    const target = newPath ?? header?.[2];
    if (!target) continue;
    if (/^Binary files /m.test(section)) {
      if (newPath || !oldPath) unscanned.push(target);
      continue;
    }
    const hunks = section.slice(section.search(/^@@ /m));
    if (newPath && section.search(/^@@ /m) >= 0) added.push(...addedLinesOfPatch(newPath, hunks));
  }
  return { files: [...files].sort(), added, unscanned };
}

const git = (root: string, args: string[]): string =>
  execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/**
 * The diff of HEAD against its merge base with `baseSha`, or undefined when the history lacks
 * the base commit (a shallow checkout) or `root` is not a git work tree.
 */
export function gitDiff(root: string, baseSha: string): PullDiff | undefined {
  try {
    git(root, ['cat-file', '-e', `${baseSha}^{commit}`]);
    const mergeBase = git(root, ['merge-base', baseSha, 'HEAD']).trim();
    const diff = git(root, [
      'diff',
      '--no-color',
      '--no-ext-diff',
      '--no-renames',
      '--unified=0',
      mergeBase,
      'HEAD',
    ]);
    return { source: 'git', ...parseGitDiff(diff) };
  } catch {
    return undefined;
  }
}

export interface ApiFile {
  filename: string;
  previous_filename?: string | undefined;
  status?: string;
  patch?: string | undefined;
}

/** The files API's view of the pull request. */
export function apiDiff(files: readonly ApiFile[]): PullDiff {
  const touched = new Set<string>();
  const added: AddedLine[] = [];
  const unscanned: string[] = [];
  for (const file of files) {
    touched.add(file.filename);
    if (file.previous_filename) touched.add(file.previous_filename);
    if (file.status === 'removed') continue;
    if (file.patch === undefined) {
      if (file.status !== 'renamed') unscanned.push(file.filename);
      continue;
    }
    added.push(...addedLinesOfPatch(file.filename, file.patch));
  }
  return { source: 'api', files: [...touched].sort(), added, unscanned };
}
