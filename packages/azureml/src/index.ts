export type * from './types.ts';
export * from './grammar/index.ts';
export {
  cloudFromInputs,
  isPublicAuthorityHost,
  DEFAULT_ARM_ENDPOINT,
  DEFAULT_AUTHORITY_HOST,
} from './transport/cloud.ts';
export { createCredential } from './transport/credentials.ts';
export {
  createMachineLearningClient,
  DEFAULT_RETRY,
  USER_AGENT_PREFIX,
  type MachineLearningClient,
} from './transport/client.ts';
export {
  describeAzureError,
  hintFor,
  azureFailureDetails,
  failureFrom,
  isMissingWorkspace,
  type AzureErrorInfo,
  type HintContext,
} from './transport/azure-error.ts';
export { isChange, type AzureRequestRecord } from './transport/request-log.ts';
export { workspaceArmId, workspaceChildArmId } from './transport/arm-ids.ts';
export {
  accountUrl,
  getBlobDatastore,
  openDatastore,
  WORKSPACE_BLOBSTORE,
  type BlobDatastore,
  type OpenDatastore,
} from './storage/datastore.ts';
export { datastoreUri, parseDatastoreUri, type DatastorePath } from './storage/datastore-uri.ts';
export { parseJobSpec, type JobSpec } from './specs/job-spec.ts';
export { toJobResource, type JobOverrides } from './jobs/job-resource.ts';
export { isTerminal, TERMINAL_STATUSES } from './jobs/job-status.ts';
export {
  submitJob,
  getJob,
  getJobOrFail,
  listJobs,
  cancelJob,
  toSnapshot,
  type CancelOptions,
} from './jobs/jobs.ts';
export { getJobFailure } from './jobs/job-failure.ts';
export {
  decideAttach,
  resolveJob,
  MAX_JOB_ATTEMPTS,
  type ResolveJobOptions,
} from './jobs/job-attach.ts';
export { resolveLatestEnvironment } from './jobs/environment-latest.ts';
export { JobWaitCancelled, pollJob } from './jobs/poller.ts';
export { CancelledError } from './transport/waits.ts';
export {
  getModelVersion,
  registerModel,
  MODEL_TYPES,
  type ModelType,
  type ModelVersionSnapshot,
  type RegisterModelRequest,
} from './models/models.ts';
export {
  LINEAGE_KEYS,
  lineageProperties,
  modelUriOf,
  sourceKey,
  type Lineage,
  type ModelSource,
} from './models/model-lineage.ts';
export { getRunMetric, mlflowRestBase } from './models/mlflow.ts';
export {
  compareWithChampion,
  isBetter,
  metricOf,
  type ChampionComparison,
  type CompareRequest,
  type Contender,
  type MetricDirection,
  type MetricReading,
} from './models/champion.ts';
export {
  planDeployment,
  DeployPlanError,
  type DeployPlan,
  type DeployPlanInput,
} from './online/deploy-plan.ts';
export {
  parseDeploymentSpec,
  deploymentSpecFromInputs,
  type DeploymentSpec,
  type DeploymentInputs,
  type ProbeSpec,
  type RequestSettingsSpec,
} from './specs/deployment-spec.ts';
export { toDeploymentResource } from './online/deployment-resource.ts';
export { deploymentChanges } from './online/deployment-diff.ts';
export { endpointPutBody, type EndpointChanges, type RawEndpoint } from './online/endpoint-body.ts';
export {
  OperationFailedError,
  OperationTimeoutError,
  type OperationOutcome,
} from './transport/lro.ts';
export {
  ENDPOINT_API_VERSION,
  getEndpoint,
  ensureEndpoint,
  getScoringCredential,
  type EnsureEndpointRequest,
} from './online/endpoints.ts';
export { setTraffic, writeTraffic, type TrafficWrite } from './online/traffic.ts';
export {
  readEndpointWindow,
  LATENCY_P95_METRIC,
  METRICS_API_VERSION,
  REQUESTS_METRIC,
  type WindowFigures,
} from './metrics/monitor-metrics.ts';
export {
  listDeployments,
  getDeployment,
  applyDeployment,
  getDeploymentLogs,
  DeploymentFailedError,
  FAILURE_LOG_LINES,
} from './online/deployments.ts';
export { scoreDeployment, type ScoreRequest, type ScoreResult } from './online/scoring.ts';
export { parseExpectation, checkResponse, type Expectation } from './online/expectation.ts';
export {
  cancelLeftoverJob,
  trainAndPoll,
  type TrainReport,
  type TrainRequest,
} from './use-cases/train-and-poll.ts';
export {
  registerModelVersion,
  type ChampionRequest,
  type RegisterRequest,
  type RegistrationReport,
} from './use-cases/register-model.ts';
export {
  deployToEndpoint,
  TRAFFIC_UNTOUCHED,
  type DeployReport,
  type DeployRequest,
  type SmokeTest,
  type SmokeTestResult,
} from './use-cases/deploy-endpoint.ts';
export { clockFromEnv } from '@mlops-actions/rollout';
export {
  ensureAtBackup,
  shiftTraffic,
  storedBackups,
  type RolloutBackup,
  type RolloutBackups,
  type ShiftTrafficReport,
  type ShiftTrafficRequest,
} from './use-cases/shift-traffic.ts';
export * from './backups/index.ts';
export {
  backupAndRollback,
  BACKUP_MODES,
  type BackupAndRollbackReport,
  type BackupAndRollbackRequest,
  type BackupMode,
} from './use-cases/backup-and-rollback.ts';
