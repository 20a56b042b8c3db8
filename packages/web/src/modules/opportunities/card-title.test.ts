import { describe, expect, it } from 'vitest';
import { cardTitle } from './card-title';

/** Issue 16: kanban cards printed the customer name twice (in the opportunity name and below it). */
describe('kanban card title', () => {
  it('drops the customer name the opportunity name starts with', () => {
    expect(cardTitle('华星科技有限公司 · 云平台项目', '华星科技有限公司')).toBe('云平台项目');
    expect(cardTitle('Acme Ltd - renewal', 'Acme Ltd')).toBe('renewal');
  });
  it('keeps other names, and a name that is only the customer', () => {
    expect(cardTitle('年度框架采购', '华星科技有限公司')).toBe('年度框架采购');
    expect(cardTitle('华星科技有限公司', '华星科技有限公司')).toBe('华星科技有限公司');
  });
});
