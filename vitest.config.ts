import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loopback only: any other connection or DNS query fails the test (not child processes).
    setupFiles: ['./test/support/no-network.ts'],
    pool: 'forks',
    // Most tests wait on child processes and the emulator, not on the CPU.
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Stdout of passing tests is noise; failures still print theirs.
    silent: 'passed-only',
    reporters: ['default', './test/plain-summary-reporter.ts'],
  },
});
