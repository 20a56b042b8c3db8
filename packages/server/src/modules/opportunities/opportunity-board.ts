import { and, sql, type SQL } from 'drizzle-orm';
import { OPPORTUNITY_STAGES, type Board, type BoardQuery, type OpportunityStage } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { opportunitiesAccess } from './opportunities.access.js';
import { getOpportunitySettings } from './opportunities.settings.js';
import {
  CARD_JOINS,
  cardColumns,
  opportunityFilters,
  presenter,
  selectedFromRaw,
  type SelectedOpportunity,
} from './opportunities.service.js';

type BoardRow = Parameters<typeof selectedFromRaw>[0] & { _stage: OpportunityStage };

/**
 * The kanban board in two queries run side by side, the caller's scope and filters inside both:
 * per-stage totals (count, Σ amount, Σ amount × probability) as a GROUP BY over the covering
 * (owner_id, closed_at, …) index — no sort of the whole scope — and, per column, the requested
 * slice of cards in column order (rank, most recently updated first) from the (stage, rank)
 * index, each joined by primary key to customers/users. Won and lost columns hold what closed in
 * the last N days unless a close month or range is chosen (the history of closed deals is the list's job).
 */
export async function getBoard(ctx: Ctx, query: BoardQuery): Promise<Board> {
  opportunitiesAccess.require(ctx.actor, 'read');
  const [settings, present] = await Promise.all([getOpportunitySettings(ctx.db), presenter(ctx)]);
  const closedWithinDays = query.closedWithinDays ?? settings.boardClosedDays;
  const where = and(...opportunityFilters(ctx, query))!;
  const offset = query.stage ? query.offset : 0;
  const stages = query.stage ? [query.stage] : [...OPPORTUNITY_STAGES];
  const cutoff = new Date(ctx.now.getTime() - closedWithinDays * 86_400_000);
  const byCloseDate = Boolean(query.closeMonth || query.closeFrom || query.closeTo);
  const stageList = (list: readonly string[]) => sql`${`{${list.join(',')}}`}::text[]`;
  const totalsOf = (arm: SQL, list: readonly string[]) => sql`
    select stage as "_stage", count(*)::int as "_count", sum(amount_cents)::bigint as "_amount", round(sum(amount_cents * probability) / 100)::bigint as "_weighted"
      from opportunities where ${arm} and "opportunities"."stage" = any(${stageList(list)}) and ${where} group by stage`;
  const openStages = stages.filter((stage) => stage !== 'won' && stage !== 'lost');
  const closedStages = stages.filter((stage) => stage === 'won' || stage === 'lost');
  // Open columns with no filter but scope and owner: the trigger-kept per-owner totals
  // (opportunity_stage_totals, migration 0010) — a few hundred rows instead of the whole pipeline.
  const plainScope =
    !byCloseDate && !query.q && !query.customerId && !query.teamId && query.amountMin === undefined && query.amountMax === undefined;
  const openTotals = plainScope
    ? sql`select stage as "_stage", sum(open_count)::int as "_count", sum(amount_cents)::bigint as "_amount", round(sum(weighted_cents) / 100)::bigint as "_weighted"
            from opportunity_stage_totals t
           where t.stage = any(${stageList(openStages)}) and ${opportunitiesAccess.where(ctx.actor, 'read', sql`t.owner_id`)}
                 ${query.ownerId ? sql`and t.owner_id = ${query.ownerId}` : sql``}
           group by stage`
    : totalsOf(sql`"opportunities"."closed_at" is null`, openStages);
  // Open, or closed in the last N days: two arms, each an index range on (owner_id, closed_at), so
  // a manager's years of closed deals are never read. With a close month or range: one arm.
  const totals = byCloseDate
    ? totalsOf(sql`true`, stages)
    : sql`${openTotals} union all ${totalsOf(sql`"opportunities"."closed_at" >= ${cutoff}`, closedStages)}`;
  const shown = byCloseDate ? sql`true` : sql`("opportunities"."closed_at" is null or "opportunities"."closed_at" >= ${cutoff})`;
  const [counted, carded] = await Promise.all([
    ctx.db.execute<{ _stage: OpportunityStage; _count: number; _amount: string | number; _weighted: string | number }>(
      sql`/* no-prepare */ ${totals}`,
    ),
    ctx.db.execute<BoardRow>(sql`
      /* no-prepare */ select st.stage as "_stage", card.*
        from unnest(${stageList(stages)}) with ordinality as st(stage, position)
        cross join lateral (
          select "opportunities"."id", "opportunities"."rank", "opportunities"."updated_at" from opportunities
           where "opportunities"."stage" = st.stage and ${shown} and ${where}
           order by "opportunities"."rank", "opportunities"."updated_at" desc, "opportunities"."id"
           limit ${query.limit} offset ${offset}) pick
        -- A lookup by primary key per shown card (offset 0 keeps it one): never a scan of the table.
        cross join lateral (select ${cardColumns(ctx)} from opportunities ${CARD_JOINS} where "opportunities"."id" = pick.id offset 0) card
       order by st.position, pick.rank, pick.updated_at desc, pick.id`),
  ]);
  const totalsByStage = new Map<OpportunityStage, { count: number; amountCents: number; weightedCents: number }>();
  for (const row of counted.rows) {
    const total = totalsByStage.get(row._stage) ?? { count: 0, amountCents: 0, weightedCents: 0 };
    total.count += row._count;
    total.amountCents += Number(row._amount);
    total.weightedCents += Number(row._weighted);
    totalsByStage.set(row._stage, total);
  }
  const cards = new Map<OpportunityStage, SelectedOpportunity[]>();
  for (const row of carded.rows) {
    const list = cards.get(row._stage) ?? [];
    list.push(selectedFromRaw(row));
    cards.set(row._stage, list);
  }
  return {
    closedWithinDays,
    columns: stages.map((stage) => {
      const total = totalsByStage.get(stage);
      const shownCards = cards.get(stage) ?? [];
      return {
        stage,
        count: total?.count ?? 0,
        amountCents: total?.amountCents ?? 0,
        weightedCents: total?.weightedCents ?? 0,
        probability: settings.probabilities[stage],
        cards: shownCards.map(present),
        hasMore: offset + shownCards.length < (total?.count ?? 0),
      };
    }),
  };
}
