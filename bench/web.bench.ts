// npm run bench:web — front-end speed in Chromium on localhost against a started server (demo data):
// files and transfer size of the sign-in and home pages, the home page's LCP after sign-in and the
// route change to a list page (median of 5 cold loads: a new browser context, so an empty cache).
// Prints figures; asserts nothing. BENCH_WEB_ROOT=<a checkout with a built web app> measures another tree.
// Floors, in the same run and browser: the LCP of a one-heading static page served by a bare Node
// http server on localhost (what Chromium and the machine cost before any app), and the customer
// list's API call alone from the signed-in page (the data part of the route change).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort, SERVER_NODE_ARGS } from './lib.js';

const root = process.env.BENCH_WEB_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const USER = process.env.BENCH_WEB_USER ?? 'director';

async function startServer(): Promise<{ child: ChildProcess; baseUrl: string; dataDir: string }> {
  const port = await freePort();
  const dataDir = path.join(os.tmpdir(), `xg-bench-web-${randomBytes(6).toString('hex')}`);
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'packages/server/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      PORT: String(port),
      PG_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      XIAOGUAN_DEMO: 'true',
      WEB_DIST: 'packages/web/dist',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { child, baseUrl, dataDir };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Transfer {
  files: number;
  bytes: number;
  jsBytes: number;
}

/** Counts every response of the page and its transferred (encoded) bytes, headers included. */
function countTransfer(page: Page): () => Promise<Transfer> {
  const pending: Promise<{ bytes: number; js: boolean }>[] = [];
  page.on('requestfinished', (request) => {
    pending.push(
      request.sizes().then((sizes) => ({
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        js: request.resourceType() === 'script' || request.url().endsWith('.js'),
      })),
    );
  });
  return async () => {
    const all = await Promise.all(pending);
    return {
      files: all.length,
      bytes: all.reduce((sum, item) => sum + item.bytes, 0),
      jsBytes: all.reduce((sum, item) => sum + (item.js ? item.bytes : 0), 0),
    };
  };
}

async function signedInContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 850 }, locale: 'zh-CN' });
  const login = await context.request.post('/api/v1/auth/login', { data: { username: USER, password: 'demo1234' } });
  if (!login.ok()) throw new Error(`sign-in: ${login.status()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  await context.request.post('/api/v1/auth/acknowledge-confidentiality', { headers: { 'x-csrf-token': csrfToken } });
  return context;
}

/** The largest contentful paint so far (ms from navigation start), read once the page is quiet. */
async function largestContentfulPaint(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) last = Math.max(last, entry.startTime);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve(last), 300);
      }),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** A bare static page on localhost: the floor for LCP (no app, no bundle, no data). */
async function startFloorPage(): Promise<{ url: string; close: () => Promise<void> }> {
  const html =
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>floor</title></head><body><h1>销管 floor</h1></body></html>';
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function main() {
  const server = await startServer();
  const floorPage = await startFloorPage();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic'],
  });
  try {
    const login: Transfer[] = [];
    const home: Transfer[] = [];
    const lcp: number[] = [];
    const routeChange: number[] = [];
    const floorLcp: number[] = [];
    const floorData: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Floor: a static page's LCP in a cold context of the same browser.
      const bare = await browser.newContext({ viewport: { width: 1366, height: 850 } });
      const barePage = await bare.newPage();
      await barePage.goto(floorPage.url);
      floorLcp.push(await largestContentfulPaint(barePage));
      await bare.close();

      // The sign-in page, cold.
      const anonymous = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1366, height: 850 }, locale: 'zh-CN' });
      const loginPage = await anonymous.newPage();
      const loginTransfer = countTransfer(loginPage);
      await loginPage.goto('/login');
      await loginPage.getByTestId('login-submit').waitFor();
      await loginPage.waitForLoadState('networkidle');
      login.push(await loginTransfer());
      await anonymous.close();

      // The home page after sign-in, cold (a new context: empty cache, a session cookie).
      const context = await signedInContext(browser, server.baseUrl);
      const page = await context.newPage();
      const homeTransfer = countTransfer(page);
      await page.goto('/');
      await page.getByTestId('home-cards').waitFor({ timeout: 120_000 });
      await page.waitForLoadState('networkidle');
      lcp.push(await largestContentfulPaint(page));
      home.push(await homeTransfer());

      // Route change to a list page: from the click until its rows are on screen.
      const started = await page.evaluate(() => performance.now());
      await page.getByTestId('menu-customers').click();
      await page.locator('[data-testid^=customers-table-row-]').first().waitFor({ timeout: 120_000 });
      routeChange.push((await page.evaluate(() => performance.now())) - started);
      // Floor: the list's first page from the API alone, from the same page.
      floorData.push(
        await page.evaluate(async () => {
          const begin = performance.now();
          await (await fetch('/api/v1/customers?page=1&pageSize=20&sort=-updatedAt', { credentials: 'same-origin' })).json();
          return performance.now() - begin;
        }),
      );
      await context.close();
    }
    const row = (label: string, transfers: Transfer[]) =>
      `${label.padEnd(26)} ${String(median(transfers.map((t) => t.files))).padStart(5)} files  ${kb(median(transfers.map((t) => t.bytes))).padStart(8)}  (JS ${kb(median(transfers.map((t) => t.jsBytes)))})`;
    console.log(`\nbench:web — ${root}, Chromium on localhost, user ${USER}, median of ${RUNS} cold loads`);
    console.log(row('sign-in page (transfer)', login));
    console.log(row('home page (transfer)', home));
    console.log(`home LCP after sign-in      ${median(lcp).toFixed(0)} ms   (runs: ${lcp.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(
      `route change → customers    ${median(routeChange).toFixed(0)} ms   (runs: ${routeChange.map((v) => v.toFixed(0)).join(', ')})`,
    );
    console.log(`floor: static page LCP      ${median(floorLcp).toFixed(0)} ms   (runs: ${floorLcp.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(
      `floor: customer list API    ${median(floorData).toFixed(0)} ms   (runs: ${floorData.map((v) => v.toFixed(0)).join(', ')})`,
    );
  } finally {
    await browser.close();
    await floorPage.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

await main();
