import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ when a source is newer: the tests that start `papers` run the compiled code.
    globalSetup: ['test/global-setup.ts'],
    // Tests open real SQLite files and real local servers; give slow CI machines room without retries.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
