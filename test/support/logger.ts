import type { Logger } from '@mlops-actions/azureml';

export type LogLevel = 'info' | 'warning' | 'debug';

/** A Logger that keeps every line, for tests that assert what a user would read. */
export interface RecordingLogger {
  logger: Logger;
  /** Every line in order, with its level. */
  entries: { level: LogLevel; message: string }[];
  /** The info lines. */
  lines: string[];
  warnings: string[];
  debugs: string[];
}

/** The one recording logger of the test suite (after codeql-action's getRecordingLogger). */
export function recordingLogger(): RecordingLogger {
  const recorded: RecordingLogger = {
    entries: [],
    lines: [],
    warnings: [],
    debugs: [],
    logger: {
      info: (message) => record('info', message, recorded.lines),
      warning: (message) => record('warning', message, recorded.warnings),
      debug: (message) => record('debug', message, recorded.debugs),
    },
  };
  function record(level: LogLevel, message: string, into: string[]): void {
    recorded.entries.push({ level, message });
    into.push(message);
  }
  return recorded;
}
