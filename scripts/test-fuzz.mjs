// npm run test:fuzz: the route fuzz (packages/server/src/test/route-fuzz.test.ts) run long:
// FUZZ_ROUNDS (default 40) requests per operation and role; FUZZ_SEED replays a run (printed at start).
// With DATABASE_URL set it runs against that PostgreSQL, as npm run test:pg does.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, FUZZ_ROUNDS: process.env.FUZZ_ROUNDS ?? '40' };
if (process.env.DATABASE_URL && !env.TEST_DATABASE_URL) env.TEST_DATABASE_URL = process.env.DATABASE_URL;
const result = spawnSync('npx', ['vitest', 'run', 'packages/server/src/test/route-fuzz.test.ts'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
