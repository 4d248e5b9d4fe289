import { Summary } from '@mlops-actions/action-kit';
import type { CheckReport } from '@mlops-actions/pull-request';
import { kindWords, type Finding } from './report.ts';

const RESULT = { valid: '✅ valid', invalid: '❌ refused', unchecked: 'ℹ️ not checked' } as const;

/** Where a finding is, as `file:line:column`, linked when `link` can make a URL of it. */
export function placeOf(f: Finding, link?: (file: string, line?: number) => string): string {
  if (!f.file) return '';
  const text = [f.file, f.line, f.column].filter((x) => x !== undefined).join(':');
  return link ? Summary.link(text, link(f.file, f.line)) : `\`${text}\``;
}

/** The job summary: every spec with its result, then every finding with its place. */
export function checkSummary(
  report: CheckReport,
  findings: Finding[],
  changed?: string[],
): Summary {
  const errors = findings.filter((f) => f.level === 'error').length;
  const checked = report.specs.filter((s) => s.status !== 'unchecked').length;
  const summary = new Summary().heading(
    errors === 0
      ? `Pull request check passed: ${checked} Azure ML spec${checked === 1 ? '' : 's'} valid`
      : `Pull request check failed: ${errors} error${errors === 1 ? '' : 's'}`,
    3,
  );
  if (report.specs.length > 0) {
    summary.table(
      ['File', 'Kind', 'Result', 'Problem'],
      report.specs.map((s) => [
        `\`${s.path}\``,
        kindWords(s.kind),
        RESULT[s.status],
        s.status === 'invalid'
          ? `line ${s.problem.line ?? '?'}, column ${s.problem.column ?? '?'}: ${s.problem.message}`
          : '',
      ]),
    );
  } else {
    summary.text(`No Azure ML spec among the ${report.searched} files searched.`);
  }
  const others = findings.filter((f) => !f.spec);
  if (others.length > 0) {
    summary.heading('Findings', 4).table(
      ['Level', 'Where', 'What'],
      others.map((f) => [f.level, placeOf(f), f.message]),
    );
  }
  if (changed) {
    summary.text(
      `Changed areas: ${changed.length === 0 ? 'none' : changed.map((a) => `\`${a}\``).join(', ')}`,
    );
  }
  return summary;
}
