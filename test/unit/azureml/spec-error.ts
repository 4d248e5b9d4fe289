import { SpecError } from '@mlops-actions/azureml/grammar';

/** The SpecError `run` throws (anything else thrown, or nothing, fails the test). */
export function specError(run: () => unknown): SpecError {
  try {
    run();
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
  throw new Error('expected a SpecError');
}
