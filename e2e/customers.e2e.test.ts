import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Customer, Me } from '@xiaoguan/shared';
import { acknowledgeIfAsked, useBrowser, signIn, startJourney } from './harness';

interface CustomerPage {
  items: Customer[];
  total: number;
}

/** The id at the end of a test id like `myday-customer-<uuid>`. */
function idOf(testId: string | null, prefix: string): string {
  expect(testId).toBeTruthy();
  return testId!.slice(prefix.length);
}

async function me(page: Page): Promise<Me> {
  const response = await page.request.get('/api/v1/auth/me');
  expect(response.status()).toBe(200);
  return (await response.json()) as Me;
}

/**
 * Journey 5 (M1 customers): a rep works "my day" — logs a visit on an overdue customer, which
 * then leaves the list (R-CUS-1) — and claims a customer from the pool (R-CUS-3); a supervisor
 * sees the team's customers but nothing of another team's (R-SEC-1).
 */
describe('customers: my day, the pool and the supervisor’s view', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('rep: logs a visit on an overdue customer, which leaves my day', async () => {
    const journey = await startJourney(browser(), baseUrl, 'customers-rep');
    const { page } = journey;
    try {
      await signIn(page, 'rep');
      await acknowledgeIfAsked(page);
      // The home page links to "my day", with its counts.
      await page.getByTestId('home-my-day-card').waitFor();
      await page.getByTestId('home-my-day').click();
      await page.waitForURL('**/my-day');
      const overdueRows = page.getByTestId('myday-customers').locator('[data-testid^=myday-customer-]');
      await overdueRows.first().waitFor();
      await journey.shot('01-my-day', { fullPage: true });
      const before = Number(
        (await page.getByTestId('myday-count-overdueCustomers').locator('.ant-statistic-content').innerText()).replace(/\D/g, ''),
      );
      expect(before).toBeGreaterThan(0);

      const customerId = idOf(await overdueRows.first().getAttribute('data-testid'), 'myday-customer-');
      const name = (await overdueRows.first().locator('a').first().innerText()).trim();
      expect(await overdueRows.first().getByTestId('cadence-overdue').innerText()).toContain('逾期');

      await page.getByTestId(`myday-log-${customerId}`).click();
      await page.getByTestId('interaction-form').waitFor();
      // A visit counts toward every tier's default cadence.
      await page.getByTestId('interaction-type-visit').click();
      await page.getByTestId('interaction-cadence-hint').waitFor();
      expect(await page.getByTestId('interaction-cadence-hint').innerText()).toContain('计入联系节奏');
      await page.getByTestId('interaction-outcome').fill('上门拜访，确认了下季度的采购计划');
      await page.getByTestId('interaction-notes').fill('客户对新方案感兴趣，约定下周发送报价。');
      await page.getByTestId('interaction-next-step').fill('发送正式报价');
      await journey.shot('02-log-visit');
      await page.getByTestId('interaction-submit').click();
      await page.locator('.ant-message-notice').filter({ hasText: '跟进已记录' }).waitFor();

      // The customer is within its cadence again: gone from the list, one fewer in the count.
      await page.getByTestId(`myday-customer-${customerId}`).waitFor({ state: 'detached' });
      await expect
        .poll(async () =>
          Number((await page.getByTestId('myday-count-overdueCustomers').locator('.ant-statistic-content').innerText()).replace(/\D/g, '')),
        )
        .toBe(before - 1);
      await journey.shot('03-my-day-after', { fullPage: true });

      // The visit is on the customer's timeline.
      await page.goto(`/customers/${customerId}?tab=timeline`);
      await page.getByTestId('customer-timeline').getByText('上门拜访，确认了下季度的采购计划').waitFor();
      expect(await page.getByTestId('page-title').innerText()).toBe(name);
      expect(await page.getByTestId('customer-header').getByTestId('cadence-overdue').count()).toBe(0);
      await journey.shot('04-timeline', { fullPage: true });
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });

  it('rep: claims a customer from the pool', async () => {
    const journey = await startJourney(browser(), baseUrl, 'customers-pool');
    const { page } = journey;
    try {
      await signIn(page, 'rep');
      await acknowledgeIfAsked(page);
      const rep = await me(page);
      await page.getByTestId('menu-customer-pool').click();
      await page.waitForURL('**/customers/pool');
      const claimButtons = page.getByTestId('pool-table').locator('[data-testid^=pool-claim-]');
      await claimButtons.first().waitFor();
      await journey.shot('01-pool', { fullPage: true });

      const customerId = idOf(await claimButtons.first().getAttribute('data-testid'), 'pool-claim-');
      await claimButtons.first().click();
      await page.locator('.ant-message-notice').filter({ hasText: '现在由您负责' }).waitFor();
      await page.getByTestId(`pool-claim-${customerId}`).waitFor({ state: 'detached' });
      await journey.shot('02-claimed');

      // Now the rep's own: owner shown, contact details not masked, the rep's actions offered.
      await page.goto(`/customers/${customerId}`);
      await page.getByTestId('customer-header').waitFor();
      expect(await page.getByTestId('customer-owner').innerText()).toContain(rep.displayName);
      expect(await page.getByTestId('contacts-masked').count()).toBe(0);
      await page.getByTestId('customer-action-log').waitFor();
      await journey.shot('03-detail');

      // And it is in the rep's list.
      const mine = await page.request.get(`/api/v1/customers/${customerId}`);
      expect(((await mine.json()) as Customer).ownerId).toBe(rep.id);
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });

  it('supervisor: sees the team’s customers, none of another team’s', async () => {
    // What rep2 (another region's team) owns, as rep2 sees it.
    const other = await startJourney(browser(), baseUrl, 'customers-rep2');
    let rep2Customers: Customer[] = [];
    try {
      await signIn(other.page, 'rep2');
      await acknowledgeIfAsked(other.page);
      const response = await other.page.request.get('/api/v1/customers?pageSize=5&sort=name');
      expect(response.status()).toBe(200);
      rep2Customers = ((await response.json()) as CustomerPage).items;
      expect(rep2Customers.length).toBeGreaterThan(0);
    } catch (error) {
      await other.failed();
      throw error;
    } finally {
      await other.close();
    }

    const journey = await startJourney(browser(), baseUrl, 'customers-supervisor');
    const { page } = journey;
    try {
      await signIn(page, 'supervisor');
      await acknowledgeIfAsked(page);
      await page.getByTestId('menu-customers').click();
      await page.waitForURL('**/customers');
      const rows = page.getByTestId('customers-table').locator('[data-testid^=customers-table-row-]');
      await rows.first().waitFor();
      await journey.shot('01-team-customers', { fullPage: true });

      // The team's customers: the rep's among them, with their contact details unmasked.
      const list = (await (await page.request.get('/api/v1/customers?pageSize=200')).json()) as CustomerPage;
      const repCustomer = list.items.find((customer) => customer.ownerName && !customer.contactsMasked && customer.phone);
      expect(repCustomer).toBeTruthy();
      const owners = new Set(list.items.map((customer) => customer.ownerId));
      expect(owners.size).toBeGreaterThan(1);
      const tableText = await page.getByTestId('customers-table').innerText();
      expect(tableText).toContain(list.items[0]!.ownerName!);

      // None of rep2's customers, by search or in the list; their page is not found.
      const rep2Ids = new Set(rep2Customers.map((customer) => customer.id));
      expect(list.items.some((customer) => rep2Ids.has(customer.id))).toBe(false);
      const target = rep2Customers[0]!;
      const search = page.getByTestId('customers-search').locator('input');
      await search.fill(target.name);
      await search.press('Enter');
      await page.getByTestId('customers-table').getByText('没有符合条件的客户').waitFor();
      expect(await page.getByTestId('customers-table').innerText()).not.toContain(target.name);
      await journey.shot('02-search-other-team');

      await page.goto(`/customers/${target.id}`);
      await page.getByTestId('customer-not-found').waitFor();
      await journey.shot('03-other-team-not-found');

      // A team customer: contact details in full (the supervisor is on the owner's reporting line).
      await page.goto(`/customers/${repCustomer!.id}`);
      await page.getByTestId('customer-header').waitFor();
      expect(await page.getByTestId('contacts-masked').count()).toBe(0);
      expect(await page.getByTestId('customer-phone').innerText()).toContain(repCustomer!.phone!);
      await journey.shot('04-team-customer');
      expect(journey.problems).toEqual([]);
    } catch (error) {
      await journey.failed();
      throw error;
    } finally {
      await journey.close();
    }
  });
});
