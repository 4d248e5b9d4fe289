/**
 * Local paths and inline environments in CLI v2 specs: what counts as local, and the checks
 * that make a spec with one refused when parsed (by the action that takes it and by
 * pr-validate alike) rather than at upload time. Paths are relative to the spec file's folder.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { SpecError } from '../grammar/spec-error.ts';
import { condaFileText, dumpYaml } from '../uploads/anonymous-environment.ts';
import { LocalPathError, readLocalArtifact } from '../uploads/local-tree.ts';
import { locate } from './yaml-spec.ts';

/** A local file or folder a spec names: as written, and resolved once the spec was checked. */
export interface LocalRef {
  kind: 'local';
  written: string;
  /** Absolute once checked (until then, as written). */
  path: string;
}

/** An inline environment, ready to register: what the CLI sends, with local parts resolved. */
export interface InlineEnvironment {
  kind: 'inline';
  image?: string;
  /** The conda file's text as the CLI sends it (PyYAML dump of the parsed file). */
  condaFile?: string;
  /** Where the conda file came from, until checked: a path as written, or the inline mapping. */
  condaSource?: string | Record<string, unknown>;
  build?: { context: LocalRef | { kind: 'id'; id: string }; dockerfilePath?: string };
  osType?: 'Linux' | 'Windows';
  description?: string;
}

/** Where local paths of a spec are read from, and what they may not leave. */
export interface SpecOptions {
  /** The spec file's folder (default: the working directory). */
  baseDir?: string;
  /** The checked-out repository; nothing outside it is uploaded (default: the working directory). */
  root?: string;
}

/** A URI (`azureml://`, `https://`, `azureml:name:1`, …) or an ARM id is not a local path; `file:` is. */
export function isLocalPath(text: string): boolean {
  if (/^file:/i.test(text)) return true;
  if (/^\/subscriptions\//i.test(text)) return false;
  return !/^[a-z][a-z0-9+.-]*:/i.test(text);
}

export function localRef(text: string): LocalRef {
  const written = text.replace(/^file:(?:\/\/)?/i, '');
  return { kind: 'local', written, path: written };
}

export type Want = 'file' | 'folder' | 'file or folder';

/** Checks the spec's local paths in place of their written forms. */
export class LocalPathChecker {
  private readonly subject: string;
  private readonly text: string | undefined;
  private readonly baseDir: string;
  private readonly root: string;

  constructor(subject: string, text: string | undefined, options: SpecOptions = {}) {
    this.subject = subject;
    this.text = text;
    this.baseDir = resolve(options.baseDir ?? process.cwd());
    this.root = resolve(options.root ?? process.cwd());
  }

  /** `ref` resolved and checked (exists, inside the repository, no loop, not empty), or a SpecError at `field`. */
  path(ref: LocalRef, field: PropertyKey[], want: Want = 'file or folder'): LocalRef {
    const path = isAbsolute(ref.written) ? ref.written : resolve(this.baseDir, ref.written);
    try {
      const artifact = readLocalArtifact(path, { root: this.root, written: ref.written });
      if (want !== 'file or folder' && artifact.kind !== want) {
        throw new LocalPathError(
          `a local ${want}`,
          `${JSON.stringify(ref.written)}, a ${artifact.kind}`,
        );
      }
      return { ...ref, path: artifact.path };
    } catch (err) {
      if (err instanceof LocalPathError) throw this.error(field, err.expected, err.given);
      throw err;
    }
  }

  /** An inline environment with its conda file read and its build context checked. */
  environment(env: InlineEnvironment, field: PropertyKey[]): InlineEnvironment {
    const checked: InlineEnvironment = { ...env };
    const source = env.condaSource;
    if (typeof source === 'string') {
      const ref = this.path(localRef(source), [...field, 'conda_file'], 'file');
      try {
        checked.condaFile = condaFileText(readFileSync(ref.path, 'utf8'));
      } catch (err) {
        throw this.error(
          [...field, 'conda_file'],
          'a conda file in YAML',
          `${JSON.stringify(source)}: ${(err as Error).message.split('\n')[0]}`,
        );
      }
    } else if (source !== undefined) {
      checked.condaFile = dumpYaml(source);
    }
    delete checked.condaSource;
    if (env.build?.context.kind === 'local') {
      checked.build = {
        ...env.build,
        context: this.path(env.build.context, [...field, 'build', 'path'], 'folder'),
      };
    }
    return checked;
  }

  error(field: PropertyKey[], expected: string, given: string): SpecError {
    const at = this.text === undefined ? undefined : locate(this.text, field);
    return new SpecError({
      subject: this.subject,
      field: field.map(String).join('.'),
      expected,
      given,
      line: at?.line,
      column: at?.column,
    });
  }
}
