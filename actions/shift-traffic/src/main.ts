import {
  conclude,
  connectAzure,
  readInputs,
  runnerContext,
  setOutputs,
  type StepContext,
} from '@mlops-actions/action-kit';
import { definition } from './definition.ts';
import { rememberBackup, rememberResult } from './state.ts';
import { rolloutSummary } from './summary.ts';

/** What one endpoint write may take, its operation included (Azure's take a minute or two). */
const WRITE_ALLOWANCE_MS = 3 * 60_000;

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const azure = await connectAzure(inputs, step);
  const run = runnerContext();
  const endpointName = inputs['endpoint-name'];
  const mirrorPercent = inputs['mirror-percent'];
  const ratio = inputs['max-error-rate-ratio'];
  const { report, failure } = await azure.azureml.shiftTraffic(
    azure.client,
    {
      endpointName,
      to: inputs.to,
      from: inputs.from,
      // A malformed list reaches the planner, which names the input.
      steps: inputs.steps.split(',').map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN)),
      bakeMs: inputs['bake-time'],
      finalBakeMs: inputs['final-bake-time'],
      mirror: mirrorPercent
        ? { percent: mirrorPercent, durationMs: inputs['mirror-time'] }
        : undefined,
      gates: {
        maxErrorRate: Number(inputs['max-error-rate']) / 100,
        maxErrorRateRatio: ratio === undefined ? undefined : Number(ratio),
        maxLatencyP95Ms: inputs['max-latency-p95-ms'],
        minRequests: inputs['min-requests'],
        failureLimit: inputs['failure-limit'],
        onInconclusive: inputs['on-inconclusive'],
        maxHoldMs: inputs['max-hold'],
      },
      metricsDelayMs: inputs['metrics-delay'],
      timeoutMs: inputs.timeout,
      pollIntervalMs: inputs['poll-interval'],
      writeAllowanceMs: WRITE_ALLOWANCE_MS,
      run: { runId: run.runId ?? 'local', attempt: Number(run.runAttempt ?? 1) },
      backupId: inputs['backup-id'],
      rollbackOnFailure: inputs['rollback-on-failure'],
      deleteOld: inputs['delete-old'],
      gateWebhook: inputs['gate-webhook'],
      clock: azure.azureml.clockFromEnv(process.env),
      backups: azure.azureml.storedBackups(
        azure.client,
        { id: run.runId ?? 'local', attempt: run.runAttempt, url: run.runUrl },
        azure.context,
      ),
      onBackup: (backup) => rememberBackup(endpointName, backup),
    },
    azure.context,
  );
  if (report?.result) {
    rememberResult(report.result);
    setOutputs(definition, {
      result: report.result,
      reason: report.reason ?? '',
      'final-traffic': report.finalTraffic ?? {},
      'steps-completed': String(report.stepsCompleted ?? 0),
      'backup-id': report.backup?.id ?? '',
      report: JSON.stringify({ windows: report.windows, writes: report.writes }),
    });
  }
  conclude(report && rolloutSummary(report, failure), failure, {
    endpoint: endpointName,
    deployment: inputs.to,
    trafficBefore: report?.backup?.traffic,
    trafficAfter: report?.finalTraffic,
    backup: report?.backup && { id: report.backup.id, sha256: report.backup.sha256 },
  });
}
