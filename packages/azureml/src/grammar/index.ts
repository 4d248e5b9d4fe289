// The pure grammar of Azure ML names, references, durations, Retry-After, values in words and
// spec errors: no SDK, no I/O,
// so action definitions and action-kit load it at start-up (`@mlops-actions/azureml/grammar`).
export { formatDuration, formatElapsed, parseDuration } from './durations.ts';
export {
  CHAMPION_REF,
  formatModelRef,
  MODEL_REF,
  MODEL_REF_FORM,
  parseChampionRef,
  parseModelRef,
  type ChampionRef,
  type ModelRef,
} from './model-ref.ts';
export {
  ASSET_NAME,
  ASSET_VERSION,
  BACKUP_ID,
  DEPLOYMENT_NAME,
  ENDPOINT_NAME,
  JOB_NAME,
  JOB_PORT_NAME,
  LINEAGE_PREFIX,
  type NameRule,
} from './names.ts';
export type { Parsed } from './parsed.ts';
export { isTransientStatus, retryAfterMs, retryWaitMs } from './retry-after.ts';
export { cellOf, describeTraffic } from './text.ts';
export { SpecError, WHOLE_DOCUMENT } from './spec-error.ts';
