/**
 * The check's findings as the lines a user reads: one per problem, each with where it is. The
 * annotations, the summary and the comment are all made from these.
 */
import { error, notice, warning } from '@mlops-actions/action-kit';
import type { CheckReport } from '@mlops-actions/pull-request';

export type Level = 'error' | 'warning' | 'notice';

export interface Finding {
  level: Level;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** A spec the parser refused: the summary's spec table shows it already. */
  spec?: boolean;
}

const KIND_WORDS: Record<string, string> = {
  'command-job': 'command job',
  'sweep-job': 'sweep job',
  'pipeline-job': 'pipeline job',
  'online-endpoint': 'online endpoint',
  'online-deployment': 'online deployment',
  model: 'model',
  environment: 'environment',
  data: 'data asset',
  component: 'component',
};
export const kindWords = (kind: string | undefined): string =>
  kind === undefined ? 'YAML' : (KIND_WORDS[kind] ?? kind);

export function findingsOf(report: CheckReport): Finding[] {
  const findings: Finding[] = [];
  for (const check of report.specs) {
    if (check.status === 'invalid') {
      const { line, column, message } = check.problem;
      findings.push({
        level: 'error',
        spec: true,
        message,
        file: check.path,
        ...(line === undefined ? {} : { line }),
        ...(column === undefined ? {} : { column }),
      });
    } else if (check.status === 'unchecked') {
      findings.push({
        level: 'notice',
        message: `${kindWords(check.kind)} spec: not checked (no action of this suite takes this kind yet), so not a pass either`,
        file: check.path,
      });
    }
  }
  for (const secret of report.secrets) {
    findings.push({
      level: 'error',
      message: `${secret.kind} in an added line: remove it from the pull request and rotate it (it is in the branch history)`,
      file: secret.file,
      line: secret.line,
      column: secret.column,
    });
  }
  for (const rule of report.rules) {
    findings.push({ level: 'error', message: `${rule.rule}: expected ${rule.message}` });
  }
  for (const glob of report.unmatchedGlobs) {
    findings.push({
      level: 'warning',
      message: `specs: the glob ${JSON.stringify(glob)} matches no file`,
    });
  }
  for (const file of report.diff?.unscanned ?? []) {
    findings.push({
      level: 'warning',
      message:
        'not scanned for secrets: the pull request files API gives no patch for this file (binary or too large)',
      file,
    });
  }
  if (report.noDiff) {
    findings.push({
      level: 'warning',
      message: `No secret scan, changed areas or team rules: ${report.noDiff}`,
    });
  }
  return findings;
}

/** A finding as an annotation on its file, line and column. */
export function annotate(f: Finding, clean: (text: string) => string): void {
  const props = {
    ...(f.file ? { file: f.file } : {}),
    ...(f.line ? { startLine: f.line } : {}),
    ...(f.column ? { startColumn: f.column } : {}),
  };
  const place = f.file ? `${[f.file, f.line, f.column].filter(Boolean).join(':')}: ` : '';
  const message = clean(place + f.message);
  if (f.level === 'error') error(message, props);
  else if (f.level === 'warning') warning(message, props);
  else notice(message, props);
}
