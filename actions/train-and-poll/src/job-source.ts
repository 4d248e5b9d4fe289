import { readFileSync } from 'node:fs';
import { InputError } from '@mlops-actions/action-kit';

/** The job text and the input it came from, so a spec error can name that input. */
export interface JobSource {
  input: 'job-file' | 'job';
  text: string;
}

export function readJobSource(inputs: { 'job-file'?: string; job?: string }): JobSource {
  const file = inputs['job-file'];
  if (file === undefined) return { input: 'job', text: inputs.job ?? '' };
  try {
    return { input: 'job-file', text: readFileSync(file, 'utf8') };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new InputError([
      {
        input: 'job-file',
        expected: 'a readable Azure ML job YAML file',
        given: `${JSON.stringify(file)} (${reason})`,
      },
    ]);
  }
}
