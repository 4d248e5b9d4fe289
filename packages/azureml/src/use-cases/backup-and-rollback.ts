/**
 * backup-and-rollback's use case. `backup`: the endpoint and its deployments into a canonical
 * document, stored before the step ends. `rollback`: a backup (by id, by URI, or the latest this
 * run took) restored and verified by its hash. `verify`: the difference between the endpoint and
 * a backup. A backup that is missing or whose hash does not match fails before any write.
 */
import {
  BackupError,
  compareWithBackup,
  findRunBackup,
  loadBackup,
  MissingEndpointError,
  restoreBackup,
  takeBackup,
  type BackupComparison,
  type EndpointBackup,
  type RestoreReport,
} from '../backups/backups.ts';
import { documentBytes, type BackupRun } from '../backups/document.ts';
import type { BackupDifference } from '../backups/diff.ts';
import { failureFrom } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { CancelledError } from '../transport/waits.ts';
import type { Failure, Outcome, UseCaseContext } from '../types.ts';

export const BACKUP_MODES = ['backup', 'rollback', 'verify'] as const;
export type BackupMode = (typeof BACKUP_MODES)[number];

export interface BackupAndRollbackRequest {
  mode: BackupMode;
  endpointName: string;
  backupId?: string | undefined;
  backupUri?: string | undefined;
  /** The run of the step: recorded by `backup`, searched by the others when no backup is named. */
  run?: BackupRun | undefined;
  commit?: string | undefined;
  /** verify: a difference fails the step. */
  failOnDiff: boolean;
  /** backup: an endpoint that does not exist yet (a first release) is skipped, not a failure. */
  skipMissingEndpoint?: boolean | undefined;
  timeoutMs: number;
  pollIntervalMs: number;
}

export interface BackupAndRollbackReport {
  mode: BackupMode;
  endpoint: string;
  backup?: Omit<EndpointBackup, 'document'>;
  /** The stored document's bytes (backup mode), for the workflow artifact. */
  documentText?: string;
  /** rollback: what it did. */
  restore?: RestoreReport;
  /** verify: the endpoint against the backup. */
  comparison?: BackupComparison;
  /** The differences the step found (rollback: before restoring; verify: now). */
  differences: BackupDifference[];
  /** rollback: the endpoint was changed back to the backup. */
  restored: boolean;
  /** backup: the endpoint did not exist, so there was nothing to back up (skipMissingEndpoint). */
  skipped?: boolean;
}

export async function backupAndRollback(
  client: MachineLearningClient,
  request: BackupAndRollbackRequest,
  ctx: UseCaseContext,
): Promise<Outcome<BackupAndRollbackReport>> {
  const { endpointName, mode } = request;
  const report: BackupAndRollbackReport = {
    mode,
    endpoint: endpointName,
    differences: [],
    restored: false,
  };
  const fail = (what: string) => (err: unknown) => ({
    report,
    failure: asFailure(client, what, err),
  });

  if (mode === 'backup') {
    const take = {
      endpointName,
      run: request.run,
      commit: request.commit,
      settleTimeoutMs: request.timeoutMs,
      pollIntervalMs: request.pollIntervalMs,
    };
    return takeBackup(client, take, ctx).then(
      (backup) => {
        report.backup = summaryOf(backup);
        report.documentText = documentBytes(backup.document);
        return { report };
      },
      (err: unknown) => {
        if (!(err instanceof MissingEndpointError && request.skipMissingEndpoint)) {
          return fail(`Could not back up endpoint ${endpointName}`)(err);
        }
        ctx.logger.info(
          `Endpoint ${endpointName} does not exist yet in workspace ${client.workspace.workspace}: a first release, with no live traffic to protect; no backup taken.`,
        );
        report.skipped = true;
        return { report };
      },
    );
  }

  let backup: EndpointBackup;
  try {
    const found = await chosenBackup(client, request, ctx);
    if (!found) {
      return {
        report,
        failure: {
          what: `No backup of endpoint ${endpointName} was taken in this run${request.run ? ` (run ${request.run.id})` : ''}`,
          hint: 'Give backup-id or backup-uri (the outputs of the backup mode that took it), or run mode backup earlier in this run',
          input: 'backup-id',
        },
      };
    }
    backup = found;
  } catch (err) {
    return fail(`Could not read the backup of endpoint ${endpointName}`)(err);
  }
  report.backup = summaryOf(backup);
  ctx.logger.info(
    `Backup ${backup.id} of endpoint ${endpointName}, taken ${backup.takenAt} (sha256 ${backup.sha256}): ${backup.uri}`,
  );

  if (mode === 'verify') {
    try {
      const comparison = await compareWithBackup(client, backup, ctx);
      Object.assign(report, { comparison, differences: comparison.differences });
      if (comparison.same) {
        ctx.logger.info(`Endpoint ${endpointName} is at backup ${backup.id}.`);
        return { report };
      }
      const what = `Endpoint ${endpointName} differs from backup ${backup.id} in ${comparison.differences.length} place(s): ${comparison.differences.map((d) => d.path).join(', ')}`;
      if (!request.failOnDiff) {
        ctx.logger.warning(what);
        return { report };
      }
      return {
        report,
        failure: {
          what,
          hint: 'Run backup-and-rollback mode rollback with this backup-id to restore it',
        },
      };
    } catch (err) {
      return fail(`Could not compare endpoint ${endpointName} with backup ${backup.id}`)(err);
    }
  }

  const restored = await restoreBackup(client, backup, ctx, {
    timeoutMs: request.timeoutMs,
    pollIntervalMs: request.pollIntervalMs,
  });
  if (restored.report) {
    Object.assign(report, {
      restore: restored.report,
      differences: restored.report.differences,
      restored: !restored.report.unchanged,
    });
  }
  return { report, ...(restored.failure ? { failure: restored.failure } : {}) };
}

function chosenBackup(
  client: MachineLearningClient,
  request: BackupAndRollbackRequest,
  ctx: UseCaseContext,
): Promise<EndpointBackup | undefined> {
  const { endpointName, backupId, backupUri, run } = request;
  if (backupId !== undefined || backupUri !== undefined) {
    return loadBackup(client, { endpointName, backupId, uri: backupUri }, ctx);
  }
  if (!run) return Promise.resolve(undefined);
  return findRunBackup(client, { endpointName, runId: run.id }, ctx);
}

function summaryOf(backup: EndpointBackup): Omit<EndpointBackup, 'document'> {
  const { id, sha256, uri, endpointName, takenAt, traffic, mirrorTraffic } = backup;
  return { id, sha256, uri, endpointName, takenAt, traffic, mirrorTraffic };
}

/** A refused backup is the request's fault (bad input, nothing written); the rest is Azure's. */
function asFailure(client: MachineLearningClient, what: string, err: unknown): Failure {
  // An input failure is told in one line, so the hint goes into it.
  if (err instanceof BackupError) {
    return { what: err.hint ? `${err.message}. ${err.hint}` : err.message, input: err.input };
  }
  if (err instanceof CancelledError) return { what: `Cancelled while waiting: ${err.message}` };
  return failureFrom(client, what, err);
}
