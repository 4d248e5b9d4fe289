import { input } from './input.ts';

/** The inputs every Azure-facing action shares: where the workspace is and how to sign in. */
export const azureInputs = {
  'subscription-id': input.guid({
    description: 'Azure subscription id (a GUID) of the Azure ML workspace.',
    required: true,
  }),
  'resource-group': input.string({
    description: 'Resource group of the Azure ML workspace.',
    required: true,
  }),
  workspace: input.string({ description: 'Name of the Azure ML workspace.', required: true }),
  'client-id': input.string({
    description:
      'Application (client) id to sign in with. With tenant-id and no client-secret: OIDC federation (needs `permissions: id-token: write`). Omit all three to use the Azure CLI session left by azure/login.',
  }),
  'tenant-id': input.string({ description: 'Entra ID tenant id for client-id.' }),
  'client-secret': input.string({
    description: 'Client secret for client-id. Prefer OIDC federation; a secret is masked in logs.',
    secret: true,
  }),
  'arm-endpoint': input.url({
    description:
      'Azure Resource Manager endpoint of the cloud (sovereign clouds, or the local emulator).',
    default: 'https://management.azure.com',
  }),
  'authority-host': input.url({
    description: 'Entra ID authority host of the cloud.',
    default: 'https://login.microsoftonline.com',
  }),
};
