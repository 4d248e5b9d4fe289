import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import {
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
} from '@azure/identity';
import { describe, expect, test } from 'vitest';
import { ActionFailure } from '@mlops-actions/action-kit';
import { azureFailureDetails, describeAzureError, hintFor } from '@mlops-actions/azureml';

const ws = { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', workspace: 'ws-dev' };

/** A RestError as core-client raises it for an ARM error reply. */
function armError(status: number, body: unknown): RestError {
  const request = createPipelineRequest({ url: 'https://management.azure.com/x' });
  const bodyAsText = JSON.stringify(body);
  return new RestError(bodyAsText, {
    statusCode: status,
    request,
    response: { status, request, headers: createHttpHeaders(), bodyAsText },
  });
}

describe('describeAzureError', () => {
  test('reads status, code and message from an ARM error body, with its details', () => {
    const err = armError(400, {
      error: {
        code: 'UserError',
        message: 'Invalid job definition.',
        details: [{ code: 'Invalid', message: 'environmentId does not exist' }],
      },
    });
    expect(describeAzureError(err)).toEqual({
      source: 'rest',
      status: 400,
      code: 'UserError',
      message: 'Invalid job definition. (environmentId does not exist)',
    });
  });

  test('uses the code and message core-client set when there is no body', () => {
    const err = new RestError('Service Unavailable', {
      statusCode: 503,
      code: 'ServiceUnavailable',
    });
    expect(describeAzureError(err)).toMatchObject({
      status: 503,
      code: 'ServiceUnavailable',
      message: 'Service Unavailable',
    });
  });

  test('a socket error keeps its system code', () => {
    expect(describeAzureError(new RestError('socket hang up', { code: 'ECONNRESET' }))).toEqual({
      source: 'rest',
      status: undefined,
      code: 'ECONNRESET',
      message: 'socket hang up',
    });
  });

  test('an Entra AuthenticationError gives the token endpoint status, error and first description line', () => {
    const err = new AuthenticationError(400, {
      error: 'invalid_client',
      error_description:
        'AADSTS70021: No matching federated identity record found for presented assertion.\r\nTrace ID: 1\r\nCorrelation ID: 2',
    });
    expect(describeAzureError(err)).toEqual({
      source: 'authentication',
      status: 400,
      code: 'invalid_client',
      message: 'AADSTS70021: No matching federated identity record found for presented assertion.',
    });
  });

  test("MSAL's server error, wrapped by identity in AuthenticationRequiredError, gives code and description", () => {
    const err = new AuthenticationRequiredError({
      scopes: ['https://management.azure.com/.default'],
      message:
        "invalid_client: Error(s): 700213 - Timestamp: 2025-01-01 10:00:00Z - Description: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:ref:refs/heads/dev'. Trace ID: 1 Correlation ID: 2 Timestamp: 2025-01-01 10:00:00Z",
    });
    const info = describeAzureError(err);
    expect(info).toEqual({
      source: 'authentication',
      code: 'invalid_client',
      message:
        "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:ref:refs/heads/dev'.",
    });
    expect(hintFor(info)).toMatch(/federated credential whose subject matches this workflow/);
  });

  test('CredentialUnavailableError and plain values', () => {
    expect(
      describeAzureError(new CredentialUnavailableError('Azure CLI could not be found.')),
    ).toEqual({
      source: 'credential-unavailable',
      code: 'CredentialUnavailable',
      message: 'Azure CLI could not be found.',
    });
    expect(describeAzureError('boom')).toEqual({ source: 'other', message: 'boom' });
    expect(describeAzureError(new TypeError('x is undefined'))).toEqual({
      source: 'other',
      message: 'x is undefined',
    });
  });
});

describe('hintFor says what to do next', () => {
  test('401 and sign-in failures point at the federated credential subject', () => {
    const hint = hintFor(
      describeAzureError(
        armError(401, { error: { code: 'InvalidAuthenticationToken', message: 'x' } }),
      ),
    );
    expect(hint).toMatch(/federated credential.*subject/);
    expect(
      hintFor(
        describeAzureError(
          new AuthenticationError(400, { error: 'invalid_client', error_description: 'd' }),
        ),
      ),
    ).toMatch(/id-token: write/);
  });

  test('403 points at a role assignment', () => {
    const info = describeAzureError(
      armError(403, { error: { code: 'AuthorizationFailed', message: 'no access' } }),
    );
    expect(hintFor(info)).toMatch(/assign it a role/);
  });

  test('a missing workspace names the values to check', () => {
    const info = describeAzureError(
      armError(404, {
        error: {
          code: 'ResourceNotFound',
          message:
            "The Resource 'Microsoft.MachineLearningServices/workspaces/ws-dev' under resource group 'rg-ml' was not found.",
        },
      }),
    );
    expect(hintFor(info, { workspace: ws })).toBe(
      'Check subscription-id, resource-group and workspace (given sub-1 / rg-ml / ws-dev), and that the identity can see them.',
    );
    expect(
      hintFor({ source: 'rest', status: 404, code: 'ResourceGroupNotFound', message: 'x' }),
    ).toMatch(/resource-group/);
  });

  test('a missing job is not blamed on the workspace', () => {
    const info = describeAzureError(
      armError(404, {
        error: {
          code: 'ResourceNotFound',
          message: "Job 'j' was not found in workspace 'ws-dev'.",
        },
      }),
    );
    expect(hintFor(info, { workspace: ws })).toBeUndefined();
  });

  test('no Azure CLI login: run azure/login or give client-id and tenant-id', () => {
    const info = describeAzureError(new CredentialUnavailableError('Please run az login'));
    expect(hintFor(info, { credentialKind: 'azure-cli' })).toMatch(
      /azure\/login.*client-id and tenant-id/,
    );
  });

  test('errors that persisted after retries suggest a re-run', () => {
    expect(hintFor(describeAzureError(new RestError('x', { statusCode: 503 })))).toMatch(/re-run/);
    expect(hintFor(describeAzureError(new RestError('x', { code: 'ECONNRESET' })))).toMatch(
      /re-run/,
    );
    expect(hintFor(describeAzureError(new RestError('x', { statusCode: 429 })))).toMatch(
      /throttling/,
    );
  });

  test('a validation error gets no invented hint', () => {
    expect(
      hintFor(describeAzureError(armError(400, { error: { code: 'UserError', message: 'bad' } }))),
    ).toBeUndefined();
  });

  test('azureFailureDetails gives ActionFailure one line: what, code, Azure message, next step', () => {
    const err = armError(403, {
      error: { code: 'AuthorizationFailed', message: 'The client has no access.' },
    });
    const failure = new ActionFailure(
      'Could not submit the Azure ML job',
      azureFailureDetails(err),
    );
    expect(failure.message).toMatch(
      /^Could not submit the Azure ML job \(AuthorizationFailed\): The client has no access\. The identity has no permission/,
    );
    expect(failure.cause).toBe(err);
  });

  test('azureFailureDetails names the workspace it could not find', () => {
    const missingWorkspace =
      "The Resource 'Microsoft.MachineLearningServices/workspaces/ws-dev' under resource group 'rg-ml' was not found.";
    const err = armError(404, {
      error: { code: 'ResourceNotFound', message: missingWorkspace },
    });
    expect(azureFailureDetails(err, { workspace: ws })).toEqual({
      cause: err,
      code: 'ResourceNotFound',
      detail: missingWorkspace,
      hint: 'Check subscription-id, resource-group and workspace (given sub-1 / rg-ml / ws-dev), and that the identity can see them.',
    });
  });
});
