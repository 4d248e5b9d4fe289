/**
 * A local file or folder that a spec names, read as the Azure ML CLI reads it before an upload:
 * symlinks followed (the link's name kept), the root's ignore file applied, and what cannot be
 * uploaded safely refused: a path that does not exist, a folder with nothing left after the
 * ignores, a symlink loop, and anything that resolves outside the checked-out repository
 * (which would upload the runner's own files). Synchronous: spec checks call it too.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { ignoreFileOf, type IgnoreFile } from './ignore-file.ts';

export interface LocalFile {
  /** From the upload root, `/`-separated, through the names of links (the blob path's tail). */
  relativePath: string;
  /** The file to read (a link's target). */
  source: string;
  /** The path the CLI sorts uploads by: the file's path, or its target for a link. */
  uploadKey: string;
  size: number;
}

/** A folder's entries in the order the CLI hashes them (lower-cased name, ignored ones left out). */
export type TreeEntry =
  | { kind: 'file'; name: string; file: LocalFile }
  | { kind: 'folder'; name: string; entries: TreeEntry[] };

export interface LocalArtifact {
  /** Resolved absolute path. */
  path: string;
  /** The last segment of the resolved path: the folder (or file) name in the blob path. */
  name: string;
  kind: 'file' | 'folder';
  /** A folder's entries, for the content hash; empty for a file. */
  entries: TreeEntry[];
  /** Every file to upload, in upload order (the CLI's: by path); the first carries the marker. */
  files: LocalFile[];
  totalBytes: number;
  /** The ignore file that applied (`.amlignore`, `.gitignore`), if any. */
  ignoreFile: string | undefined;
  /** How many files and folders the ignore file left out. */
  ignored: number;
}

/** Why a local path cannot be uploaded, in the words of a SpecError (expected / given). */
export class LocalPathError extends Error {
  override readonly name = 'LocalPathError';
  readonly expected: string;
  readonly given: string;

  constructor(expected: string, given: string) {
    super(`expected ${expected}; given ${given}`);
    this.expected = expected;
    this.given = given;
  }
}

export interface LocalReadOptions {
  /** The checked-out repository: nothing outside it is uploaded. */
  root: string;
  /** How the path was written, for messages (default: the path). */
  written?: string;
}

/** Reads `path` (absolute) for an upload, or throws LocalPathError saying why it cannot be. */
export function readLocalArtifact(path: string, options: LocalReadOptions): LocalArtifact {
  const written = JSON.stringify(options.written ?? path);
  const root = realOrSelf(options.root);
  const real = resolveInside(path, root, written);
  const stats = statSync(real);
  const name = basename(real);
  if (stats.isFile()) {
    const file: LocalFile = { relativePath: name, source: real, uploadKey: real, size: stats.size };
    return {
      path: real,
      name,
      kind: 'file',
      entries: [],
      files: [file],
      totalBytes: stats.size,
      ignoreFile: undefined,
      ignored: 0,
    };
  }
  if (!stats.isDirectory()) {
    throw new LocalPathError('a regular file or folder', `${written}, which is neither`);
  }
  const ignore = ignoreFileOf(real);
  const walk = new Walk(root, ignore, written);
  const entries = walk.folder(real, real, '', new Set([real]));
  const files = walk.files.sort((a, b) => compareCodePoints(a.uploadKey, b.uploadKey));
  if (files.length === 0) {
    const why =
      walk.ignored > 0 ? ` (${walk.ignored} left out by its ${ignore.name ?? 'ignore file'})` : '';
    throw new LocalPathError(
      `a folder with at least one file to upload${ignore.name ? ` after ${ignore.name}` : ''}`,
      `${written}, which has none${why}`,
    );
  }
  return {
    path: real,
    name,
    kind: 'folder',
    entries,
    files,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    ignoreFile: ignore.name,
    ignored: walk.ignored,
  };
}

/** The resolved path of `path`, refused when missing, looping or outside `root`. */
function resolveInside(path: string, root: string, written: string): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      throw new LocalPathError('a path without a symlink loop', `${written}, whose links loop`);
    const dangling = isLink(path);
    throw new LocalPathError(
      'an existing local file or folder (relative to the spec file)',
      dangling ? `${written}, a symlink to nothing` : `${written}, which does not exist`,
    );
  }
  if (!isInside(real, root)) {
    throw new LocalPathError(
      `a path inside the checked-out repository (${root})`,
      `${written}, which resolves to ${real}`,
    );
  }
  return real;
}

class Walk {
  readonly files: LocalFile[] = [];
  ignored = 0;
  private readonly root: string;
  private readonly ignore: IgnoreFile;
  private readonly written: string;

  constructor(root: string, ignore: IgnoreFile, written: string) {
    this.root = root;
    this.ignore = ignore;
    this.written = written;
  }

  /**
   * The entries of folder `dir` (read at `real`), `prefix` its path from the upload root;
   * `ancestors` are the real paths of the folders above, to tell a loop.
   */
  folder(dir: string, real: string, prefix: string, ancestors: Set<string>): TreeEntry[] {
    const names = readdirSync(real).sort((a, b) =>
      compareCodePoints(a.toLowerCase(), b.toLowerCase()),
    );
    const entries: TreeEntry[] = [];
    for (const name of names) {
      const relativePath = prefix + name;
      const excluded = this.ignore.excludes(relativePath);
      // A `!` pattern can re-include a file below an ignored folder (the CLI lists files one by
      // one), so such a folder is walked for its files but left out of the hash.
      if (excluded && !this.ignore.reincludes) {
        this.ignored++;
        continue;
      }
      const at = join(real, name);
      const link = isLink(at);
      const target = link
        ? resolveInside(at, this.root, `${this.written} (its ${relativePath})`)
        : at;
      const stats = statSync(target);
      if (stats.isDirectory()) {
        if (ancestors.has(target)) {
          throw new LocalPathError(
            'a folder without a symlink loop',
            `${this.written}, whose ${relativePath} links back to ${target}`,
          );
        }
        const below = new Set(ancestors).add(target);
        const inside = this.folder(join(dir, name), target, `${relativePath}/`, below);
        if (!excluded) entries.push({ kind: 'folder', name, entries: inside });
      } else if (stats.isFile()) {
        if (excluded) {
          this.ignored++;
          continue;
        }
        const file: LocalFile = {
          relativePath,
          source: target,
          uploadKey: link ? target : join(dir, name),
          size: stats.size,
        };
        this.files.push(file);
        entries.push({ kind: 'file', name, file });
      }
      // Sockets, devices and pipes are not files to upload; the CLI skips them too.
    }
    return entries;
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Python's string order (by code point), which the CLI sorts paths with. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
