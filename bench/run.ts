// npm run bench — runs every module's bench (bench/*.bench.ts) one after another and writes one
// report: bench/report.md and bench/report.json, each figure with its floor and floor ratio.
//
// Each bench records its figures through `figure()`/`report()` of bench/lib.ts (one JSON line each
// in the file BENCH_FIGURES names); its printed output goes to bench/report/<name>.log.
// Env: BENCH_ONLY=cockpit,reports (a subset), BENCH_DATA_DIR (a kept dataset, passed on to the
// benches that read one: cockpit, reports). Everything else (DURATION, …) is passed on too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const benches = fs
  .readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .filter((name) => !only || only.includes(name))
  .sort();
const logs = path.join(here, 'report');
fs.mkdirSync(logs, { recursive: true });
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

interface BenchRun {
  bench: string;
  exitCode: number | null;
  seconds: number;
  loadBefore: string;
  loadAfter: string;
  figures: BenchFigure[];
  log: string;
}

const runs: BenchRun[] = [];
for (const bench of benches) {
  const figuresFile = path.join(logs, `${bench}.figures.jsonl`);
  const logFile = path.join(logs, `${bench}.log`);
  fs.rmSync(figuresFile, { force: true });
  const loadBefore = loadavg();
  const started = Date.now();
  console.log(`— ${bench} (load ${loadBefore})`);
  const out = fs.openSync(logFile, 'w');
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${bench}.bench.ts`], {
      cwd: here,
      env: { ...process.env, BENCH_FIGURES: figuresFile },
      stdio: ['ignore', out, out],
    });
    child.on('exit', (code) => resolve(code));
  });
  fs.closeSync(out);
  const figures = fs.existsSync(figuresFile)
    ? fs
        .readFileSync(figuresFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as BenchFigure)
    : [];
  const run = {
    bench,
    exitCode,
    seconds: Math.round((Date.now() - started) / 1000),
    loadBefore,
    loadAfter: loadavg(),
    figures,
    log: path.relative(here, logFile),
  };
  runs.push(run);
  console.log(`  exit ${exitCode}, ${run.seconds} s, ${figures.length} figures`);
}

const commit = await new Promise<string>((resolve) => {
  const git = spawn('git', ['rev-parse', '--short', 'HEAD'], { cwd: here });
  let text = '';
  git.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  git.on('exit', () => resolve(text.trim()));
});
const meta = { date: new Date().toISOString(), commit, cores: os.cpus().length, dataDir: process.env.BENCH_DATA_DIR ?? null };
fs.writeFileSync(path.join(here, 'report.json'), `${JSON.stringify({ ...meta, runs }, null, 2)}\n`);
const cell = (value: number | string | undefined) => (value === undefined ? '' : String(value).replace(/\|/g, '\\|'));
const md = [
  `# Bench report`,
  '',
  `${meta.date}, commit ${commit}, ${meta.cores} cores${meta.dataDir ? `, dataset ${meta.dataDir}` : ''}. Floors are measured in the same run`,
  '(the same work without the app); ratio = value ÷ floor. Raw output: bench/report/<bench>.log.',
  '',
  ...runs.flatMap((run) => [
    `## ${run.bench}`,
    '',
    `exit ${run.exitCode}, ${run.seconds} s, load average ${run.loadBefore} → ${run.loadAfter}`,
    '',
    ...(run.figures.length
      ? [
          '| figure | value | floor | ratio | target |',
          '|---|---|---|---|---|',
          ...run.figures.map(
            (f) =>
              `| ${cell(f.name)}${f.note ? ` (${cell(f.note)})` : ''} | ${cell(f.value)} ${cell(f.unit)} | ${cell(f.floor)} | ${f.ratio === undefined ? '' : `${f.ratio}×`} | ${cell(f.target)} |`,
          ),
        ]
      : ['(no figures recorded: see its log)']),
    '',
  ]),
].join('\n');
fs.writeFileSync(path.join(here, 'report.md'), md);
console.log(`wrote bench/report.md and bench/report.json (${runs.length} benches)`);
