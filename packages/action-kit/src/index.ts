export {
  artifactStoreFor,
  FileSystemArtifactStore,
  GitHubArtifactStore,
  type ArtifactStore,
} from './artifact.ts';
export {
  AUDIT_DIR_NAME,
  AUDIT_SCHEMA,
  AUDIT_VERSION,
  auditDir,
  readAuditRecords,
  writeAuditRecord,
  type AuditRecord,
  type AuditSubject,
} from './audit.ts';
export { clientConfigFrom, connectAzure, credentialFrom } from './azure-connection.ts';
export type { AzureConnection, AzureInputValues } from './azure-connection.ts';
export { azureInputs } from './azure-inputs.ts';
export { CANCEL_GRACE_MS, withCancellation, type StepContext } from './cancellation.ts';
export { atMostOneOf, exactlyOneOf } from './checks.ts';
export type { AnnotationProperties } from './command.ts';
export { conclude, failureError } from './conclude.ts';
export { repositoryRoot, runnerContext, type RunnerContext } from './context.ts';
export { defineAction, invalidDefaults } from './definition.ts';
export type {
  ActionDefinition,
  InputCheck,
  InputSpecs,
  InputValues,
  OutputSpec,
  OutputSpecs,
} from './definition.ts';
export { ActionFailure, InputError, formatFailure } from './errors.ts';
export type { ActionFailureOptions, InputProblem } from './errors.ts';
export { DEFAULT_GITHUB_TOKEN, usableToken } from './github-token.ts';
export { readInputFile } from './input-file.ts';
export { input } from './input.ts';
export type { Input, InputOptions } from './input.ts';
export { readInputs } from './inputs.ts';
export { actionYamlFor, docsTable } from './metadata.ts';
export type { ActionYaml, ActionYamlInput, ActionYamlOptions } from './metadata.ts';
export { runnerLogger } from './logger.ts';
export type { Logger } from './logger.ts';
export { getIdToken } from './oidc.ts';
export { setOutputs } from './outputs.ts';
export { run, runAction, type Step } from './run.ts';
export {
  appendSummary,
  debug,
  endGroup,
  error,
  getRawInput,
  getState,
  group,
  info,
  isDebug,
  notice,
  saveState,
  setOutput,
  setSecret,
  startGroup,
  warning,
} from './runner.ts';
export { redact, redactValues } from './secrets.ts';
export { parseSpecInput, readSpecFile, specInputError } from './spec-input.ts';
export { defineState } from './state.ts';
export type { ActionState } from './state.ts';
export { Summary } from './summary.ts';
export { readScoringCase } from './scoring-case.ts';
export { githubClient, type GitHubClient } from './github-client.ts';
