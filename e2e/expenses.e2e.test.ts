import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acknowledgeIfAsked, chooseOption, settle, signIn, startJourney, useBrowser, type Journey } from './harness';

/**
 * Expenses (M7, issue 19): a rep photographs an invoice and submits a claim on a phone-sized page;
 * the supervisor approves; finance approves; a second claim over the remaining budget is blocked
 * (R-EXP-2) with the figures, the rep asks for over-budget approval, the director grants it, and
 * the claim goes through. Screenshots of every new page in zh-CN and en-US, at 1366 and 390 px.
 */
const PHONE = { width: 390, height: 844 };
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('e2e invoice photo')]);

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

async function newClaim(page: Page, input: { title: string; category: string; amount: string; invoice: string; purpose: string }) {
  await page.goto('/expenses/claims/new');
  await page.getByTestId('claim-title').fill(input.title);
  await chooseOption(page, 'line-0-category', input.category);
  await page.locator('input[data-testid=line-0-amount], [data-testid=line-0-amount] input').first().fill(input.amount);
  await page.getByTestId('line-0-invoice').fill(input.invoice);
  await page.getByTestId('line-0-purpose').fill(input.purpose);
  await page.getByTestId('invoice-input').setInputFiles({ name: 'invoice.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await page.getByText('已选 1 个文件', { exact: false }).waitFor();
}

/** An API call from the signed-in page (the CSRF header from its cookie, as the web app sends it). */
async function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('xg_csrf='))
          ?.slice(8) ?? '',
      );
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.json();
    },
    { method, path, body },
  ) as Promise<T>;
}

async function openClaim(page: Page, claimId: string) {
  await page.goto(`/expenses/claims/${claimId}`);
  await page.getByTestId('page-title').waitFor();
}

describe('expenses', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();
  const stamp = Date.now().toString().slice(-8);
  let claimId = '';
  let blockedId = '';

  it('a rep photographs an invoice and submits a claim from a phone', async () => {
    const journey = await startJourney(browser(), baseUrl, 'expenses-rep-phone', PHONE);
    const { page } = journey;
    await run(journey, async () => {
      await signIn(page, 'rep');
      await acknowledgeIfAsked(page);
      await switchLanguage(page, 'zh-CN');
      await page.goto('/expenses/claims');
      await page.getByTestId('new-claim').waitFor();
      await journey.shot('01-my-claims');
      await newClaim(page, {
        title: '拜访客户打车费',
        category: '差旅',
        amount: '88.50',
        invoice: `E2E${stamp}1`,
        purpose: '拜访杭州客户',
      });
      await journey.shot('02-new-claim');
      await page.getByTestId('claim-submit').click();
      await page.waitForURL(/\/expenses\/claims\/[0-9a-f-]{36}$/);
      await page.getByTestId('claim-status-submitted').waitFor();
      claimId = page.url().split('/').pop()!;
      await journey.shot('03-submitted');
      await switchLanguage(page, 'en-US');
      await journey.shot('03-submitted-en');
      await page.goto('/expenses/claims');
      await page.getByTestId('claim-card').first().waitFor();
      await journey.shot('01-my-claims-en');
      await switchLanguage(page, 'zh-CN');
    });
  });

  it('the supervisor approves, then finance approves', async () => {
    for (const who of ['supervisor', 'finance']) {
      const journey = await startJourney(browser(), baseUrl, `expenses-${who}`);
      const { page } = journey;
      await run(journey, async () => {
        await signIn(page, who);
        await acknowledgeIfAsked(page);
        await switchLanguage(page, 'zh-CN');
        await page.goto('/expenses/review');
        await page.getByTestId('page-title').waitFor();
        await settle(page);
        await journey.shot('01-queue');
        await openClaim(page, claimId);
        await page.getByTestId('review-approve').waitFor();
        await journey.shot('02-review');
        await page.getByTestId('review-approve').click();
        await page.getByTestId(who === 'supervisor' ? 'claim-status-submitted' : 'claim-status-approved').waitFor();
        if (who === 'finance') {
          await page.getByTestId('pay-reference').waitFor();
          await journey.shot('03-approved');
          await switchLanguage(page, 'en-US');
          await journey.shot('03-approved-en');
          await switchLanguage(page, 'zh-CN');
        }
      });
    }
  });

  it('a second claim over the remaining budget is blocked with the figures; the director grants over-budget approval; it goes through', async () => {
    const rep = await startJourney(browser(), baseUrl, 'expenses-over-budget', PHONE);
    await run(rep, async () => {
      const { page } = rep;
      await signIn(page, 'rep');
      await acknowledgeIfAsked(page);
      await switchLanguage(page, 'zh-CN');
      await newClaim(page, {
        title: '大型客户答谢会',
        category: '会议营销',
        amount: '9999999',
        invoice: `E2E${stamp}2`,
        purpose: '年终客户答谢会',
      });
      await page.getByTestId('claim-submit').click();
      await page.waitForURL(/\/expenses\/claims\/[0-9a-f-]{36}$/);
      await page.getByTestId('blocked-alert').waitFor();
      await expect(page.getByTestId('blocked-figures').innerText()).resolves.toContain('超出');
      blockedId = page.url().split('/').pop()!;
      await rep.shot('01-blocked');
      await page.getByTestId('over-budget-reason').fill('年度重点客户答谢，已与总监沟通');
      await page.getByTestId('over-budget-request').click();
      await page.getByText('超预算审批中', { exact: false }).first().waitFor();
      await rep.shot('02-requested');
    });

    const director = await startJourney(browser(), baseUrl, 'expenses-director');
    await run(director, async () => {
      const { page } = director;
      await signIn(page, 'director');
      await acknowledgeIfAsked(page);
      const inbox = await apiCall<{ items: { id: string; subjectId: string; subjectType: string; version: number }[] }>(
        page,
        'GET',
        '/approvals?box=inbox&pageSize=200',
      );
      const request = inbox.items.find((r) => r.subjectId === blockedId && r.subjectType === 'expense.overBudget');
      expect(request).toBeDefined();
      await page.goto(`/approvals/${request!.id}`);
      await page.getByTestId('page-title').waitFor();
      await settle(page);
      await director.shot('01-over-budget-request');
      const decided = await apiCall<{ status: string }>(page, 'POST', `/approvals/${request!.id}/decision`, {
        decision: 'approve',
        version: request!.version,
      });
      expect(decided.status).toBe('approved');
    });

    const again = await startJourney(browser(), baseUrl, 'expenses-over-budget-granted', PHONE);
    await run(again, async () => {
      const { page } = again;
      await signIn(page, 'rep');
      await acknowledgeIfAsked(page);
      await openClaim(page, blockedId);
      await page.getByTestId('claim-page-submit').click();
      await page.getByTestId('claim-status-submitted').waitFor();
      await again.shot('01-through');
    });
  });

  it('budgets and analysis: finance sees the grid and the cost per result, in both languages and on a phone', async () => {
    for (const [name, viewport] of [
      ['expenses-finance-desk', { width: 1366, height: 860 }],
      ['expenses-finance-phone', PHONE],
    ] as const) {
      const journey = await startJourney(browser(), baseUrl, name, viewport);
      const { page } = journey;
      await run(journey, async () => {
        await signIn(page, 'finance');
        await acknowledgeIfAsked(page);
        for (const language of ['zh-CN', 'en-US'] as const) {
          await switchLanguage(page, language);
          await page.goto('/expenses/budgets');
          await page.getByTestId('budget-cell').first().waitFor();
          await journey.shot(`01-budgets-${language}`);
          await page.goto('/expenses/analysis');
          await page.getByTestId('cost-per-deal').waitFor();
          await settle(page);
          await journey.shot(`02-analysis-${language}`, { fullPage: true });
        }
        await switchLanguage(page, 'zh-CN');
      });
    }
  });
});
