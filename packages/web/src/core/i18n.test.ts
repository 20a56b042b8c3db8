import { beforeAll, describe, expect, it } from 'vitest';
import i18n from 'i18next';
import { browserLocale, localName, productName, renderMessage } from './i18n';

describe('issue 16: the sign-in page follows the browser language', () => {
  it('takes the first of the browser languages that is ours', () => {
    expect(browserLocale(['en-GB', 'zh-CN'])).toBe('en-US');
    expect(browserLocale(['fr-FR', 'zh-TW', 'en-US'])).toBe('zh-CN');
    expect(browserLocale(['de-DE'])).toBe('zh-CN');
    expect(browserLocale([])).toBe('zh-CN');
  });
});

describe('issue 16: stored messages and bilingual names in the reader language', () => {
  beforeAll(async () => {
    await i18n.init({
      lng: 'en-US',
      fallbackLng: false,
      interpolation: { escapeValue: false },
      resources: {
        'en-US': { translation: { quotes: { messages: { discountApproval: '{{number}} · {{customer}} · discount {{amount}}' } } } },
        'zh-CN': { translation: { quotes: { messages: { discountApproval: '{{number}} · {{customer}} · 折扣 {{amount}}' } } } },
      },
    });
  });

  it('renders a message from its key and parameters, in the current language', async () => {
    const stored = { key: 'quotes.messages.discountApproval', params: { number: 'BJ-1', customer: '某公司', amount: '¥60,000' } };
    await i18n.changeLanguage('en-US');
    expect(renderMessage(stored, '旧标题')).toBe('BJ-1 · 某公司 · discount ¥60,000');
    await i18n.changeLanguage('zh-CN');
    expect(renderMessage(stored, '旧标题')).toBe('BJ-1 · 某公司 · 折扣 ¥60,000');
  });

  it('shows the stored text for rows written before messages, or with a key this version does not know', () => {
    expect(renderMessage(null, '旧标题')).toBe('旧标题');
    expect(renderMessage({ key: 'nobody.knows', params: {} }, '旧标题')).toBe('旧标题');
  });

  it('shows the English name to English readers when there is one', async () => {
    await i18n.changeLanguage('en-US');
    expect(localName('用户许可', 'User licence')).toBe('User licence');
    expect(localName('用户许可', null)).toBe('用户许可');
    await i18n.changeLanguage('zh-CN');
    expect(localName('用户许可', 'User licence')).toBe('用户许可');
  });

  it('names a product on any line (opportunity, contract, order) in the reader’s language', async () => {
    const line = { productName: '用户许可', productNameEn: 'User licence' };
    await i18n.changeLanguage('en-US');
    expect(productName(line)).toBe('User licence');
    expect(productName({ productName: '用户许可' })).toBe('用户许可');
    expect(productName({ productName: null }, 'fallback-id')).toBe('fallback-id');
    await i18n.changeLanguage('zh-CN');
    expect(productName(line)).toBe('用户许可');
  });
});
