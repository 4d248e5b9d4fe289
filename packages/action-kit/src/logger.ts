import type { Logger } from '@mlops-actions/azureml';
import { debug, info, warning } from './runner.ts';

export type { Logger };

/** A Logger that writes to the runner log: warnings become annotations, debug is hidden. */
export function runnerLogger(): Logger {
  return { info, warning: (message) => warning(message), debug };
}
