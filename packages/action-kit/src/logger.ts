import type { Logger } from '@mlops-actions/azureml';
import { debug, info, setSecret, warning } from './runner.ts';

export type { Logger };

/**
 * A Logger that writes to the runner log: warnings become annotations, debug is hidden, and a
 * masked value is hidden from the log and from everything the step writes.
 */
export function runnerLogger(): Logger {
  return { info, warning: (message) => warning(message), debug, mask: setSecret };
}
