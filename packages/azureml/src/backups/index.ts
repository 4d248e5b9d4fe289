// Endpoint backups: the canonical document, its store in workspaceblobstore, take / load / find / restore.
export {
  BackupError,
  compareWithBackup,
  findRunBackup,
  loadBackup,
  restoreBackup,
  takeBackup,
  TRAFFIC_NOT_MOVED,
  type BackupComparison,
  type EndpointBackup,
  type LoadBackupRequest,
  type RestoreOptions,
  type RestoreReport,
  type TakeBackupRequest,
} from './backups.ts';
export { diffStates, type BackupDifference } from './diff.ts';
export { cellOf } from '../grammar/text.ts';
export { canonicalJson } from '../transport/plain-data.ts';
export {
  BACKUP_SCHEMA,
  BACKUP_VERSION,
  backupDocument,
  documentBytes,
  parseBackupDocument,
  restorableState,
  stateSha256,
  type BackupDocument,
  type BackupRun,
  type RestorableState,
} from './document.ts';
export { ROLLOUT_MARKER_TAG, ROLLOUT_BACKUP_TAG, unfinishedRollout } from './rollout-marker.ts';
export { BACKUP_FOLDER, backupPath } from './store.ts';
