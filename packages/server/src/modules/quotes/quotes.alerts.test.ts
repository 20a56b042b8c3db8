import { describe, expect, it } from 'vitest';
import { justUnderLimit } from './quotes.alerts.js';

describe('R-RSK-1 discount cluster rule (pure)', () => {
  it('R-RSK-1 justUnderLimit: within the percentage below a limit, never at or above it', () => {
    expect(justUnderLimit(4_750_000, 5_000_000, 5)).toBe(true);
    expect(justUnderLimit(4_749_999, 5_000_000, 5)).toBe(false);
    expect(justUnderLimit(4_999_999, 5_000_000, 5)).toBe(true);
    expect(justUnderLimit(5_000_000, 5_000_000, 5)).toBe(false);
    expect(justUnderLimit(1_900, 2_000, 5)).toBe(true);
    expect(justUnderLimit(100, 0, 5)).toBe(false);
  });
});
