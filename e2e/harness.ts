import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/** The repository root, found from this file (the harness works from any cwd). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots');
export const DEMO_PASSWORD = 'demo1234';

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs = Number(process.env.E2E_START_TIMEOUT_MS ?? 300_000),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was healthy:\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`server not healthy within ${timeoutMs / 1000} s:\n${log()}`);
}

/**
 * Starts the real server (`node --import tsx packages/server/src/server.ts`) on a free port with
 * a fresh data directory and the demo company, serving the built web app. With DATABASE_URL set
 * it uses that PostgreSQL instead of the embedded one. `extraEnv` adds settings (e.g. WORKERS).
 */
export async function startServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  // A path that does not exist yet: the server creates it (mkdtemp's 0700 mode would keep the
  // embedded PostgreSQL, which runs as its own user when we are root, out of it).
  const dataDir = path.join(tmpdir(), `xg-e2e-${randomBytes(6).toString('hex')}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    XIAOGUAN_DEMO: 'true',
    WEB_DIST: process.env.E2E_WEB_DIST ?? 'packages/web/dist',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...extraEnv,
  };
  if (!process.env.DATABASE_URL) env.PG_PORT = String(await freePort());

  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/server.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** One Chromium per test file: launched before the file's tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not running');
    return browser;
  };
}

export interface Journey {
  context: BrowserContext;
  page: Page;
  /** Saves e2e/screenshots/<journey>-<step>.png once animations have finished; fullPage for long lists. */
  shot(step: string, options?: { fullPage?: boolean }): Promise<void>;
  /** Untranslated keys and uncaught page errors seen so far: a journey ends with none. */
  problems: string[];
  /** API answers of 400 and above so far (some journeys expect them): printed when a journey fails. */
  apiErrors: string[];
  /** On failure: a screenshot `<journey>-failed.png`, and the API errors and any message on screen printed. */
  failed(): Promise<void>;
  close(): Promise<void>;
}

/** Waits (up to 3 s) until no CSS animation or transition runs: drawers and dropdowns have landed. */
export async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'), undefined, {
      timeout: 3_000,
      polling: 100,
    })
    .catch(() => undefined);
}

/** A fresh browser context per journey (no cookies, no stored language). */
export async function startJourney(
  browser: Browser,
  baseUrl: string,
  name: string,
  viewport = { width: 1366, height: 860 },
): Promise<Journey> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('[i18n] missing key')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const apiErrors: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && response.status() >= 400)
      apiErrors.push(`${response.status()} ${response.request().method()} ${url.pathname}${url.search}`);
  });
  return {
    context,
    page,
    problems,
    apiErrors,
    failed: async () => {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-failed.png`) }).catch(() => undefined);
      const messages = await page
        .locator('.ant-message-notice, .ant-notification-notice, .ant-alert')
        .allInnerTexts()
        .catch(() => []);
      console.log(
        `journey ${name} failed at ${page.url()}; API errors: ${JSON.stringify(apiErrors)}; on screen: ${JSON.stringify(messages)}`,
      );
    },
    shot: async (step, options) => {
      await settle(page);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${step}.png`), fullPage: options?.fullPage ?? false });
    },
    // The server is shared with the next journeys, which expect the seeded zh-CN: whatever language
    // this journey switched its user to is put back before the context goes.
    close: async () => {
      await resetLanguage(page).catch(() => undefined);
      await context.close();
    },
  };
}

/** Fills and submits the sign-in form; resolves once the app shows what comes next. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page
    .locator('[data-testid=confidentiality-accept], [data-testid=change-password-form], [data-testid=page-title]')
    .first()
    .waitFor();
}

/** R-SEC-1: the agreement shows on first sign-in (only then, with a reused database). */
export async function acknowledgeIfAsked(page: Page, onShown?: () => Promise<void>): Promise<void> {
  const accept = page.getByTestId('confidentiality-accept');
  if (await accept.isVisible()) {
    await page.getByTestId('confidentiality-text').waitFor();
    await onShown?.();
    await accept.click();
    await page.locator('[data-testid=change-password-form], [data-testid=page-title]').first().waitFor();
  }
}

/**
 * Opens the antd select `testId`, types `search` if given, and picks the option showing `text`;
 * checks the select then shows it. A click that lands while a modal, drawer or the dropdown is
 * still moving picks nothing (seen under CI load): the pick is tried again, up to 3 times.
 */
export async function chooseOption(page: Page, testId: string, text: string, search?: string): Promise<void> {
  const select = page.getByTestId(testId);
  await settle(page);
  for (let attempt = 0; ; attempt += 1) {
    await select.click();
    if (search !== undefined) await page.keyboard.type(search);
    await settle(page);
    await pickOption(page, text);
    await settle(page);
    if ((await select.innerText()).includes(text) || attempt === 2) break;
    await page.keyboard.press('Escape');
  }
  const shown = await select.innerText();
  if (!shown.includes(text)) throw new Error(`select ${testId} shows "${shown}", not "${text}", after 3 picks`);
}

/** Picks an option in an open antd Select/TreeSelect dropdown by its visible text. */
export async function pickOption(page: Page, text: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible, .ant-tree-select-dropdown:visible').last();
  await dropdown.locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper').filter({ hasText: text }).first().click();
}

export type JourneyLanguage = 'zh-CN' | 'en-US';

/**
 * Saves `locale` on the signed-in user's profile through the API (as the header switch does) and
 * reloads, so the app shows it from the first paint. A journey sets the language it needs instead
 * of relying on what an earlier journey left on the shared server.
 */
export async function setLanguage(page: Page, locale: JourneyLanguage): Promise<void> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'xg_csrf')?.value ?? '';
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { locale?: string };
  if (me.locale !== locale) {
    const saved = await page.request.patch('/api/v1/auth/profile', { data: { locale }, headers: { 'x-csrf-token': csrf } });
    if (!saved.ok()) throw new Error(`saving the language ${locale} failed: ${saved.status()} ${await saved.text()}`);
  }
  if ((await page.evaluate(() => document.documentElement.lang)) !== locale) await page.reload();
  await page.waitForFunction((target) => document.documentElement.lang === target, locale);
  await page.locator(`[data-testid=language-switch][data-locale="${locale}"]`).first().waitFor();
}

/**
 * Switches the language with the header's switch, as a user does, and waits until the profile has
 * saved it (a navigation before the save lands would bring the old language back).
 */
export async function switchLanguage(page: Page, locale: JourneyLanguage): Promise<void> {
  const button = page.getByTestId('language-switch').first();
  if ((await button.getAttribute('data-locale')) === locale) return;
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/profile') && r.request().method() === 'PATCH');
  await button.click();
  await saved;
  await page.waitForFunction((target) => document.documentElement.lang === target, locale);
  await settle(page);
}

/**
 * The shared first steps of a journey: sign in as `username`, accept the agreement if asked, and
 * show the app in `language` (default zh-CN, as seeded).
 */
export async function signInAs(page: Page, username: string, language: JourneyLanguage = 'zh-CN'): Promise<void> {
  await signIn(page, username);
  await acknowledgeIfAsked(page);
  await page.getByTestId('page-title').first().waitFor();
  await setLanguage(page, language);
  await page.getByTestId('page-title').first().waitFor();
}

/**
 * Runs a journey's steps: on failure a screenshot and what the API answered are printed; at the end
 * no untranslated key or page error may have been seen, the user's language is back to the seeded
 * zh-CN (the server is shared with the next journeys) and the browser context is closed.
 */
export async function runJourney(journey: Journey, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
    expect(journey.problems).toEqual([]);
  } catch (error) {
    await journey.failed();
    throw error;
  } finally {
    await journey.close();
  }
}

/** Puts the signed-in user's saved language back to zh-CN without reloading (nothing if signed out). */
async function resetLanguage(page: Page): Promise<void> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'xg_csrf')?.value;
  if (!csrf) return;
  await page.request.patch('/api/v1/auth/profile', { data: { locale: 'zh-CN' }, headers: { 'x-csrf-token': csrf } });
}
