import { matchesAny } from './areas.ts';

/** A team rule the repository switched on, broken by this pull request. */
export interface RuleProblem {
  rule: 'require-ticket' | 'required-labels';
  message: string;
}

export interface PullInfo {
  number: number;
  title: string;
  body: string;
  labels: string[];
}

export interface TeamRules {
  /** Paths whose change needs a change ticket in the title or body. */
  ticketPaths: string[];
  ticketPattern: RegExp;
  requiredLabels: string[];
}

export function checkRules(
  rules: TeamRules,
  pull: PullInfo,
  files: readonly string[],
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const guarded = files.filter((file) => matchesAny(file, rules.ticketPaths));
  if (guarded.length > 0) {
    rules.ticketPattern.lastIndex = 0;
    const found = rules.ticketPattern.test(`${pull.title}\n${pull.body}`);
    if (!found) {
      const shown = guarded.slice(0, 3).join(', ') + (guarded.length > 3 ? ', ...' : '');
      problems.push({
        rule: 'require-ticket',
        message: `a change ticket matching /${rules.ticketPattern.source}/ in the pull request title or body: it changes ${shown}`,
      });
    }
  }
  const have = new Set(pull.labels.map((l) => l.toLowerCase()));
  const missing = rules.requiredLabels.filter((label) => !have.has(label.toLowerCase()));
  if (missing.length > 0) {
    problems.push({
      rule: 'required-labels',
      message: `the label${missing.length > 1 ? 's' : ''} ${missing.map((l) => `"${l}"`).join(', ')} on the pull request`,
    });
  }
  return problems;
}
