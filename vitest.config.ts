import { defineConfig } from 'vitest/config';

/** Unit and API integration tests (npm test; npm run test:pg sets TEST_DATABASE_URL). Browser journeys: e2e/. */
export default defineConfig({
  test: {
    include: ['packages/**/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
    globalSetup: ['packages/server/src/test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
