import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { acknowledgeIfAsked, chooseOption, launchBrowser, pickOption, signIn, startJourney, type Journey } from './harness';

/**
 * Journey 1: the administrator signs in, acknowledges the agreement (R-SEC-1), switches language
 * and back, creates a rep in the supervisor's team; the rep signs in, changes the initial
 * password, and sees only what the role allows.
 */
describe('admin onboards a rep, who signs in and sees only their team', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  const suffix = Date.now().toString(36);
  const username = `e2e_rep_${suffix}`;
  const displayName = `测试专员${suffix.slice(-4)}`;
  const initialPassword = 'Initial#2024';
  const newPassword = 'MyOwn#Secret9';
  let teamName = '';

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('admin: agreement, language switch, create a rep in the supervisor’s team, sign out', async () => {
    const journey: Journey = await startJourney(browser, baseUrl, 'admin');
    const { page } = journey;
    try {
      await page.goto('/login');
      await page.getByTestId('login-form').waitFor();
      expect(await page.locator('body').innerText()).toContain('登录');
      await journey.shot('01-login');

      await signIn(page, 'admin');
      await acknowledgeIfAsked(page, () => journey.shot('02-confidentiality'));
      await page.getByTestId('menu-home').waitFor();
      expect(await page.getByTestId('page-title').innerText()).toContain('您好');
      expect(await page.getByTestId('side-menu').innerText()).toContain('首页');
      await journey.shot('03-home-zh', { fullPage: true });

      // English, then back to Chinese: the menu and the page follow.
      await page.getByTestId('language-switch').click();
      await page.getByTestId('side-menu').getByText('Home', { exact: true }).waitFor();
      expect(await page.getByTestId('page-title').innerText()).toContain('Hello');
      expect(await page.getByTestId('side-menu').innerText()).toContain('Users');
      await journey.shot('04-home-en', { fullPage: true });
      await page.getByTestId('language-switch').click();
      await page.getByTestId('side-menu').getByText('首页', { exact: true }).waitFor();
      expect(await page.getByTestId('side-menu').innerText()).toContain('用户管理');

      await page.getByTestId('menu-users').click();
      await page.waitForURL('**/org/users');
      await page.locator('[data-testid^=users-table-row-]').first().waitFor();
      await journey.shot('05-users', { fullPage: true });
      // Find the supervisor's team (the list is paged: search for them first).
      const search = page.getByTestId('users-search').locator('input');
      await search.fill('supervisor');
      await search.press('Enter');
      const supervisorRow = page.getByTestId('users-table-row-supervisor');
      await supervisorRow.waitFor();
      // Columns: name, roles, unit, …
      teamName = (await supervisorRow.locator('td').nth(2).innerText()).trim();
      expect(teamName).not.toBe('');
      await journey.shot('06-users-search');

      await page.getByTestId('user-create').click();
      await page.getByTestId('user-form').waitFor();
      await page.getByTestId('user-username').fill(username);
      await page.getByTestId('user-display-name').fill(displayName);
      await page.getByTestId('user-password').fill(initialPassword);
      await page.getByTestId('user-roles').click();
      await pickOption(page, '销售专员');
      await page.keyboard.press('Escape');
      await chooseOption(page, 'user-unit', teamName);
      await page.getByTestId('user-manager').click();
      await page.keyboard.type('supervisor');
      await pickOption(page, '(supervisor)');
      await journey.shot('07-create-user');
      await page.getByTestId('user-submit').click();
      await page.getByTestId('user-form').waitFor({ state: 'detached' });

      await search.fill(username);
      await search.press('Enter');
      const newRow = page.getByTestId(`users-table-row-${username}`);
      await newRow.waitFor();
      expect(await newRow.innerText()).toContain(teamName);
      expect(await newRow.innerText()).toContain('销售专员');
      await journey.shot('08-user-created');

      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').click();
      await page.waitForURL(/\/login(\?|$)/);
      await page.getByTestId('login-form').waitFor();
      await journey.shot('09-signed-out');
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });

  it('the new rep: agreement, forced password change, only their own team, no admin menus', async () => {
    expect(teamName).not.toBe('');
    const journey = await startJourney(browser, baseUrl, 'new-rep');
    const { page } = journey;
    try {
      await signIn(page, username, initialPassword);
      await acknowledgeIfAsked(page, () => journey.shot('01-confidentiality'));
      await page.getByTestId('change-password-form').waitFor();
      await journey.shot('02-must-change-password');
      await page.getByTestId('current-password').fill(initialPassword);
      await page.getByTestId('new-password').fill(newPassword);
      await page.getByTestId('confirm-password').fill(newPassword);
      await page.getByTestId('change-password-submit').click();
      await page.getByTestId('menu-home').waitFor();
      await journey.shot('03-home');

      // The role allows the directory, not user administration, not the audit trail.
      const menu = page.getByTestId('side-menu');
      expect(await page.getByTestId('menu-users').count()).toBe(0);
      expect(await page.getByTestId('menu-audit').count()).toBe(0);
      expect(await page.getByTestId('menu-settings').count()).toBe(0);
      expect(await menu.innerText()).not.toContain('用户管理');
      expect(await menu.innerText()).not.toContain('审计日志');

      await page.getByTestId('menu-directory').click();
      await page.waitForURL('**/org/users');
      await page.getByTestId(`users-table-row-${username}`).waitFor();
      await page.getByTestId('users-table-row-supervisor').waitFor();
      const rows = page.locator('[data-testid^=users-table-row-]');
      const units = await rows.evaluateAll((elements) => elements.map((row) => (row.querySelectorAll('td')[2]?.textContent ?? '').trim()));
      expect(units.length).toBeGreaterThan(1);
      expect(new Set(units)).toEqual(new Set([teamName]));
      expect(await page.getByTestId('users-table-row-admin').count()).toBe(0);
      expect(await page.getByTestId('user-create').count()).toBe(0);
      await journey.shot('04-directory', { fullPage: true });

      // Typing the address does not help either.
      await page.goto('/audit');
      await page.getByTestId('forbidden').waitFor();
      await journey.shot('05-audit-forbidden');
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });
});
