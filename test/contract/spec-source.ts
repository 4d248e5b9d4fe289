import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folder of the 2022-10-01 spec and examples inside a specs root (as in ../shared/specs). */
export const AZUREML_FOLDER = 'azureml-2022-10-01';
/** Beside the clone, where the project's machines keep the specs. */
export const SHARED_SPECS = path.resolve(import.meta.dirname, '../../../shared/specs');
/** The pinned list scripts/fetch-specs.sh downloads. */
export const MANIFEST = path.join(import.meta.dirname, 'upstream-specs.txt');

export interface SpecSource {
  /** A folder laid out like ../shared/specs (holding azureml-2022-10-01/). */
  root: string;
  from: 'MLOPS_SPECS_DIR' | '../shared/specs';
}

const hasSpecs = (root: string): boolean => existsSync(path.join(root, AZUREML_FOLDER, 'mfe.json'));

/**
 * Where the upstream specs are: $MLOPS_SPECS_DIR (CI fetches them there with
 * scripts/fetch-specs.sh), else ../shared/specs beside the clone; undefined when neither holds
 * them (the contract suites then skip, saying why). A MLOPS_SPECS_DIR without the files is a
 * broken setup, so it throws rather than skipping.
 */
export function locateSpecs(
  env: Record<string, string | undefined> = process.env,
  shared: string = SHARED_SPECS,
): SpecSource | undefined {
  const given = env.MLOPS_SPECS_DIR;
  if (given !== undefined && given !== '') {
    const root = path.resolve(given);
    if (!hasSpecs(root)) {
      throw new Error(
        `MLOPS_SPECS_DIR=${given}: expected ${path.join(root, AZUREML_FOLDER, 'mfe.json')}; run \`bash scripts/fetch-specs.sh ${given}\``,
      );
    }
    return { root, from: 'MLOPS_SPECS_DIR' };
  }
  return hasSpecs(shared) ? { root: shared, from: '../shared/specs' } : undefined;
}

export interface ManifestEntry {
  commit: string;
  blob: string;
  /** Relative to azureml-2022-10-01/. */
  path: string;
}

export function readManifest(file: string = MANIFEST): ManifestEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [commit = '', blob = '', filePath = ''] = line.trim().split(/\s+/);
      return { commit, blob, path: filePath };
    });
}

/** The folder of GitHub's REST description (2022-11-28 subset) and its examples. */
export const GITHUB_FOLDER = 'github-rest';
const hasGitHubSpecs = (root: string): boolean =>
  existsSync(path.join(root, GITHUB_FOLDER, 'examples', 'index.json'));

/**
 * Where GitHub's REST description is: $MLOPS_SPECS_DIR when it holds github-rest/ (CI's fetch
 * script does not fetch it yet), else ../shared/specs; undefined when neither does.
 */
export function locateGitHubSpecs(
  env: Record<string, string | undefined> = process.env,
  shared: string = SHARED_SPECS,
): string | undefined {
  const given = env.MLOPS_SPECS_DIR;
  if (given && hasGitHubSpecs(path.resolve(given)))
    return path.join(path.resolve(given), GITHUB_FOLDER);
  return hasGitHubSpecs(shared) ? path.join(shared, GITHUB_FOLDER) : undefined;
}
