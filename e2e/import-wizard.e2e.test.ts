import { describe, expect, inject, it } from 'vitest';
import { acknowledgeIfAsked, chooseOption, settle, signIn, startJourney, useBrowser } from './harness';

/**
 * Issue 22: the import wizard with a file another system wrote — a title row taken for the header
 * (the user picks the real one), columns mapped by hand, labels we do not know mapped to ours, a
 * column left out listed as "will be ignored" — in both languages, at desktop and phone width.
 */
const CSV = [
  '客户导出,2026-12,导出人：张三,,,',
  'Firma,Telefon,Quelle,Stufe,Ort,Betreuer',
  '上海星河贸易有限公司,13812345678,地推,金牌,上海,小王',
  '杭州云帆科技有限公司,13912345678,百度推广,金牌,杭州,小王',
  '北京远望咨询有限公司,13712345678,地推,B,北京,小王',
].join('\n');

/** A file named .xlsx that is no workbook: refused with the reason in the reader's language (issue 22 item 8). */
const DAMAGED = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]);

const TEXT = {
  'zh-CN': {
    name: '客户名称',
    phone: '电话',
    source: '来源渠道',
    tier: '客户等级',
    owner: '负责人（账号、姓名或工号）',
    ownerSearch: '负责人',
    exhibition: '展会',
    strategic: 'A · 战略',
    damaged: '文件不是可读取的 .xlsx 工作簿',
    damagedOther: 'readable',
  },
  'en-US': {
    name: 'Customer name',
    phone: 'Phone',
    source: 'Source',
    tier: 'Tier',
    owner: 'Owner (username, name or employee number)',
    ownerSearch: 'Owner',
    exhibition: 'Exhibition',
    strategic: 'A · Strategic',
    damaged: 'the file is not a readable .xlsx workbook',
    damagedOther: '工作簿',
  },
} as const;

const USERS: Record<string, string> = {
  'zh-CN-1366': 'rep',
  'zh-CN-390': 'rep2',
  'en-US-1366': 'key_account',
  'en-US-390': 'channel',
};

/** The demo users' employee numbers (seed: XG0001… in the company's order), picked as the owner of 小王's rows. */
const EMPLOYEE_NO: Record<string, string> = { rep: 'XG0012', rep2: 'XG0023', key_account: 'XG0009', channel: 'XG0007' };

describe('import wizard: header row and value mapping', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const viewport of [
      { width: 1366, height: 900 },
      { width: 390, height: 844 },
    ])
      it(`${locale} at ${viewport.width} px`, async () => {
        const name = `import-wizard-${locale}-${viewport.width}`;
        const journey = await startJourney(browser(), baseUrl, name, viewport);
        const { page } = journey;
        const text = TEXT[locale];
        try {
          // a user each: the header and values one picks are remembered for their next file
          await signIn(page, USERS[`${locale}-${viewport.width}`]!);
          await acknowledgeIfAsked(page);
          await page.goto('/customers/import');
          await page.getByTestId('import-upload').waitFor();
          const language = page.getByTestId('language-switch');
          if ((await language.getAttribute('data-locale')) !== locale) {
            await language.click();
            await page.locator(`[data-testid=language-switch][data-locale="${locale}"]`).waitFor();
            await settle(page);
          }
          // a damaged workbook is refused, the reason in the reader's language
          await page
            .locator('input[type=file]')
            .setInputFiles({ name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: DAMAGED });
          const refusal = page.getByTestId('error-alert');
          await refusal.waitFor();
          expect(await refusal.innerText()).toContain(text.damaged);
          expect(await refusal.innerText()).not.toContain(text.damagedOther);
          await journey.shot('00-damaged-file-refused', { fullPage: true });

          await page.locator('input[type=file]').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

          // the title row was taken for the header: the user picks row 2
          await page.getByTestId('import-header-picker').waitFor();
          await journey.shot('01-title-row-taken', { fullPage: true });
          await chooseOption(page, 'import-header-row', locale === 'zh-CN' ? '第 2 行' : 'Row 2');
          await page.getByTestId('import-map-4').waitFor();
          await chooseOption(page, 'import-map-0', text.name);
          await chooseOption(page, 'import-map-1', text.phone);
          await chooseOption(page, 'import-map-2', text.source);
          await chooseOption(page, 'import-map-3', text.tier);
          await chooseOption(page, 'import-map-5', text.owner, text.ownerSearch);
          expect(await page.getByTestId('import-ignored').innerText()).toContain('Ort');
          await journey.shot('02-header-picked-and-mapped', { fullPage: true });

          // the value-mapping step: 地推 and 金牌 are not ours; 百度推广 and B are recognised
          await page.getByTestId('import-next').click();
          await page.getByTestId('import-values').waitFor();
          await journey.shot('03-values', { fullPage: true });
          await chooseOption(page, 'import-value-source-地推', text.exhibition);
          await chooseOption(page, 'import-value-tier-金牌', text.strategic);
          // 小王 is nobody here: the importer picks the owner by employee number (name · number · unit shown)
          const username = USERS[`${locale}-${viewport.width}`]!;
          await chooseOption(page, 'import-value-ownerUsername-小王', EMPLOYEE_NO[username]!, EMPLOYEE_NO[username]!);
          await journey.shot('04-values-mapped', { fullPage: true });

          await page.getByTestId('import-validate').click();
          await page.getByTestId('import-totals').waitFor({ timeout: 60_000 });
          await settle(page);
          await journey.shot('05-validated', { fullPage: true });
          const totals = await page.getByTestId('import-totals').innerText();
          expect(totals).toMatch(/3[\s\S]*3/);
          expect(await page.getByTestId('import-ignored').innerText()).toContain('Ort');

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
