import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientSecretCredential,
  type TokenCredential,
} from '@azure/identity';
import { isPublicAuthorityHost } from './cloud.ts';
import type { CloudConfig, CredentialConfig } from '../types.ts';

export function createCredential(cred: CredentialConfig, cloud: CloudConfig): TokenCredential {
  const options = {
    authorityHost: cloud.authorityHost,
    // Instance discovery asks the public cloud about the authority; sovereign, private and
    // emulated authorities are unknown to it, so discovery must be skipped there.
    disableInstanceDiscovery: !isPublicAuthorityHost(cloud.authorityHost),
  };
  switch (cred.kind) {
    case 'client-secret':
      return new ClientSecretCredential(cred.tenantId, cred.clientId, cred.clientSecret, options);
    case 'oidc':
      // No caching of the assertion: a runner ID token lives ~5 minutes, so every token
      // request must fetch a fresh one or long waits fail at the next access-token refresh.
      return new ClientAssertionCredential(
        cred.tenantId,
        cred.clientId,
        () => cred.getIdToken(),
        options,
      );
    case 'azure-cli':
      return new AzureCliCredential();
  }
}
