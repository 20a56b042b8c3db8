import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acknowledgeIfAsked, useBrowser, signIn, startJourney } from './harness';

async function switchLanguage(page: Page, locale: 'zh-CN' | 'en-US'): Promise<void> {
  const button = page.getByTestId('language-switch');
  if ((await button.getAttribute('data-locale')) !== locale) await button.click();
  await page.locator(`[data-testid=language-switch][data-locale="${locale}"]`).waitFor();
}

/**
 * Journey (issue 16, capabilities 1, 6, 7): Ctrl+K opens the global search; the rep types a customer's
 * name, picks it with the keyboard, the page opens and shows up under recent items; pinned, it is
 * in the favourites. At 1366 and 390 px, in Chinese and in English.
 */
describe('global search → record → recent → pin → favourites', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();
  const cases = [
    { name: 'search-desktop-zh', viewport: { width: 1366, height: 860 }, locale: 'zh-CN' as const },
    { name: 'search-phone-en', viewport: { width: 390, height: 844 }, locale: 'en-US' as const },
  ];

  for (const { name, viewport, locale } of cases) {
    it(`${viewport.width} px, ${locale}`, async () => {
      const journey = await startJourney(browser(), baseUrl, name, viewport);
      const { page } = journey;
      try {
        await signIn(page, 'rep_hz_1');
        await acknowledgeIfAsked(page);
        await page.getByTestId('page-title').waitFor();
        await switchLanguage(page, locale);

        const list = await page.request.get('/api/v1/customers?pageSize=5');
        expect(list.status()).toBe(200);
        const customer = ((await list.json()) as { items: { id: string; name: string }[] }).items[viewport.width > 400 ? 0 : 1]!;
        const opened = `global-search-hit-customer-${customer.id}`;

        // Ctrl+K from anywhere; the empty box offers recent items, typing gives grouped results.
        // The pointer rests outside where the dialog opens: an option under it would become the active one.
        await page.mouse.move(1, 1);
        await page.keyboard.press('Control+k');
        const input = page.getByTestId('global-search-input');
        await input.waitFor();
        await input.fill(customer.name);
        await page.getByTestId(opened).waitFor();
        await journey.shot('01-results');
        // Arrow down to the hit, Enter opens it.
        const options = page.locator('[role=option]');
        const index = await options.evaluateAll((nodes, id) => nodes.findIndex((node) => node.getAttribute('data-testid') === id), opened);
        expect(index).toBeGreaterThanOrEqual(0);
        for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
        await expect.poll(() => page.getByTestId(opened).getAttribute('aria-selected')).toBe('true');
        await page.keyboard.press('Enter');
        await page.waitForURL(`**/customers/${customer.id}`);
        // The customer page's chunk loads on first use (slow on a busy machine).
        await page.getByTestId('customer-header').waitFor({ timeout: 60_000 });
        await expect.poll(() => page.getByTestId('page-title').innerText(), { timeout: 30_000 }).toBe(customer.name);

        // It is among the recent items; pin it, and it is a favourite.
        const pin = page.getByTestId('pin-button');
        await pin.waitFor();
        await expect.poll(() => pin.isEnabled(), { timeout: 30_000 }).toBe(true);
        if ((await pin.getAttribute('aria-pressed')) === 'true') {
          await pin.click();
          await expect.poll(() => pin.getAttribute('aria-pressed'), { timeout: 30_000 }).toBe('false');
        }
        await pin.click();
        await expect.poll(() => pin.getAttribute('aria-pressed'), { timeout: 30_000 }).toBe('true');
        await journey.shot('02-pinned');
        await page.getByTestId('recent-menu').click();
        await page.getByTestId(`recent-item-customer-${customer.id}`).waitFor();
        await page.getByTestId(`favourite-item-customer-${customer.id}`).waitFor();
        await journey.shot('03-recent-and-favourites');
        await page.keyboard.press('Escape');

        // `?` lists the shortcuts.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press('Shift+?');
        await page.getByTestId('shortcut-list').waitFor();
        await journey.shot('04-shortcuts');
        await page.keyboard.press('Escape');
        await page.getByTestId('shortcut-list').waitFor({ state: 'hidden' });

        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        // Back as found: unpinned, Chinese.
        await pin.click();
        await expect.poll(() => pin.getAttribute('aria-pressed'), { timeout: 30_000 }).toBe('false');
        await switchLanguage(page, 'zh-CN');
        expect(journey.problems).toEqual([]);
      } catch (error) {
        await journey.failed();
        throw error;
      } finally {
        await journey.close();
      }
    });
  }
});
