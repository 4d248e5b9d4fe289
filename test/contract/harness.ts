import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { raw, type RawResponse } from '../emulator/support.ts';
import { compareShape } from './shape.ts';
import type { Spec } from './spec.ts';
import { AZUREML_FOLDER, locateSpecs, SHARED_SPECS } from './spec-source.ts';

/** The official 2022-10-01 spec and examples: $MLOPS_SPECS_DIR (CI), else ../shared/specs. */
const source = locateSpecs();
export const specDir = path.join(source?.root ?? SHARED_SPECS, AZUREML_FOLDER);
export const haveSpecs = source !== undefined;
/** Appended to a suite's title when the specs are absent, so the skip says why. */
export const skipReason = haveSpecs
  ? ''
  : ` (skipped: no specs in $MLOPS_SPECS_DIR or at ${specDir}; \`bash scripts/fetch-specs.sh DIR\` fetches them)`;

export interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

export const readExample = (file: string): Example =>
  JSON.parse(readFileSync(path.join(specDir, 'examples', file), 'utf8')) as Example;

/**
 * Replays an operation with the example's api-version against the emulator; path parameters
 * come from `values` (the seeded subscription, group and workspace are filled in).
 */
export function replayer(em: Emulator, spec: Spec, token: () => string) {
  return (
    operationId: string,
    example: Example,
    options: { values?: Record<string, string>; body?: unknown } = {},
  ): Promise<RawResponse> => {
    const operation = spec.operation(operationId);
    const values: Record<string, string> = {
      subscriptionId: em.subscriptionId,
      resourceGroupName: em.resourceGroup,
      workspaceName: em.workspace,
      ...options.values,
    };
    const url = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(values[name] ?? name),
    );
    return raw(
      em,
      operation.method,
      `${url}?api-version=${String(example.parameters['api-version'])}`,
      { token: token(), body: options.body },
    );
  };
}

/** The response's status is one the example lists, and its body has the example's and spec's shape. */
export function expectConforms(
  spec: Spec,
  operationId: string,
  response: RawResponse,
  example: Example,
  exampleStatus?: string,
): void {
  expect(Object.keys(example.responses)).toContain(String(response.status));
  const expectedBody = example.responses[exampleStatus ?? String(response.status)]?.body;
  if (expectedBody === undefined) {
    expect(response.body).toBeUndefined();
    return;
  }
  const schema = spec.operation(operationId).responses[String(response.status)];
  expect(compareShape(response.body, expectedBody, schema, spec)).toEqual([]);
}

export const bodyOf = (example: Example): unknown => (example.parameters as { body: unknown }).body;

/**
 * The example body with its placeholder references ("string") replaced by ones the seeded
 * workspace holds (code churn-src:1, environment sklearn-1.5:1, compute cpu-cluster, or the
 * given component), as Azure refuses a job or component naming nothing registered.
 */
export function registeredIds(
  em: Emulator,
  body: unknown,
  ids: { componentId?: string } = {},
): unknown {
  const ws = `/subscriptions/${em.subscriptionId}/resourceGroups/${em.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${em.workspace}`;
  const byField: Record<string, string | undefined> = {
    codeId: `${ws}/codes/churn-src/versions/1`,
    environmentId: `${ws}/environments/sklearn-1.5/versions/1`,
    computeId: `${ws}/computes/cpu-cluster`,
    componentId: ids.componentId,
  };
  return JSON.parse(
    JSON.stringify(body, (key, value: unknown) => byField[key] ?? value),
  ) as unknown;
}

/** A refusal: the status, and ARM's ErrorResponse shape (the operation's default response). */
export function expectArmError(
  spec: Spec,
  operationId: string,
  response: RawResponse,
  status: number,
): void {
  expect(response.status).toBe(status);
  expect(
    compareShape(response.body, undefined, spec.operation(operationId).responses.default, spec),
  ).toEqual([]);
}
