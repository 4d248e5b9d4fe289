import { debug, info, warning } from './runner.ts';

/** Lines from library code (e.g. @mlops-actions/azureml, which knows nothing of GitHub). */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

/** A Logger that writes to the runner log: warnings become annotations, debug is hidden. */
export function runnerLogger(): Logger {
  return { info, warning: (message) => warning(message), debug };
}
