/**
 * What kind of Azure ML CLI v2 file a YAML document is: by its `$schema` (the azuremlschemas URLs
 * the CLI writes), else by its shape. A document that is none of them is not an Azure ML spec.
 */
export const SPEC_KINDS = [
  'command-job',
  'sweep-job',
  'pipeline-job',
  'online-endpoint',
  'online-deployment',
  'model',
  'environment',
  'data',
  'component',
] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];

/** The schema file names under https://azuremlschemas.azureedge.net/<version>/. */
const BY_SCHEMA: Record<string, SpecKind> = {
  commandjob: 'command-job',
  sweepjob: 'sweep-job',
  pipelinejob: 'pipeline-job',
  managedonlineendpoint: 'online-endpoint',
  kubernetesonlineendpoint: 'online-endpoint',
  managedonlinedeployment: 'online-deployment',
  kubernetesonlinedeployment: 'online-deployment',
  model: 'model',
  environment: 'environment',
  data: 'data',
  mltable: 'data',
  commandcomponent: 'component',
  pipelinecomponent: 'component',
  parallelcomponent: 'component',
};

const SCHEMA_URL = /azuremlschemas\.azureedge\.net\/[^/]+\/([A-Za-z]+)\.schema\.json/;

const DATA_TYPES = new Set(['uri_file', 'uri_folder', 'mltable']);
const MODEL_TYPES = new Set(['custom_model', 'mlflow_model', 'triton_model']);

/** The kind of a parsed YAML document, or undefined when it is not an Azure ML spec. */
export function specKindOf(doc: unknown): SpecKind | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const spec = doc as Record<string, unknown>;
  if (typeof spec.$schema === 'string') {
    const [, name] = SCHEMA_URL.exec(spec.$schema) ?? [];
    const kind = name === undefined ? undefined : BY_SCHEMA[name.toLowerCase()];
    if (kind) return kind;
  }
  return kindByShape(spec);
}

function kindByShape(spec: Record<string, unknown>): SpecKind | undefined {
  const has = (...keys: string[]) => keys.every((key) => key in spec);
  const type = typeof spec.type === 'string' ? spec.type : undefined;
  if (type === 'sweep' || has('sampling_algorithm', 'search_space')) return 'sweep-job';
  // A GitHub workflow has `jobs` too, and `on`.
  if (type === 'pipeline' || (has('jobs') && typeof spec.jobs === 'object' && !has('on'))) {
    return 'pipeline-job';
  }
  if (has('command', 'environment')) {
    // A component declares its own name and version; a job is submitted under a generated name.
    return has('name', 'version') && !has('compute') && !has('experiment_name')
      ? 'component'
      : 'command-job';
  }
  if (has('instance_type')) return 'online-deployment';
  if (has('auth_mode') || (has('traffic') && !has('instance_type'))) return 'online-endpoint';
  if (has('path') && type !== undefined && MODEL_TYPES.has(type)) return 'model';
  if (has('path') && type !== undefined && DATA_TYPES.has(type)) return 'data';
  if (has('name') && (has('image') || has('build') || has('conda_file'))) return 'environment';
  return undefined;
}
