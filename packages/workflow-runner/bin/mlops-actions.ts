#!/usr/bin/env node
// Runs a workflow file locally: `mlops-actions run .github/workflows/example-dev.yml`.
import { main } from '../src/main.ts';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `mlops-actions: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
