import { failureError, Summary } from '@mlops-actions/action-kit';
import type { BackupAndRollbackReport, Failure } from '@mlops-actions/azureml';
import { cellOf, describeTraffic } from '@mlops-actions/azureml/grammar';

const code = (text: string): string => `\`${text}\``;

const TITLES = {
  backup: 'Backup of',
  rollback: 'Rollback of',
  verify: 'Verify',
} as const;

/** The job summary: the backup, what differs from it (table and JSON), what the rollback did. */
export function backupSummary(
  report: BackupAndRollbackReport,
  failure: Failure | undefined,
  artifact: string | undefined,
): Summary {
  const { backup, restore } = report;
  const summary = new Summary().heading(`${TITLES[report.mode]} endpoint ${report.endpoint}`, 3);
  if (backup) {
    summary.table(
      ['Backup', 'Taken', 'Traffic', 'Mirror traffic', 'sha256'],
      [
        [
          code(backup.id),
          backup.takenAt,
          describeTraffic(backup.traffic),
          describeTraffic(backup.mirrorTraffic),
          code(backup.sha256),
        ],
      ],
    );
    summary.text(
      `Stored at ${code(backup.uri)}${artifact ? `; also kept as the artifact ${code(artifact)}` : ''}.`,
    );
  }
  if (report.skipped) {
    summary.text(
      `Endpoint ${code(report.endpoint)} does not exist yet: a first release, no backup taken.`,
    );
  }
  if (report.mode !== 'backup' && backup) {
    const { differences } = report;
    const what =
      report.mode === 'rollback'
        ? 'Before the rollback, the endpoint differed'
        : 'The endpoint differs';
    if (differences.length === 0) {
      summary.text('The endpoint is at the backup: no difference.');
    } else {
      summary
        .heading(`${what} from the backup in ${differences.length} place(s)`, 4)
        .table(
          ['Field', 'Backup', 'Live'],
          differences.map((d) => [code(d.path), cellOf(d.backup), cellOf(d.live)]),
        )
        .details('As JSON', `\n\n\`\`\`json\n${JSON.stringify(differences, null, 2)}\n\`\`\`\n`);
    }
    const others = restore?.otherDeployments ?? report.comparison?.otherDeployments ?? [];
    if (others.length > 0) {
      summary.text(
        `Deployments the backup does not know, left as they are: ${others.map(code).join(', ')}.`,
      );
    }
  }
  if (restore) {
    const steps = [
      ...restore.recreated.map((d) => `Deployment ${code(d)} created again.`),
      ...restore.restored.map((d) => `Deployment ${code(d)} put back to its backed-up spec.`),
      restore.trafficWritten
        ? `Traffic set to ${describeTraffic(restore.trafficAfter)}, mirror ${describeTraffic(restore.mirrorTrafficAfter)}, in one endpoint write.`
        : "Traffic and mirror traffic already were the backup's: not written.",
      restore.verified
        ? `Verified: the endpoint hashes to the backup (sha256 ${code(restore.liveSha256 ?? '')}).`
        : 'Not verified.',
    ];
    summary.list(steps);
  }
  if (failure) summary.text(failureError(failure).message);
  return summary;
}
