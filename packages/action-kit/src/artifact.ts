/**
 * Where a step keeps files for later: a workflow artifact in a real runner, a folder locally.
 * One interface, so the audit collection (notify `mode: audit`) is tested on the file system.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runnerContext } from './context.ts';

export interface ArtifactStore {
  /** Stores `files` (under `rootDirectory`) as the artifact `name`; says where it went. */
  upload(
    name: string,
    files: readonly string[],
    rootDirectory: string,
  ): Promise<{ location: string }>;
}

/**
 * An artifact as a folder `<dir>/<name>/`: local runs and tests. `dir` stands for the workflow
 * run, so a name is taken once, as GitHub refuses a second artifact of the same name in a run.
 */
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
    if (existsSync(target)) {
      throw new Error(
        `an artifact with this name already exists on the workflow run: ${name} (${target})`,
      );
    }
    for (const file of files) {
      const to = path.join(target, path.relative(rootDirectory, file));
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(file, to);
    }
    return { location: target };
  }
}

/**
 * A real runner's artifact service, through `@actions/artifact` (loaded only here: it brings a
 * zip writer and the blob client). The location is the artifact's page on the run.
 */
export class GitHubArtifactStore implements ArtifactStore {
  async upload(
    name: string,
    files: readonly string[],
    rootDirectory: string,
  ): Promise<{ location: string }> {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const { id } = await new DefaultArtifactClient().uploadArtifact(
      name,
      [...files],
      rootDirectory,
    );
    const { serverUrl, repository, runId } = runnerContext();
    return {
      location:
        repository && runId && id !== undefined
          ? `${serverUrl}/${repository}/actions/runs/${runId}/artifacts/${id}`
          : `artifact ${name}`,
    };
  }
}

/** A real runner's artifact service is reachable only with these (set for node actions by the runner). */
const hasArtifactService = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL);

/**
 * The store for this run: the runner's artifact service in a real runner; outside one, the
 * folder `$MLOPS_ARTIFACT_DIR` (else `$RUNNER_TEMP/mlops-artifacts`).
 */
export function artifactStoreFor(env: NodeJS.ProcessEnv = process.env): ArtifactStore {
  if (hasArtifactService(env)) return new GitHubArtifactStore();
  const dir =
    env.MLOPS_ARTIFACT_DIR || path.join(env.RUNNER_TEMP || os.tmpdir(), 'mlops-artifacts');
  return new FileSystemArtifactStore(dir);
}
