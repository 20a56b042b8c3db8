import { describe, expect, it } from 'vitest';
import { managersUpLine, selectPolicy, type PolicyRow } from './approvals.engine.js';

const policies: PolicyRow[] = [
  { id: 'manager', minAmountCents: 5_000_000, minPercent: null, steps: [{ role: 'manager', mode: 'line' }] },
  {
    id: 'director',
    minAmountCents: 50_000_000,
    minPercent: null,
    steps: [
      { role: 'manager', mode: 'line' },
      { role: 'director', mode: 'line' },
    ],
  },
  { id: 'deep-discount', minAmountCents: 0, minPercent: 30, steps: [{ role: 'director', mode: 'line' }] },
];

describe('R-APR-1 decision-authority matrix', () => {
  it('below every threshold no approval is needed', () => {
    expect(selectPolicy(policies, 4_999_999, 10)).toBeNull();
  });
  it('at the threshold the row applies (50,000 CNY needs the manager)', () => {
    expect(selectPolicy(policies, 5_000_000, 10)?.id).toBe('manager');
  });
  it('the most demanding matching row wins', () => {
    expect(selectPolicy(policies, 60_000_000, 10)?.id).toBe('director');
    expect(selectPolicy(policies, 100, 35)?.id).toBe('deep-discount');
    expect(selectPolicy(policies, 5_000_000, 35)?.id).toBe('manager');
  });
  it('a percent row never matches a request without a percent', () => {
    expect(selectPolicy(policies, 100, null)).toBeNull();
  });
  it('the reporting line is walked nearest manager first, without the person', () => {
    expect(managersUpLine('/dir/mgr/sup/rep/')).toEqual(['sup', 'mgr', 'dir']);
    expect(managersUpLine('/dir/')).toEqual([]);
  });
});
