import { describe, expect, inject, it } from 'vitest';
import { useBrowser, startJourney } from './harness';

/** Journey 2: a wrong password is refused with a message against the password field. */
describe('sign-in with a wrong password', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('shows an error and stays on the sign-in page', async () => {
    const journey = await startJourney(browser(), baseUrl, 'wrong-password');
    const { page } = journey;
    try {
      await page.goto('/login');
      await page.getByTestId('login-username').fill('rep');
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      await page.getByText('用户名或密码错误').waitFor();
      expect(page.url()).toContain('/login');
      await journey.shot('01-error-zh');

      // The same in English.
      await page.getByTestId('language-switch').click();
      await page.getByTestId('login-submit').click();
      await page.getByText('Wrong username or password').waitFor();
      await journey.shot('02-error-en');
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });
});
