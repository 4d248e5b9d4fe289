import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import { createCredential } from './credentials.ts';
import { requestLogPolicy } from './request-log.ts';
import type {
  ClientConfig,
  CloudConfig,
  CredentialConfig,
  RetryConfig,
  WorkspaceRef,
} from '../types.ts';

/** The SDK client and the workspace every call in this package addresses. */
export interface MachineLearningClient {
  sdk: AzureMachineLearningWorkspaces;
  workspace: WorkspaceRef;
  cloud: CloudConfig;
  /** The sign-in, for other Azure services (storage of identity-based datastores). */
  credential: TokenCredential;
  /** How it signs in: failure hints depend on it. */
  credentialKind: CredentialConfig['kind'];
}

/**
 * Retries by the SDK pipeline: 429/503 wait for Retry-After, other 5xx, 408 and socket errors
 * back off exponentially. Seven attempts with delays up to 30 s ride out a few minutes of trouble.
 */
export const DEFAULT_RETRY: RetryConfig = {
  maxRetries: 6,
  retryDelayInMs: 1000,
  maxRetryDelayInMs: 30_000,
};

export const USER_AGENT_PREFIX = 'mlops-actions';

export function createMachineLearningClient(config: ClientConfig): MachineLearningClient {
  const { armEndpoint } = config.cloud;
  const credential = createCredential(config.credential, config.cloud);
  const sdk = new AzureMachineLearningWorkspaces(credential, config.subscriptionId, {
    // Operation URLs are built from $host; endpoint only feeds the default token scope.
    $host: armEndpoint,
    endpoint: armEndpoint,
    credentialScopes: [`${armEndpoint}/.default`],
    retryOptions: { ...DEFAULT_RETRY, ...config.retry },
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
  });
  // Every attempt, after the retry policy: a retried PUT is recorded as often as Azure saw it.
  if (config.onChange)
    sdk.pipeline.addPolicy(requestLogPolicy(config.onChange), { afterPhase: 'Retry' });
  const { subscriptionId, resourceGroup, workspace } = config;
  return {
    sdk,
    workspace: { subscriptionId, resourceGroup, workspace },
    cloud: config.cloud,
    credential,
    credentialKind: config.credential.kind,
  };
}
