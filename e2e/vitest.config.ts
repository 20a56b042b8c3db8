import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Browser journeys against the real server and the built web app: `npm run test:e2e`. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.e2e.test.ts'],
    environment: 'node',
    // One server for the whole suite (global setup), journeys one after another.
    globalSetup: ['./global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 360_000,
    reporters: ['default'],
  },
});
