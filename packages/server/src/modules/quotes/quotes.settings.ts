import { quoteSettingsSchema, type QuoteSettings } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { getModuleSettings, saveModuleSettings } from '../../platform/settings/settings.js';
import { validatePattern } from '../../platform/numbering/numbering.js';

export const DEFAULT_QUOTE_SETTINGS: QuoteSettings = {
  numberPattern: 'BJ-{YYYY}-{SEQ:6}',
  validityDays: 30,
  defaultTerms: '1. 本报价含 13% 增值税。\n2. 付款方式：合同签订后预付 30%，发货前付清余款。\n3. 交货期：合同生效后 30 个工作日内。',
};

export const getQuoteSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'quotes', quoteSettingsSchema, DEFAULT_QUOTE_SETTINGS, options);

export async function saveQuoteSettings(db: Executor, value: QuoteSettings): Promise<QuoteSettings> {
  validatePattern('body.numberPattern', value.numberPattern);
  await saveModuleSettings(db, 'quotes', value);
  return getQuoteSettings(db, { fresh: true });
}
