import { randomInt } from 'node:crypto';

/** The GITHUB_* variables of a workflow run, for running actions outside GitHub. */
export function workflowContext(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'contoso/churn-model',
    GITHUB_REPOSITORY_OWNER: 'contoso',
    GITHUB_WORKFLOW: 'train',
    GITHUB_JOB: 'train',
    GITHUB_ACTION: 'train',
    GITHUB_RUN_ID: String(randomInt(1_000_000_000, 9_999_999_999)),
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    RUNNER_OS: 'Linux',
    ...overrides,
  };
}
