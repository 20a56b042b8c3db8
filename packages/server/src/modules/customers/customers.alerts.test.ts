import { describe, expect, it } from 'vitest';
import { churnRisk } from './customers.alerts.js';

const params = { days: 90, repeatOrders: 3, withinDays: 30 };

describe('R-RSK-1 customers.churnRisk (pure)', () => {
  it('R-RSK-1 churnRisk: a repeat buyer silent past N days; one just turned dormant; the rest none', () => {
    expect(churnRisk({ orders: 3, daysSinceLastOrder: 91 }, params)).toBe('silent');
    expect(churnRisk({ orders: 3, daysSinceLastOrder: 90 }, params)).toBeNull();
    expect(churnRisk({ orders: 3, daysSinceLastOrder: 120 }, params)).toBe('silent');
    // Silent for longer than N + the reporting window: told of back then, not news now.
    expect(churnRisk({ orders: 3, daysSinceLastOrder: 121 }, params)).toBeNull();
    expect(churnRisk({ orders: 2, daysSinceLastOrder: 200 }, params)).toBeNull();
    expect(churnRisk({ orders: 1, daysSinceLastOrder: 366 }, params)).toBe('dormant');
    expect(churnRisk({ orders: 5, daysSinceLastOrder: 395 }, params)).toBe('dormant');
    expect(churnRisk({ orders: 5, daysSinceLastOrder: 396 }, params)).toBeNull();
    expect(churnRisk({ orders: 0, daysSinceLastOrder: null }, params)).toBeNull();
  });
});
