import { ActionFailure, InputError, formatFailure } from './errors.ts';
import { debug, error } from './runner.ts';

/** The stack worth showing someone debugging (RUNNER_DEBUG): a bug's, or a failure's cause. */
function debugStack(err: unknown): string | undefined {
  if (err instanceof InputError) return undefined;
  if (err instanceof ActionFailure) return err.cause instanceof Error ? err.cause.stack : undefined;
  return err instanceof Error ? err.stack : undefined;
}

function reportFailure(err: unknown): void {
  const stack = debugStack(err);
  if (stack) debug(stack);
  error(formatFailure(err));
  process.exitCode = 1;
}

/**
 * The entry of every action: runs `main`, and turns anything it throws (or leaves rejected)
 * into one `::error::` line and exit code 1. It sets process.exitCode instead of calling
 * process.exit, so pending output is flushed and post steps still run.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  process.on('unhandledRejection', reportFailure);
  try {
    await main();
  } catch (err) {
    reportFailure(err);
  } finally {
    // Node reports a promise main left rejected only after the current microtasks; one
    // macrotask later it has reached our listener.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', reportFailure);
  }
}
