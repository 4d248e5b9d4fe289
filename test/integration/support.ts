import { createMachineLearningClient, type MachineLearningClient } from '@mlops-actions/azureml';
import type { Emulator } from '@mlops-actions/emulator';

/** Quick retries, so fault tests do not wait on the production back-off. */
export const TEST_RETRY = { retryDelayInMs: 20, maxRetryDelayInMs: 100 };

/** The package's client for the emulator's workspace, signed in with the seeded client secret. */
export const emulatorClient = (emu: Emulator): MachineLearningClient =>
  createMachineLearningClient({
    subscriptionId: emu.subscriptionId,
    resourceGroup: emu.resourceGroup,
    workspace: emu.workspace,
    cloud: { armEndpoint: emu.armEndpoint, authorityHost: emu.authorityHost },
    credential: {
      kind: 'client-secret',
      tenantId: emu.tenantId,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
    },
    retry: TEST_RETRY,
  });
