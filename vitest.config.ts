import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // On PostgreSQL (TEST_DATABASE_URL=postgres://…, see test/support/database.ts): names and drops the run's databases.
    globalSetup: ['./test/support/pg-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: most of a test's time is spent waiting on SQLite, sockets, Chromium and timers, so on
    // two cores two workers finish sooner (vitest's default is one worker fewer than the cores, i.e. one).
    maxWorkers: 2,
    // A worker keeps its imported modules from one file to the next instead of importing the app again for every
    // file (that import was about a third of the suite's CPU time). Every test still builds its own app on its own
    // SQLite file; the only module state shared is pure caches and the mail parsing thread pool.
    isolate: false,
  },
});
