import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Cockpit, TargetGrid } from '@xiaoguan/shared';
import { acknowledgeIfAsked, settle, signIn, startJourney, useBrowser, type Journey } from './harness';

/**
 * Targets and the role cockpit (M4/M5, issue 18): the director decomposes this year's target with a
 * deliberate difference, confirmed with a reason; a rep acknowledges the letter on a phone; the
 * director's, manager's and rep's cockpits show the figures of the API, and agree with each other.
 * Screenshots of every new page in zh-CN and en-US, at 1366 px and 390 px.
 */
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
    await work();
    expect(journey.problems).toEqual([]);
  } catch (error) {
    await journey.failed();
    throw error;
  } finally {
    await journey.close();
  }
}

const digits = (text: string) => text.replace(/[^\d]/g, '').replace(/^0+/, '');

/** The cockpit on screen shows the API's bookings figure; returns the API's cockpit. */
async function cockpitAgrees(page: Page): Promise<Cockpit> {
  await page.getByTestId('cockpit-bookings-actual').waitFor();
  const cockpit = (await (await page.request.get('/api/v1/cockpit?period=month&compare=previous')).json()) as Cockpit;
  const bookings = cockpit.attainment.find((card) => card.metric === 'bookings')!;
  expect(digits(await page.getByTestId('cockpit-bookings-actual').innerText())).toBe(digits(String(bookings.actual)));
  return cockpit;
}

describe('targets and the role cockpit', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();
  const year = new Date().getFullYear();

  it('director: cockpit, then decomposes the target with a confirmed difference', async () => {
    const journey = await startJourney(browser(), baseUrl, 'targets-director');
    const { page } = journey;
    await run(journey, async () => {
      await signIn(page, 'director');
      await acknowledgeIfAsked(page);
      await cockpitAgrees(page);
      await journey.shot('01-cockpit', { fullPage: true });

      await page.goto('/targets');
      await page.getByTestId('targets-grid').locator('input').first().waitFor();
      const grid = (await (await page.request.get(`/api/v1/targets?year=${year}&metric=bookings`)).json()) as TargetGrid;
      const person = grid.nodes.find((node) => node.kind === 'user')!;
      const row = grid.nodes.indexOf(person);
      await journey.shot('02-grid');
      // The person's year total one yuan up: their team no longer adds up.
      const yearCell = page.locator(`[data-cell="${row}:12"]`);
      const before = Number((await yearCell.inputValue()).replace(/[^\d.]/g, ''));
      await yearCell.fill(String(before + 1));
      await yearCell.press('Enter');
      await page.getByTestId('targets-difference').first().waitFor();
      await journey.shot('03-difference');
      await page.getByTestId('targets-save').click();
      await page.getByTestId(`targets-reason-${person.parentId}`).fill('新人额外任务');
      await journey.shot('04-confirm');
      await page.getByTestId('targets-confirm-save').click();
      await page.locator('.ant-message-notice').first().waitFor();
      const saved = (await (await page.request.get(`/api/v1/targets?year=${year}&metric=bookings`)).json()) as TargetGrid;
      expect(saved.version).toBe(grid.version + 1);
      expect(saved.confirmations).toEqual([{ nodeId: person.parentId, reason: '新人额外任务' }]);
      await switchLanguage(page, 'en-US');
      await journey.shot('05-grid-en');
      await page.goto('/');
      await cockpitAgrees(page);
      await journey.shot('06-cockpit-en', { fullPage: true });
      await page.goto('/targets/letters');
      await page.getByTestId('letters-table').waitFor();
      await journey.shot('07-letters-en');
      await switchLanguage(page, 'zh-CN');
    });
  });

  it('rep on a phone: acknowledges the letter; cockpits of rep, manager and director agree', async () => {
    const journey = await startJourney(browser(), baseUrl, 'targets-rep-phone', { width: 390, height: 844 });
    const { page } = journey;
    let rep: Cockpit | null = null;
    await run(journey, async () => {
      await signIn(page, 'rep');
      await acknowledgeIfAsked(page);
      rep = await cockpitAgrees(page);
      await journey.shot('01-cockpit', { fullPage: true });
      await page.goto('/targets/letter');
      await page.getByTestId('letter-acknowledge').waitFor();
      await journey.shot('02-letter');
      await page.getByTestId('letter-acknowledge').click();
      await page.getByTestId('letter-acknowledged').waitFor();
      await switchLanguage(page, 'en-US');
      await journey.shot('03-letter-en', { fullPage: true });
      await page.goto('/');
      await cockpitAgrees(page);
      await journey.shot('04-cockpit-en', { fullPage: true });
      await switchLanguage(page, 'zh-CN');
    });

    const manager = await startJourney(browser(), baseUrl, 'targets-manager');
    await run(manager, async () => {
      await signIn(manager.page, 'manager');
      await acknowledgeIfAsked(manager.page);
      const region = await cockpitAgrees(manager.page);
      await manager.shot('01-cockpit', { fullPage: true });
      const bookings = (c: Cockpit) => c.attainment.find((card) => card.metric === 'bookings')!;
      // The rep's figures are part of the region's; the region's targets are at least the rep's.
      expect(bookings(region).actual).toBeGreaterThanOrEqual(bookings(rep!).actual);
      expect(bookings(region).target ?? 0).toBeGreaterThan(bookings(rep!).target ?? 0);
      await manager.page.goto('/targets/letters');
      await manager.page.getByTestId('letters-table').waitFor();
      const me = (await (await manager.page.request.get(`/api/v1/targets/letters?year=${year}`)).json()) as {
        rows: { userId: string; status: string }[];
      };
      const repRow = me.rows.find((row) => row.userId === rep!.ranking[0]?.nodeId) ?? me.rows.find((row) => row.status === 'acknowledged');
      expect(repRow).toBeTruthy();
      await manager.shot('02-letters');
      await switchLanguage(manager.page, 'en-US');
      await manager.page.goto('/targets');
      await manager.page.getByTestId('targets-grid').locator('input').first().waitFor();
      await manager.shot('03-grid-en');
      await switchLanguage(manager.page, 'zh-CN');
    });
  });
  for (const [name, viewport] of [
    ['targets-product-line', { width: 1366, height: 860 }],
    ['targets-product-line-phone', { width: 390, height: 844 }],
  ] as const) {
    it(`director (${viewport.width} px): the cockpit and the target grid by product line; the bookings card opens the ledger of that line`, async () => {
      const journey = await startJourney(browser(), baseUrl, name, viewport);
      const { page } = journey;
      await run(journey, async () => {
        await signIn(page, 'director');
        await acknowledgeIfAsked(page);
        const all = await cockpitAgrees(page);
        const line = all.productLines![0]!;
        await page.getByTestId('cockpit-product-line').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: line.name }).first().click();
        await page.getByTestId('cockpit-product-line-note').waitFor();
        const byLine = (await (
          await page.request.get(`/api/v1/cockpit?period=month&compare=previous&productLineId=${line.id}`)
        ).json()) as Cockpit;
        const bookings = byLine.attainment.find((card) => card.metric === 'bookings')!;
        await expect
          .poll(async () => digits(await page.getByTestId('cockpit-bookings-actual').innerText()))
          .toBe(digits(String(bookings.actual)));
        // Only the cards that have a product line are left.
        expect(await page.getByTestId('cockpit-collections').count()).toBe(0);
        await journey.shot('01-cockpit-zh', { fullPage: true });
        await switchLanguage(page, 'en-US');
        await journey.shot('02-cockpit-en', { fullPage: true });
        // The card's number opens the ledger filtered the same; its product-line total is the card's.
        await page.getByTestId('cockpit-bookings-actual').click();
        await page.waitForURL(/\/contracts\?.*productLineId=/);
        await page.getByTestId('contracts-product-line-total').waitFor();
        const ledger = await (await page.request.get(`/api/v1/contracts?${new URLSearchParams(bookings.link.query)}&pageSize=1`)).json();
        expect(ledger.totals.productLineAmountCents).toBe(bookings.actual);
        await journey.shot('03-ledger-en');
        await page.goto('/targets');
        await page.getByTestId('targets-grid').locator('input').first().waitFor();
        await page.getByTestId('targets-product-line').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: line.name }).first().click();
        await page.getByTestId('targets-grid').locator('input').first().waitFor();
        await journey.shot('04-grid-en');
        await switchLanguage(page, 'zh-CN');
        await journey.shot('05-grid-zh');
      });
    }, 240_000);
  }
});
