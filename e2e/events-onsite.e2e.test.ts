import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acknowledgeIfAsked, settle, signIn, startJourney, useBrowser, type Journey } from './harness';

/**
 * Conference marketing on site (issue 17 items 1–5): a manager prepares an event and prints an
 * invitation with its QR code; check-in staff on a phone lose the connection, check a guest in by
 * code anyway (queued, "waiting to sync"), get the connection back and see the check-in land
 * exactly once; the calendar, the deals and offers tab and the results page with their charts.
 * Screenshots in zh-CN and en-US, 1366 and 390 px.
 */
async function switchLanguage(page: Page, to: 'zh-CN' | 'en-US') {
  const button = page.getByTestId('language-switch');
  if ((await button.getAttribute('data-locale')) !== to) {
    await button.click();
    await page.locator(`[data-testid=language-switch][data-locale="${to}"]`).waitFor();
  }
  await settle(page);
}

async function run(journey: Journey, work: () => Promise<void>) {
  journey.page.setDefaultTimeout(45_000);
  try {
    await journey.page.goto('/login');
    await journey.page.getByTestId('login-form').waitFor();
    await work();
    expect(journey.problems).toEqual([]);
  } catch (error) {
    await journey.failed();
    throw error;
  } finally {
    await journey.close();
  }
}

/** The API from inside the signed-in page (cookies and the CSRF header as the app sends them). */
async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith('xg_csrf='))
        ?.slice('xg_csrf='.length);
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    { method, path, body },
  );
}

const THEME = `现场签到演练 ${Date.now().toString(36)}`;
let eventId = '';
let invitationIds: string[] = [];
let tokens: string[] = [];

describe('events on site: QR, offline check-in, deals, results', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('a manager prepares an event with two guests and prints an invitation with its QR code', async () => {
    const journey = await startJourney(browser(), baseUrl, 'events-onsite-manager');
    const { page } = journey;
    await run(journey, async () => {
      await signIn(page, 'manager');
      await acknowledgeIfAsked(page);
      await switchLanguage(page, 'zh-CN');
      const startsAt = new Date(Date.now() - 30 * 60_000);
      const created = await call<{ id: string; version: number }>(page, 'POST', '/events', {
        type: '专题讲座',
        theme: THEME,
        venue: '锦江饭店宴会厅',
        capacity: 80,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      });
      expect(created.status).toBe(201);
      eventId = created.json.id;
      expect((await call(page, 'POST', `/events/${eventId}/status`, { status: 'inviting', version: created.json.version })).status).toBe(
        200,
      );
      const customers = await call<{ items: { id: string }[] }>(page, 'GET', '/customers?pageSize=20');
      invitationIds = [];
      for (const customer of customers.json.items) {
        const invited = await call<{ id: string }>(page, 'POST', `/events/${eventId}/invitations`, { customerId: customer.id });
        if (invited.status === 201) invitationIds.push(invited.json.id);
        if (invitationIds.length === 2) break;
      }
      expect(invitationIds).toHaveLength(2);
      const current = await call<{ version: number }>(page, 'GET', `/events/${eventId}`);
      expect((await call(page, 'POST', `/events/${eventId}/status`, { status: 'ready', version: current.json.version })).status).toBe(200);
      tokens = [];
      for (const id of invitationIds) tokens.push((await call<{ token: string }>(page, 'GET', `/invitations/${id}/badge`)).json.token);

      await page.goto(`/events/${eventId}`);
      await page.getByRole('tab', { name: '邀约名单' }).click();
      await page.getByTestId('invitations-table').waitFor();
      await journey.shot('01-invitations-filters');
      await page.getByTestId('invitation-badge-link').first().click();
      await page.getByTestId('badge-qr').waitFor();
      await expect(page.getByTestId('badge-token').innerText()).resolves.toMatch(/[0-9a-f]{32}/);
      await journey.shot('02-badge');
      await switchLanguage(page, 'en-US');
      await journey.shot('02-badge-en');
      await switchLanguage(page, 'zh-CN');
    });
  }, 300_000);

  it('staff on a phone check a guest in while offline; back online the check-in lands exactly once', async () => {
    const journey = await startJourney(browser(), baseUrl, 'events-onsite-offline-phone', { width: 390, height: 844 });
    const { page, context } = journey;
    await run(journey, async () => {
      await signIn(page, 'support');
      await acknowledgeIfAsked(page);
      await switchLanguage(page, 'zh-CN');
      await page.goto(`/events/${eventId}/check-in`);
      await page.getByTestId('check-in-board').waitFor();
      await page.getByTestId('check-in-camera').waitFor();

      await context.setOffline(true);
      await page.getByTestId('check-in-offline').waitFor();
      const input = page.getByTestId('check-in-token');
      await input.fill(tokens[0]!);
      await page.getByTestId('check-in-token-submit').click();
      // The same badge scanned twice while offline: two queued scans, one check-in after sync.
      await input.fill(tokens[0]!);
      await page.getByTestId('check-in-token-submit').click();
      await page.getByTestId('check-in-pending').getByText('待同步 2 条').waitFor();
      await journey.shot('01-offline-pending');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      await context.setOffline(false);
      await page.getByTestId('check-in-pending').waitFor({ state: 'detached' });
      await page.getByTestId('check-in-result').waitFor();
      await journey.shot('02-synced');
      const board = await call<{ arrived: number }>(page, 'GET', `/events/${eventId}/check-in/board`);
      expect(board.json.arrived).toBe(1);

      // Online: the second guest by code, and an unknown code told plainly.
      await input.fill(tokens[1]!);
      await page.getByTestId('check-in-token-submit').click();
      await page
        .getByTestId('check-in-result')
        .getByText(/签到成功/)
        .waitFor();
      await input.fill('0'.repeat(32));
      await page.getByTestId('check-in-token-submit').click();
      await page.getByTestId('check-in-error').getByText('无效的签到码', { exact: false }).waitFor();
      expect((await call<{ arrived: number }>(page, 'GET', `/events/${eventId}/check-in/board`)).json.arrived).toBe(2);
      await switchLanguage(page, 'en-US');
      await journey.shot('03-check-in-en');
      await switchLanguage(page, 'zh-CN');
    });
  }, 300_000);

  it('the calendar, deals and offers, and the results per rep and type with charts (desktop and phone)', async () => {
    for (const [name, viewport] of [
      ['desktop', { width: 1366, height: 860 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const journey = await startJourney(browser(), baseUrl, `events-onsite-results-${name}`, viewport);
      const { page } = journey;
      await run(journey, async () => {
        await signIn(page, 'manager');
        await acknowledgeIfAsked(page);
        await switchLanguage(page, 'zh-CN');
        await page.goto('/events/calendar');
        await page.getByTestId('events-calendar').waitFor();
        await page.getByText(THEME).first().waitFor();
        await journey.shot('01-calendar');
        // On a phone the tab strip scrolls; the address opens the tab as a link from elsewhere would.
        await page.goto(`/events/${eventId}?tab=deals`);
        await page.getByRole('tab', { name: '现场成交' }).waitFor();
        await page.getByTestId('deals-table').waitFor();
        if (name === 'desktop') {
          await page.getByTestId('offer-name').fill('会场专享九折');
          await page.locator('input[data-testid=offer-percent], [data-testid=offer-percent] input').first().fill('10');
          await page.getByTestId('offer-save').click();
          await page.getByTestId('offers-table').getByText('会场专享九折').waitFor();
        }
        await journey.shot('02-deals-offers');
        await page.goto('/events/reports');
        await page.getByTestId('event-report-table').waitFor();
        await page.locator('[role=img] canvas').first().waitFor();
        await journey.shot('03-reports', { fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await switchLanguage(page, 'en-US');
        await journey.shot('03-reports-en', { fullPage: true });
        await page.goto('/events/calendar');
        await page.getByTestId('events-calendar').waitFor();
        await journey.shot('01-calendar-en');
        await switchLanguage(page, 'zh-CN');
      });
    }
  }, 600_000);
});
