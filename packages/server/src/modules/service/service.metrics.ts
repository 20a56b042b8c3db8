import { sql, type SQL } from 'drizzle-orm';
import type { SurveyScores } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { scoreSurveys } from './survey-score.js';

/** Whose figures: everyone, or the customers owned by these people (a rep, a team) — the KPI side decides. */
export interface ServiceMetricsScope {
  from: Date;
  to: Date;
  ownerIds?: readonly string[] | null;
}

const owners = (column: SQL, ids: readonly string[] | null | undefined): SQL =>
  ids ? sql`${column} = any(${sql.param([...ids])}::uuid[])` : sql`true`;

/**
 * Complaint rate (seed 001 绩效考核指标.3, a KPI input): complaints opened in [from, to) per 100
 * orders placed in the same period, for the customers of `ownerIds` (by the ticket's customer
 * owner and the order's owner). null when there were no orders.
 */
export async function complaintRate(
  db: Executor,
  scope: ServiceMetricsScope,
): Promise<{ complaints: number; orders: number; rate: number | null }> {
  const result = await db.execute<{ complaints: number; orders: number }>(sql`
    select (select count(*)::int from complaints k join customers c on c.id = k.customer_id
             where k.opened_at >= ${scope.from} and k.opened_at < ${scope.to} and ${owners(sql`c.owner_id`, scope.ownerIds)}) as complaints,
           (select count(*)::int from orders o
             where o.ordered_at >= ${scope.from} and o.ordered_at < ${scope.to} and o.status <> 'cancelled'
               and ${owners(sql`o.owner_id`, scope.ownerIds)}) as orders`);
  const { complaints, orders } = result.rows[0]!;
  return { complaints, orders, rate: orders > 0 ? Math.round((complaints * 10_000) / orders) / 100 : null };
}

/** Satisfaction score (R-SVC-2): CSAT and NPS of the survey answers given in [from, to) for the owners' customers. */
export async function satisfactionScore(db: Executor, scope: ServiceMetricsScope): Promise<SurveyScores> {
  const result = await db.execute<{ csat: number | null; nps: number | null }>(sql`
    select csat, nps from survey_links
     where answered_at >= ${scope.from} and answered_at < ${scope.to} and ${owners(sql`owner_id`, scope.ownerIds)}`);
  return scoreSurveys(
    result.rows.map((r) => ({ csat: r.csat === null ? null : Number(r.csat), nps: r.nps === null ? null : Number(r.nps) })),
  );
}

/** Share of first responses within the R-SVC-1 target among tickets answered in [from, to) — SLA levels as the sweep raised them. */
export async function firstResponseOnTime(db: Executor, scope: ServiceMetricsScope): Promise<{ answered: number; onTime: number }> {
  const result = await db.execute<{ answered: number; on_time: number }>(sql`
    select count(*)::int as answered, count(*) filter (where k.sla_level < 2)::int as on_time
      from complaints k join customers c on c.id = k.customer_id
     where k.first_response_at >= ${scope.from} and k.first_response_at < ${scope.to} and ${owners(sql`c.owner_id`, scope.ownerIds)}`);
  return { answered: result.rows[0]!.answered, onTime: result.rows[0]!.on_time };
}
