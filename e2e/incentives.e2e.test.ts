import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runJourney, settle, signInAs, startJourney, switchLanguage, useBrowser, type Journey } from './harness';

/**
 * Incentives (M6, issue 19 journey 1, the commission part): finance computes this month's commission
 * statements; the rep confirms theirs; the supervisor, then finance approve it; finance exports the
 * month for payroll. Screenshots of the plans, statements, statement, approval and honours pages in
 * zh-CN and en-US, at 1366 and 390 px.
 */
const PHONE = { width: 390, height: 844 };
const now = new Date();
const MONTH = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;

async function openStatements(page: Page, path: string, box?: string) {
  await page.goto(path);
  await page.getByTestId('page-title').waitFor();
  if (box) await page.getByTestId('statement-box').getByText(box, { exact: true }).click();
  if (path === '/incentives/statements') {
    // The month is antd's picker (its panel follows the interface language): type the month, then Enter.
    const month = page.locator('[data-testid=statement-period] input, input[data-testid=statement-period]').first();
    await month.click();
    await month.fill(MONTH);
    await month.press('Enter');
  }
  await settle(page);
}

async function shotBoth(journey: Journey, step: string) {
  await journey.shot(step);
  await switchLanguage(journey.page, 'en-US');
  await journey.shot(`${step}-en`);
  await journey.page.setViewportSize(PHONE);
  await journey.shot(`${step}-en-390`);
  await switchLanguage(journey.page, 'zh-CN');
  await journey.shot(`${step}-390`);
  await journey.page.setViewportSize({ width: 1366, height: 860 });
}

describe('incentives', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('finance computes the month’s statements', async () => {
    const finance = await startJourney(browser(), baseUrl, 'incentives-finance');
    await runJourney(finance, async () => {
      const { page } = finance;
      await signInAs(page, 'finance');
      await page.goto('/incentives/plans');
      await page.getByTestId('plan-card').first().waitFor();
      await shotBoth(finance, '01-plans');
      await openStatements(page, '/incentives/statements', '全部');
      await page.getByTestId('run-commission').click();
      await page.locator('.ant-message-success').waitFor();
      await page.getByTestId('statement-link').first().waitFor();
      await shotBoth(finance, '02-statements');
    });
  });

  it('the rep confirms their statement', async () => {
    const rep = await startJourney(browser(), baseUrl, 'incentives-rep');
    await runJourney(rep, async () => {
      const { page } = rep;
      await signInAs(page, 'rep');
      await openStatements(page, '/incentives/statements');
      await page.getByTestId('statement-link').first().click();
      await page.getByTestId('statement-submit').click();
      await page.getByTestId('statement-status').getByText('待主管审批').waitFor();
      await shotBoth(rep, '01-statement');
    });
  });

  it('the supervisor, then finance approve it', async () => {
    for (const who of ['supervisor', 'finance']) {
      const journey = await startJourney(browser(), baseUrl, `incentives-${who}-review`);
      await runJourney(journey, async () => {
        const { page } = journey;
        await signInAs(page, who);
        await openStatements(page, '/incentives/review');
        await page.getByTestId('statement-link').first().waitFor();
        if (who === 'supervisor') await shotBoth(journey, '01-queue');
        await page.getByTestId('statement-link').first().click();
        await page.getByTestId('statement-approve').click();
        await page
          .getByTestId('statement-status')
          .getByText(who === 'supervisor' ? '待财务审批' : '已批准')
          .waitFor();
      });
    }
  });

  it('finance exports the month for payroll', async () => {
    const finance = await startJourney(browser(), baseUrl, 'incentives-export');
    await runJourney(finance, async () => {
      const { page } = finance;
      await signInAs(page, 'finance');
      await openStatements(page, '/incentives/statements', '全部');
      const download = page.waitForEvent('download');
      await page.getByTestId('statement-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
      expect((await file.path()) ?? '').not.toBe('');
    });
  });

  it('honours and the leaderboard', async () => {
    const manager = await startJourney(browser(), baseUrl, 'incentives-honours');
    await runJourney(manager, async () => {
      const { page } = manager;
      await signInAs(page, 'manager');
      await page.goto('/incentives/honours');
      await page.getByTestId('page-title').waitFor();
      await page.locator('[data-testid=honour-card], .ant-empty').first().waitFor();
      await shotBoth(manager, '01-honours');
    });
  });
});
