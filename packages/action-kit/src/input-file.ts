import { readFileSync } from 'node:fs';
import { InputError } from './errors.ts';

/** The text of the file an input names; an InputError naming the input when it cannot be read. */
export function readInputFile(input: string, file: string, expected: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new InputError({ input, expected, given: `${JSON.stringify(file)} (${reason})` });
  }
}
