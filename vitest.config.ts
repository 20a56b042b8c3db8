import { defineConfig } from 'vitest/config';

/**
 * Unit and API integration tests (npm test; npm run test:pg sets TEST_DATABASE_URL), in two projects:
 * `server` (server and shared, with the database global setup) and `web` (components in jsdom, no
 * database). Browser journeys: e2e/.
 */
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts', 'packages/shared/src/**/*.test.ts'],
          globalSetup: ['packages/server/src/test/global-setup.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['packages/web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['packages/web/src/test/setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
