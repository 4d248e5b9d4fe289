export { startGitHubEmulator } from './server.ts';
export type { GitHubEmulator, GitHubEmulatorControl } from './server.ts';
export type {
  Access,
  GitHubEmulatorOptions,
  LoggedRequest,
  Permission,
  Permissions,
  PullFile,
  PullSeed,
} from './types.ts';
export { parseCliArgs, USAGE, UsageError } from './cli.ts';
