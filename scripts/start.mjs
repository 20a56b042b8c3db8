// npm start: builds the web app if it was never built, then runs the server in this process
// (one process: `kill -9` of it leaves only PostgreSQL, which the next start recovers).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

const root = new URL('..', import.meta.url);
process.chdir(root.pathname);
if (!existsSync('packages/web/dist/index.html')) {
  console.log('building the web app (first start only)…');
  execSync('npm run build', { stdio: 'inherit' });
}
register();
await import('../packages/server/src/server.ts');
