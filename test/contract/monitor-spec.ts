/**
 * Azure Monitor's metrics description (api-version 2024-02-01) read as the Spec shape.ts compares
 * against: metrics_API.json with the definitions it `$ref`s in commonMonitoringTypes.json and the
 * ARM common types, from $MLOPS_SPECS_DIR or ../shared/specs (monitor-metrics/).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findOperation, type Schema, type Spec } from './spec.ts';
import { SHARED_SPECS } from './spec-source.ts';

const FOLDER = 'monitor-metrics';
const API = 'monitor/resource-manager/Microsoft.Insights/stable/2024-02-01';
const COMMON = [
  'monitor/common-types/v2/commonMonitoringTypes.json',
  'common-types/resource-management/v1/types.json',
];

/** The monitor-metrics folder: in $MLOPS_SPECS_DIR when it holds one, else ../shared/specs; undefined when neither does. */
export function locateMonitorSpecs(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const roots = [env.MLOPS_SPECS_DIR, SHARED_SPECS].filter((r): r is string => !!r);
  return roots
    .map((root) => path.join(path.resolve(root), FOLDER))
    .find((dir) => existsSync(path.join(dir, API, 'metrics_API.json')));
}

const json = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, Schema>>;

export function loadMonitorSpec(dir: string): Spec {
  const api = json(path.join(dir, API, 'metrics_API.json'));
  const definitions: Record<string, Schema> = {};
  for (const file of COMMON) Object.assign(definitions, json(path.join(dir, file)).definitions);
  Object.assign(definitions, api.definitions);
  return {
    definition: (name) => definitions[name],
    definitionNames: () => Object.keys(definitions),
    operation: (operationId) => findOperation([api], operationId),
  };
}

export interface MonitorExample {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown }>;
}

export const readMonitorExample = (dir: string, file: string): MonitorExample =>
  JSON.parse(readFileSync(path.join(dir, API, 'examples', file), 'utf8')) as MonitorExample;
