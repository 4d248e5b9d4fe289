import { expect, test } from 'vitest';
import { clientConfigFrom, credentialFrom } from '@mlops-actions/action-kit';
import type { AzureInputValues } from '@mlops-actions/action-kit';

const workspace: AzureInputValues = {
  'subscription-id': '0b1f6471-1bf0-4dda-aec3-cb9272f09590',
  'resource-group': 'rg-ml',
  workspace: 'mlw',
  'arm-endpoint': 'https://management.azure.com',
  'authority-host': 'https://login.microsoftonline.com',
};
const OIDC_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
};

test('no credential inputs: the Azure CLI session azure/login left', () => {
  expect(clientConfigFrom(workspace, {})).toEqual({
    subscriptionId: workspace['subscription-id'],
    resourceGroup: 'rg-ml',
    workspace: 'mlw',
    cloud: {
      armEndpoint: 'https://management.azure.com',
      authorityHost: 'https://login.microsoftonline.com',
    },
    credential: { kind: 'azure-cli' },
  });
});

test('client-id, tenant-id and client-secret: a client secret', () => {
  const inputs = { ...workspace, 'client-id': 'app', 'tenant-id': 'tenant', 'client-secret': 's' };
  expect(credentialFrom(inputs, {})).toEqual({
    kind: 'client-secret',
    clientId: 'app',
    tenantId: 'tenant',
    clientSecret: 's',
  });
});

test('client-id and tenant-id alone: OIDC federation through the runner token service', () => {
  const credential = credentialFrom(
    { ...workspace, 'client-id': 'app', 'tenant-id': 't' },
    OIDC_ENV,
  );
  expect(credential).toMatchObject({ kind: 'oidc', clientId: 'app', tenantId: 't' });
});

test('half a credential names each missing input', () => {
  expect(() => credentialFrom({ ...workspace, 'client-secret': 's' }, {})).toThrow(
    [
      'Invalid inputs:',
      '- client-id: expected the application (client) id to sign in as, since tenant-id or client-secret is given, got nothing',
      '- tenant-id: expected the Entra ID tenant of client-id, got nothing',
    ].join('\n'),
  );
});

test('OIDC without `id-token: write` says what the workflow lacks', () => {
  expect(() => credentialFrom({ ...workspace, 'client-id': 'app', 'tenant-id': 't' }, {})).toThrow(
    'needs `permissions: id-token: write` in the workflow',
  );
});
