#!/usr/bin/env node
// A local Azure ML for the demo and for trying the actions without a subscription.
import { startEmulator } from '../src/index.ts';
import { connectionValues, formatExports, parseCliArgs, UsageError, USAGE } from '../src/cli.ts';

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(options.emulator);
  for (const fault of options.faults) emulator.control.addFault(fault);
  console.log(
    options.json
      ? JSON.stringify({ url: emulator.url, ...connectionValues(emulator) })
      : formatExports(emulator),
  );
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
  const message = error instanceof Error ? error.message : String(error);
  console.error(`mlops-emulator: ${message}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(error instanceof UsageError ? 2 : 1);
});
