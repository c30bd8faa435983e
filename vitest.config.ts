import { defineConfig } from 'vitest/config';

// Test tiers, beside the code they test:
//   x.test.ts      pure and in-process tests (no database)
//   x.int.test.ts  storage tests: always on embedded PGlite, and on PostgreSQL whenever DATABASE_URL is set
//   x.pg.test.ts   PostgreSQL only: locking and races, which PGlite (one connection) can never show
//   tests/browser  real Chromium against a started server
const withPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'src/**/*.pg.test.ts'],
        },
      },
      {
        test: {
          name: 'storage-pglite',
          include: ['src/**/*.int.test.ts'],
          env: { KETACARE_TEST_ENGINE: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                name: 'storage-pg',
                include: ['src/**/*.int.test.ts', 'src/**/*.pg.test.ts'],
                env: { KETACARE_TEST_ENGINE: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
