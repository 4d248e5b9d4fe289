import { Summary } from '@mlops-actions/action-kit';
import type { GateReport } from '@mlops-actions/gates';

export function gateSummary(report: GateReport): Summary {
  const verdict = report.passed ? 'passed' : 'refused';
  return new Summary()
    .heading(
      `${report.model ? `Promotion of ${report.model}` : 'Restore'} to ${report.target}: ${verdict}`,
      3,
    )
    .table(
      ['Check', 'Result', 'Detail'],
      report.checks.map((c) => [c.name, c.passed ? 'pass' : 'FAIL', c.detail]),
    );
}
