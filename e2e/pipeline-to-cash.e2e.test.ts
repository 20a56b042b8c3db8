import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type {
  AgingReport,
  ApprovalRequest,
  Contract,
  CreditOverride,
  Customer,
  CustomerCredit,
  Installment,
  OpportunityDetail,
  Quote,
  ScheduledJobRow,
} from '@xiaoguan/shared';
import { acknowledgeIfAsked, chooseOption, settle, signIn, startJourney, useBrowser, type Journey } from './harness';

interface PageOf<T> {
  items: T[];
  total: number;
}

/** A GET on the API with the page's session (what the signed-in user may read). */
async function read<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/** The <input> of an antd field whose test id sits on the input itself or on its wrapper (InputNumber). */
function inputOf(page: Page, testId: string): Locator {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/** Types a date into an antd DatePicker, replacing what it shows. */
async function typeDate(page: Page, testId: string, day: string): Promise<void> {
  await inputOf(page, testId).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(day);
  await page.keyboard.press('Enter');
  await settle(page);
}

/** Confirms the open Popconfirm. */
async function confirmPopover(page: Page): Promise<void> {
  await page.locator('.ant-popconfirm:visible').getByRole('button').last().click();
}

/** Switches the UI language with the header switch (saved on the user's profile) unless it is already `locale`. */
async function switchLanguage(page: Page, locale: 'zh-CN' | 'en-US'): Promise<void> {
  const button = page.getByTestId('language-switch');
  if ((await button.getAttribute('data-locale')) !== locale) await button.click();
  await page.locator(`[data-testid=language-switch][data-locale="${locale}"]`).waitFor();
}

async function signedIn(journey: Journey, username: string): Promise<Page> {
  await signIn(journey.page, username);
  await acknowledgeIfAsked(journey.page);
  return journey.page;
}

/** Opens an approval from the inbox and approves it; resolves once the request shows `expected`. */
async function approveFromInbox(page: Page, requestId: string, expected: 'approved' | 'pending', comment: string): Promise<void> {
  await page.getByTestId('menu-approvals').click();
  await page.getByTestId(`approvals-table-row-${requestId}`).click();
  const drawer = page.getByTestId('approval-drawer');
  await drawer.getByTestId('approval-decision').waitFor();
  await drawer.getByTestId('approval-comment').fill(comment);
  await drawer.getByTestId('approval-approve').click();
  await drawer.getByTestId('approval-decision').waitFor({ state: 'detached' });
  await drawer.getByTestId(`approval-status-${expected}`).waitFor();
}

/** Today (company zone, Asia/Shanghai) plus `days`, as YYYY-MM-DD. */
function companyDay(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
  const at = new Date(`${today}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

const yuan = (cents: number) => (cents / 100).toFixed(2);
const money = (cents: number) => `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const idFromUrl = (page: Page, prefix: string) => new URL(page.url()).pathname.slice(prefix.length).split('/')[0]!;

/**
 * Journey (M2, issue #4 "Pipeline to cash"), one deal end to end in the browser: the rep takes an
 * opportunity from lead through the stage gates; the quote's discount (R-QUO-1, ≥ 50,000) needs the
 * manager, who approves it in the inbox (in English); the customer accepts, the deal is won and the
 * quote becomes a contract whose payment plan adds up (CON-PLAN), its first installment already due;
 * the supervisor's approval signs it; finance records a receipt; admin runs the overdue-warnings job
 * and the rep sees the warning in the bell and the installment in aging (R-AR-1). Finally a direct
 * order for a customer over its credit limit is refused (R-AR-2) until the manager and finance approve
 * an override, and then goes through. Steps share state in order.
 */
describe('pipeline to cash: lead → won → quote approval → signed contract → receipts → overdue → credit block', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();
  const tag = Date.now().toString(36);
  const opportunityName = `回款旅程 ${tag}`;
  /** The first installment falls due 35 days ago (31–60 bucket; the 30-day warning threshold). */
  const pastDue = companyDay(-35);
  /** What finance leaves unpaid on it: exactly this is overdue. */
  const leftOverdueCents = 10_000_000;

  let customer: Customer;
  let overLimit: Customer | null = null;
  let opportunityId = '';
  let quoteId = '';
  let quoteNumber = '';
  let quoteApprovalId = '';
  let contractId = '';
  let contractNumber = '';
  let firstInstallment: Installment;
  let overrideApprovalId = '';

  /** One user's part of the journey in a fresh browser context: signed in, `body`, no untranslated keys or page errors; a screenshot when it fails. */
  async function journeyAs(name: string, username: string, body: (page: Page, journey: Journey) => Promise<void>): Promise<void> {
    const journey = await startJourney(browser(), baseUrl, name);
    try {
      await signedIn(journey, username);
      await body(journey.page, journey);
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  }

  it('rep: lead → discovery → solution (gate), builds a quote whose discount needs the manager, → negotiation', async () => {
    await journeyAs('p2c-01-rep', 'rep', async (page, journey) => {
      // Among the rep's customers: one without a credit limit for the deal, one already over its limit.
      const mine = await read<PageOf<Customer>>(page, '/customers?pageSize=200&sort=name');
      for (const candidate of mine.items) {
        const credit = await read<CustomerCredit>(page, `/customers/${candidate.id}/credit`);
        if (credit.creditLimitCents === null) customer ??= candidate;
        else if (credit.availableCents !== null && credit.availableCents < 0) overLimit ??= candidate;
        if (customer && overLimit) break;
      }
      expect(customer).toBeTruthy();

      await page.getByTestId('menu-opportunities').click();
      await page.getByTestId('opportunity-board').waitFor();
      await page.getByTestId('opportunity-create').click();
      await page.getByTestId('opportunity-form').waitFor();
      await page.getByTestId('opportunity-name').fill(opportunityName);
      await chooseOption(page, 'opportunity-customer', customer.name, customer.name);
      await journey.shot('01-create-lead');
      await page.getByTestId('opportunity-save').click();
      await page.getByTestId('stage-path').waitFor();
      expect(await page.getByTestId('page-title').innerText()).toBe(opportunityName);
      opportunityId = idFromUrl(page, '/opportunities/');
      await page.getByTestId('stage-tag-lead').first().waitFor();

      // Discovery has no gate; solution needs an amount and a close date.
      await page.getByTestId('stage-path').getByText('需求挖掘').click();
      await page.getByTestId('stage-tag-discovery').first().waitFor();
      expect(await page.getByTestId('gate-solution').innerText()).toContain('金额');
      await page.getByTestId('opportunity-edit').click();
      await page.getByTestId('opportunity-form').waitFor();
      await page.getByTestId('opportunity-amount').fill('340000');
      await typeDate(page, 'opportunity-close', companyDay(45));
      await page.getByTestId('opportunity-next-step').fill('准备报价，约客户商务谈判');
      await page.getByTestId('opportunity-save').click();
      await page.getByTestId('opportunity-form').waitFor({ state: 'detached' });
      await page.getByTestId('stage-path').getByText('方案匹配').click();
      await page.getByTestId('stage-tag-solution').first().waitFor();
      expect(await page.getByTestId('kpi-probability').innerText()).toContain('50%');
      // Negotiation needs a live quote: the path says so.
      expect(await page.getByTestId('gate-negotiation').innerText()).toContain('报价');
      await journey.shot('02-solution-needs-quote');

      // The quote, from the opportunity: 3 × ERP Pro with a 60,000 discount (R-QUO-1: ≥ 50,000 → the manager).
      await page.getByTestId('opportunity-new-quote').click();
      await page.getByTestId('quote-form').waitFor();
      await chooseOption(page, 'quote-line-product-0', 'SW-ERP-PRO', 'SW-ERP-PRO');
      await inputOf(page, 'quote-line-quantity-0').fill('3');
      await inputOf(page, 'quote-total-discount').fill('60000');
      const banner = page.getByTestId('quote-authority');
      await expect.poll(async () => ((await banner.count()) ? banner.innerText() : ''), { timeout: 10_000 }).toContain('销售经理');
      expect(await banner.innerText()).toContain('需要审批');
      expect(await banner.innerText()).toContain('¥60,000.00');
      await journey.shot('03-quote-builder', { fullPage: true });
      await page.getByTestId('quote-save').click();
      await page.getByTestId('quote-number').waitFor();
      quoteId = idFromUrl(page, '/quotes/');
      quoteNumber = (await page.getByTestId('quote-number').innerText()).trim();
      expect(await page.getByTestId('quote-status').innerText()).toBe('草稿');
      await page.getByTestId('quote-submit').click();
      await confirmPopover(page);
      await page.getByTestId('quote-approval-link').waitFor();
      expect(await page.getByTestId('quote-status').innerText()).toBe('审批中');
      await journey.shot('04-quote-submitted');
      const quote = await read<Quote>(page, `/quotes/${quoteId}`);
      expect(quote.authority.steps.map((step) => step.role)).toEqual(['manager']);
      quoteApprovalId = quote.approval!.requestId;

      // With a live quote the gate to negotiation opens.
      await page.goto(`/opportunities/${opportunityId}`);
      await page.getByTestId('stage-path').getByText('商务谈判').click();
      await page.getByTestId('stage-tag-negotiation').first().waitFor();
      expect(await page.getByTestId('kpi-probability').innerText()).toContain('75%');
      await page.getByTestId('stage-history').getByText('方案匹配 → 商务谈判').waitFor();
      await journey.shot('05-negotiation', { fullPage: true });
    });
  });

  it('manager (in English): approves the discount in the approvals inbox', async () => {
    await journeyAs('p2c-02-manager', 'manager', async (page, journey) => {
      await switchLanguage(page, 'en-US');
      try {
        await page.getByTestId('menu-approvals').click();
        await page.waitForURL('**/approvals');
        await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('My approvals');
        const row = page.getByTestId(`approvals-table-row-${quoteApprovalId}`);
        expect(await row.innerText()).toContain(quoteNumber);
        await journey.shot('01-inbox-en');
        await row.click();
        const drawer = page.getByTestId('approval-drawer');
        await drawer.getByTestId('approval-decision').waitFor();
        expect(await drawer.getByTestId('approval-steps').innerText()).toContain('Sales manager');
        await drawer.getByTestId('approval-comment').fill('Discount OK for a three-licence deal');
        await journey.shot('02-approval-en');
        await drawer.getByTestId('approval-approve').click();
        await drawer.getByTestId('approval-status-approved').waitFor();
        await journey.shot('03-approved-en');
      } finally {
        // Back to Chinese: the language is saved on the manager's profile.
        await page.goto('/');
        await switchLanguage(page, 'zh-CN');
      }
    });
  });

  it('rep: the customer accepts the quote, the deal is won, the contract gets a payment plan and goes for signing', async () => {
    await journeyAs('p2c-03-rep', 'rep', async (page, journey) => {
      await page.goto(`/quotes/${quoteId}`);
      await page.getByTestId('quote-number').waitFor();
      expect(await page.getByTestId('quote-status').innerText()).toBe('已批准');
      expect(await page.getByTestId('quote-authority').innerText()).toContain('已获批准');
      await page.getByTestId('quote-send').click();
      await confirmPopover(page);
      await page.getByTestId('quote-status').getByText('已发送').waitFor();
      await page.getByTestId('quote-accept').click();
      await confirmPopover(page);
      await page.getByTestId('quote-status').getByText('已接受').waitFor();
      await journey.shot('01-quote-accepted');
      const totalCents = (await read<Quote>(page, `/quotes/${quoteId}`)).totalCents;

      // Won: the gate (an amount) is met.
      await page.goto(`/opportunities/${opportunityId}`);
      await page.getByTestId('opportunity-won').click();
      await page.getByTestId('stage-tag-won').first().waitFor();
      expect(await page.getByTestId('kpi-probability').innerText()).toContain('100%');
      expect((await read<OpportunityDetail>(page, `/opportunities/${opportunityId}`)).stage).toBe('won');
      await journey.shot('02-won', { fullPage: true });

      // The accepted quote becomes a contract: its total, its lines.
      await page.goto(`/quotes/${quoteId}`);
      await page.getByTestId('quote-make-contract').click();
      await page.getByTestId('contract-quote-summary').waitFor();
      expect(await page.getByTestId('contract-quote-summary').innerText()).toContain(money(totalCents));
      await journey.shot('03-new-contract');
      await page.getByTestId('contract-create-submit').click();
      await page.getByTestId('plan-editor').waitFor();
      contractId = idFromUrl(page, '/contracts/');
      contractNumber = (await page.getByTestId('page-title').innerText()).trim();
      await page.getByTestId('contract-status-draft').waitFor();

      // CON-PLAN: two halves; the first fell due 35 days ago (a deal signed late), the second in two months.
      await page.getByTestId('plan-split-open').click();
      await inputOf(page, 'plan-split-count').fill('2');
      await page.getByTestId('plan-split-apply').click();
      await inputOf(page, 'plan-amount-1').waitFor();
      await typeDate(page, 'plan-due-0', pastDue);
      await typeDate(page, 'plan-due-1', companyDay(60));
      await inputOf(page, 'plan-note-0').fill('预付款 50%');
      await inputOf(page, 'plan-note-1').fill('验收款 50%');
      expect(await page.getByTestId('plan-sum').innerText()).toContain('与合同金额一致');
      await journey.shot('04-plan', { fullPage: true });
      await page.getByTestId('plan-save').click();
      await page.locator('.ant-message-notice').filter({ hasText: '回款计划已保存' }).waitFor();
      const planned = await read<Contract>(page, `/contracts/${contractId}`);
      expect(planned.installments.map((i) => i.dueOn)).toEqual([pastDue, companyDay(60)]);
      expect(planned.installments.reduce((sum, i) => sum + i.amountCents, 0)).toBe(totalCents);

      await page.getByTestId('contract-action-submit').click();
      await page.getByTestId('contract-submit-confirm').click();
      await page.getByTestId('contract-status-in_approval').waitFor();
      await page.getByTestId('contract-approval-link').waitFor();
      await journey.shot('05-in-approval');
    });
  });

  it('supervisor: approves the contract in the inbox, which signs it', async () => {
    await journeyAs('p2c-04-supervisor', 'supervisor', async (page, journey) => {
      const contract = await read<Contract>(page, `/contracts/${contractId}`);
      expect(contract.status).toBe('in_approval');
      const request = await read<ApprovalRequest>(page, `/approvals/${contract.approvalRequestId}`);
      expect(request.steps.map((step) => step.role)).toEqual(['supervisor']);
      await approveFromInbox(page, contract.approvalRequestId!, 'approved', '合同条款已核对');
      await journey.shot('01-approved');
      await page.getByTestId('approval-drawer').getByTestId('approval-subject-link').click();
      await page.getByTestId('contract-status-signed').waitFor();
      await page.getByTestId('contract-tab-plan').click();
      await page.getByTestId('plan-table').waitFor();
      expect(await page.getByTestId('plan-table').innerText()).toContain(pastDue);
      await journey.shot('02-signed-plan');
    });
  });

  it('finance: records a receipt against the first installment on the entry screen', async () => {
    await journeyAs('p2c-05-finance', 'finance', async (page, journey) => {
      await page.getByTestId('menu-receipt-entry').click();
      await inputOf(page, 'entry-search').fill(contractNumber);
      const row = page.getByTestId(`entry-installments-row-${contractNumber}-1`);
      await row.waitFor();
      await page.getByTestId(`entry-installments-row-${contractNumber}-2`).waitFor();
      const installments = await read<PageOf<Installment>>(page, `/installments?q=${encodeURIComponent(contractNumber)}&open=true`);
      firstInstallment = installments.items.find((i) => i.seq === 1)!;
      expect(firstInstallment.dueOn).toBe(pastDue);
      await row.getByTestId('bucket-d31_60').waitFor();
      await journey.shot('01-entry');

      const paidCents = firstInstallment.outstandingCents - leftOverdueCents;
      await page.getByTestId(`entry-record-${contractNumber}-1`).click();
      await page.getByTestId('receipt-form').waitFor();
      await page.getByTestId('receipt-amount').fill(yuan(paidCents));
      await page.getByTestId('receipt-reference').fill(`BANK-${tag.toUpperCase()}`);
      await journey.shot('02-receipt');
      await page.getByTestId('receipt-submit').click();
      await page.locator('.ant-message-notice').filter({ hasText: '回款已登记' }).waitFor();
      await expect.poll(() => row.innerText()).toContain(money(leftOverdueCents));
      expect(await row.innerText()).toContain(money(paidCents));
      await journey.shot('03-recorded');

      await page.getByTestId('menu-receipts').click();
      await page.getByText(`BANK-${tag.toUpperCase()}`).waitFor();
      await journey.shot('04-receipts', { fullPage: true });
    });
  });

  it('admin: runs the overdue-warnings job now from the scheduled jobs page', async () => {
    await journeyAs('p2c-06-admin', 'admin', async (page, journey) => {
      const job = 'receivables.overdue-warnings';
      const before = (await read<ScheduledJobRow[]>(page, '/scheduled-jobs')).find((row) => row.name === job)!;
      await page.getByTestId('menu-jobs').click();
      const row = page.getByTestId(`job-row-${job}`);
      await row.waitFor();
      await page.getByTestId(`job-run-${job}`).click();
      await expect
        .poll(async () => (await read<ScheduledJobRow[]>(page, '/scheduled-jobs')).find((r) => r.name === job)!.lastFinishedAt ?? '', {
          timeout: 20_000,
        })
        .not.toBe(before.lastFinishedAt ?? '');
      const after = (await read<ScheduledJobRow[]>(page, '/scheduled-jobs')).find((r) => r.name === job)!;
      expect(after.lastStatus).toMatch(/^ok: [1-9]\d* installments warned$/);
      // The result is shown in the reader's language (issue 16: job results were English on zh-CN screens).
      const count = /^ok: (\d+)/.exec(after.lastStatus!)![1]!;
      await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain(`逾期预警 ${count} 期`);
      expect(await row.innerText()).toContain('成功');
      await journey.shot('01-job-ran');
    });
  });

  it('rep (owner): the warning is in the bell; the installment is in the overdue list and the aging', async () => {
    await journeyAs('p2c-07-rep', 'rep', async (page, journey) => {
      await page.getByTestId('notification-bell').click();
      const warning = page.getByTestId('notification-panel').locator('[data-testid^=notification-]').filter({ hasText: contractNumber });
      await warning.first().waitFor();
      const text = await warning.first().innerText();
      expect(text).toContain('回款逾期 35 天');
      expect(text).toContain('第 1 期');
      expect(text).toContain('¥100000.00');
      await journey.shot('01-bell');
      await warning.first().click();
      await page.waitForURL(`**/contracts/${contractId}`);
      await page.getByTestId('contract-status-signed').waitFor();

      await page.getByTestId('menu-receivables').click();
      await page.getByTestId('aging-card').waitFor();
      const agingRow = page.getByTestId(`aging-table-row-${customer.id}`);
      await agingRow.waitFor();
      // The customer's 31–60-day column holds the unpaid rest (plus any earlier run's, on a reused server).
      const aging = await read<AgingReport>(page, `/receivables/aging?groupBy=customer&customerId=${customer.id}`);
      expect(aging.rows[0]!.d31_60).toBeGreaterThanOrEqual(leftOverdueCents);
      expect(await agingRow.innerText()).toContain(money(aging.rows[0]!.d31_60));
      await agingRow.scrollIntoViewIfNeeded();
      await journey.shot('02-aging');

      // The overdue list, searched by the contract number: just this installment, 35 days late.
      await inputOf(page, 'overdue-search').fill(contractNumber);
      const overdueRows = page.getByTestId('overdue-table').locator('[data-testid^=overdue-table-row-]');
      await expect.poll(() => overdueRows.count(), { timeout: 10_000 }).toBe(1);
      const overdueRow = page.getByTestId(`overdue-table-row-${firstInstallment.id}`);
      const overdueText = await overdueRow.innerText();
      expect(overdueText).toContain(contractNumber);
      expect(overdueText).toContain('35');
      expect(overdueText).toContain(money(leftOverdueCents));
      await overdueRow.getByTestId('bucket-d31_60').waitFor();
      await page.getByTestId('overdue-card').scrollIntoViewIfNeeded();
      await journey.shot('03-overdue');
    });
  });

  it('rep: a direct order for a customer over its credit limit is refused (R-AR-2); the rep asks for an override', async () => {
    if (!overLimit) {
      // No demo customer of the rep is over its limit: finance sets a small one on another of the rep's customers.
      await journeyAs('p2c-08-finance-limit', 'finance', async (page, journey) => {
        const candidates = await read<PageOf<Customer>>(page, `/customers?pageSize=50&ownerId=${customer.ownerId}&sort=name`);
        overLimit = candidates.items.find((c) => c.id !== customer.id)!;
        await page.goto(`/customers/${overLimit.id}`);
        await page.getByTestId('credit-limit-edit').click();
        await page.getByTestId('credit-limit-input').fill('1');
        await page.getByTestId('credit-limit-submit').click();
        await page.getByTestId('credit-limit-submit').waitFor({ state: 'detached' });
        await journey.shot('01-limit');
      });
    }
    await journeyAs('p2c-08-rep-credit', 'rep', async (page, journey) => {
      const credit = await read<CustomerCredit>(page, `/customers/${overLimit!.id}/credit`);
      await page.getByTestId('menu-orders').click();
      await page.getByTestId('order-create').click();
      await chooseOption(page, 'order-customer', overLimit!.name, overLimit!.name);
      await chooseOption(page, 'order-line-product-0', 'SV-TRAIN', 'SV-TRAIN');
      await inputOf(page, 'order-line-quantity-0').fill('2');
      await page.getByTestId('order-lines').getByText('¥16,000.00').first().waitFor();
      await page.getByTestId('order-submit').click();
      const blocked = page.getByTestId('credit-blocked');
      await blocked.waitFor();
      expect(await blocked.innerText()).toContain(money(credit.creditLimitCents!));
      await journey.shot('01-blocked');

      await page.getByTestId('credit-override-request').click();
      await page.getByTestId('credit-override-numbers').waitFor();
      await page.getByTestId('credit-override-reason').fill('老客户追加培训，回款计划已与财务确认');
      await journey.shot('02-override-request');
      await page.getByTestId('credit-override-submit').click();
      await page.locator('.ant-message-notice').filter({ hasText: '已提交审批' }).waitFor();
      const overrides = await read<PageOf<CreditOverride>>(page, `/credit-overrides?customerId=${overLimit!.id}&mine=true&status=pending`);
      const override = overrides.items.find((item) => item.amountCents === 1_600_000)!;
      expect(override).toBeTruthy();
      overrideApprovalId = override.approvalRequestId!;
    });
  });

  it('manager, then finance: approve the credit override in their inboxes', async () => {
    for (const [username, expected, comment] of [
      ['manager', 'pending', '客户历史回款良好，同意'],
      ['finance', 'approved', '财务同意，按期跟进回款'],
    ] as const) {
      await journeyAs(`p2c-09-${username}`, username, async (page, journey) => {
        await approveFromInbox(page, overrideApprovalId, expected, comment);
        await journey.shot('01-approved');
      });
    }
  });

  it('rep: with the approved override the order goes through', async () => {
    await journeyAs('p2c-10-rep-order', 'rep', async (page, journey) => {
      await page.getByTestId('menu-orders').click();
      await page.getByTestId('order-create').click();
      await chooseOption(page, 'order-customer', overLimit!.name, overLimit!.name);
      await chooseOption(page, 'order-line-product-0', 'SV-TRAIN', 'SV-TRAIN');
      await inputOf(page, 'order-line-quantity-0').fill('2');
      await page.getByTestId('order-lines').getByText('¥16,000.00').first().waitFor();
      await chooseOption(page, 'order-credit-override', '老客户追加培训');
      await journey.shot('01-with-override');
      await page.getByTestId('order-submit').click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      await page.getByTestId('order-header').waitFor();
      await journey.shot('02-order');
      const used = await read<PageOf<CreditOverride>>(page, `/credit-overrides?customerId=${overLimit!.id}&mine=true&status=used`);
      expect(used.items.some((item) => item.approvalRequestId === overrideApprovalId)).toBe(true);
    });
  });
});
