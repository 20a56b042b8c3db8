import { describe, expect, it } from 'vitest';
import { customersMessages } from './i18n';

/** Issue 16: "休眠" meant both a lifecycle status and an RFM value segment; each value has its own word. */
describe('lifecycle statuses and value segments use different words', () => {
  for (const locale of ['zh-CN', 'en-US'] as const) {
    it(locale, () => {
      const { statuses, segments } = customersMessages[locale];
      const statusWords = new Set(Object.values(statuses));
      for (const word of Object.values(segments)) expect(statusWords.has(word), `${locale}: ${word}`).toBe(false);
    });
  }
});
