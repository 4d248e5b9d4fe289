import type { Logger } from './types.ts';

/** Lines of `fn` as one collapsible section where the log has them (the runner's does). */
export function inGroup<T>(logger: Logger, name: string, fn: () => Promise<T>): Promise<T> {
  return logger.group ? logger.group(name, fn) : fn();
}
