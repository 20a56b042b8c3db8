import { and, sql, type SQL } from 'drizzle-orm';
import {
  OPEN_STAGES,
  PIPELINE_PATH,
  type Forecast,
  type ForecastQuery,
  type Funnel,
  type FunnelQuery,
  type OpportunityStage,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { addDays, calendarDay, startOfCalendarDay } from '../../platform/time.js';
import { opportunitiesAccess } from './opportunities.access.js';
import { monthRange, opportunityFilters, opportunityLineAmount } from './opportunities.service.js';
import { rollUpForecast } from './forecast-categories.js';

type Deal = Parameters<typeof rollUpForecast>[0] extends Iterable<infer D> ? D : never;

/**
 * What dashboards may read from the opportunities module. Every function takes the caller's ctx
 * and filters and applies the caller's read scope (R-SEC-1) inside its SQL. Periods are calendar
 * days in the company time zone, `from` and `to` inclusive.
 */

export interface PeriodFilters {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  ownerId?: string;
  teamId?: string;
}

const PATH_ARRAY = sql.raw(`array[${PIPELINE_PATH.map((stage) => `'${stage}'`).join(',')}]::text[]`);
const OPEN_ARRAY = sql.raw(`array[${OPEN_STAGES.map((stage) => `'${stage}'`).join(',')}]::text[]`);

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (day: number) => new Date(day).toISOString().slice(0, 10);

/** [start, end) instants of an inclusive date range in the company zone. */
async function periodInstants(ctx: Ctx, filters: PeriodFilters): Promise<{ start: Date; end: Date; timeZone: string }> {
  const { timeZone } = await getSettings(ctx.db);
  return {
    start: startOfCalendarDay(dayNumber(filters.from), timeZone),
    end: startOfCalendarDay(addDays(dayNumber(filters.to), 1), timeZone),
    timeZone,
  };
}

/** The scope and owner/team filters as one predicate on `opportunities`. */
function scope(ctx: Ctx, filters: { ownerId?: string; teamId?: string }): SQL {
  opportunitiesAccess.require(ctx.actor, 'read');
  return and(...opportunityFilters(ctx, { ownerId: filters.ownerId, teamId: filters.teamId }))!;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const oneDecimal = (value: number | string | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);

/**
 * Funnel conversion from the stage history: for each stage N of lead → … → won, the opportunities
 * that first reached N (or a later stage, skipping counts as passing) during the period, and how
 * many of them later reached a further stage. Moving back and forth does not count twice.
 */
export async function funnelConversion(ctx: Ctx, filters: PeriodFilters): Promise<Funnel['stages']> {
  const { start, end } = await periodInstants(ctx, filters);
  // Per opportunity in one pass over its history: when it first reached each stage of the path (a
  // change to a later stage reaches every stage before it too) and the furthest stage it reached.
  const firstReached = sql.join(
    PIPELINE_PATH.map(
      (_, index) =>
        sql`min(h.at) filter (where array_position(${PATH_ARRAY}, h.to_stage) >= ${sql.raw(String(index + 1))}) as ${sql.raw(`f${index + 1}`)}`,
    ),
    sql`, `,
  );
  const counts = sql.join(
    PIPELINE_PATH.map((_, index) => {
      const first = sql.raw(`f${index + 1}`);
      const inPeriod = sql`${first} >= ${start} and ${first} < ${end}`;
      return sql`count(*) filter (where ${inPeriod})::int as ${sql.raw(`r${index + 1}`)}, count(*) filter (where ${inPeriod} and top > ${index + 1})::int as ${sql.raw(`a${index + 1}`)}`;
    }),
    sql`, `,
  );
  const result = await ctx.db.execute<Record<string, number>>(sql`
    with candidates as (
      select distinct h.opportunity_id as id
        from opportunity_stage_history h
        join opportunities on "opportunities"."id" = h.opportunity_id
       where h.at >= ${start} and h.at < ${end} and ${scope(ctx, filters)}
    ),
    reached as (
      select ${firstReached}, max(coalesce(array_position(${PATH_ARRAY}, h.to_stage), 0)) as top
        from opportunity_stage_history h
        join candidates c on c.id = h.opportunity_id
       group by h.opportunity_id
    )
    select ${counts} from reached`);
  const row = result.rows[0] ?? {};
  return PIPELINE_PATH.map((stage, index) => {
    const reached = row[`r${index + 1}`] ?? 0;
    const advanced = stage === 'won' ? 0 : (row[`a${index + 1}`] ?? 0);
    return { stage, reached, advanced, conversion: stage === 'won' ? null : ratio(advanced, reached) };
  });
}

/**
 * Average days per open stage, from the history timestamps: each stay begins when the opportunity
 * entered the stage and ends at its next stage change. Stays that began in the period and have
 * ended count (a stay still going has no length yet).
 */
export async function averageDaysPerStage(ctx: Ctx, filters: PeriodFilters): Promise<Funnel['daysPerStage']> {
  const { start, end } = await periodInstants(ctx, filters);
  const result = await ctx.db.execute<{ stage: string; days: string | number | null; stays: number }>(sql`
    with candidates as (
      select distinct h.opportunity_id as id
        from opportunity_stage_history h
        join opportunities on "opportunities"."id" = h.opportunity_id
       where h.at >= ${start} and h.at < ${end} and ${scope(ctx, filters)}
    ),
    stays as (
      select h.to_stage as stage, h.at, lead(h.at) over (partition by h.opportunity_id order by h.at, h.id) as left_at
        from opportunity_stage_history h
        join candidates c on c.id = h.opportunity_id
    )
    select stage, avg(extract(epoch from left_at - at)) / 86400 as days, count(*)::int as stays
      from stays
     where left_at is not null and at >= ${start} and at < ${end} and stage = any(${OPEN_ARRAY})
     group by stage`);
  const byStage = new Map(result.rows.map((row) => [row.stage, row]));
  return OPEN_STAGES.map((stage) => {
    const row = byStage.get(stage);
    return { stage, averageDays: row ? oneDecimal(row.days) : null, stays: row?.stays ?? 0 };
  });
}

/** Win rate and average sales cycle of the opportunities closed in the period. */
export async function winRate(ctx: Ctx, filters: PeriodFilters): Promise<Pick<Funnel, 'won' | 'lost' | 'winRate' | 'averageCycleDays'>> {
  const { start, end } = await periodInstants(ctx, filters);
  const result = await ctx.db.execute<{ won: number; lost: number; cycle: string | number | null }>(sql`
    select count(*) filter (where "opportunities"."stage" = 'won')::int as won,
           count(*) filter (where "opportunities"."stage" = 'lost')::int as lost,
           avg(extract(epoch from "opportunities"."closed_at" - "opportunities"."created_at")) filter (where "opportunities"."stage" = 'won') / 86400 as cycle
      from opportunities
     where "opportunities"."closed_at" >= ${start} and "opportunities"."closed_at" < ${end} and ${scope(ctx, filters)}`);
  const row = result.rows[0]!;
  return { won: row.won, lost: row.lost, winRate: ratio(row.won, row.won + row.lost), averageCycleDays: oneDecimal(row.cycle) };
}

/** Open opportunities now: count, Σ amount and weighted pipeline Σ amount × probability. */
export async function weightedPipeline(ctx: Ctx, filters: { ownerId?: string; teamId?: string }): Promise<Funnel['pipeline']> {
  const result = await ctx.db.execute<{ count: number; amount: number | string; weighted: number | string }>(sql`
    select count(*)::int as count,
           coalesce(sum("opportunities"."amount_cents"), 0)::bigint as amount,
           coalesce(round(sum("opportunities"."amount_cents"::numeric * "opportunities"."probability") / 100), 0)::bigint as weighted
      from opportunities
     where "opportunities"."closed_at" is null and ${scope(ctx, filters)}`);
  const row = result.rows[0]!;
  return { count: row.count, amountCents: Number(row.amount), weightedCents: Number(row.weighted) };
}

/** Default period: the 90 days up to today in the company zone. */
export async function defaultPeriod(ctx: Ctx, query: FunnelQuery): Promise<PeriodFilters> {
  const { timeZone } = await getSettings(ctx.db);
  const today = calendarDay(ctx.now, timeZone);
  const to = query.to ?? dateOf(today);
  const from = query.from ?? dateOf(addDays(dayNumber(to), -89));
  return { from, to, ownerId: query.ownerId, teamId: query.teamId };
}

/** The analytics page's figures in one call. */
export async function funnelReport(ctx: Ctx, query: FunnelQuery): Promise<Funnel> {
  opportunitiesAccess.require(ctx.actor, 'read');
  const period = await defaultPeriod(ctx, query);
  const [stages, daysPerStage, closed, pipeline] = await Promise.all([
    funnelConversion(ctx, period),
    averageDaysPerStage(ctx, period),
    winRate(ctx, period),
    weightedPipeline(ctx, period),
  ]);
  return { from: period.from, to: period.to, stages, daysPerStage, ...closed, pipeline };
}

function monthsFrom(first: string, count: number): string[] {
  const [year, month] = first.split('-').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year!, month! - 1 + index, 1));
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/**
 * Forecast by month (expected close month; for won deals the month they closed) per rep or team,
 * in the categories of forecast-categories.ts (issue 16): won; commit = won + commit deals; best
 * case = commit + best-case deals (so never below commit); pipeline = Σ amount of everything open.
 */
export async function forecast(ctx: Ctx, query: ForecastQuery): Promise<Forecast> {
  opportunitiesAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const fromMonth = query.fromMonth ?? dateOf(calendarDay(ctx.now, timeZone)).slice(0, 7);
  const months = monthsFrom(fromMonth, query.months);
  const first = monthRange(months[0]!).first;
  const last = monthRange(months.at(-1)!).last;
  const start = startOfCalendarDay(dayNumber(first), timeZone);
  const end = startOfCalendarDay(addDays(dayNumber(last), 1), timeZone);
  const groupColumn = query.groupBy === 'owner' ? sql`"opportunities"."owner_id"` : sql`"opportunities"."team_id"`;
  const groupName =
    query.groupBy === 'owner'
      ? sql`(select display_name from users where id = f.group_id)`
      : sql`(select name from org_units where id = f.group_id)`;
  // Summed per stage and probability; the categories are decided in one place (forecastCategory).
  const result = await ctx.db.execute<{
    month: string;
    group_id: string | null;
    group_name: string | null;
    stage: OpportunityStage;
    probability: number;
    amount: number | string;
    count: number;
  }>(sql`
    with f as (
      select to_char(case when "opportunities"."stage" = 'won' then ("opportunities"."closed_at" at time zone ${timeZone})::date else "opportunities"."expected_close_on" end, 'YYYY-MM') as month,
             ${groupColumn} as group_id,
             "opportunities"."stage" as stage, "opportunities"."amount_cents" as amount, "opportunities"."probability" as probability
        from opportunities
       where ${scope(ctx, query)}
         and (("opportunities"."stage" = 'won' and "opportunities"."closed_at" >= ${start} and "opportunities"."closed_at" < ${end})
           or ("opportunities"."closed_at" is null and "opportunities"."expected_close_on" between ${first} and ${last}))
    )
    select f.month, f.group_id, ${groupName} as group_name, f.stage, f.probability,
           coalesce(sum(amount), 0)::bigint as amount, count(*)::int as count
      from f
     group by f.month, f.group_id, f.stage, f.probability
     order by f.month, group_name nulls last`);
  const groups = new Map<string, { month: string; groupId: string | null; groupName: string | null; deals: Deal[] }>();
  for (const row of result.rows) {
    const key = `${row.month}|${row.group_id ?? ''}`;
    const group = groups.get(key) ?? { month: row.month, groupId: row.group_id, groupName: row.group_name, deals: [] };
    group.deals.push({ stage: row.stage, probability: row.probability, amountCents: Number(row.amount), count: row.count });
    groups.set(key, group);
  }
  const rows = [...groups.values()].map(({ deals, ...group }) => ({ ...group, ...rollUpForecast(deals) }));
  const totals = months.map((month) => ({
    month,
    ...rollUpForecast([...groups.values()].filter((group) => group.month === month).flatMap((group) => group.deals)),
  }));
  return { months, groupBy: query.groupBy, rows, totals };
}

/**
 * Open pipeline by stage (M5 cockpit): count, Σ amount and weighted Σ amount × probability, from the
 * opportunity list's own filter function, so the list opened with `stage` shows the same rows.
 */
export async function pipelineByStage(
  ctx: Ctx,
  filters: { teamId?: string; productLineId?: string } = {},
): Promise<{ stage: OpportunityStage; count: number; amountCents: number; weightedCents: number }[]> {
  // No unit and no product line (every role's cockpit by default): the trigger-kept per-owner open totals
  // (opportunity_stage_totals, migration 0010, as the board reads them) — a few thousand rows instead of
  // every open opportunity. The cockpit's recompute test compares both paths with the list.
  if (!filters.teamId && !filters.productLineId) {
    opportunitiesAccess.require(ctx.actor, 'read');
    const totals = await ctx.db.execute<{ stage: OpportunityStage; count: number; amount: string; weighted: string }>(sql`
      select t.stage, sum(t.open_count)::int as count, coalesce(sum(t.amount_cents), 0)::bigint as amount,
             coalesce(round(sum(t.weighted_cents) / 100), 0)::bigint as weighted
        from opportunity_stage_totals t
       where t.stage = any(${OPEN_ARRAY}) and ${opportunitiesAccess.where(ctx.actor, 'read', sql`t.owner_id`)}
       group by 1`);
    return stageRows(totals.rows);
  }
  // With a product line: the opportunities with products in it, valued at those products only (the list's filter and total).
  const amount = filters.productLineId ? opportunityLineAmount(filters.productLineId) : sql`"opportunities"."amount_cents"`;
  const where = filters.productLineId
    ? and(scope(ctx, filters), sql`${opportunityLineAmount(filters.productLineId)} > 0`)!
    : scope(ctx, filters);
  const result = await ctx.db.execute<{ stage: OpportunityStage; count: number; amount: string; weighted: string }>(sql`
    select "opportunities"."stage" as stage, count(*)::int as count,
           coalesce(sum(${amount}), 0)::bigint as amount,
           coalesce(round(sum(${amount}::numeric * "opportunities"."probability") / 100), 0)::bigint as weighted
      from opportunities
     where "opportunities"."stage" = any(${OPEN_ARRAY}) and ${where}
     group by 1`);
  return stageRows(result.rows);
}

/** Every open stage in order, zero where no row. */
function stageRows(rows: { stage: OpportunityStage; count: number; amount: string; weighted: string }[]) {
  const byStage = new Map(rows.map((row) => [row.stage, row]));
  return OPEN_STAGES.map((stage) => {
    const row = byStage.get(stage);
    return { stage, count: row?.count ?? 0, amountCents: Number(row?.amount ?? 0), weightedCents: Number(row?.weighted ?? 0) };
  });
}
