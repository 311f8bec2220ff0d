import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests open real SQLite files and real local servers; give slow CI machines room without retries.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
