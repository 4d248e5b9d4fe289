export type * from './types.ts';
export {
  cloudFromInputs,
  isPublicAuthorityHost,
  DEFAULT_ARM_ENDPOINT,
  DEFAULT_AUTHORITY_HOST,
} from './cloud.ts';
export { createCredential } from './credentials.ts';
export {
  createMachineLearningClient,
  DEFAULT_RETRY,
  USER_AGENT_PREFIX,
  type MachineLearningClient,
} from './client.ts';
export {
  describeAzureError,
  hintFor,
  azureFailureDetails,
  isMissingWorkspace,
  type AzureErrorInfo,
  type HintContext,
} from './azure-error.ts';
export { workspaceArmId, workspaceChildArmId } from './arm-ids.ts';
export { parseJobSpec, JobSpecError, type JobSpec } from './job-spec.ts';
export { toJobResource, type JobOverrides } from './job-resource.ts';
export { isTerminal, TERMINAL_STATUSES } from './job-status.ts';
export {
  submitJob,
  getJob,
  getJobOrFail,
  listJobs,
  cancelJob,
  toSnapshot,
  type CancelOptions,
} from './jobs.ts';
export { getJobFailure } from './job-failure.ts';
export {
  decideAttach,
  resolveJob,
  MAX_JOB_ATTEMPTS,
  type ResolveJobOptions,
} from './job-attach.ts';
export { resolveLatestEnvironment } from './environment-latest.ts';
export { pollJob, formatElapsed } from './poller.ts';
