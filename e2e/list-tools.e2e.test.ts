import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runJourney, settle, signInAs, startJourney, useBrowser } from './harness';

/** Picks the first option of the open dropdown that is not the current value. */
async function pickAnother(page: Page): Promise<string> {
  await settle(page);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option:not(.ant-select-item-option-selected)').first();
  const text = await option.innerText();
  await option.click();
  return text;
}

/** Waits until the list shows the default view's rows (tier A only), not the unfiltered rows it showed first. */
async function waitForTierA(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page
          .locator('[data-testid^="inline-tier-"]')
          .evaluateAll((cells) => cells.length > 0 && cells.every((cell) => (cell.textContent ?? '').trim().startsWith('A'))),
      { timeout: 45_000 },
    )
    .toBe(true);
}

const rowIds = async (page: Page) =>
  (await page
    .getByTestId('customers-table')
    .locator('tbody tr[data-testid^="customers-table-row-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.replace('customers-table-row-', '')))) as string[];

/** Journey: a supervisor's list tools — a saved default view, the column chooser, a bulk reassignment and an inline tier edit. */
describe('list tools as a supervisor', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it(
    'saves a view and makes it default, chooses columns, reassigns in bulk and edits a tier in place (1366 px, zh-CN)',
    { timeout: 300_000 },
    async () => {
      const journey = await startJourney(browser(), baseUrl, 'list-tools');
      const { page } = journey;
      // Several steps each wait on a list and a save: generous on a loaded CI machine.
      page.setDefaultTimeout(45_000);
      await runJourney(journey, async () => {
        await signInAs(page, 'supervisor');
        await page.goto('/customers?tier=A');
        await page.getByTestId('customers-table').locator('tbody tr[data-testid^="customers-table-row-"]').first().waitFor();

        // Save the filtered list as a view, my default.
        await page.getByTestId('customers-views-menu').click();
        await page.getByRole('menuitem', { name: '另存为视图' }).click();
        await page.getByTestId('customers-views-name').fill(`A 类客户 ${Date.now().toString(36)}`);
        await page.getByTestId('customers-views-default').check();
        await journey.shot('01-save-view');
        await page.getByTestId('customers-views-save-ok').click();
        await page.getByText('视图已保存').waitFor();
        await journey.shot('02-view-saved');

        // Opening the list bare applies the default view.
        await page.goto('/customers');
        await page.waitForURL(/tier=A/);
        await waitForTierA(page);
        expect(await page.getByTestId('customers-views').innerText()).toContain('A 类客户');

        // The column chooser hides a column.
        await page.getByTestId('customers-columns').click();
        await page.getByTestId('customers-columns-kind').click();
        await journey.shot('03-columns');
        await page.keyboard.press('Escape');
        expect(await page.getByTestId('customers-table').locator('thead').innerText()).not.toContain('客户类型');

        // Bulk reassign two customers.
        const ids = await rowIds(page);
        const boxes = page.getByTestId('customers-table').locator('tbody tr.ant-table-row .ant-checkbox-input');
        await boxes.nth(0).check({ force: true });
        await boxes.nth(1).check({ force: true });
        expect(await page.getByTestId('customers-bulk-count').innerText()).toContain('已选 2 条');
        await page.getByTestId('customers-bulk-actions').click();
        await page.getByRole('menuitem', { name: '转移负责人' }).click();
        expect(await page.getByTestId('customers-bulk-confirm-text').innerText()).toContain('将对 2 条记录执行“转移负责人”');
        await page.getByTestId('bulk-owner').click();
        await pickAnother(page);
        await journey.shot('04-bulk-reassign');
        await page.getByTestId('customers-bulk-confirm').click();
        await page.getByText(/已完成：/).waitFor();
        const owners = await Promise.all(
          ids
            .slice(0, 2)
            .map(async (id) => ((await (await page.request.get(`/api/v1/customers/${id}`)).json()) as { ownerId: string }).ownerId),
        );
        expect(new Set(owners).size).toBe(1);

        // Inline edit of a tier.
        await page.getByTestId(`inline-tier-${ids[2]}`).getByRole('button').click();
        await page.getByTestId(`inline-tier-${ids[2]}-select`).waitFor();
        await pickAnother(page);
        await page.getByText('已保存').first().waitFor();
        await journey.shot('05-inline-tier');
        const tier = ((await (await page.request.get(`/api/v1/customers/${ids[2]}`)).json()) as { tier: string }).tier;
        expect(tier).not.toBe('A');
      });
    },
  );

  it('the same tools at 390 px in English: views, card selection and the bulk bar', { timeout: 300_000 }, async () => {
    const journey = await startJourney(browser(), baseUrl, 'list-tools-phone', { width: 390, height: 844 });
    const { page } = journey;
    page.setDefaultTimeout(45_000);
    await runJourney(journey, async () => {
      await signInAs(page, 'supervisor', 'en-US');
      await page.goto('/customers');
      // The default view saved above applies here too.
      await page.waitForURL(/tier=A/);
      await waitForTierA(page);
      const card = page.locator('[data-testid^="customer-card-select-"]').first();
      await card.waitFor();
      await card.check();
      expect(await page.getByTestId('customers-bulk-count').innerText()).toContain('1 selected');
      await journey.shot('01-phone-selected', { fullPage: true });
      await page.getByTestId('customers-bulk-actions').click();
      await page.getByRole('menuitem', { name: 'Set tier' }).click();
      expect(await page.getByTestId('customers-bulk-confirm-text').innerText()).toContain('will be applied to 1 records');
      await journey.shot('02-phone-confirm');
      await page.keyboard.press('Escape');
      await page.getByTestId('customers-views-menu').click();
      await journey.shot('03-phone-views-menu');
      await page.keyboard.press('Escape');
      // The list fits the screen.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
    });
  });
});
