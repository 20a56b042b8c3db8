// node --import tsx bench/customers-import.bench.ts — customer import throughput and server memory.
// Runs the real server in a child process (embedded PostgreSQL in a temp DATA_DIR), generates the
// files on disk, and drives upload → validate → import over HTTP, as the web app does:
//   1. a 100,000-row GBK CSV (what Excel in China saves)      → rows/s of validation and of import
//   2. a 100,000-row .xlsx                                      → the same
//   3. a 1,000,000-row CSV                                      → peak RSS growth of the server process
// Memory is the server child's VmRSS read from /proc/<pid>/status every 100 ms (PostgreSQL's own
// processes are not counted). Prints figures; asserts nothing. ROWS_SMALL / ROWS_LARGE scale it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { SERVER_NODE_ARGS } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SMALL = Number(process.env.ROWS_SMALL ?? 100_000);
const LARGE = Number(process.env.ROWS_LARGE ?? 1_000_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'packages/server/src/server.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: 'inherit',
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

const stopServer = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string): Promise<Session> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const me = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  await fetch(`${base}/api/v1/auth/acknowledge-confidentiality`, { method: 'POST', headers: { cookie, 'x-csrf-token': me.csrfToken } });
  return { cookie, csrf: me.csrfToken };
}

interface ImportSession {
  id: string;
  status: string;
  encoding: string | null;
  suggestedMapping: Record<string, string>;
  validation: { totalRows: number; validRows: number; invalidRows: number; duplicateRows: number } | null;
  result: { written: number; skippedInvalid: number; skippedDuplicates: number } | null;
  error: string | null;
}

async function api<T>(base: string, session: Session, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitFor(base: string, session: Session, id: string, done: string[]): Promise<ImportSession> {
  for (;;) {
    const current = await api<ImportSession>(base, session, 'GET', `/api/v1/customer-imports/${id}`);
    if (done.includes(current.status)) return current;
    if (current.status === 'failed' || current.status === 'cancelled') throw new Error(`import ${current.status}: ${current.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Uploads (streamed from disk), validates, imports; returns the timings. */
async function runImport(base: string, session: Session, file: string, mode: 'all_or_nothing' | 'valid_only') {
  const form = new FormData();
  form.append('file', await fs.openAsBlob(file), path.basename(file));
  const t0 = Date.now();
  const response = await fetch(`${base}/api/v1/customer-imports`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  const uploaded = (await response.json()) as ImportSession;
  const t1 = Date.now();
  await api(base, session, 'POST', `/api/v1/customer-imports/${uploaded.id}/validate`, { mapping: uploaded.suggestedMapping });
  const validated = await waitFor(base, session, uploaded.id, ['validated']);
  const t2 = Date.now();
  await api(base, session, 'POST', `/api/v1/customer-imports/${uploaded.id}/start`, { mode });
  const completed = await waitFor(base, session, uploaded.id, ['completed']);
  const t3 = Date.now();
  return { uploaded, validated, completed, uploadMs: t1 - t0, validateMs: t2 - t1, importMs: t3 - t2 };
}

// ─── files ────────────────────────────────────────────────────────────────────────────────────

const HEADER = ['客户名称', '类型', '等级', '手机', '邮箱', '年采购额', '负责人', '联系人', '职位', '标签', '地址'];
const OWNERS = ['rep', 'rep_sh1_2', 'rep_sh1_3', 'rep2', 'rep_hz_1'];
const TIERS = ['A', 'B', 'C'];

function row(i: number, prefix: string): string[] {
  return [
    `${prefix}测试客户${i}有限公司`,
    i % 5 === 0 ? '个人' : '企业',
    TIERS[i % 3]!,
    `1${prefix.charCodeAt(0) % 10}${String(i).padStart(9, '0')}`,
    `c${i}@${prefix.length}example.cn`,
    `${(i % 100_000) * 3}.${String(i % 100).padStart(2, '0')}`,
    OWNERS[i % OWNERS.length]!,
    i % 2 ? `联系人${i}` : '',
    i % 2 ? '采购经理' : '',
    i % 7 === 0 ? '重点,华东' : '',
    `上海市浦东新区测试路${i}号`,
  ];
}

const csvLine = (cells: string[]) => `${cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')}\r\n`;

async function writeCsv(file: string, rows: number, prefix: string, encoding: 'gbk' | 'utf8'): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(encoding === 'gbk' ? iconv.encode(text, 'gbk') : text))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write(csvLine(HEADER));
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += csvLine(row(i, prefix));
    if (i % 5000 === 0) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

async function writeXlsx(file: string, rows: number, prefix: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(HEADER).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow(row(i, prefix)).commit();
  sheet.commit();
  await workbook.commit();
}

// ─── run ──────────────────────────────────────────────────────────────────────────────────────

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-bench-import-'));
fs.chmodSync(dataDir, 0o755);
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-bench-files-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess | null = null;
try {
  const gbk = path.join(files, 'customers-gbk.csv');
  const xlsx = path.join(files, 'customers.xlsx');
  const large = path.join(files, 'customers-large.csv');
  let started = Date.now();
  await writeCsv(gbk, SMALL, '甲', 'gbk');
  await writeXlsx(xlsx, SMALL, '乙');
  await writeCsv(large, LARGE, '丙', 'utf8');
  const mb = (file: string) => (fs.statSync(file).size / 1024 / 1024).toFixed(1);
  console.log(`files generated in ${Date.now() - started} ms: GBK CSV ${mb(gbk)} MB, xlsx ${mb(xlsx)} MB, large CSV ${mb(large)} MB`);

  started = Date.now();
  server = await startServer({ PORT: String(port), PG_PORT: String(await freePort()), DATA_DIR: dataDir }, port);
  console.log(`server up in ${Date.now() - started} ms (pid ${server.pid})`);
  const director = await login(base, 'director');

  const report = (label: string, run: Awaited<ReturnType<typeof runImport>>) => {
    const rows = run.validated.validation!.totalRows;
    const written = run.completed.result!.written;
    console.log(
      `${label.padEnd(22)} rows ${rows}  written ${written}  (encoding ${run.uploaded.encoding ?? '-'}, ${run.validated.validation!.duplicateRows} duplicates, ${run.validated.validation!.invalidRows} invalid)\n` +
        `${''.padEnd(22)} upload ${run.uploadMs} ms | validate ${run.validateMs} ms = ${Math.round(rows / (run.validateMs / 1000))} rows/s | import ${run.importMs} ms = ${Math.round(written / (run.importMs / 1000))} rows/s`,
    );
  };
  report(`GBK CSV ${SMALL}`, await runImport(base, director, gbk, 'all_or_nothing'));
  report(`xlsx ${SMALL}`, await runImport(base, director, xlsx, 'all_or_nothing'));

  const pid = server.pid!;
  await new Promise((r) => setTimeout(r, 2000));
  const baseline = rssMb(pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const big = await runImport(base, director, large, 'valid_only');
  clearInterval(sampler);
  report(`CSV ${LARGE}`, big);
  console.log(
    `server RSS (VmRSS of the node process) during the ${LARGE}-row import: baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, growth ${(peak - baseline).toFixed(0)} MB`,
  );
} finally {
  if (server) await stopServer(server);
  fs.rmSync(files, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}
