import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactStoreFor, warning } from '@mlops-actions/action-kit';
import type { BackupAndRollbackReport } from '@mlops-actions/azureml';

/**
 * The backup document as a workflow artifact too, for people to read from the run. The datastore
 * copy is the one rollbacks use; this one is a convenience, so a problem here is a warning.
 * Returns where it went ('' when it could not go anywhere).
 */
export async function keepAsArtifact(report: BackupAndRollbackReport): Promise<string> {
  const { backup, documentText } = report;
  if (!backup || !documentText) return '';
  const name = `backup-${backup.endpointName}-${backup.id}`;
  const dir = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'mlops-backups');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${backup.id}.json`);
  writeFileSync(file, documentText);
  try {
    return (await artifactStoreFor().upload(name, [file], dir)).location;
  } catch (err) {
    warning(
      `The backup could not be kept as the artifact ${name} (it is in the datastore at ${backup.uri}): ${String(err)}`,
    );
    return '';
  }
}
