import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ when a source is newer: the tests that start `papers` run the compiled code.
    globalSetup: ['test/global-setup.ts'],
    // One test file per core. Vitest's default leaves a core free (one worker on a 2-core machine), but our files
    // spend much of their time waiting on child processes, sockets and SQLite, so both cores stay useful: on the
    // 2-core machine the suite took 365 s with one worker and 223 s with two.
    maxWorkers: availableParallelism(),
    // Tests open real SQLite files and real local servers; give slow CI machines room without retries.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
