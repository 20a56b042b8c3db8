// npm run db:restore -- FILE — restores a backup made by npm run db:backup into an empty database
// (a new DATA_DIR or DATABASE_URL, or after npm run db:reset); the app must be stopped.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadConfig } from '../src/platform/config.js';
import { openAsOwner } from '../src/platform/db/owner.js';
import { restoreBackup } from '../src/platform/db/backup.js';

const cwd = process.env.INIT_CWD ?? process.cwd();
const arg = process.argv[2];
if (!arg) {
  console.error('usage: npm run db:restore -- FILE (a file written by npm run db:backup)');
  process.exit(2);
}
const file = path.resolve(cwd, arg);
try {
  if (!fs.existsSync(file)) throw new Error(`there is no file ${file}`);
  const config = loadConfig(process.env, cwd);
  const owner = await openAsOwner(config, 'restore', console.log);
  try {
    const input = fs.createReadStream(file).pipe(zlib.createGunzip());
    const summary = await restoreBackup(owner.db, input, console.log);
    console.log(`restored ${file}: ${summary.tables} tables, ${summary.rows} rows; start the app with npm start`);
  } finally {
    await owner.close();
  }
} catch (error) {
  console.error(`restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
