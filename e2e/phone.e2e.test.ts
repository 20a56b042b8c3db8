import { describe, expect, inject, it } from 'vitest';
import { acknowledgeIfAsked, useBrowser, signIn, startJourney } from './harness';

/** Journey 4: at phone width (390 × 844) the side menu is a drawer and the pages fit. */
describe('phone width', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('signs in, opens the menu drawer and navigates', async () => {
    const journey = await startJourney(browser(), baseUrl, 'phone', { width: 390, height: 844 });
    const { page } = journey;
    try {
      await page.goto('/login');
      await page.getByTestId('login-form').waitFor();
      await journey.shot('01-login');
      await signIn(page, 'rep2');
      await acknowledgeIfAsked(page, () => journey.shot('02-confidentiality'));
      await page.getByTestId('page-title').waitFor();
      // No side menu at this width: only the toggle.
      expect(await page.getByTestId('side-menu').count()).toBe(0);
      await journey.shot('03-home');

      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('menu-home').waitFor();
      await journey.shot('04-menu-drawer');
      await page.getByTestId('menu-directory').click();
      await page.waitForURL('**/org/users');
      await page.getByTestId('users-table').waitFor();
      await page.getByTestId('menu-home').waitFor({ state: 'hidden' });
      await journey.shot('05-directory');

      // Nothing wider than the screen except the table's own horizontal scroll.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });
});
