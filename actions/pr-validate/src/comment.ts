import type { CheckReport } from '@mlops-actions/pull-request';
import { kindWords, type Finding } from './report.ts';
import { placeOf } from './summary.ts';

/** Hidden in the rendered comment: how the next run finds it to update it in place. */
export const COMMENT_MARKER = '<!-- mlops-actions:pr-validate -->';

/** The pull request comment: what passed, what failed (linked to the lines), what changed. */
export function commentBody(
  report: CheckReport,
  findings: Finding[],
  link: (file: string, line?: number) => string,
  changed?: string[],
): string {
  const errors = findings.filter((f) => f.level === 'error');
  const valid = report.specs.filter((s) => s.status === 'valid');
  const lines = [
    COMMENT_MARKER,
    errors.length === 0
      ? `### ✅ Azure ML pull request check passed`
      : `### ❌ Azure ML pull request check: ${errors.length} error${errors.length === 1 ? '' : 's'}`,
    '',
  ];
  if (errors.length > 0) {
    lines.push('**Failed**', '');
    for (const f of errors) lines.push(`- ${f.file ? `${placeOf(f, link)}: ` : ''}${f.message}`);
    lines.push('');
  }
  const notes = findings.filter((f) => f.level !== 'error');
  if (notes.length > 0) {
    lines.push('**Notes**', '');
    for (const f of notes) lines.push(`- ${f.file ? `${placeOf(f, link)}: ` : ''}${f.message}`);
    lines.push('');
  }
  lines.push(
    `**Passed**: ${valid.length === 0 ? 'no spec' : valid.map((s) => `\`${s.path}\` (${kindWords(s.kind)})`).join(', ')}`,
  );
  if (changed) {
    lines.push(
      '',
      `**Changed areas**: ${changed.length === 0 ? 'none' : changed.map((a) => `\`${a}\``).join(', ')}`,
    );
  }
  return lines.join('\n');
}

/** Why no comment was written, and what to do about it. */
export function commentFailure(status: number | undefined, message: string): string {
  if (status === 403) {
    return 'No pull request comment: the token may not write comments (GitHub answered 403: Resource not accessible by integration). Give the job `permissions: pull-requests: write`; a pull request from a fork gets a read-only token, where the annotations and the job summary still tell the result.';
  }
  return `No pull request comment: GitHub answered ${status ?? 'with no status'}: ${message}`;
}
