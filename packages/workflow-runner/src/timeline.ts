/**
 * The run as a reader follows it: each job's and step's start, end and result, the steps' own
 * lines as they come, every secret of the run masked.
 */
import { formatDuration } from '@mlops-actions/azureml/grammar';

export type Result = 'success' | 'failure' | 'cancelled' | 'skipped';

const MARK: Record<Result, string> = {
  success: '✓',
  failure: '✗',
  cancelled: '⊘',
  skipped: '-',
};

export class Timeline {
  private readonly masks = new Set<string>();
  private readonly write: (line: string) => void;

  constructor(write: (line: string) => void) {
    this.write = write;
  }

  /** A value no line may show from now on (a secret, a token, an add-mask-ed value). */
  mask(value: string): void {
    if (value.length >= 3) this.masks.add(value);
  }

  hide(text: string): string {
    let out = text;
    for (const secret of [...this.masks].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('***');
    }
    return out;
  }

  line(text: string): void {
    this.write(this.hide(text));
  }

  /** A line from inside a job: prefixed with the job's name. */
  job(job: string, text: string): void {
    this.line(`[${job}] ${text}`);
  }

  start(job: string, what: string): void {
    this.job(job, `▶ ${what}`);
  }

  end(job: string, what: string, result: Result, ms?: number, why?: string): void {
    this.job(job, ended(what, result, ms, why));
  }

  /** The run's own last line. */
  finish(what: string, result: Result, ms: number, why: string): void {
    this.line(ended(what, result, ms, why));
  }
}

function ended(what: string, result: Result, ms?: number, why?: string): string {
  const took = ms === undefined ? '' : ` in ${formatDuration(ms)}`;
  return `${MARK[result]} ${what}: ${result}${took}${why ? ` (${why})` : ''}`;
}
