import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import { createCredential } from './credentials.ts';
import { requestLogPolicy } from './request-log.ts';
import { retryBudgetPolicy } from './retry-budget.ts';
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
 * Every call retries 429, 408, 5xx and dropped connections for up to 2 minutes (Retry-After
 * honoured, else a jittered back-off from 1 s doubling to 30 s): see retry-budget.ts.
 */
export const DEFAULT_RETRY: RetryConfig = {
  budgetMs: 120_000,
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
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
  });
  // The SDK's policy stops after a count of tries; ours spends a time budget, in its place.
  sdk.pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  sdk.pipeline.addPolicy(retryBudgetPolicy({ ...DEFAULT_RETRY, ...config.retry }, config.onRetry), {
    phase: 'Retry',
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
