import type { GitHubEmulatorOptions } from './types.ts';

export const USAGE = `Usage: github-emulator [options]
  --port <n>       TCP port on 127.0.0.1 (default: a free one)
  --owner <name>   owner of the seeded repository (default octo-org)
  --repo <name>    name of the seeded repository (default mlops-demo)
  --pull <n>       number of the seeded pull request (default 7)
  --help           show this help
Prints GITHUB_API_URL, GITHUB_REPOSITORY and the two seeded tokens as shell exports.`;

export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): GitHubEmulatorOptions | 'help' {
  const options: GitHubEmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--help' || flag === '-h') return 'help';
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`${flag}: expected a value after it, got ${value ?? 'nothing'}`);
    }
    switch (flag) {
      case '--port':
        options.port = integer(flag, value, 0, 65535);
        break;
      case '--owner':
        options.owner = value;
        break;
      case '--repo':
        options.repo = value;
        break;
      case '--pull':
        options.pull = { number: integer(flag, value, 1, 1_000_000) };
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got ${value}`);
  }
  return n;
}
