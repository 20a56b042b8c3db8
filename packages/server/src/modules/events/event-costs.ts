import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { eventBudgetLines, eventCosts } from './event-ops.schema.js';

/** R-EVT-2 inputs per event: actual costs on the invitation line(s) (calls, SMS) and on every other line. */
export interface EventCostTotals {
  /** Calls, SMS and other invitation costs. */
  invitationCostCents: number;
  /** Venue, catering, gifts, materials, speakers, travel: the actuals. */
  eventCostCents: number;
}

/**
 * The seam the R-EVT-2 figures and event reports read costs through: recorded actual costs per event
 * (costs waiting for an over-budget approval do not count yet). Events without costs get zeros.
 */
export async function eventCostsByEvent(executor: Executor, eventIds: readonly string[]): Promise<Map<string, EventCostTotals>> {
  const totals = new Map<string, EventCostTotals>(eventIds.map((id) => [id, { invitationCostCents: 0, eventCostCents: 0 }]));
  if (eventIds.length === 0) return totals;
  const rows = await executor
    .select({
      eventId: eventCosts.eventId,
      invitation: sql<number>`coalesce(sum(${eventCosts.amountCents}) filter (where ${eventBudgetLines.category} = 'invitation'), 0)::bigint`,
      other: sql<number>`coalesce(sum(${eventCosts.amountCents}) filter (where ${eventBudgetLines.category} <> 'invitation'), 0)::bigint`,
    })
    .from(eventCosts)
    .innerJoin(eventBudgetLines, eq(eventBudgetLines.id, eventCosts.lineId))
    .where(and(inArray(eventCosts.eventId, [...eventIds]), eq(eventCosts.status, 'recorded')))
    .groupBy(eventCosts.eventId);
  for (const row of rows) totals.set(row.eventId, { invitationCostCents: Number(row.invitation), eventCostCents: Number(row.other) });
  return totals;
}

/** One event's cost totals. */
export async function eventCostTotals(executor: Executor, eventId: string): Promise<EventCostTotals> {
  return (await eventCostsByEvent(executor, [eventId])).get(eventId)!;
}
