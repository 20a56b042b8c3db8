import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runJourney, settle, signInAs, startJourney, switchLanguage, useBrowser } from './harness';

/**
 * Sales reports (issue 18 item 4): the director opens last month's report, exports it to .xlsx and
 * PDF, subscribes to the monthly report with the WeCom group robot; admin runs the delivery job now
 * (twice) and the outbox: the fake robot receives the report once, and the archive holds it.
 * Screenshots in zh-CN and en-US at 1366 and 390 px.
 */
async function csrfOf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((cookie) => cookie.name === 'xg_csrf')?.value ?? '';
}

/**
 * Runs a scheduled job now. A 409 means the scheduler (or a run asked for a moment ago) is running it
 * at this very moment: asked again until it has finished and this run is accepted.
 */
async function runJob(page: Page, name: string): Promise<void> {
  const csrf = await csrfOf(page);
  await expect
    .poll(async () => (await page.request.post(`/api/v1/scheduled-jobs/${name}/run`, { headers: { 'x-csrf-token': csrf } })).status(), {
      timeout: 60_000,
      interval: 1_000,
    })
    .toBe(202);
}

describe('sales reports', () => {
  const baseUrl = inject('baseUrl');
  const robotUrl = inject('robotUrl');
  const browser = useBrowser();

  it('a monthly report opens, exports xlsx and PDF, and a scheduled delivery reaches the robot once', async () => {
    const journey = await startJourney(browser(), baseUrl, 'reports-director');
    const { page } = journey;
    await runJourney(journey, async () => {
      await signInAs(page, 'director');
      await page.goto('/reports?period=monthly');
      await page.getByTestId('report-total-bookings').waitFor();
      await page.getByTestId('report-section-rep').locator('canvas, svg').first().waitFor();
      await journey.shot('01-monthly-zh', { fullPage: true });
      for (const [testId, type, magic] of [
        ['report-export-xlsx', 'spreadsheetml', 'PK'],
        ['report-export-pdf', 'application/pdf', '%PDF'],
        ['report-export-pdf-en', 'application/pdf', '%PDF'],
      ] as const) {
        const href = await page.getByTestId(testId).getAttribute('href');
        const file = await page.request.get(href!);
        expect(file.status(), testId).toBe(200);
        expect(file.headers()['content-type'], testId).toContain(type);
        expect((await file.body()).subarray(0, magic.length).toString(), testId).toBe(magic);
      }
      // Drill down: the bookings total opens the contract ledger with the period's filter.
      await page.getByTestId('report-total-bookings-link').click();
      await page.waitForURL('**/contracts?**');
      expect(page.url()).toContain('signedFrom=');

      await page.goto('/reports/subscriptions');
      await page.getByTestId('subscription-save').waitFor();
      await page.getByTestId('subscription-period').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: '月报' }).click();
      await page.getByLabel('企业微信群').check();
      await page.getByTestId('subscription-save').click();
      await page.getByTestId('subscriptions-table').locator('tbody tr.ant-table-row').first().waitFor();
      await journey.shot('02-subscriptions-zh');
    });

    const admin = await startJourney(browser(), baseUrl, 'reports-admin');
    await runJourney(admin, async () => {
      await signInAs(admin.page, 'admin');
      const robotCalls = async () =>
        ((await (await fetch(`${robotUrl}/received`)).json()) as { body: { text?: { content?: string } } }[]).filter((call) =>
          call.body.text?.content?.includes('销售月报'),
        ).length;
      await runJob(admin.page, 'reports.deliver');
      await runJob(admin.page, 'messages.deliver');
      await expect
        .poll(
          async () => {
            await runJob(admin.page, 'messages.deliver');
            return robotCalls();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toBe(1);
      // Run both again: nothing more goes out.
      await runJob(admin.page, 'reports.deliver');
      await runJob(admin.page, 'messages.deliver');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await robotCalls()).toBe(1);
    });

    const again = await startJourney(browser(), baseUrl, 'reports-archive');
    await runJourney(again, async () => {
      await signInAs(again.page, 'director');
      await again.page.goto('/reports/archive');
      await again.page.getByTestId('archive-pdf').first().waitFor();
      await again.shot('03-archive-zh');
      await switchLanguage(again.page, 'en-US');
      await again.page.goto('/reports?period=monthly');
      await again.page.getByTestId('report-total-bookings').waitFor();
      await settle(again.page);
      await again.shot('04-monthly-en', { fullPage: true });
      await again.page.goto('/reports/subscriptions');
      await again.page.getByTestId('subscriptions-table').locator('tbody tr.ant-table-row').first().waitFor();
      await again.shot('05-subscriptions-en');
      await again.page.setViewportSize({ width: 390, height: 844 });
      await again.page.goto('/reports?period=monthly');
      await again.page.getByTestId('report-total-bookings').waitFor();
      await again.shot('07-monthly-en-390', { fullPage: true });
      await switchLanguage(again.page, 'zh-CN');
      await again.page.getByTestId('report-total-bookings').waitFor();
      await again.shot('08-monthly-zh-390', { fullPage: true });
    });
  }, 300_000);
});
