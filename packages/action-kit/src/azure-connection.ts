import type {
  ClientConfig,
  CredentialConfig,
  MachineLearningClient,
  UseCaseContext,
} from '@mlops-actions/azureml';
import type * as AzuremlPackage from '@mlops-actions/azureml';
import { beginAudit } from './audit.ts';
import type { StepContext } from './cancellation.ts';
import { InputError } from './errors.ts';
import type { InputProblem } from './errors.ts';
import { runnerLogger } from './logger.ts';
import { getIdToken } from './oidc.ts';

/** The parsed common Azure inputs (see azure-inputs.ts). */
export interface AzureInputValues {
  'subscription-id': string;
  'resource-group': string;
  workspace: string;
  'client-id'?: string | undefined;
  'tenant-id'?: string | undefined;
  'client-secret'?: string | undefined;
  'arm-endpoint': string;
  'authority-host': string;
}

/** Audience GitHub's OIDC tokens must carry for Entra ID workload identity federation. */
const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Picks the sign-in from the inputs given: a client secret, OIDC federation (client-id +
 * tenant-id alone), or the Azure CLI session azure/login left (none of the three).
 */
export function credentialFrom(inputs: AzureInputValues, env: NodeJS.ProcessEnv): CredentialConfig {
  const clientId = inputs['client-id'];
  const tenantId = inputs['tenant-id'];
  const secret = inputs['client-secret'];
  if (!clientId && !tenantId && !secret) return { kind: 'azure-cli' };
  if (!clientId || !tenantId) {
    const problems: InputProblem[] = [];
    if (!clientId) {
      problems.push({
        input: 'client-id',
        expected:
          'the application (client) id to sign in as, since tenant-id or client-secret is given',
        given: 'nothing',
      });
    }
    if (!tenantId) {
      problems.push({
        input: 'tenant-id',
        expected: 'the Entra ID tenant of client-id',
        given: 'nothing',
      });
    }
    throw new InputError(problems);
  }
  if (secret)
    return {
      kind: 'client-secret',
      tenantId,
      clientId,
      clientSecret: secret,
    };
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new InputError([
      {
        input: 'client-id',
        expected:
          'OIDC federation, which needs `permissions: id-token: write` in the workflow (or give client-secret)',
        given:
          'client-id and tenant-id without an OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
      },
    ]);
  }
  return {
    kind: 'oidc',
    tenantId,
    clientId,
    getIdToken: () => getIdToken(FEDERATION_AUDIENCE),
  };
}

export function clientConfigFrom(
  inputs: AzureInputValues,
  env: NodeJS.ProcessEnv = process.env,
): ClientConfig {
  return {
    subscriptionId: inputs['subscription-id'],
    resourceGroup: inputs['resource-group'],
    workspace: inputs.workspace,
    cloud: { armEndpoint: inputs['arm-endpoint'], authorityHost: inputs['authority-host'] },
    credential: credentialFrom(inputs, env),
  };
}

/** What an action's step needs to call a use case of @mlops-actions/azureml. */
export interface AzureConnection {
  /** The package, loaded lazily: its use cases and parsers. */
  azureml: typeof AzuremlPackage;
  client: MachineLearningClient;
  /** The runner's logger and the step's cancellation signal. */
  context: UseCaseContext;
}

/**
 * The one preamble of every Azure-facing step: the sign-in from the inputs, then the SDK chunk
 * (loaded only now, once the inputs are known to be good), the client, the runner's logger.
 */
export async function connectAzure(
  inputs: AzureInputValues,
  step: StepContext,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AzureConnection> {
  const config = clientConfigFrom(inputs, env);
  // From here the step talks to Azure: conclude writes its audit record.
  config.onChange = beginAudit(config);
  const azureml = await import('@mlops-actions/azureml');
  const logger = runnerLogger();
  config.onRetry = (notice) => logger.debug(azureml.describeRetry(notice));
  return {
    azureml,
    client: azureml.createMachineLearningClient(config),
    context: { logger, signal: step.signal },
  };
}
