import { armError, type ApiRequest } from '../http.ts';

/** The Azure ML control-plane version the emulator speaks (the one @azure/arm-machinelearning 2.x sends). */
export const API_VERSION = '2022-10-01';

/**
 * A newer stable version, served for online endpoints only: its endpoint body carries
 * `mirrorTraffic`, which 2022-10-01 lacks, so a whole-endpoint PUT can keep it.
 */
export const ENDPOINT_API_VERSION = '2024-04-01';

export const PROVIDER = 'Microsoft.MachineLearningServices';

/** Path of a workspace, in the spec's spelling; resource routes append to it. */
export const WORKSPACE_PATH =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}';

/** ARM rejects a request without the api-version its route speaks. */
export function checkApiVersion(req: ApiRequest, expected: string | readonly string[]): void {
  const supported: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  const given = req.query.get('api-version');
  if (given === null) {
    throw armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!supported.includes(given)) {
    throw armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${given}' is invalid. The supported versions are '${supported.join("', '")}'.`,
    );
  }
}
