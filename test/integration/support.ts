/** The integration layer's tests: packages/azureml through the real SDK, over HTTPS to the emulator. */
import {
  createMachineLearningClient,
  type ClientConfig,
  type CredentialConfig,
  type MachineLearningClient,
} from '@mlops-actions/azureml';
import type { Emulator } from '@mlops-actions/emulator';

export { emulatedWaits, startTrustedEmulator } from '../support/emulator.ts';
export { recordingLogger, type RecordingLogger } from '../support/logger.ts';

/** Quick retries within a short budget, so fault tests do not wait on the production back-off. */
export const TEST_RETRY = { budgetMs: 3_000, retryDelayInMs: 20, maxRetryDelayInMs: 100 };

/** The emulator's seeded service principal, signing in with its client secret. */
export const secretOf = (emu: Emulator): CredentialConfig => ({
  kind: 'client-secret',
  tenantId: emu.tenantId,
  clientId: emu.clientId,
  clientSecret: emu.clientSecret,
});

/** The package's client config for the emulator's workspace (or another workspace name). */
export const configFor = (
  emu: Emulator,
  credential: CredentialConfig = secretOf(emu),
  workspace = emu.workspace,
): ClientConfig => ({
  subscriptionId: emu.subscriptionId,
  resourceGroup: emu.resourceGroup,
  workspace,
  cloud: { armEndpoint: emu.armEndpoint, authorityHost: emu.authorityHost },
  credential,
  retry: TEST_RETRY,
});

/** The package's client for the emulator's workspace, signed in with the seeded client secret. */
export const emulatorClient = (emu: Emulator): MachineLearningClient =>
  createMachineLearningClient(configFor(emu));
