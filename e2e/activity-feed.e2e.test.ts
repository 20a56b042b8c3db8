import { describe, expect, inject, it } from 'vitest';
import { runJourney, signInAs, startJourney, useBrowser } from './harness';

/**
 * Journey (issue 16, activity feed): a rep opens one of their deals, logs a call from the deal's
 * page and sees it at the top of the deal's activity; the customer's activity tab shows it among
 * stage changes, quotes and tasks. The same on a phone.
 */
describe('activity feed on the opportunity and customer pages', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  for (const [label, viewport] of [
    ['desktop', { width: 1366, height: 860 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`rep (${label}): logs activity on a deal and finds it in the deal's and the customer's feed`, async () => {
      const journey = await startJourney(browser(), baseUrl, `activity-feed-${label}`, viewport);
      const { page } = journey;
      await runJourney(journey, async () => {
        await signInAs(page, 'rep');
        const deals = (await (await page.request.get('/api/v1/opportunities?pageSize=1')).json()) as {
          items: { id: string; customerId: string }[];
        };
        const deal = deals.items[0]!;
        await page.goto(`/opportunities/${deal.id}`);
        const feed = page.getByTestId('opportunity-activity');
        await feed.getByTestId('feed-entry').first().waitFor();

        const note = `电话确认报价细节 ${label} ${Date.now().toString(36)}`;
        await feed.getByTestId('log-activity').click();
        await page.getByTestId('interaction-form').waitFor();
        await page.getByTestId('interaction-type-call').click();
        await page.getByTestId('interaction-notes').fill(note);
        await page.getByTestId('interaction-submit').click();
        await page.getByTestId('interaction-form').waitFor({ state: 'detached' });
        const first = feed.getByTestId('feed-entry').first();
        await expect.poll(() => first.innerText()).toContain(note);
        expect(await first.innerText()).toContain('记录了电话');
        await feed.scrollIntoViewIfNeeded();
        await journey.shot('01-opportunity');

        await page.goto(`/customers/${deal.customerId}?tab=activity`);
        const customerFeed = page.getByTestId('activity-feed');
        await customerFeed.getByTestId('feed-entry').first().waitFor();
        expect(await customerFeed.innerText()).toContain(note);
        const types = await customerFeed
          .getByTestId('feed-entry')
          .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-entry-type')));
        expect(types).toContain('stage');
        // The feed fits the screen: no table or row wider than its container.
        const overflow = await customerFeed.evaluate((node) => node.scrollWidth - node.clientWidth);
        expect(overflow).toBeLessThanOrEqual(1);
        await journey.shot('02-customer', { fullPage: true });
      });
    });
  }
});
