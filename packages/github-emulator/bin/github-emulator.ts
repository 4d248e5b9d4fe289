#!/usr/bin/env node
// A local GitHub REST API for trying pr-validate (and later notify) without github.com.
import { startGitHubEmulator } from '../src/server.ts';
import { parseCliArgs, UsageError, USAGE } from '../src/cli.ts';

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const emulator = await startGitHubEmulator(options);
  const exports = {
    ...emulator.env(),
    GITHUB_TOKEN: emulator.tokens.write ?? '',
    GITHUB_TOKEN_READ_ONLY: emulator.tokens.readOnly ?? '',
  };
  for (const [key, value] of Object.entries(exports)) console.log(`export ${key}=${value}`);
  const stop = (): void => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`github-emulator: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(error instanceof UsageError ? 2 : 1);
});
