import { describe, expect, it } from 'vitest';
import { approvalFigures } from './figures';

/** Issue 16: the approvals inbox showed a quote's discount under "amount". */
describe('approval inbox figures', () => {
  it('a quote shows its total as the amount and the discount separately', () => {
    expect(
      approvalFigures({
        subjectType: 'quote.discount',
        amountCents: 6_000_000,
        details: { totalCents: 54_000_000, discountCents: 6_000_000 },
      }),
    ).toEqual({ amountCents: 54_000_000, discountCents: 6_000_000 });
  });
  it('a contract shows its amount and no discount', () => {
    expect(approvalFigures({ subjectType: 'contract.sign', amountCents: 12_000_000, details: {} })).toEqual({
      amountCents: 12_000_000,
      discountCents: null,
    });
  });
});
