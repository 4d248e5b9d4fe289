import { armError, type ApiRequest } from '../http.ts';

/** The one Azure ML control-plane version the emulator speaks. */
export const API_VERSION = '2022-10-01';

export const PROVIDER = 'Microsoft.MachineLearningServices';

/** Path of a workspace, in the spec's spelling; resource routes append to it. */
export const WORKSPACE_PATH =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}';

/** ARM rejects a request without the api-version its route speaks. */
export function checkApiVersion(req: ApiRequest, expected: string): void {
  const given = req.query.get('api-version');
  if (given === null) {
    throw armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (given !== expected) {
    throw armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${given}' is invalid. The supported versions are '${expected}'.`,
    );
  }
}
