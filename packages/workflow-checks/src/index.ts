export { checkWorkflow, FIRST_PARTY, RULES, type Finding, type RuleId } from './rules.ts';
export { actionlint, type LintFinding } from './actionlint.ts';
export { checkWorkflowFile, formatFinding, workflowFiles, WORKFLOW_FOLDERS } from './check.ts';
