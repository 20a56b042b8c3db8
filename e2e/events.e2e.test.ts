import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runJourney, signInAs, startJourney, switchLanguage, useBrowser, type Journey } from './harness';

/**
 * Conference marketing (M3, issue 17), the foundation: a manager opens the demo events and builds
 * the upcoming one's invitation list, moves it to ready; a rep works the call list on a phone; a
 * staff member checks someone in on a phone. Screenshots of every page in zh-CN and en-US.
 */
const UPCOMING = '秋冬季节健康讲座';

async function run(journey: Journey, work: () => Promise<void>) {
  // The first load fetches the app's chunks; on a busy machine that takes longer than a click.
  journey.page.setDefaultTimeout(45_000);
  await runJourney(journey, work);
}

async function openUpcoming(page: Page) {
  await page.goto('/events');
  await page.getByTestId('events-table').waitFor();
  await page.getByText(UPCOMING).first().click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  await page.getByTestId('page-title').waitFor();
}

describe('events', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('a manager sees the events, builds the invitation list and opens the doors', async () => {
    const journey = await startJourney(browser(), baseUrl, 'events-manager');
    const { page } = journey;
    await run(journey, async () => {
      await signInAs(page, 'manager');
      await page.goto('/events?when=all');
      await page.getByTestId('events-table').waitFor();
      await page.getByText('年中客户答谢会').first().waitFor();
      await journey.shot('01-list');
      await page.getByText('年中客户答谢会').first().click();
      await page.getByTestId('event-kpis').waitFor();
      await page.getByText('邀约成功率').waitFor();
      await journey.shot('02-past-event-overview');
      await switchLanguage(page, 'en-US');
      await journey.shot('02-past-event-overview-en');
      await switchLanguage(page, 'zh-CN');

      await openUpcoming(page);
      await page.getByRole('tab', { name: '邀约名单' }).click();
      await page.getByTestId('plan-preview').click();
      await page.getByTestId('plan-preview-result').waitFor();
      await page.getByTestId('plan-build').click();
      await page.getByText(/已加入 \d+ 位客户/).waitFor();
      await page.getByTestId('invitations-table').waitFor();
      await journey.shot('03-invitations');
      await page.getByRole('tab', { name: '议程与嘉宾' }).click();
      await journey.shot('04-agenda');
      await page.getByTestId('event-move-ready').click();
      await page.getByText('已转为「待召开」').waitFor();
      await page.getByRole('tab', { name: '签到看板' }).click();
      await page.getByTestId('check-in-board').waitFor();
      await journey.shot('05-board');
      await switchLanguage(page, 'en-US');
      await page.getByRole('tab', { name: 'Invitations' }).click();
      await journey.shot('03-invitations-en');
      await page.goto('/events?when=all');
      await page.getByTestId('events-table').waitFor();
      await journey.shot('01-list-en');
      await switchLanguage(page, 'zh-CN');
    });
  }, 300_000);

  it('a rep works the call list on a phone: the merged script, tap to call, one tap for the outcome', async () => {
    const journey = await startJourney(browser(), baseUrl, 'events-rep-phone', { width: 390, height: 844 });
    const { page } = journey;
    await run(journey, async () => {
      await signInAs(page, 'rep');
      await openUpcoming(page);
      await page.getByTestId('event-call-list').click();
      await page.waitForURL(/\/calls$/);
      const cards = page.locator('[data-testid^=call-card-]');
      await cards.first().waitFor();
      await expect(cards.first().getByTestId('call-script').innerText()).resolves.toContain('您好');
      await journey.shot('01-call-list');
      await cards.first().getByTestId('outcome-no-answer').click();
      await page.getByText('已记录：未接通').waitFor();
      await cards.nth(1).getByTestId('outcome-declined').click();
      await journey.shot('02-decline');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await switchLanguage(page, 'en-US');
      await journey.shot('01-call-list-en');
      await switchLanguage(page, 'zh-CN');
    });
  }, 300_000);

  it('staff check people in on a phone and see only what check-in needs', async () => {
    const journey = await startJourney(browser(), baseUrl, 'events-check-in-phone', { width: 390, height: 844 });
    const { page } = journey;
    await run(journey, async () => {
      await signInAs(page, 'support');
      await openUpcoming(page);
      await page.getByTestId('event-check-in').click();
      await page.waitForURL(/\/check-in$/);
      await page.getByTestId('check-in-board').waitFor();
      await journey.shot('01-check-in');
      const search = page.getByTestId('check-in-search').locator('input');
      // A guest not yet checked in, found through the same search the page uses: invitees are people or
      // companies (which demo customers the plan picked varies), and earlier journeys may have checked some in.
      const eventId = /\/events\/([0-9a-f-]{36})\/check-in$/.exec(page.url())![1]!;
      let guest: { name: string } | undefined;
      for (const term of ['王', '李', '张', '刘', '陈', '科技', '公司']) {
        const found = await page.request.get(`/api/v1/events/${eventId}/check-in/search?q=${encodeURIComponent(term)}`);
        expect(found.status()).toBe(200);
        guest = ((await found.json()) as { name: string; checkedInAt: string | null }[]).find((card) => card.checkedInAt === null);
        if (guest) break;
      }
      expect(guest, 'a guest not yet checked in').toBeDefined();
      await search.fill(guest!.name);
      await search.press('Enter');
      const card = page
        .locator('.ant-card')
        .filter({ hasText: guest!.name })
        .filter({ has: page.locator('[data-testid="check-in-button"]:enabled') });
      await card.first().getByTestId('check-in-button').click();
      await page.getByTestId('check-in-result').waitFor();
      await expect(page.getByTestId('check-in-result').innerText()).resolves.toMatch(/签到成功/);
      await journey.shot('02-checked-in');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await switchLanguage(page, 'en-US');
      await journey.shot('02-checked-in-en');
      await switchLanguage(page, 'zh-CN');
    });
  }, 300_000);
});
