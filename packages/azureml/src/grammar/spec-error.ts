/**
 * Something a user wrote is wrong: a field of a CLI v2 file, an inline value, a request the
 * workspace cannot take. Names the field, what was expected and what was given, and where
 * (file, 1-based line and column) when known. Actions turn it into an input error that keeps all of it.
 */
/** The `field` of a problem with the document as a whole (not YAML, not a mapping). */
export const WHOLE_DOCUMENT = '(document)';

export class SpecError extends Error {
  override readonly name = 'SpecError';
  readonly subject: string | undefined;
  /** Dotted path of the field (`code_configuration.scoring_script`), or WHOLE_DOCUMENT. */
  readonly field: string;
  readonly expected: string;
  readonly given: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** 1-based column of the offending node on `line`, when parsed from text. */
  readonly column: number | undefined;

  constructor(problem: {
    /** What was checked, for the message: `job spec`, `deployment spec`. */
    subject?: string | undefined;
    field?: string | undefined;
    expected: string;
    given: string;
    file?: string | undefined;
    line?: number | undefined;
    column?: number | undefined;
  }) {
    const field = problem.field ?? WHOLE_DOCUMENT;
    const what =
      problem.subject === undefined
        ? field
        : problem.field === undefined
          ? problem.subject
          : `${problem.subject} field ${field}`;
    super(`${what}: expected ${problem.expected}; given ${problem.given}`);
    this.subject = problem.subject;
    this.field = problem.field ?? WHOLE_DOCUMENT;
    this.expected = problem.expected;
    this.given = problem.given;
    this.file = problem.file;
    this.line = problem.line;
    this.column = problem.column;
  }

  /** The same problem, located in `file` (the parser saw only the text). */
  inFile(file: string): SpecError {
    return new SpecError({ ...this, file });
  }
}
