/**
 * Where a step keeps files for later: a workflow artifact in a real runner, a folder locally.
 * One interface, so the audit collection (notify `mode: audit`) is tested on the file system.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ArtifactStore {
  /** Stores `files` (under `rootDirectory`) as the artifact `name`; says where it went. */
  upload(
    name: string,
    files: readonly string[],
    rootDirectory: string,
  ): Promise<{ location: string }>;
}

/** An artifact as a folder `<dir>/<name>/`: local runs and tests. */
export class FileSystemArtifactStore implements ArtifactStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async upload(
    name: string,
    files: readonly string[],
    rootDirectory: string,
  ): Promise<{ location: string }> {
    const target = path.join(this.#dir, name);
    for (const file of files) {
      const to = path.join(target, path.relative(rootDirectory, file));
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(file, to);
    }
    return { location: target };
  }
}

/** A real runner's artifact service is reachable only with these (set for node actions by the runner). */
export const hasArtifactService = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL);

/**
 * The store for this run: the folder `$MLOPS_ARTIFACT_DIR` (else `$RUNNER_TEMP/mlops-artifacts`)
 * outside a real runner; undefined in a real runner, whose artifact service (`@actions/artifact`)
 * is not bundled yet: the seam for it is this function.
 */
export function artifactStoreFor(env: NodeJS.ProcessEnv = process.env): ArtifactStore | undefined {
  if (hasArtifactService(env)) return undefined;
  const dir =
    env.MLOPS_ARTIFACT_DIR || path.join(env.RUNNER_TEMP || os.tmpdir(), 'mlops-artifacts');
  return new FileSystemArtifactStore(dir);
}
