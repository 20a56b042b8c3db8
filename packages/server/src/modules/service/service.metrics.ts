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

/** Whose figures, person by person: each of `ownerIds` answered on its own (a KPI run over hundreds of people). */
export interface ServiceMetricsByOwnerScope {
  from: Date;
  to: Date;
  ownerIds: readonly string[];
}

/** `complaintRate` of each owner on their own — the same counts in ONE statement grouped by owner. */
export async function complaintRateByOwner(
  db: Executor,
  scope: ServiceMetricsByOwnerScope,
): Promise<Map<string, { complaints: number; orders: number; rate: number | null }>> {
  const result = new Map<string, { complaints: number; orders: number; rate: number | null }>();
  if (scope.ownerIds.length === 0) return result;
  const rows = await db.execute<{ owner_id: string; complaints: number; orders: number }>(sql`
    select owner_id, sum(complaints)::int as complaints, sum(orders)::int as orders from (
      select c.owner_id, count(*) as complaints, 0 as orders from complaints k join customers c on c.id = k.customer_id
       where k.opened_at >= ${scope.from} and k.opened_at < ${scope.to} and ${owners(sql`c.owner_id`, scope.ownerIds)}
       group by c.owner_id
      union all
      select o.owner_id, 0, count(*) from orders o
       where o.ordered_at >= ${scope.from} and o.ordered_at < ${scope.to} and o.status <> 'cancelled'
         and ${owners(sql`o.owner_id`, scope.ownerIds)}
       group by o.owner_id) x
     group by owner_id`);
  const counted = new Map(rows.rows.map((row) => [row.owner_id, row]));
  for (const ownerId of scope.ownerIds) {
    const complaints = counted.get(ownerId)?.complaints ?? 0;
    const orders = counted.get(ownerId)?.orders ?? 0;
    result.set(ownerId, { complaints, orders, rate: orders > 0 ? Math.round((complaints * 10_000) / orders) / 100 : null });
  }
  return result;
}

/** `satisfactionScore` of each owner on their own (R-SVC-2 per person) — the answers read in ONE statement. */
export async function satisfactionScoreByOwner(db: Executor, scope: ServiceMetricsByOwnerScope): Promise<Map<string, SurveyScores>> {
  const result = new Map<string, SurveyScores>();
  if (scope.ownerIds.length === 0) return result;
  const rows = await db.execute<{ owner_id: string; csat: number | null; nps: number | null }>(sql`
    select owner_id, csat, nps from survey_links
     where answered_at >= ${scope.from} and answered_at < ${scope.to} and ${owners(sql`owner_id`, scope.ownerIds)}`);
  const answers = new Map<string, { csat: number | null; nps: number | null }[]>();
  for (const row of rows.rows) {
    const list = answers.get(row.owner_id) ?? [];
    list.push({ csat: row.csat === null ? null : Number(row.csat), nps: row.nps === null ? null : Number(row.nps) });
    answers.set(row.owner_id, list);
  }
  for (const ownerId of scope.ownerIds) result.set(ownerId, scoreSurveys(answers.get(ownerId) ?? []));
  return result;
}

/** Share of first responses within the R-SVC-1 target among tickets answered in [from, to) — SLA levels as the sweep raised them. */
export async function firstResponseOnTime(db: Executor, scope: ServiceMetricsScope): Promise<{ answered: number; onTime: number }> {
  const result = await db.execute<{ answered: number; on_time: number }>(sql`
    select count(*)::int as answered, count(*) filter (where k.sla_level < 2)::int as on_time
      from complaints k join customers c on c.id = k.customer_id
     where k.first_response_at >= ${scope.from} and k.first_response_at < ${scope.to} and ${owners(sql`c.owner_id`, scope.ownerIds)}`);
  return { answered: result.rows[0]!.answered, onTime: result.rows[0]!.on_time };
}
