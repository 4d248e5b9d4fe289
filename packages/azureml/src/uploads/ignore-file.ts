/**
 * The ignore file of an upload root, read as the Azure ML CLI reads it: `.amlignore` when the
 * root has one, else `.gitignore`, else nothing; only the root's own file counts. Each line is
 * a git wildmatch pattern (as the `pathspec` package the CLI vendors compiles it), matched
 * against the path relative to the root; the last matching pattern decides, `!` re-includes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const IGNORE_FILE_NAMES = ['.amlignore', '.gitignore'] as const;

export interface IgnoreFile {
  /** `.amlignore` or `.gitignore`; undefined when the root has neither. */
  name: string | undefined;
  /** Whether `relativePath` (`/`-separated, from the root) is left out. */
  excludes(relativePath: string): boolean;
  /** Whether a `!` pattern can bring back what an earlier pattern left out. */
  reincludes: boolean;
}

interface Pattern {
  regex: RegExp;
  /** true: a match excludes; false: a match re-includes (`!`). */
  exclude: boolean;
}

export const NO_IGNORE_FILE: IgnoreFile = {
  name: undefined,
  excludes: () => false,
  reincludes: false,
};

/** The ignore file that applies to the folder `root`. */
export function ignoreFileOf(root: string): IgnoreFile {
  const name = IGNORE_FILE_NAMES.find((candidate) => existsSync(join(root, candidate)));
  if (name === undefined) return NO_IGNORE_FILE;
  return compileIgnoreFile(name, readFileSync(join(root, name), 'utf8'));
}

export function compileIgnoreFile(name: string, text: string): IgnoreFile {
  const patterns = text
    .split('\n')
    .map(compilePattern)
    .filter((p): p is Pattern => p !== undefined);
  return {
    name,
    reincludes: patterns.some((p) => !p.exclude),
    excludes(relativePath) {
      const path = relativePath.replace(/^\.\//, '').replace(/^\//, '');
      let excluded = false;
      for (const pattern of patterns) {
        if (pattern.regex.test(path)) excluded = pattern.exclude;
      }
      return excluded;
    },
  };
}

/** One line -> its pattern; comments, blank lines and a lone `/` match nothing. */
export function compilePattern(line: string): Pattern | undefined {
  let text = line.trim();
  if (text === '' || text.startsWith('#') || text === '/') return undefined;
  const exclude = !text.startsWith('!');
  if (!exclude) text = text.slice(1);

  const segments = text.split('/');
  for (let i = segments.length - 1; i > 0; i--) {
    if (segments[i - 1] === '**' && segments[i] === '**') segments.splice(i, 1);
  }
  // `**/` matches everything below the root but no file in it.
  if (segments.length === 2 && segments[0] === '**' && segments[1] === '') {
    return { regex: /^.+\/.*$/, exclude };
  }
  if (segments[0] === '') {
    // A leading `/` anchors the pattern at the root.
    segments.shift();
  } else if (segments.length === 1 || (segments.length === 2 && segments[1] === '')) {
    // A bare name (or `name/`) matches at any depth.
    if (segments[0] !== '**') segments.unshift('**');
  }
  if (segments.length === 0) throw new Error(`invalid ignore pattern ${JSON.stringify(line)}`);
  // A trailing `/` means everything below a folder of that name.
  if (segments.length > 1 && segments[segments.length - 1] === '') {
    segments[segments.length - 1] = '**';
  }

  let regex = '^';
  let needSlash = false;
  const end = segments.length - 1;
  segments.forEach((segment, i) => {
    if (segment === '**') {
      if (i === 0 && i === end) regex += '.+';
      else if (i === 0) {
        regex += '(?:.+/)?';
        needSlash = false;
      } else if (i === end) regex += '/.*';
      else {
        regex += '(?:/.+)?';
        needSlash = true;
      }
      return;
    }
    if (needSlash) regex += '/';
    regex += segment === '*' ? '[^/]+' : segmentGlob(segment, line);
    // A last segment without `/` matches a file, or a folder and all below it.
    if (i === end) regex += '(?:/.*)?';
    needSlash = true;
  });
  return { regex: new RegExp(`${regex}$`), exclude };
}

/** One path segment's glob (`*`, `?`, `[...]`, `\` escapes) as a regular expression. */
function segmentGlob(glob: string, line: string): string {
  let regex = '';
  let i = 0;
  while (i < glob.length) {
    const char = glob[i++] ?? '';
    if (char === '\\') {
      if (i >= glob.length) throw new Error(`invalid ignore pattern ${JSON.stringify(line)}`);
      regex += escapeRegex(glob[i++] ?? '');
    } else if (char === '*') regex += '[^/]*';
    else if (char === '?') regex += '[^/]';
    else if (char === '[') {
      let j = i;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        regex += '\\[';
        continue;
      }
      let expr = '[';
      if (glob[i] === '!') {
        expr += '^';
        i++;
      } else if (glob[i] === '^') {
        expr += '\\^';
        i++;
      }
      expr += glob.slice(i, j).replace(/\\/g, '\\\\').replace(/\[/g, '\\[');
      regex += `${expr}]`;
      i = j + 1;
    } else regex += escapeRegex(char);
  }
  return regex;
}

const escapeRegex = (char: string): string => char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
