export { changedAreas, matchesAny, parseAreas, type Areas } from './areas.ts';
export { checkPullRequest, type CheckReport, type CheckRequest } from './check-pull-request.ts';
export {
  addedLinesOfPatch,
  apiDiff,
  gitDiff,
  parseGitDiff,
  type AddedLine,
  type ApiFile,
  type PullDiff,
} from './diff.ts';
export { findFiles, globList, type Discovery } from './discovery.ts';
export { pullRequestEvent, type PullRequestEvent } from './event.ts';
export {
  gitHubClient,
  type CommentResult,
  type GitHubClient,
  type PullRequestRef,
} from './github.ts';
export { checkRules, type PullInfo, type RuleProblem, type TeamRules } from './rules.ts';
export { SECRET_PATTERNS, scanForSecrets, type SecretFinding, type SecretScan } from './secrets.ts';
