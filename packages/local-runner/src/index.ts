export { readActionMetadata, type ActionMetadata } from './action-metadata.ts';
export { workflowContext } from './context.ts';
export { parseFileCommands } from './file-commands.ts';
export {
  CANCEL_GRACE_MS,
  inputEnvName,
  runMain,
  runPost,
  runScript,
  type ScriptOptions,
  type StepOptions,
  type StepResult,
} from './step.ts';
export { parseWorkflowCommand, type WorkflowCommand } from './workflow-commands.ts';
