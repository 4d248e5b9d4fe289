export { startGitHubEmulator } from './server.ts';
export type { GitHubEmulator, GitHubEmulatorControl, GitHubFault } from './server.ts';
export type {
  Access,
  EnvironmentSeed,
  GitHubEmulatorOptions,
  LoggedRequest,
  Permission,
  Permissions,
  PullFile,
  PullSeed,
  RunSeed,
} from './types.ts';
export { parseCliArgs, USAGE, UsageError } from './cli.ts';
export { deploymentHistory, type DeploymentHistoryEntry } from './deployment-history.ts';
