import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Alert, ScheduledJobRow } from '@xiaoguan/shared';
import { runJourney, settle, signInAs, startJourney, switchLanguage, useBrowser } from './harness';

/**
 * Risk alerts (issue 18 item 5, R-RSK-1): admin runs the alert sweep now; the director finds the
 * raised alerts (the demo's overdue receivables among them) on the cockpit card and the inbox,
 * acknowledges one and resolves it with a comment. Screenshots in zh-CN and en-US at 1366 and 390 px.
 */
async function csrfOf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((cookie) => cookie.name === 'xg_csrf')?.value ?? '';
}

async function activeAlerts(page: Page): Promise<{ items: Alert[]; total: number }> {
  return (await (await page.request.get('/api/v1/alerts?status=active&pageSize=200')).json()) as { items: Alert[]; total: number };
}

describe('risk alerts', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('admin sweeps; the director sees, acknowledges and resolves an alert', async () => {
    const admin = await startJourney(browser(), baseUrl, 'alerts-admin');
    await runJourney(admin, async () => {
      await signInAs(admin.page, 'admin');
      const asked = Date.now();
      const run = await admin.page.request.post('/api/v1/scheduled-jobs/alerts.sweep/run', {
        headers: { 'x-csrf-token': await csrfOf(admin.page) },
      });
      expect(run.status()).toBe(202);
      // The sweep raises alerts rule by rule: count only once it has finished, or the inbox grows under the test.
      await expect
        .poll(
          async () => {
            const jobs = (await (await admin.page.request.get('/api/v1/scheduled-jobs')).json()) as ScheduledJobRow[];
            const sweep = jobs.find((job) => job.name === 'alerts.sweep');
            return Boolean(sweep && !sweep.running && sweep.lastFinishedAt && Date.parse(sweep.lastFinishedAt) >= asked - 1_000);
          },
          { timeout: 180_000, interval: 1_000 },
        )
        .toBe(true);
    });

    const journey = await startJourney(browser(), baseUrl, 'alerts-director');
    const { page } = journey;
    await runJourney(journey, async () => {
      await signInAs(page, 'director');
      // The sweep runs in the server's scheduler; the cockpit card shows its count once it has.
      await expect.poll(async () => (await activeAlerts(page)).total, { timeout: 60_000, interval: 1_000 }).toBeGreaterThan(0);
      await page.reload();
      await page.getByTestId('cockpit-alerts').waitFor();
      const before = await activeAlerts(page);
      // The card shows the count with thousands separators (1,155).
      expect((await page.getByTestId('cockpit-alerts').innerText()).replace(/\D/g, '')).toContain(String(before.total));
      await page.getByTestId('cockpit-alerts').click();
      await page.waitForURL('**/alerts');
      await page.getByTestId('alerts-table').locator('tbody tr.ant-table-row').first().waitFor();
      await journey.shot('01-inbox-zh', { fullPage: true });
      // The inbox's first row (the same order as the API's first page).
      const alert = before.items[0]!;
      await page.getByTestId(`alert-ack-${alert.id}`).click();
      await page.locator(`[data-testid="alert-status-${alert.id}"]`).filter({ hasText: '已知悉' }).waitFor();
      await page.getByTestId(`alert-resolve-${alert.id}`).click();
      await page.getByTestId('alert-resolve-comment').fill('已与客户确认回款计划');
      await journey.shot('02-resolve-zh');
      await page.getByTestId('alert-resolve-confirm').click();
      await expect.poll(async () => (await activeAlerts(page)).total).toBe(before.total - 1);
      await switchLanguage(page, 'en-US');
      await settle(page);
      await journey.shot('03-inbox-en', { fullPage: true });
      // At 1366 px neither the inbox nor the rules table scrolls sideways (the evidence text wraps).
      for (const table of ['alerts-table', 'alert-rules-table']) {
        const overflow = await page
          .getByTestId(table)
          .evaluate((element) =>
            [...element.querySelectorAll('.ant-table-content, .ant-table-body')].map((box) => box.scrollWidth - box.clientWidth),
          );
        expect(Math.max(0, ...overflow), table).toBeLessThanOrEqual(1);
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await journey.shot('04-inbox-en-390');
      await switchLanguage(page, 'zh-CN');
      await journey.shot('05-inbox-zh-390');
    });
  }, 300_000);
});
