import { describe, expect, it } from 'vitest';
import { creditExceeded } from './credit.alerts.js';

describe('R-RSK-1 receivables.credit (pure)', () => {
  it('R-RSK-1 creditExceeded: over the limit by more than P % of it; no limit, never', () => {
    expect(creditExceeded(1_000_01, 1_000_00, 0)).toBe(true);
    expect(creditExceeded(1_000_00, 1_000_00, 0)).toBe(false);
    expect(creditExceeded(1_100_00, 1_000_00, 10)).toBe(false);
    expect(creditExceeded(1_100_01, 1_000_00, 10)).toBe(true);
    expect(creditExceeded(9_999_999_00, null, 0)).toBe(false);
  });
});
