import { readInputFile } from '@mlops-actions/action-kit';

/** The job text and the input it came from, so a spec error can name that input. */
export interface JobSource {
  input: 'job-file' | 'job';
  text: string;
}

export function readJobSource(inputs: { 'job-file'?: string; job?: string }): JobSource {
  const file = inputs['job-file'];
  if (file === undefined) return { input: 'job', text: inputs.job ?? '' };
  return {
    input: 'job-file',
    text: readInputFile('job-file', file, 'a readable Azure ML job YAML file'),
  };
}
