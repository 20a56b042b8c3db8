import { describe, expect, it } from 'vitest';
import { STAGE_NORM_DEFAULTS, stalled } from './opportunities.alerts.js';

const norms = { leadDays: 14, discoveryDays: 21, solutionDays: 30, negotiationDays: 30 };

describe('R-RSK-1 opportunities.stalled (pure)', () => {
  it('R-RSK-1 stalled: an open stage unchanged more than its norm + N days; won and lost never', () => {
    expect(stalled('negotiation', 38, norms, 7)).toBe(true);
    expect(stalled('negotiation', 37, norms, 7)).toBe(false);
    expect(stalled('lead', 22, norms, 7)).toBe(true);
    expect(stalled('lead', 21, norms, 7)).toBe(false);
    expect(stalled('won', 1000, norms, 0)).toBe(false);
    // Told within N days of stalling; stalled longer than that is not news.
    expect(stalled('negotiation', 67, norms, 7, 30)).toBe(true);
    expect(stalled('negotiation', 68, norms, 7, 30)).toBe(false);
    expect(stalled('lost', 1000, norms, 0)).toBe(false);
    // A norm not set falls back to the declared default.
    expect(stalled('discovery', STAGE_NORM_DEFAULTS.discovery + 1, {}, 0)).toBe(true);
  });
});
