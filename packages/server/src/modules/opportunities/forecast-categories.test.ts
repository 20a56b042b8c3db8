import { describe, expect, it } from 'vitest';
import { forecastCategory, rollUpForecast } from './forecast-categories.js';

describe('forecast categories (issue 16: best case is never below commit)', () => {
  it('classifies by stage, or by probability when the rep set one', () => {
    expect(forecastCategory('won', 100)).toBe('closed');
    expect(forecastCategory('lost', 0)).toBe('omitted');
    expect(forecastCategory('negotiation', 75)).toBe('commit');
    expect(forecastCategory('discovery', 80)).toBe('commit');
    expect(forecastCategory('solution', 50)).toBe('bestCase');
    expect(forecastCategory('lead', 45)).toBe('bestCase');
    expect(forecastCategory('discovery', 25)).toBe('pipeline');
  });

  it('commit = won + commit deals; best case = commit + best-case deals; pipeline = all open', () => {
    const figures = rollUpForecast([
      { stage: 'won', probability: 100, amountCents: 10_000, count: 1 },
      { stage: 'negotiation', probability: 75, amountCents: 5_000, count: 1 },
      { stage: 'solution', probability: 50, amountCents: 2_000, count: 2 },
      { stage: 'lead', probability: 10, amountCents: 900, count: 1 },
      { stage: 'lost', probability: 0, amountCents: 99_000, count: 1 },
    ]);
    expect(figures).toEqual({ wonCents: 10_000, committedCents: 15_000, bestCaseCents: 17_000, pipelineCents: 7_900, count: 5 });
  });

  it('best case ≥ commit ≥ won for any mix of deals (the old best case, won + weighted pipeline, fell below commit)', () => {
    const stages = ['lead', 'discovery', 'solution', 'negotiation', 'won', 'lost'] as const;
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let round = 0; round < 200; round++) {
      const deals = Array.from({ length: 1 + (next() % 8) }, () => ({
        stage: stages[next() % stages.length]!,
        probability: next() % 101,
        amountCents: next() % 10_000_000,
        count: 1,
      }));
      const figures = rollUpForecast(deals);
      expect(figures.bestCaseCents).toBeGreaterThanOrEqual(figures.committedCents);
      expect(figures.committedCents).toBeGreaterThanOrEqual(figures.wonCents);
    }
  });
});
