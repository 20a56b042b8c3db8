// npm run db:backup [-- FILE] — writes the whole database to FILE (default: xiaoguan-<time>Z.backup.gz
// in the current directory), while the app runs or not. See platform/db/backup.ts for the format.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../src/platform/config.js';
import { openAsOwner } from '../src/platform/db/owner.js';
import { backupFileName, writeBackup } from '../src/platform/db/backup.js';

const cwd = process.env.INIT_CWD ?? process.cwd();
const file = path.resolve(cwd, process.argv[2] ?? backupFileName());
try {
  const config = loadConfig(process.env, cwd);
  const owner = await openAsOwner(config, 'backup', console.log);
  try {
    const gzip = zlib.createGzip();
    // 'wx': never overwrite an earlier backup; 0600: it holds every password hash and phone number.
    const written = pipeline(gzip, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    const summary = await writeBackup(owner.db, gzip);
    await written;
    console.log(`backup written to ${file}: ${summary.tables} tables, ${summary.rows} rows`);
  } finally {
    await owner.close();
  }
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fs.rmSync(file, { force: true });
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
