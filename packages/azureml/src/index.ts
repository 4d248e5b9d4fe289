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
export {
  getModelVersion,
  parseModelId,
  registerModel,
  MODEL_TYPES,
  type ModelType,
  type ModelVersionSnapshot,
  type RegisterModelRequest,
} from './models.ts';
export {
  LINEAGE_KEYS,
  LINEAGE_PREFIX,
  lineageProperties,
  modelUriOf,
  sourceKey,
  type Lineage,
  type ModelSource,
} from './model-lineage.ts';
export { getRunMetric, mlflowRestBase } from './mlflow.ts';
export {
  compareWithChampion,
  isBetter,
  metricOf,
  parseChampionRef,
  type ChampionComparison,
  type ChampionRef,
  type CompareRequest,
  type Contender,
  type MetricDirection,
  type MetricReading,
} from './champion.ts';
export {
  planDeployment,
  DeployPlanError,
  type DeployPlan,
  type DeployPlanInput,
} from './deploy-plan.ts';
export {
  parseDeploymentSpec,
  deploymentSpecFromInputs,
  DeploymentSpecError,
  type DeploymentSpec,
  type DeploymentInputs,
  type ProbeSpec,
  type RequestSettingsSpec,
} from './deployment-spec.ts';
export { toDeploymentResource } from './deployment-resource.ts';
export { deploymentChanges } from './deployment-diff.ts';
export { endpointPutBody, type EndpointChanges, type RawEndpoint } from './endpoint-body.ts';
export { OperationFailedError, OperationTimeoutError, type OperationOutcome } from './lro.ts';
export {
  ENDPOINT_API_VERSION,
  getEndpoint,
  ensureEndpoint,
  getScoringCredential,
  type EnsureEndpointRequest,
} from './online-endpoints.ts';
export { setTraffic } from './traffic.ts';
export {
  listDeployments,
  getDeployment,
  applyDeployment,
  getDeploymentLogs,
  DeploymentFailedError,
  FAILURE_LOG_LINES,
} from './online-deployments.ts';
export { scoreDeployment, type ScoreRequest, type ScoreResult } from './scoring.ts';
export {
  parseExpectation,
  checkResponse,
  ExpectationError,
  type Expectation,
} from './smoke-test.ts';
