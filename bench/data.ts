// npm run bench:data -- --scale=large — builds a bench dataset once in a kept data directory, so the
// benches can be run on it again and again (BENCH_DATA_DIR=<dir> npm run bench:cockpit …).
//
//   --scale=default|large   (bench/dataset.ts; default: default)
//   --dir=<path>            the data directory (default: <tmp>/xg-bench-data-<scale>); must not exist
//
// Prints the time of each step and the row counts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDataset, parseScale } from './dataset.js';
import { startBenchServer } from './lib.js';

const scale = parseScale(process.argv.slice(2));
const dir = path.resolve(
  process.argv.find((a) => a.startsWith('--dir='))?.slice('--dir='.length) ?? path.join(os.tmpdir(), `xg-bench-data-${scale}`),
);
if (fs.existsSync(dir)) {
  console.error(`${dir} exists: use it (BENCH_DATA_DIR=${dir}) or remove it first`);
  process.exit(1);
}
fs.mkdirSync(dir, { recursive: true });
console.log(
  `bench data (${scale}) in ${dir}; ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
const started = Date.now();
const server = await startBenchServer('data', { dataDir: dir });
const firstStart = Date.now() - started;
try {
  const built = await buildDataset(server.db, scale, (message) => console.log(`  ${message}`));
  console.log(`first start (migrations, demo company): ${firstStart} ms`);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s:`, JSON.stringify(built.counts));
  console.log(`steps (ms): ${JSON.stringify(built.timings)}`);
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  console.log(`\nBENCH_DATA_DIR=${dir} npm run bench:cockpit   (or bench:reports, bench)`);
} finally {
  await server.close();
}
