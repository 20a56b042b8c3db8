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
  const where = and(...filters)!;
  const offset = query.stage ? query.offset : 0;
  const narrow = sql`select "opportunities"."id", "opportunities"."stage", "opportunities"."rank", "opportunities"."updated_at", "opportunities"."amount_cents", "opportunities"."probability" from opportunities`;
  // Open, or closed in the last N days: two arms, each an index range on (closed_at, owner_id), so
  // a manager's years of closed deals are never read. With a close month or range: one arm.
  const cutoff = new Date(ctx.now.getTime() - closedWithinDays * 86_400_000);
  const rows =
    query.closeMonth || query.closeFrom || query.closeTo
      ? sql`${narrow} where ${where}`
      : sql`${narrow} where "opportunities"."closed_at" is null and ${where} union all ${narrow} where "opportunities"."closed_at" >= ${cutoff} and ${where}`;
  const result = await ctx.db.execute<BoardRow>(sql`
    /* no-prepare */ with board as (${rows}),
    scoped as (
      select id, stage,
             row_number() over (partition by stage order by rank, updated_at desc, id) as rn,
             count(*) over (partition by stage) as n,
             sum(amount_cents) over (partition by stage) as amount,
             sum(amount_cents::numeric * probability) over (partition by stage) as weighted
        from board
    )
    select scoped.stage as "_stage", scoped.n::int as "_count", scoped.amount::bigint as "_amount", round(scoped.weighted / 100)::bigint as "_weighted", card.*
      from scoped
      -- A lateral lookup by primary key per shown card (offset 0 keeps it one): never a scan of the table.
      cross join lateral (select ${cardColumns(ctx)} from opportunities ${CARD_JOINS} where "opportunities"."id" = scoped.id offset 0) card
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
