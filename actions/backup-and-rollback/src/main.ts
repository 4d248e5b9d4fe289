import {
  conclude,
  connectAzure,
  readInputs,
  runnerContext,
  setOutputs,
  type StepContext,
} from '@mlops-actions/action-kit';
import type { BackupAndRollbackReport, BackupRun } from '@mlops-actions/azureml';
import { keepAsArtifact } from './artifact.ts';
import { definition } from './definition.ts';
import { backupSummary } from './summary.ts';

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const azure = await connectAzure(inputs, step);
  const context = runnerContext();
  const run: BackupRun | undefined = context.runId
    ? {
        id: context.runId,
        attempt: context.runAttempt,
        repository: context.repository,
        workflow: context.workflow,
        url: context.runUrl,
      }
    : undefined;

  const { report, failure } = await azure.azureml.backupAndRollback(
    azure.client,
    {
      mode: inputs.mode,
      endpointName: inputs['endpoint-name'],
      backupId: inputs['backup-id'],
      backupUri: inputs['backup-uri'],
      run,
      commit: context.sha,
      failOnDiff: inputs['fail-on-diff'],
      skipMissingEndpoint: inputs['missing-endpoint'] === 'skip',
      timeoutMs: inputs.timeout,
      pollIntervalMs: inputs['poll-interval'],
    },
    azure.context,
  );
  if (report?.backup) {
    setOutputs(definition, {
      'backup-id': report.backup.id,
      'backup-sha256': report.backup.sha256,
      'backup-uri': report.backup.uri,
      restored: String(report.restored),
      diff: JSON.stringify(report.differences),
    });
  }
  const artifact = report?.documentText && (await keepAsArtifact(report));
  conclude(report && backupSummary(report, failure, artifact), failure, auditSubject(report));
}

/** What the audit record is about: the endpoint, its traffic when the step moved it, the backup. */
function auditSubject(report: BackupAndRollbackReport | undefined) {
  const restore = report?.restore;
  return {
    endpoint: report?.endpoint,
    ...(restore?.trafficWritten
      ? { trafficBefore: restore.trafficBefore, trafficAfter: restore.trafficAfter }
      : {}),
    backup: report?.backup && { id: report.backup.id, sha256: report.backup.sha256 },
  };
}
