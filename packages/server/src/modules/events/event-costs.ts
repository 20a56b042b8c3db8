import type { Executor } from '../../platform/db/client.js';

export interface EventCost {
  /** Calls, SMS and other invitation costs. */
  invitationCostCents: number;
  /** Venue, catering, gifts, materials, speakers, travel: the actuals. */
  eventCostCents: number;
}

/**
 * The seam the R-EVT-2 figures read costs through (issue 17 item 4): the actual costs per event.
 * Budgets and actual costs are built separately (event budgets, R-EXP-2); until they land every
 * event costs 0, so ROI reads "—" (no denominator) and cost per result 0. Replace the body, keep the signature.
 */
export async function eventCosts(db: Executor, eventIds: readonly string[]): Promise<Map<string, EventCost>> {
  void db;
  return new Map(eventIds.map((id) => [id, { invitationCostCents: 0, eventCostCents: 0 }]));
}
