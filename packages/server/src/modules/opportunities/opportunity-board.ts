import { and, sql } from 'drizzle-orm';
import { OPPORTUNITY_STAGES, type Board, type BoardQuery, type OpportunityStage } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { opportunities } from './opportunities.schema.js';
import { opportunitiesAccess } from './opportunities.access.js';
import { getOpportunitySettings } from './opportunities.settings.js';
import { CARD_JOINS, cardColumns, opportunityFilters, presenter, selectedFromRaw, type SelectedOpportunity } from './opportunities.service.js';

type BoardRow = Parameters<typeof selectedFromRaw>[0] & { _stage: OpportunityStage; _count: number; _amount: number | string; _weighted: number | string };

/**
 * The kanban board in ONE query: the caller's scope and filters inside, then per stage (window
 * functions over `partition by stage`) the count, Σ amount, Σ amount × probability and a
 * row_number in column order (rank, most recently updated first) — only the requested slice of
 * each column is joined to customers/users and returned. Won and lost columns hold what closed in
 * the last N days unless a close month or range is chosen (the history of closed deals is the list's job).
 */
export async function getBoard(ctx: Ctx, query: BoardQuery): Promise<Board> {
  opportunitiesAccess.require(ctx.actor, 'read');
  const [settings, present] = await Promise.all([getOpportunitySettings(ctx.db), presenter(ctx)]);
  const closedWithinDays = query.closedWithinDays ?? settings.boardClosedDays;
  const filters = opportunityFilters(ctx, query);
  if (query.stage) filters.push(sql`${opportunities.stage} = ${query.stage}`);
  if (!query.closeMonth && !query.closeFrom && !query.closeTo) {
    const cutoff = new Date(ctx.now.getTime() - closedWithinDays * 86_400_000);
    filters.push(sql`(${opportunities.closedAt} is null or ${opportunities.closedAt} >= ${cutoff})`);
  }
  const offset = query.stage ? query.offset : 0;
  const result = await ctx.db.execute<BoardRow>(sql`
    /* no-prepare */ with scoped as (
      select "opportunities"."id" as id, "opportunities"."stage" as stage,
             row_number() over (partition by "opportunities"."stage" order by "opportunities"."rank", "opportunities"."updated_at" desc, "opportunities"."id") as rn,
             count(*) over (partition by "opportunities"."stage") as n,
             sum("opportunities"."amount_cents") over (partition by "opportunities"."stage") as amount,
             sum("opportunities"."amount_cents"::numeric * "opportunities"."probability") over (partition by "opportunities"."stage") as weighted
        from opportunities
       where ${and(...filters)}
    )
    select scoped.stage as "_stage", scoped.n::int as "_count", scoped.amount::bigint as "_amount", round(scoped.weighted / 100)::bigint as "_weighted", ${cardColumns(ctx)}
      from scoped
      join opportunities on "opportunities"."id" = scoped.id
      ${CARD_JOINS}
     where scoped.rn > ${offset} and scoped.rn <= ${offset + query.limit}
     order by scoped.stage, scoped.rn`);
  const columns = new Map<OpportunityStage, { count: number; amountCents: number; weightedCents: number; cards: SelectedOpportunity[] }>();
  for (const row of result.rows) {
    let column = columns.get(row._stage);
    if (!column) {
      column = { count: row._count, amountCents: Number(row._amount), weightedCents: Number(row._weighted), cards: [] };
      columns.set(row._stage, column);
    }
    column.cards.push(selectedFromRaw(row));
  }
  const stages = query.stage ? [query.stage] : OPPORTUNITY_STAGES;
  return {
    closedWithinDays,
    columns: stages.map((stage) => {
      const column = columns.get(stage);
      return {
        stage,
        count: column?.count ?? 0,
        amountCents: column?.amountCents ?? 0,
        weightedCents: column?.weightedCents ?? 0,
        probability: settings.probabilities[stage],
        cards: (column?.cards ?? []).map(present),
        hasMore: column ? offset + column.cards.length < column.count : false,
      };
    }),
  };
}
