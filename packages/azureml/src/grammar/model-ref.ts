/** The one grammar of a model version reference: `azureml:<name>:<version>`, or its ARM id. */
import { ASSET_NAME, ASSET_VERSION, ENDPOINT_NAME, inner, type NameRule } from './names.ts';

export interface ModelRef {
  name: string;
  version: string;
}

/** `azureml:<name>:<version>`, as inputs and CLI v2 files write a registered model version. */
export const MODEL_REF = new RegExp(`^azureml:(${inner(ASSET_NAME)}):(${inner(ASSET_VERSION)})$`);
export const MODEL_REF_FORM = 'azureml:<name>:<version>';

const MODEL_ARM_ID =
  /^(?:azureml:)?\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/models\/([^/]+)\/versions\/([^/]+)$/i;

/** `azureml:name:version`, or the ARM id of a version (what a deployment's `model` holds). */
export function parseModelRef(text: string): ModelRef | undefined {
  const [, name, version] = MODEL_REF.exec(text) ?? MODEL_ARM_ID.exec(text) ?? [];
  return name && version ? { name, version } : undefined;
}

export const formatModelRef = (ref: ModelRef): string => `azureml:${ref.name}:${ref.version}`;

/** What a challenger is compared with: a model version, or the model an endpoint serves live. */
export type ChampionRef =
  { kind: 'model'; name: string; version: string } | { kind: 'endpoint'; endpoint: string };

const CHAMPION_ENDPOINT = new RegExp(`^endpoint:(${inner(ENDPOINT_NAME)})$`);

export const CHAMPION_REF: NameRule = {
  pattern: new RegExp(
    `^(?:${CHAMPION_ENDPOINT.source.slice(1, -1)}|${MODEL_REF.source.slice(1, -1)})$`,
  ),
  rule: `${MODEL_REF_FORM} or endpoint:<endpoint-name>`,
};

/** `endpoint:<name>` or a model version reference. */
export function parseChampionRef(text: string): ChampionRef | undefined {
  const endpoint = CHAMPION_ENDPOINT.exec(text)?.[1];
  if (endpoint) return { kind: 'endpoint', endpoint };
  const model = parseModelRef(text);
  return model ? { kind: 'model', ...model } : undefined;
}
