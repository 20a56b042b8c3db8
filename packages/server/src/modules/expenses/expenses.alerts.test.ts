import { describe, expect, it } from 'vitest';
import { budgetOverrun } from './expenses.alerts.js';

describe('R-RSK-1 expenses.budgetOverrun (pure)', () => {
  it('R-RSK-1 budgetOverrun: committed + spent past P % of the budget', () => {
    expect(budgetOverrun(1_000_00, 1_000_01, 100)).toBe(true);
    expect(budgetOverrun(1_000_00, 1_000_00, 100)).toBe(false);
    expect(budgetOverrun(1_000_00, 900_01, 90)).toBe(true);
    expect(budgetOverrun(1_000_00, 900_00, 90)).toBe(false);
    expect(budgetOverrun(0, 5_00, 100)).toBe(false);
  });
});
