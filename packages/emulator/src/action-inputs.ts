import type { Emulator } from './types.ts';

/**
 * The common Azure inputs (`with:` values) that point an mlops-actions step at this emulator:
 * OIDC federation by default, or the client secret when asked.
 */
export function actionInputs(
  emulator: Emulator,
  { clientSecret = false }: { clientSecret?: boolean } = {},
): Record<string, string> {
  return {
    'subscription-id': emulator.subscriptionId,
    'resource-group': emulator.resourceGroup,
    workspace: emulator.workspace,
    'client-id': emulator.clientId,
    'tenant-id': emulator.tenantId,
    ...(clientSecret ? { 'client-secret': emulator.clientSecret } : {}),
    'arm-endpoint': emulator.armEndpoint,
    'authority-host': emulator.authorityHost,
  };
}
