import { failureError, Summary } from '@mlops-actions/action-kit';
import type { DeployReport, Failure, SmokeTestResult } from '@mlops-actions/azureml';
import { formatModelRef, parseModelRef } from '@mlops-actions/azureml/grammar';

/** A deployment the traffic map leaves out takes none of it. */
const percent = (traffic: Record<string, number> | undefined, name: string): string => {
  if (!traffic) return '';
  const key = Object.keys(traffic).find((k) => k.toLowerCase() === name.toLowerCase());
  return `${key === undefined ? 0 : traffic[key]} %`;
};

/** `/subscriptions/.../models/churn/versions/2` -> `azureml:churn:2`, so the table reads like the inputs. */
const modelLabel = (armId: string | undefined): string => {
  const ref = armId === undefined ? undefined : parseModelRef(armId);
  return ref ? formatModelRef(ref) : (armId ?? '');
};

function smokeTestLine(smoke: SmokeTestResult | undefined): string {
  if (!smoke) return 'Smoke test: not run.';
  const tries =
    smoke.attempts > 1 ? `, attempt ${smoke.attempts}: 429 or 503 answers were tried again` : '';
  const result = `HTTP ${smoke.status} in ${smoke.latencyMs} ms${tries}`;
  if (smoke.problems.length === 0) return `Smoke test: passed (${result}).`;
  return `Smoke test: **failed** (${result}): ${smoke.problems.join('; ')}`;
}

/** The job summary: the endpoint, its deployments with traffic before and after, the smoke test. */
export function deploySummary(report: DeployReport, failure?: Failure): Summary {
  const names = new Set([
    ...report.deployments.map((d) => d.name),
    ...Object.keys(report.trafficBefore ?? {}),
    ...Object.keys(report.trafficAfter),
  ]);
  const byName = new Map(report.deployments.map((d) => [d.name.toLowerCase(), d]));
  const rows = [...names].map((name) => {
    const d = byName.get(name.toLowerCase());
    const mark = name.toLowerCase() === report.deployment.toLowerCase() ? ' (this step)' : '';
    return [
      name + mark,
      modelLabel(d?.model),
      d?.provisioningState ?? '',
      percent(report.trafficBefore, name),
      percent(report.trafficAfter, name),
    ];
  });
  const summary = new Summary()
    .heading(`Deploy ${report.model} to ${report.endpoint} as ${report.deployment}`, 3)
    .table(
      ['Endpoint', 'Auth', 'Scoring URI'],
      [
        [
          report.endpoint + (report.endpointCreated ? ' (created)' : ''),
          report.authMode ?? '',
          report.scoringUri ? `\`${report.scoringUri}\`` : '',
        ],
      ],
    )
    .table(['Deployment', 'Model', 'State', 'Traffic before', 'Traffic after'], rows)
    .text(smokeTestLine(report.smokeTest))
    .text(failure ? failureError(failure).message : report.outcome);
  if (report.logs) summary.heading('Container logs (InferenceServer)', 4).code(report.logs);
  return summary;
}
