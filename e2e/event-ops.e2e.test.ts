import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { acknowledgeIfAsked, SCREENSHOT_DIR, settle, signIn, startJourney, useBrowser, type Journey } from './harness';

/**
 * Conference marketing (issue 17 items 2, 5, 8): a manager reads a past event's budget and costs
 * (cost per attendee), records a cost on the upcoming event, asks to revise its approved budget (the
 * version history), and works its preparation checklist, on
 * a desktop and a phone; a rep opens the reconfirmation list on a phone; the sign-in sheet and badges
 * print as PDFs. zh-CN and en-US screenshots.
 */
const UPCOMING = '秋冬季节健康讲座';
const PAST = '年中客户答谢会';

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

/** Opens a tab of the event page; on a phone the tab strip scrolls first, so a click may land mid-scroll: try again. */
async function openTab(page: Page, name: string, testId: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.getByRole('tab', { name }).click();
    await settle(page);
    if (await page.getByTestId(testId).isVisible()) return;
  }
  await page.getByTestId(testId).waitFor();
}

async function openEvent(page: Page, theme: string) {
  await page.goto('/events?when=all');
  await page.getByTestId('events-table').waitFor();
  await page.getByText(theme).first().click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  await page.getByTestId('page-title').waitFor();
}

describe('events: budget, checklist, reconfirmation, printouts', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  for (const viewport of [
    { name: 'desktop', width: 1366, height: 860 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    it(`a manager reads the budget and costs and works the checklist (${viewport.name})`, async () => {
      const journey = await startJourney(browser(), baseUrl, `event-ops-${viewport.name}`, viewport);
      const { page } = journey;
      await run(journey, async () => {
        await signIn(page, 'manager');
        await acknowledgeIfAsked(page);
        await switchLanguage(page, 'zh-CN');
        await openEvent(page, PAST);
        await openTab(page, '预算与费用', 'event-budget');
        await page.getByTestId('event-budget').getByText('每位到场客户成本').waitFor();
        await journey.shot('01-past-budget', { fullPage: true });
        await switchLanguage(page, 'en-US');
        await page.getByTestId('event-budget').getByText('Cost per attendee').waitFor();
        await journey.shot('01-past-budget-en', { fullPage: true });
        await switchLanguage(page, 'zh-CN');

        await openEvent(page, UPCOMING);
        await openTab(page, '筹备清单', 'event-prep');
        await journey.shot('02-prep', { fullPage: true });
        await switchLanguage(page, 'en-US');
        await journey.shot('02-prep-en', { fullPage: true });
        await switchLanguage(page, 'zh-CN');
        await openTab(page, '会前确认', 'reconfirm-list');
        await journey.shot('03-reconfirm');
        await page.getByTestId('event-call-list').click();
        await page.getByTestId('call-list-filters').waitFor();
        await journey.shot('04-call-list-filters');
      });
      // The first journey of the file also waits for the server's first pages: room for a loaded machine.
    }, 180_000);
  }

  it('a manager records a cost on the upcoming event (desktop)', async () => {
    const journey = await startJourney(browser(), baseUrl, 'event-ops-cost');
    const { page } = journey;
    await run(journey, async () => {
      await signIn(page, 'manager');
      await acknowledgeIfAsked(page);
      await switchLanguage(page, 'zh-CN');
      await openEvent(page, UPCOMING);
      await page.getByRole('tab', { name: '预算与费用' }).click();
      await page.getByTestId('cost-record').waitFor();
      await page.locator('#lineId').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '伴手礼' }).first().click();
      await page.locator('#amount').fill('1200');
      await page.locator('#description').fill('伴手礼首批');
      await page.getByTestId('cost-record').click();
      await page.getByText('费用已登记').waitFor();
      await journey.shot('01-cost-recorded', { fullPage: true });
      // Revising the approved budget: a second approval; the approved budget stays in force meanwhile, the history shows both.
      await page.getByTestId('budget-revise').click();
      await page.locator('.ant-modal input.ant-input-number-input').first().fill('15000');
      await page.getByTestId('budget-revise-reason').fill('报名人数增加，换更大的会场');
      await page.getByTestId('budget-revise-submit').click();
      await page.getByTestId('budget-revision-pending').waitFor();
      await page.getByTestId('budget-history').scrollIntoViewIfNeeded();
      await journey.shot('01b-budget-revision', { fullPage: true });
      await switchLanguage(page, 'en-US');
      await page.getByTestId('budget-history').getByText('Budget versions').waitFor();
      await journey.shot('01b-budget-revision-en', { fullPage: true });
      await switchLanguage(page, 'zh-CN');
      // The printouts: the menu offers the sign-in sheet and the badges; each link is a PDF (kept beside the screenshots).
      await page.getByTestId('event-print').click();
      for (const doc of ['sign-in-sheet', 'badges']) {
        const href = await page.getByTestId(`event-print-${doc}`).getAttribute('href');
        const response = await page.request.get(href!);
        expect(response.status()).toBe(200);
        expect(response.headers()['content-type']).toBe('application/pdf');
        writeFileSync(path.join(SCREENSHOT_DIR, `event-ops-${doc}.pdf`), await response.body());
      }
      await journey.shot('02-print-menu');
      await page.keyboard.press('Escape');
      // The invitation plan's profile filters, and a past event's pipeline (opportunities, quotes, contracts).
      await openTab(page, '邀约名单', 'plan-age');
      await journey.shot('03-plan-filters');
      await switchLanguage(page, 'en-US');
      await journey.shot('03-plan-filters-en');
      await switchLanguage(page, 'zh-CN');
      await openEvent(page, PAST);
      await openTab(page, '现场成交', 'event-pipeline');
      await journey.shot('04-pipeline', { fullPage: true });
      await switchLanguage(page, 'en-US');
      await page.getByTestId('event-pipeline').getByText('Attribution').first().waitFor();
      await journey.shot('04-pipeline-en', { fullPage: true });
    });
  });
});
