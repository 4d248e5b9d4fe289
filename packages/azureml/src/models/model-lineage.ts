/**
 * Where a model version came from, kept in its `properties`: Azure ML never changes a version's
 * properties once written, so lineage recorded there cannot be edited away later.
 */
import { LINEAGE_PREFIX } from '../grammar/names.ts';

export { LINEAGE_PREFIX };

/** The property keys lineage is stored under (all under LINEAGE_PREFIX). */
export const LINEAGE_KEYS = {
  /** The job name, or the model path, the version was registered from. */
  source: 'mlops.source',
  commit: 'mlops.commit',
  repository: 'mlops.repository',
  runUrl: 'mlops.run-url',
} as const;

/** What produced the model, as the caller knows it (e.g. the CI run). */
export interface Lineage {
  commit?: string;
  repository?: string;
  runUrl?: string;
}

/** A registered model's files: a job's output, or a URI as given. */
export type ModelSource =
  { kind: 'job'; jobName: string; outputName: string } | { kind: 'path'; uri: string };

/** The URI Azure ML resolves to the model's files (the CLI's form for a job output). */
export function modelUriOf(source: ModelSource): string {
  return source.kind === 'job'
    ? `azureml://jobs/${source.jobName}/outputs/${source.outputName}`
    : source.uri;
}

/** What a re-run is recognised by: the same job, or the same path. */
export function sourceKey(source: ModelSource): string {
  return source.kind === 'job' ? source.jobName : source.uri;
}

/** The lineage properties of a version; unknown values are left out rather than left empty. */
export function lineageProperties(source: ModelSource, lineage: Lineage): Record<string, string> {
  const values: [string, string | undefined][] = [
    [LINEAGE_KEYS.source, sourceKey(source)],
    [LINEAGE_KEYS.commit, lineage.commit],
    [LINEAGE_KEYS.repository, lineage.repository],
    [LINEAGE_KEYS.runUrl, lineage.runUrl],
  ];
  return Object.fromEntries(values.filter((entry): entry is [string, string] => !!entry[1]));
}
