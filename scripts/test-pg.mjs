// npm run test:pg: the unit and API integration tests against an external PostgreSQL (DATABASE_URL),
// e.g. Debian's PostgreSQL 15 in CI. The embedded-server lifecycle test is the embedded mode's own, and
// the web project's component tests (jsdom, no database) are left to npm test: here they would only repeat.
import { spawnSync } from 'node:child_process';

if (!process.env.DATABASE_URL) {
  console.error('test:pg needs DATABASE_URL (a PostgreSQL ≥ 15 the tests may create databases in)');
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', '--project', 'server', '--exclude', '**/embedded.lifecycle.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: process.env.DATABASE_URL },
});
process.exit(result.status ?? 1);
