import { defineAction, input, usableToken, DEFAULT_GITHUB_TOKEN } from '@mlops-actions/action-kit';
import type { InputProblem, InputValues } from '@mlops-actions/action-kit';
import { parseAreas } from '@mlops-actions/pull-request/areas';

export const DEFAULT_TICKET_PATTERN = '[A-Z][A-Z0-9]+-\\d+';

const inputs = {
  specs: input.string({
    description:
      'Globs of the files to search for Azure ML specs, one per line. `node_modules` and `.git` are never searched. A glob that matches no file is a warning.',
    default: '**/*.{yml,yaml}',
  }),
  areas: input.map({
    description:
      'Areas of the repository: a YAML or JSON map of area name to a path glob or a list of them, e.g. `churn: [models/churn/**, common/**]`. Sets `changed`; a path in several areas (shared code) marks each.',
  }),
  'require-ticket': input.string({
    description:
      'Path globs, one per line: when the pull request changes one of them, its title or body must name a change ticket (`ticket-pattern`).',
  }),
  'ticket-pattern': input.regex({
    description: 'Regular expression of a change ticket, e.g. `CHG\\d+`.',
    default: DEFAULT_TICKET_PATTERN,
  }),
  'required-labels': input.string({
    description: 'Labels the pull request must carry, one per line (or comma separated).',
  }),
  comment: input.boolean({
    description:
      'Write the result as one pull request comment, updated in place on every run. Needs `pull-requests: write`.',
    default: 'true',
  }),
  'github-token': input.string({
    description:
      'Token for the pull request comment and, when the checkout has no history, the pull request files API.',
    default: DEFAULT_GITHUB_TOKEN,
    secret: true,
  }),
};

type Values = InputValues<typeof inputs>;

function areasAreGlobs(values: Values): InputProblem | undefined {
  if (values.areas === undefined) return undefined;
  const parsed = parseAreas(values.areas);
  if ('areas' in parsed) return undefined;
  return {
    input: 'areas',
    expected: 'a map of area name to a path glob or a list of globs',
    given: parsed.problem,
  };
}

function tokenForComment(values: Values): InputProblem | undefined {
  if (!values.comment || usableToken(values['github-token'])) return undefined;
  return {
    input: 'github-token',
    expected:
      'a token that may write pull request comments (the default `${{ github.token }}` with `permissions: pull-requests: write`), or `comment: false`',
    given: 'nothing',
  };
}

/** pr-validate's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'pr-validate',
  title: 'Azure ML pull request check',
  description:
    'Check the Azure ML specs of a pull request with the parsers the actions use, annotate the offending lines, scan added lines for secrets, tell which areas changed, and keep one pull request comment up to date.',
  branding: { icon: 'check-circle', color: 'blue' },
  inputs,
  outputs: {
    valid: { description: '`true` when no error was found, else `false`.' },
    errors: {
      description: 'Number of errors: refused specs, secrets in added lines, broken team rules.',
    },
    warnings: {
      description:
        'Number of warnings: globs that matched nothing, files whose added lines could not be scanned, no diff to scan.',
    },
    changed: {
      description:
        'JSON list of the `areas` the pull request changes, e.g. `["churn"]`, for a matrix of only what changed.',
    },
    'comment-url': {
      description: 'Link to the pull request comment (empty when none was written).',
    },
  },
  checks: [areasAreGlobs, tokenForComment],
});
