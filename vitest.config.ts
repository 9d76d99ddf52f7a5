import { defineConfig } from 'vitest/config';

// Integration tests (*.int.test.ts) run once per database: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set. Browser tests have their own config (vitest.e2e.config.ts).
const integration = (name: 'pglite' | 'postgres') => ({
  test: {
    name,
    // *.pg.test.ts: what only a real server can show (crashes of a separate process).
    include: name === 'postgres' ? ['src/**/*.int.test.ts', 'src/**/*.pg.test.ts'] : ['src/**/*.int.test.ts'],
    env: { ANJU_TEST_DB: name },
    globalSetup: ['src/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'demo/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'src/**/*.pg.test.ts'],
        },
      },
      integration('pglite'),
      ...(process.env.TEST_DATABASE_URL ? [integration('postgres')] : []),
    ],
  },
});
