import { COUNT_CAP, cappedCount } from '../../platform/db/capped-count.js';
import { and, asc, desc, eq, getTableColumns, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  OPPORTUNITY_STAGES,
  type GateRequirement,
  type Opportunity,
  type OpportunityCreate,
  type OpportunityDetail,
  type OpportunityListQuery,
  type OpportunityMove,
  type OpportunitySettings,
  type OpportunityStage,
  type OpportunityUpdate,
  type ProductOption,
  type StageHistoryEntry,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { iso, parsePgTimestamp, type Executor, type Tx } from '../../platform/db/client.js';
import { escapeLike } from '../../platform/db/like.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { staleVersion } from '../../platform/audit/stale-version.js';
import { abilitySql } from '../../platform/access/index.js';
import { getSettings } from '../../platform/settings/settings.js';
import { users } from '../org/index.js';
import { customerInScope } from '../customers/index.js';
import { products } from '../products/index.js';
import { opportunities, opportunityProducts, opportunityStageHistory } from './opportunities.schema.js';
import { opportunitiesAccess } from './opportunities.access.js';
import { presentOpportunity, type OpportunityRecord } from './opportunities.presenter.js';
import { getOpportunitySettings } from './opportunities.settings.js';
import { checkStageGate, type GateFacts } from './stage-gates.js';
import { rankAtBottom, rankAtTop, rankBetween, RANK_GAP } from './board-rank.js';

// ------------------------------------------------------------------ reading

/** Totals above this are reported as capped (as for customers). */
export { COUNT_CAP } from '../../platform/db/capped-count.js';

// The read path as one SQL text (as customers do): the builder costs more than the query.
const COLUMN_LIST = sql.raw(
  Object.entries(getTableColumns(opportunities))
    .map(([key, column]) => `"opportunities"."${column.name}" as "${key}"`)
    .join(', '),
);
const TIMESTAMP_KEYS = Object.entries(getTableColumns(opportunities))
  .filter(([, column]) => column.columnType === 'PgTimestamp')
  .map(([key]) => key as keyof OpportunityRecord);

export interface SelectedOpportunity {
  record: OpportunityRecord;
  customerName: string;
  ownerName: string;
  teamName: string | null;
  canUpdate: boolean;
}

type RawRow = OpportunityRecord & {
  _customerName: string;
  _ownerName: string;
  _teamName: string | null;
  _canUpdate: boolean;
  _total?: number;
};

/** Driver rows (timestamps as text) → records with Dates and the joined names. */
export function selectedFromRaw(row: RawRow): SelectedOpportunity {
  for (const key of TIMESTAMP_KEYS) {
    const value = row[key];
    if (typeof value === 'string') (row as Record<string, unknown>)[key] = parsePgTimestamp(value);
  }
  return { record: row, customerName: row._customerName, ownerName: row._ownerName, teamName: row._teamName, canUpdate: row._canUpdate };
}

/** The card/row columns: the opportunity, its customer, owner and team names, the caller's write ability. */
export function cardColumns(ctx: Ctx): SQL {
  return sql`${COLUMN_LIST}, opp_c.name as "_customerName", opp_u.display_name as "_ownerName", opp_t.name as "_teamName",
    coalesce((${opportunitiesAccess.where(ctx.actor, 'write', opportunities.ownerId)}), false) as "_canUpdate"`;
}
export const CARD_JOINS = sql`join customers opp_c on opp_c.id = "opportunities"."customer_id"
  join users opp_u on opp_u.id = "opportunities"."owner_id"
  left join org_units opp_t on opp_t.id = "opportunities"."team_id"`;

interface OpportunityQuery {
  where: SQL;
  withTotal?: boolean;
  orderBy?: SQL[];
  limit?: number;
  offset?: number;
}

async function queryOpportunities(
  ctx: Ctx,
  query: OpportunityQuery,
  executor: Executor = ctx.db,
): Promise<(SelectedOpportunity & { total?: number })[]> {
  const result = await executor.execute<RawRow>(sql`
    /* no-prepare */ select ${cardColumns(ctx)}
      ${query.withTotal ? sql`, (select count(*)::int from (select 1 from opportunities where ${query.where} limit ${COUNT_CAP + 1}) counted) as "_total"` : sql``}
      from opportunities ${CARD_JOINS}
     where ${query.where}
     ${query.orderBy ? sql`order by ${sql.join(query.orderBy, sql`, `)}` : sql``}
     ${query.limit !== undefined ? sql`limit ${query.limit}` : sql``}
     ${query.offset ? sql`offset ${query.offset}` : sql``}`);
  return result.rows.map((row) => ({ ...selectedFromRaw(row), total: row._total }));
}

/** Presents rows for this caller (company time zone for days-in-stage). */
export async function presenter(ctx: Ctx): Promise<(row: SelectedOpportunity) => Opportunity> {
  const { timeZone } = await getSettings(ctx.db);
  return (row) => presentOpportunity(row.record, row, ctx.now, timeZone);
}

/** R-SEC-1 read predicate for opportunities. */
export const opportunityReadScope = (ctx: Ctx): SQL => opportunitiesAccess.where(ctx.actor, 'read', opportunities.ownerId);

const STAGE_ORDER = sql.raw(
  `array_position(array[${OPPORTUNITY_STAGES.map((stage) => `'${stage}'`).join(',')}]::text[], "opportunities"."stage")`,
);

export const SORTS: Record<OpportunityListQuery['sort'], SQL[]> = {
  name: [asc(opportunities.name)],
  '-name': [desc(opportunities.name)],
  amount: [asc(opportunities.amountCents)],
  '-amount': [desc(opportunities.amountCents)],
  expectedCloseOn: [sql`${opportunities.expectedCloseOn} asc nulls last`],
  '-expectedCloseOn': [sql`${opportunities.expectedCloseOn} desc nulls last`],
  probability: [asc(opportunities.probability)],
  '-probability': [desc(opportunities.probability)],
  stage: [sql`${STAGE_ORDER} asc`],
  '-stage': [sql`${STAGE_ORDER} desc`],
  createdAt: [asc(opportunities.createdAt)],
  '-createdAt': [desc(opportunities.createdAt)],
  updatedAt: [asc(opportunities.updatedAt)],
  '-updatedAt': [desc(opportunities.updatedAt)],
};

/** First and last day of a `YYYY-MM` month. */
export function monthRange(month: string): { first: string; last: string } {
  const [year, mon] = month.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year!, mon!, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(lastDay).padStart(2, '0')}` };
}

export type OpportunityFilterInput = Partial<
  Pick<
    OpportunityListQuery,
    'q' | 'ownerId' | 'teamId' | 'customerId' | 'closeFrom' | 'closeTo' | 'closeMonth' | 'amountMin' | 'amountMax' | 'productLineId'
  >
>;

/**
 * An opportunity's amount in one product line: Σ of its products whose category belongs to the line.
 * The list's product-line filter keeps opportunities where this is above zero and totals it, so the
 * cockpit's pipeline under a product-line filter equals the list opened with it (issue 18 item 3).
 */
export function opportunityLineAmount(productLineId: string): SQL {
  return sql`(select coalesce(sum(op.amount_cents), 0)
                from opportunity_products op
                join products p on p.id = op.product_id
                join product_categories pc on pc.id = p.category_id
               where op.opportunity_id = ${opportunities.id} and pc.line_id = ${productLineId})`;
}

/** Filters shared by the list and the board, with the caller's read scope, applied inside the query. */
export function opportunityFilters(ctx: Ctx, query: OpportunityFilterInput): SQL[] {
  const filters: SQL[] = [opportunityReadScope(ctx)];
  if (query.ownerId) filters.push(eq(opportunities.ownerId, query.ownerId));
  if (query.teamId)
    filters.push(
      sql`${opportunities.teamId} in (select id from org_units where path like (select path from org_units where id = ${query.teamId}) || '%')`,
    );
  if (query.customerId) filters.push(eq(opportunities.customerId, query.customerId));
  if (query.closeFrom) filters.push(gte(opportunities.expectedCloseOn, query.closeFrom));
  if (query.closeTo) filters.push(lte(opportunities.expectedCloseOn, query.closeTo));
  if (query.closeMonth) {
    const { first, last } = monthRange(query.closeMonth);
    filters.push(sql`${opportunities.expectedCloseOn} between ${first} and ${last}`);
  }
  if (query.amountMin !== undefined) filters.push(gte(opportunities.amountCents, query.amountMin));
  if (query.amountMax !== undefined) filters.push(lte(opportunities.amountCents, query.amountMax));
  if (query.productLineId) filters.push(sql`${opportunityLineAmount(query.productLineId)} > 0`);
  if (query.q) {
    // Name or customer name: ILIKE served by pg_trgm GIN indexes on both names.
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(
      or(
        ilike(opportunities.name, pattern),
        sql`${opportunities.customerId} in (select sc.id from customers sc where sc.name ilike ${pattern})`,
      )!,
    );
  }
  return filters;
}

/** A page of opportunities in the caller's scope: filtered, sorted and paged in SQL. */
export async function listOpportunities(ctx: Ctx, query: OpportunityListQuery) {
  opportunitiesAccess.require(ctx.actor, 'read');
  const filters = opportunityFilters(ctx, query);
  if (query.stage) filters.push(eq(opportunities.stage, query.stage));
  if (query.open !== undefined)
    filters.push(query.open ? sql`${opportunities.closedAt} is null` : sql`${opportunities.closedAt} is not null`);
  const where = and(...filters)!;
  const [rows, present, lineAmount] = await Promise.all([
    queryOpportunities(ctx, {
      where,
      withTotal: true,
      orderBy: [...SORTS[query.sort], query.sort.startsWith('-') ? desc(opportunities.id) : asc(opportunities.id)],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }),
    presenter(ctx),
    query.productLineId
      ? ctx.db.execute<{ s: string }>(
          sql`select coalesce(sum(${opportunityLineAmount(query.productLineId)}), 0)::bigint as s from opportunities where ${where}`,
        )
      : null,
  ]);
  let total = rows[0]?.total ?? 0;
  // A page past the end has no row to carry the total: count on its own.
  if (!rows.length && query.page > 1) {
    const counted = await cappedCount(ctx.db, sql`from opportunities where ${where}`);
    total = counted.capped ? COUNT_CAP + 1 : counted.total;
  }
  return {
    items: rows.map(present),
    total: Math.min(total, COUNT_CAP),
    capped: total > COUNT_CAP,
    page: query.page,
    pageSize: query.pageSize,
    ...(lineAmount ? { productLineAmountCents: Number(lineAmount.rows[0]!.s) } : {}),
  };
}

async function loadRow(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<SelectedOpportunity> {
  opportunitiesAccess.require(ctx.actor, 'read');
  const [row] = await queryOpportunities(ctx, { where: and(eq(opportunities.id, id), opportunityReadScope(ctx))! }, executor);
  if (!row) throw notFound('opportunity');
  return row;
}

/**
 * OPP-GATE `quote`: live quotes of the opportunity. The quotes module depends on this one (a quote
 * may belong to an opportunity), so it cannot be imported here; this reads its table by the columns
 * its schema documents (opportunity_id, status).
 */
async function liveQuoteCount(executor: Executor, opportunityId: string): Promise<number> {
  const result = await executor.execute<{ n: number }>(
    sql`select count(*)::int as n from quotes where opportunity_id = ${opportunityId} and status not in ('rejected', 'declined', 'expired')`,
  );
  return result.rows[0]!.n;
}

async function productLines(executor: Executor, opportunityId: string) {
  return executor
    .select({
      productId: opportunityProducts.productId,
      productCode: products.code,
      productName: products.name,
      productNameEn: products.nameEn,
      unit: products.unit,
      listPriceCents: products.listPriceCents,
      quantity: opportunityProducts.quantity,
      amountCents: opportunityProducts.amountCents,
    })
    .from(opportunityProducts)
    .innerJoin(products, eq(products.id, opportunityProducts.productId))
    .where(eq(opportunityProducts.opportunityId, opportunityId))
    .orderBy(asc(products.code));
}

/** One opportunity with its products, live quotes and, per stage, what its gate still misses. */
export async function getOpportunity(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<OpportunityDetail> {
  const row = await loadRow(ctx, id, executor);
  const [lines, quotes, settings, present] = await Promise.all([
    productLines(executor, id),
    liveQuoteCount(executor, id),
    getOpportunitySettings(executor),
    presenter(ctx),
  ]);
  const record = row.record;
  const facts: GateFacts = {
    amountCents: record.amountCents,
    expectedCloseOn: record.expectedCloseOn,
    productCount: lines.length,
    nextStep: record.nextStep,
    liveQuoteCount: quotes,
  };
  const gates = Object.fromEntries(
    OPPORTUNITY_STAGES.map((stage) => [stage, checkStageGate(settings.gates, record.stage, stage, facts).missing]),
  ) as Record<OpportunityStage, GateRequirement[]>;
  return { ...present(row), products: lines, liveQuoteCount: quotes, gates };
}

/** The stage history, oldest first, with the days spent in each stage (the current one until now). */
export async function stageHistory(ctx: Ctx, id: string): Promise<StageHistoryEntry[]> {
  await loadRow(ctx, id);
  const actor = alias(users, 'actor');
  const rows = await ctx.db
    .select({ h: opportunityStageHistory, actorName: actor.displayName })
    .from(opportunityStageHistory)
    .leftJoin(actor, eq(actor.id, opportunityStageHistory.actorId))
    .where(eq(opportunityStageHistory.opportunityId, id))
    .orderBy(asc(opportunityStageHistory.at), asc(opportunityStageHistory.id));
  return rows.map(({ h, actorName }, index) => {
    const next = rows[index + 1];
    const end = next ? next.h.at : ctx.now;
    return {
      id: h.id,
      fromStage: h.fromStage as OpportunityStage | null,
      toStage: h.toStage as OpportunityStage,
      at: iso(h.at)!,
      actorName,
      days: Math.round(Math.max(0, end.getTime() - h.at.getTime()) / 8_640_000) / 10,
      current: !next,
    };
  });
}

/** Active products matching a search, for the opportunity form's product picker. */
export async function productOptions(ctx: Ctx, q: string | undefined): Promise<ProductOption[]> {
  opportunitiesAccess.require(ctx.actor, 'read');
  const pattern = q ? `%${escapeLike(q)}%` : null;
  return ctx.db
    .select({ id: products.id, code: products.code, name: products.name, unit: products.unit, listPriceCents: products.listPriceCents })
    .from(products)
    .where(and(eq(products.active, true), pattern ? or(ilike(products.name, pattern), ilike(products.code, pattern)) : undefined))
    .orderBy(asc(products.code))
    .limit(30);
}

// ------------------------------------------------------------------ writing: checks

async function ownerTeam(ctx: Ctx, executor: Executor, ownerId: string): Promise<string | null> {
  const [row] = await executor
    .select({
      orgUnitId: users.orgUnitId,
      disabled: users.disabled,
      inScope: abilitySql(opportunitiesAccess.where(ctx.actor, 'write', users.id)),
    })
    .from(users)
    .where(eq(users.id, ownerId));
  if (!row || row.disabled) throw badRequest('body.ownerId', 'no such active user');
  if (ownerId !== ctx.actor.id && !row.inScope) throw badRequest('body.ownerId', 'that user is outside your team');
  return row.orgUnitId;
}

/** The customer must be one the caller may read (R-SEC-1). */
async function checkCustomer(ctx: Ctx, executor: Executor, customerId: string): Promise<string> {
  return (await customerInScope(ctx, executor, customerId)).name;
}

/** Products must exist and be active (those already on the opportunity may stay after deactivation). */
async function checkProducts(executor: Executor, lines: OpportunityCreate['products'], keep: Set<string> = new Set()): Promise<void> {
  if (!lines.length) return;
  const rows = await executor
    .select({ id: products.id, active: products.active })
    .from(products)
    .where(
      inArray(
        products.id,
        lines.map((line) => line.productId),
      ),
    );
  const usable = new Set(rows.filter((row) => row.active || keep.has(row.id)).map((row) => row.id));
  const index = lines.findIndex((line) => !usable.has(line.productId));
  if (index >= 0) throw badRequest(`body.products.${index}.productId`, 'no such active product');
}

/** A lost opportunity needs a reason from the configured list. */
function checkLostReason(settings: OpportunitySettings, reason: string | null | undefined): string {
  if (!reason) throw badRequest('body.lostReason', 'a lost opportunity needs a reason');
  if (!settings.lostReasons.some((item) => item.code === reason))
    throw badRequest('body.lostReason', 'not one of the configured lost reasons');
  return reason;
}

export class StageGateError extends AppError {
  constructor(stage: OpportunityStage, missing: GateRequirement[]) {
    super('rule', `moving to ${stage} needs: ${missing.join(', ')}`, { rule: 'OPP-GATE', field: 'body.stage', data: { stage, missing } });
  }
}

// ------------------------------------------------------------------ writing: board order

async function lockColumn(tx: Tx, stage: OpportunityStage): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`opportunities.rank:${stage}`}))`);
}

/** Renumbers a column RANK_GAP apart in its current order (ranks only: no version or updated_at change). */
async function renumberColumn(tx: Tx, stage: OpportunityStage): Promise<void> {
  await tx.execute(sql`
    update opportunities o set rank = r.n * ${RANK_GAP}
      from (select id, (row_number() over (order by rank, updated_at desc, id) - 1)::int as n from opportunities where stage = ${stage}) r
     where o.id = r.id and o.rank <> r.n * ${RANK_GAP}`);
}

async function edgeRank(tx: Tx, stage: OpportunityStage, edge: 'top' | 'bottom', excludeId: string | null): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const result = await tx.execute<{ r: number | null }>(
      sql`select ${edge === 'top' ? sql`min(rank)` : sql`max(rank)`} as r from opportunities where stage = ${stage} ${excludeId ? sql`and id <> ${excludeId}` : sql``}`,
    );
    const current = result.rows[0]?.r ?? null;
    const rank = edge === 'top' ? rankAtTop(current) : rankAtBottom(current);
    if (rank !== null || attempt > 0) return rank ?? 0;
    await renumberColumn(tx, stage);
  }
}

/** The rank that places `movingId` just above `beforeId` in `stage` (renumbering the column when there is no room). */
async function rankBefore(tx: Tx, stage: OpportunityStage, movingId: string, beforeId: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const anchor = await tx.execute<{ rank: number }>(
      sql`select rank from opportunities where id = ${beforeId} and stage = ${stage} and id <> ${movingId}`,
    );
    if (!anchor.rows[0]) throw badRequest('body.beforeId', 'not a card of that column');
    // The card just above the anchor in the column's order (rank, most recently updated first, id).
    const previous = await tx.execute<{ rank: number }>(sql`
      select p.rank from opportunities p, opportunities a
       where a.id = ${beforeId} and p.stage = ${stage} and p.id <> ${movingId} and p.id <> a.id
         and (p.rank < a.rank or (p.rank = a.rank and (p.updated_at > a.updated_at or (p.updated_at = a.updated_at and p.id < a.id))))
       order by p.rank desc, p.updated_at asc, p.id desc
       limit 1`);
    const rank = rankBetween(previous.rows[0]?.rank ?? null, anchor.rows[0].rank);
    if (rank !== null) return rank;
    if (attempt > 0) return anchor.rows[0].rank;
    await renumberColumn(tx, stage);
  }
}

// ------------------------------------------------------------------ writing: stage changes

interface StageInput {
  probability?: number;
  lostReason?: string | null;
  lostNote?: string | null;
}

/**
 * The column values of a stage change, after OPP-GATE allowed it: probability from the stage
 * (unless given), closed_at set on won/lost and cleared on reopening, the lost reason kept only
 * while lost.
 */
function stageChangeValues(
  ctx: Ctx,
  settings: OpportunitySettings,
  from: OpportunityStage | null,
  to: OpportunityStage,
  facts: GateFacts,
  input: StageInput,
) {
  const gate = checkStageGate(settings.gates, from, to, facts);
  if (!gate.allowed) throw new StageGateError(to, gate.missing);
  const lostReason = to === 'lost' ? checkLostReason(settings, input.lostReason) : null;
  return {
    stage: to,
    probability: input.probability ?? settings.probabilities[to],
    stageChangedAt: ctx.now,
    closedAt: to === 'won' || to === 'lost' ? ctx.now : null,
    lostReason,
    lostNote: to === 'lost' ? (input.lostNote ?? null) : null,
  };
}

async function recordStage(tx: Tx, ctx: Ctx, opportunityId: string, from: OpportunityStage | null, to: OpportunityStage): Promise<void> {
  await tx.insert(opportunityStageHistory).values({ opportunityId, fromStage: from, toStage: to, at: ctx.now, actorId: ctx.actor.id });
}

async function lockWritable(tx: Tx, ctx: Ctx, id: string, version: number): Promise<OpportunityRecord> {
  const [row] = await tx
    .select()
    .from(opportunities)
    .where(and(eq(opportunities.id, id), opportunitiesAccess.where(ctx.actor, 'write', opportunities.ownerId)))
    .for('update');
  if (!row) throw notFound('opportunity');
  if (row.version !== version) throw await staleVersion(tx, 'opportunities', id);
  return row;
}

const linesOf = (lines: { productId: string; quantity: number; amountCents: number }[]) =>
  [...lines]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map(({ productId, quantity, amountCents }) => ({ productId, quantity, amountCents }));

async function currentLines(executor: Executor, opportunityId: string) {
  return linesOf(await executor.select().from(opportunityProducts).where(eq(opportunityProducts.opportunityId, opportunityId)));
}

// ------------------------------------------------------------------ writing: services

/** Creates an opportunity for a customer the caller may read; the entry stage's gate applies; history and audit start. */
export async function createOpportunity(ctx: Ctx, input: OpportunityCreate): Promise<OpportunityDetail> {
  opportunitiesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const settings = await getOpportunitySettings(tx);
    const ownerId = input.ownerId ?? ctx.actor.id;
    const teamId = await ownerTeam(ctx, tx, ownerId);
    const customerName = await checkCustomer(ctx, tx, input.customerId);
    await checkProducts(tx, input.products);
    const facts: GateFacts = {
      amountCents: input.amountCents,
      expectedCloseOn: input.expectedCloseOn ?? null,
      productCount: input.products.length,
      nextStep: input.nextStep ?? null,
      liveQuoteCount: 0,
    };
    const stageValues = stageChangeValues(ctx, settings, null, input.stage, facts, input);
    await lockColumn(tx, input.stage);
    const rank = await edgeRank(tx, input.stage, 'top', null);
    const [created] = await tx
      .insert(opportunities)
      .values({
        name: input.name,
        customerId: input.customerId,
        ownerId,
        teamId,
        amountCents: input.amountCents,
        expectedCloseOn: input.expectedCloseOn ?? null,
        competitors: input.competitors,
        nextStep: input.nextStep ?? null,
        source: input.source ?? null,
        ...stageValues,
        rank,
        createdById: ctx.actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (input.products.length)
      await tx.insert(opportunityProducts).values(input.products.map((line) => ({ ...line, opportunityId: created!.id })));
    await recordStage(tx, ctx, created!.id, null, created!.stage);
    const {
      rank: _rank,
      stageChangedAt: _at,
      closedAt: _closed,
      createdById: _by,
      createdAt: _c,
      updatedAt: _u,
      version: _v,
      id: _id,
      ...fields
    } = created!;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'opportunities',
      entityId: created!.id,
      changes: { ...diffChanges(null, fields), ...(input.products.length ? { products: [null, linesOf(input.products)] } : {}) },
      summary: `${created!.name} · ${customerName}`,
    });
    return getOpportunity(ctx, created!.id, tx);
  });
}

/**
 * Edits an opportunity under optimistic locking. A stage change passes OPP-GATE (the gate sees the
 * opportunity as it will be after this edit), is dated in the history and moves the card to the top
 * of its new column.
 */
export async function updateOpportunity(ctx: Ctx, id: string, input: OpportunityUpdate): Promise<OpportunityDetail> {
  opportunitiesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockWritable(tx, ctx, id, input.version);
    const settings = await getOpportunitySettings(tx);
    const { version: _version, products: newLines, stage, probability, lostReason, lostNote, ...fields } = input;
    const set: Partial<typeof opportunities.$inferInsert> = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    );
    if (fields.ownerId !== undefined && fields.ownerId !== before.ownerId) set.teamId = await ownerTeam(ctx, tx, fields.ownerId);
    if (fields.customerId !== undefined && fields.customerId !== before.customerId) await checkCustomer(ctx, tx, fields.customerId);
    const oldLines = await currentLines(tx, id);
    if (newLines) await checkProducts(tx, newLines, new Set(oldLines.map((line) => line.productId)));
    if (probability !== undefined) set.probability = probability;
    const merged = { ...before, ...set };
    const stageChanges = stage !== undefined && stage !== before.stage;
    if (stageChanges) {
      const facts: GateFacts = {
        amountCents: merged.amountCents,
        expectedCloseOn: merged.expectedCloseOn,
        productCount: newLines ? newLines.length : oldLines.length,
        nextStep: merged.nextStep,
        liveQuoteCount: await liveQuoteCount(tx, id),
      };
      Object.assign(set, stageChangeValues(ctx, settings, before.stage, stage, facts, { probability, lostReason, lostNote }));
      await lockColumn(tx, stage);
      set.rank = await edgeRank(tx, stage, 'top', id);
    } else if (before.stage === 'lost') {
      // Still lost: the reason may be corrected, but never removed.
      if (lostReason !== undefined) set.lostReason = checkLostReason(settings, lostReason);
      if (lostNote !== undefined) set.lostNote = lostNote;
    }
    const [after] = await tx
      .update(opportunities)
      .set({ ...set, updatedAt: ctx.now, version: sql`${opportunities.version} + 1` })
      .where(and(eq(opportunities.id, id), eq(opportunities.version, input.version)))
      .returning();
    if (!after) throw conflict();
    const changes = diffChanges(before, after);
    delete changes.rank;
    delete changes.stageChangedAt;
    if (newLines) {
      const next = linesOf(newLines);
      if (JSON.stringify(next) !== JSON.stringify(oldLines)) {
        await tx.delete(opportunityProducts).where(eq(opportunityProducts.opportunityId, id));
        if (next.length) await tx.insert(opportunityProducts).values(next.map((line) => ({ ...line, opportunityId: id })));
        changes.products = [oldLines, next];
      }
    }
    if (stageChanges) await recordStage(tx, ctx, id, before.stage, after.stage);
    await ctx.audit(tx, { action: 'update', entity: 'opportunities', entityId: id, changes, summary: after.name });
    return getOpportunity(ctx, id, tx);
  });
}

/**
 * A kanban drop: into another column (OPP-GATE, history, probability, closing as for an edit) and/or
 * to a place in the column, above `beforeId` or at the bottom.
 */
export async function moveOpportunity(ctx: Ctx, id: string, input: OpportunityMove): Promise<OpportunityDetail> {
  opportunitiesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockWritable(tx, ctx, id, input.version);
    const settings = await getOpportunitySettings(tx);
    const stageChanges = input.stage !== before.stage;
    let stageValues: Partial<typeof opportunities.$inferInsert> = {};
    if (stageChanges) {
      const [lines, quotes] = await Promise.all([currentLines(tx, id), liveQuoteCount(tx, id)]);
      const facts: GateFacts = {
        amountCents: before.amountCents,
        expectedCloseOn: before.expectedCloseOn,
        productCount: lines.length,
        nextStep: before.nextStep,
        liveQuoteCount: quotes,
      };
      stageValues = stageChangeValues(ctx, settings, before.stage, input.stage, facts, input);
    }
    await lockColumn(tx, input.stage);
    const rank = input.beforeId ? await rankBefore(tx, input.stage, id, input.beforeId) : await edgeRank(tx, input.stage, 'bottom', id);
    const [after] = await tx
      .update(opportunities)
      .set({ ...stageValues, rank, updatedAt: ctx.now, version: sql`${opportunities.version} + 1` })
      .where(and(eq(opportunities.id, id), eq(opportunities.version, input.version)))
      .returning();
    if (!after) throw conflict();
    if (stageChanges) await recordStage(tx, ctx, id, before.stage, after.stage);
    const changes = diffChanges(before, after);
    delete changes.stageChangedAt;
    await ctx.audit(tx, { action: 'update', entity: 'opportunities', entityId: id, changes, summary: after.name });
    return getOpportunity(ctx, id, tx);
  });
}

/** The given opportunities inside the caller's read scope, presented as the list presents them ("export selected"). */
export async function opportunitiesByIds(ctx: Ctx, ids: string[], executor: Executor = ctx.db): Promise<Opportunity[]> {
  opportunitiesAccess.require(ctx.actor, 'read');
  if (!ids.length) return [];
  const [rows, present] = await Promise.all([
    queryOpportunities(ctx, { where: and(inArray(opportunities.id, ids), opportunityReadScope(ctx))! }, executor),
    presenter(ctx),
  ]);
  return rows.map(present);
}
