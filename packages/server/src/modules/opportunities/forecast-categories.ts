import type { OpportunityStage } from '@xiaoguan/shared';

/**
 * Forecast categories as Salesforce and HubSpot users read them (issue 16):
 * - closed: won;
 * - commit: open and in negotiation, or at least 70 % likely;
 * - best case: open and at the solution stage, or at least 40 % likely;
 * - pipeline: every other open deal; lost deals are omitted.
 */
export type ForecastCategory = 'closed' | 'commit' | 'bestCase' | 'pipeline' | 'omitted';

export const COMMIT_PROBABILITY = 70;
export const BEST_CASE_PROBABILITY = 40;

export function forecastCategory(stage: OpportunityStage, probability: number): ForecastCategory {
  if (stage === 'won') return 'closed';
  if (stage === 'lost') return 'omitted';
  if (stage === 'negotiation' || probability >= COMMIT_PROBABILITY) return 'commit';
  if (stage === 'solution' || probability >= BEST_CASE_PROBABILITY) return 'bestCase';
  return 'pipeline';
}

export interface ForecastFigures {
  wonCents: number;
  committedCents: number;
  bestCaseCents: number;
  pipelineCents: number;
  count: number;
}

/**
 * The forecast figures of a set of deals, each running total containing the one before:
 * won ≤ commit (won + commit category) ≤ best case (commit + best-case category); pipeline is
 * everything still open, whatever its category.
 */
export function rollUpForecast(
  deals: Iterable<{ stage: OpportunityStage; probability: number; amountCents: number; count: number }>,
): ForecastFigures {
  const by: Record<ForecastCategory, number> = { closed: 0, commit: 0, bestCase: 0, pipeline: 0, omitted: 0 };
  let count = 0;
  for (const deal of deals) {
    const category = forecastCategory(deal.stage, deal.probability);
    by[category] += deal.amountCents;
    if (category !== 'omitted') count += deal.count;
  }
  const committed = by.closed + by.commit;
  return {
    wonCents: by.closed,
    committedCents: committed,
    bestCaseCents: committed + by.bestCase,
    pipelineCents: by.commit + by.bestCase + by.pipeline,
    count,
  };
}
