import { describe, expect, it } from 'vitest';
import { budgetUsage, checkBudget } from './budget.js';

const figures = { budgetCents: 100_000_00, committedCents: 30_000_00, spentCents: 50_000_00 };

describe('R-EXP-2 no spending over budget', () => {
  it('exactly the remaining amount passes', () => {
    const check = checkBudget(figures, 20_000_00);
    expect(check).toMatchObject({ remainingCents: 20_000_00, overByCents: 0, overBudget: false, allowed: true });
  });
  it('one cent more is blocked, with the figures and by how much', () => {
    const check = checkBudget(figures, 20_000_01);
    expect(check).toMatchObject({ budgetCents: 100_000_00, committedCents: 30_000_00, spentCents: 50_000_00 });
    expect(check).toMatchObject({ requestCents: 20_000_01, remainingCents: 20_000_00, overByCents: 1, overBudget: true, allowed: false });
  });
  it('an over-budget approval lets it through but it is still reported as over budget', () => {
    expect(checkBudget(figures, 25_000_00, true)).toMatchObject({ overByCents: 5_000_00, overBudget: true, allowed: true });
  });
  it('a budget already overrun blocks any further spending by the whole request', () => {
    const check = checkBudget({ budgetCents: 100, committedCents: 80, spentCents: 40 }, 10);
    expect(check).toMatchObject({ remainingCents: -20, overByCents: 10, allowed: false });
  });
  it('no budget at all blocks everything but a zero request', () => {
    expect(checkBudget({ budgetCents: 0, committedCents: 0, spentCents: 0 }, 1).allowed).toBe(false);
    expect(checkBudget({ budgetCents: 0, committedCents: 0, spentCents: 0 }, 0).allowed).toBe(true);
  });
  it('usage counts committed and spent', () => {
    expect(budgetUsage(figures)).toBe(0.8);
    expect(budgetUsage({ budgetCents: 0, committedCents: 0, spentCents: 0 })).toBe(0);
  });
});
