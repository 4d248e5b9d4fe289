import { failureError, Summary } from '@mlops-actions/action-kit';
import type { EndpointTestReport, Failure } from '@mlops-actions/azureml';

/** The job summary: each case with its answer and problems, or the command's exit code. */
export function endpointTestSummary(
  report: EndpointTestReport,
  failure: Failure | undefined,
): Summary {
  const target = report.deployment
    ? `deployment ${report.deployment} of endpoint ${report.endpoint}`
    : `endpoint ${report.endpoint}`;
  const summary = new Summary().heading(
    `Integration tests of ${target}: ${report.passed ? 'passed' : 'failed'}`,
    3,
  );
  if (report.cases.length > 0) {
    summary.table(
      ['Case', 'Result', 'HTTP', 'Latency', 'Problems'],
      report.cases.map((c) => [
        c.name,
        c.passed ? 'pass' : 'FAIL',
        String(c.status),
        `${c.latencyMs} ms`,
        c.problems.join('; '),
      ]),
    );
  }
  if (report.exitCode !== undefined)
    summary.text(`The command exited with code ${report.exitCode}.`);
  if (failure) summary.text(failureError(failure).message);
  return summary;
}
