import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { eventBudgetLines, eventCosts } from './event-ops.schema.js';

/** R-EVT-2 inputs: actual costs on the invitation line(s) (calls, SMS) and on every other line. */
export async function eventCostTotals(
  executor: Executor,
  eventId: string,
): Promise<{ invitationCostCents: number; eventCostCents: number }> {
  const [row] = await executor
    .select({
      invitation: sql<number>`coalesce(sum(${eventCosts.amountCents}) filter (where ${eventBudgetLines.category} = 'invitation'), 0)::bigint`,
      other: sql<number>`coalesce(sum(${eventCosts.amountCents}) filter (where ${eventBudgetLines.category} <> 'invitation'), 0)::bigint`,
    })
    .from(eventCosts)
    .innerJoin(eventBudgetLines, eq(eventBudgetLines.id, eventCosts.lineId))
    .where(and(eq(eventCosts.eventId, eventId), eq(eventCosts.status, 'recorded')));
  return { invitationCostCents: Number(row?.invitation ?? 0), eventCostCents: Number(row?.other ?? 0) };
}
