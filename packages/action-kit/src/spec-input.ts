import { SpecError, WHOLE_DOCUMENT } from '@mlops-actions/azureml/grammar';
import { InputError } from './errors.ts';
import { readInputFile } from './input-file.ts';

/**
 * The one way a SpecError becomes the step's input error: the input that carried the spec (or,
 * for inline values, the input the field names), the field, what was expected, what was given,
 * and the file and line, which also place the annotation.
 */
export function specInputError(err: SpecError, input?: string): InputError {
  const expected =
    input === undefined || err.field === WHOLE_DOCUMENT
      ? err.expected
      : `${err.field}: ${err.expected}`;
  const where = [err.file, err.line === undefined ? undefined : `line ${err.line}`]
    .filter(Boolean)
    .join(', ');
  // A problem with the whole file is told of the file; one with a field, of the field's value.
  const given =
    err.field === WHOLE_DOCUMENT && err.file !== undefined
      ? `${JSON.stringify(err.file)} (${err.given})`
      : err.given + (where ? ` (${where})` : '');
  return new InputError({
    input: input ?? err.field,
    expected,
    given,
    ...(err.file === undefined ? {} : { file: err.file }),
    ...(err.line === undefined ? {} : { line: err.line }),
    ...(err.column === undefined ? {} : { column: err.column }),
  });
}

/** Runs a spec parser for `input`, turning its SpecError into the input error. */
export async function parseSpecInput<T>(
  input: string | undefined,
  parse: () => T | Promise<T>,
  file?: string,
): Promise<T> {
  try {
    return await parse();
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    // A problem in another file (a pipeline's component file) keeps that file.
    throw specInputError(
      file === undefined || err.file !== undefined ? err : err.inFile(file),
      input,
    );
  }
}

/** Reads the file an input names and parses it as a spec, every error naming input, file and line. */
export function readSpecFile<T>(
  input: string,
  file: string,
  expected: string,
  parse: (text: string) => T | Promise<T>,
): Promise<T> {
  const text = readInputFile(input, file, expected);
  return parseSpecInput(input, () => parse(text), file);
}
