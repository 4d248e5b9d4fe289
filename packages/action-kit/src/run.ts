import { ActionFailure, InputError, formatFailure } from './errors.ts';
import { withCancellation, type StepContext } from './cancellation.ts';
import type { AnnotationProperties } from './command.ts';
import type { ActionDefinition } from './definition.ts';
import { debug, error, getState, saveState } from './runner.ts';

/** The stack worth showing someone debugging (RUNNER_DEBUG): a bug's, or a failure's cause. */
function debugStack(err: unknown): string | undefined {
  if (err instanceof InputError) return undefined;
  if (err instanceof ActionFailure) return err.cause instanceof Error ? err.cause.stack : undefined;
  return err instanceof Error ? err.stack : undefined;
}

/** An input error about one place in a file is annotated on that file and line. */
function annotationOf(err: unknown): AnnotationProperties {
  if (!(err instanceof InputError) || err.problems.length !== 1) return {};
  const [problem] = err.problems;
  if (typeof problem !== 'object' || problem.file === undefined) return {};
  return {
    file: problem.file,
    ...(problem.line === undefined ? {} : { startLine: problem.line }),
    ...(problem.column === undefined ? {} : { startColumn: problem.column }),
  };
}

function reportFailure(err: unknown): void {
  const stack = debugStack(err);
  if (stack) debug(stack);
  error(formatFailure(err), annotationOf(err));
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

/** A main or post step of an action. */
export type Step = (context: StepContext) => Promise<void>;

/** Saved by the main step, so the same bundle knows when the runner starts it as the post step. */
const POST_MARK = 'isPost';

/**
 * The entry of every action (docker/actions-toolkit's `run(main, post)`): runs the post step when
 * the runner starts the bundle again after the main step, else the main step; either is handed
 * the run's cancellation signal, and whatever it throws fails the step as runAction reports it.
 */
export async function run(
  definition: Pick<ActionDefinition, 'name' | 'post'>,
  steps: { main: Step; post?: Step },
): Promise<void> {
  const { main, post } = steps;
  // action.yml declares the post step from the definition; the entry must have one to run.
  if ((definition.post === undefined) !== (post === undefined)) {
    throw new Error(
      `Action ${definition.name}: its definition ${definition.post ? 'declares' : 'does not declare'} a post step, its entry ${post ? 'has' : 'has none'}`,
    );
  }
  const isPost = post !== undefined && getState(POST_MARK) === 'true';
  if (post !== undefined && !isPost) saveState(POST_MARK, 'true');
  await runAction(() => withCancellation(isPost ? post : main));
}
