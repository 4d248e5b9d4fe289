export { main } from './main.ts';
export { parseArgs, USAGE, type CliOptions } from './cli.ts';
export { EVENTS, RUN_DEFAULTS } from './defaults.ts';
export {
  expandMatrix,
  prepareRun,
  runWorkflow,
  type PreparedRun,
  type RunRequest,
  type JobReport,
  type RunOptions,
  type RunReport,
} from './run.ts';
export {
  azureTarget,
  inProcessRun,
  runningAzure,
  runningGitHub,
  startServices,
  type AzureTarget,
  type Services,
} from './services.ts';
export { localGitHub, type LocalGitHub } from './local-github.ts';
export {
  emptySettings,
  readSettings,
  type EnvironmentSettings,
  type Settings,
} from './settings.ts';
export { WorkflowError, loadWorkflow, type WorkflowFile } from './workflow-file.ts';
export { ExpressionError } from './expressions.ts';
export { Timeline, type Result } from './timeline.ts';
