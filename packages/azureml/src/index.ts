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
export {
  describeRetry,
  retryBudgetPolicy,
  type RetryBudget,
  type RetryNotice,
} from './transport/retry-budget.ts';
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
export { hasLocalAssets, withLocalAssets } from './jobs/local-job-assets.ts';
export {
  LocalAssets,
  type LocalAssetOptions,
  type LocalModelType,
  type RegisteredAsset,
} from './uploads/local-assets.ts';
export {
  isLocalPath,
  localRef,
  LocalPathChecker,
  type InlineEnvironment,
  type LocalRef,
  type SpecOptions,
} from './specs/local-paths.ts';
export { inlineEnvironment, INLINE_ENVIRONMENT_FORM } from './specs/inline-environment.ts';
export {
  assetArmId,
  parseCodeRef,
  parseEnvironmentRef,
  type AssetRef,
} from './specs/asset-refs.ts';
export {
  readLocalArtifact,
  LocalPathError,
  type LocalArtifact,
  type LocalFile,
} from './uploads/local-tree.ts';
export { ignoreFileOf, compileIgnoreFile, type IgnoreFile } from './uploads/ignore-file.ts';
export {
  objectHash,
  contentHash,
  OBJECT_HASH_SEED,
  CONTENT_HASH_VERSION,
} from './uploads/content-hash.ts';
export {
  uploadArtifact,
  uploadLayout,
  completedUpload,
  LOCAL_UPLOAD,
  type UploadedArtifact,
  type UploadRequest,
} from './uploads/blob-upload.ts';
export {
  ANONYMOUS_ENVIRONMENT,
  anonymousEnvironmentVersion,
  condaFileText,
} from './uploads/anonymous-environment.ts';
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
  latestModelVersion,
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
export {
  endpointPutBody,
  holdsEndpointBody,
  type EndpointChanges,
  type RawEndpoint,
} from './online/endpoint-body.ts';
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
  type JobFileRequest,
  type TrainReport,
  type TrainRequest,
} from './use-cases/train-and-poll.ts';
export {
  checkModelFreshness,
  registerModelVersion,
  type FreshnessReport,
  type FreshnessRequest,
  type ChampionRequest,
  type RegisterRequest,
  type RegistrationReport,
} from './use-cases/register-model.ts';
export {
  deployToEndpoint,
  TRAFFIC_UNTOUCHED,
  type DeployReport,
  type DeployRequest,
} from './use-cases/deploy-endpoint.ts';
export {
  runSmokeTest,
  scoringTarget,
  type ScoringTarget,
  type SmokeTest,
  type SmokeTestResult,
} from './online/smoke-test.ts';
export { parseJobFile, JOB_TYPES, type JobFileSpec } from './specs/job-file.ts';
export { parseSweepSpec, type SweepSpec } from './specs/sweep-spec.ts';
export { parseComponentSpec, type ComponentSpec } from './specs/component-spec.ts';
export {
  parsePipelineSpec,
  type PipelineDraft,
  type ReadComponentFile,
} from './specs/pipeline-spec.ts';
export { toSweepJobResource, toSearchSpace } from './jobs/sweep-resource.ts';
export {
  ANONYMOUS_COMPONENT,
  anonymousVersion,
  componentSpecBody,
  toPipelineJobResource,
} from './jobs/pipeline-resource.ts';
export { prepareJob, type PrepareOptions } from './jobs/job-prepare.ts';
export { resolveRunAssets, type RunAssetRefs, type RunAssets } from './jobs/run-assets.ts';
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
export { describeTraffic } from './grammar/text.ts';
export {
  backupAndRollback,
  BACKUP_MODES,
  type BackupAndRollbackReport,
  type BackupAndRollbackRequest,
  type BackupMode,
} from './use-cases/backup-and-rollback.ts';
export {
  testEndpoint,
  type CommandEnvironment,
  type EndpointCaseResult,
  type EndpointTestCase,
  type EndpointTestReport,
  type RunCommand,
  type TestEndpointRequest,
} from './use-cases/test-endpoint.ts';
