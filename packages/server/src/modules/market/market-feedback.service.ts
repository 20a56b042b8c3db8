import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  message,
  type Competitor,
  type CompetitorDetail,
  type Feedback,
  type MarketOptions,
  type competitorInputSchema,
  type competitorShareInputSchema,
  type competitorUpdateSchema,
  type feedbackInputSchema,
  type feedbackListQuerySchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { customerInScope, interactions } from '../customers/index.js';
import { opportunityReadScope } from '../opportunities/index.js';
import { marketAccess } from './market.access.js';

type FeedbackRow = {
  id: string;
  subject: Feedback['subject'];
  type: Feedback['type'];
  customer_id: string | null;
  customer_name: string | null;
  product_id: string | null;
  product_name: string | null;
  region_id: string | null;
  region_name: string | null;
  competitor_id: string | null;
  competitor_name: string | null;
  competitor_product: string | null;
  competitor_price_cents: number | null;
  sentiment: Feedback['sentiment'];
  text: string;
  author_id: string;
  author_name: string;
  team_name: string | null;
  observed_at: Date;
};

const FEEDBACK_SELECT = sql`
  select f.id, f.subject, f.type, f.customer_id, c.name as customer_name, f.product_id, p.name as product_name,
         f.region_id, ru.name as region_name, f.competitor_id, co.name as competitor_name, f.competitor_product,
         f.competitor_price_cents, f.sentiment, f.text, f.author_id, au.display_name as author_name,
         tu.name as team_name, f.observed_at
    from market_feedback f
    join users au on au.id = f.author_id
    left join org_units tu on tu.id = f.team_id
    left join customers c on c.id = f.customer_id
    left join products p on p.id = f.product_id
    left join org_units ru on ru.id = f.region_id
    left join competitors co on co.id = f.competitor_id`;

const presentFeedback = (row: FeedbackRow): Feedback => ({
  id: row.id,
  subject: row.subject,
  type: row.type,
  customerId: row.customer_id,
  customerName: row.customer_name,
  productId: row.product_id,
  productName: row.product_name,
  regionId: row.region_id,
  regionName: row.region_name,
  competitorId: row.competitor_id,
  competitorName: row.competitor_name,
  competitorProduct: row.competitor_product,
  competitorPriceCents: row.competitor_price_cents === null ? null : Number(row.competitor_price_cents),
  sentiment: row.sentiment,
  text: row.text,
  authorId: row.author_id,
  authorName: row.author_name,
  teamName: row.team_name,
  observedAt: iso(row.observed_at)!,
});

/** Feedback in the caller's read scope (R-SEC-1: a rep sees their own), newest first. */
export async function listFeedback(ctx: Ctx, query: z.infer<typeof feedbackListQuerySchema>): Promise<Feedback[]> {
  marketAccess.require(ctx.actor, 'read');
  const filters = [marketAccess.where(ctx.actor, 'read', sql`f.author_id`)];
  if (query.competitorId) filters.push(sql`f.competitor_id = ${query.competitorId}`);
  if (query.customerId) filters.push(sql`f.customer_id = ${query.customerId}`);
  if (query.type) filters.push(sql`f.type = ${query.type}`);
  if (query.from) filters.push(sql`f.observed_at >= ${query.from}::date`);
  if (query.to) filters.push(sql`f.observed_at < ${query.to}::date + 1`);
  const rows = await ctx.db.execute<FeedbackRow>(
    sql`${FEEDBACK_SELECT} where ${sql.join(filters, sql` and `)} order by f.observed_at desc, f.id limit ${query.limit}`,
  );
  return rows.rows.map(presentFeedback);
}

async function requireRow(executor: Executor, table: 'products' | 'competitors', id: string, field: string): Promise<void> {
  const found = await executor.execute(sql`select 1 from ${sql.identifier(table)} where id = ${id}`);
  if (found.rows.length === 0) throw badRequest(field, `no such ${table === 'products' ? 'product' : 'competitor'}`);
}

/** A rep logs an observation as themself, in their team; the customer and interaction must be theirs to see. */
export async function createFeedback(ctx: Ctx, input: z.infer<typeof feedbackInputSchema>): Promise<Feedback> {
  marketAccess.require(ctx.actor, 'write');
  const id = await ctx.db.transaction(async (tx) => {
    if (input.customerId) await customerInScope(ctx, tx, input.customerId);
    if (input.productId) await requireRow(tx, 'products', input.productId, 'body.productId');
    if (input.competitorId) await requireRow(tx, 'competitors', input.competitorId, 'body.competitorId');
    if (input.regionId) {
      const region = await tx.execute(sql`select 1 from org_units where id = ${input.regionId} and kind = 'region'`);
      if (region.rows.length === 0) throw badRequest('body.regionId', 'no such region');
    }
    if (input.interactionId) {
      const found = await tx.execute(
        sql`select 1 from ${interactions} where id = ${input.interactionId} and author_id = ${ctx.actor.id}${input.customerId ? sql` and customer_id = ${input.customerId}` : sql``}`,
      );
      if (found.rows.length === 0) throw badRequest('body.interactionId', 'not one of your interactions with this customer');
    }
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into market_feedback (author_id, team_id, subject, type, customer_id, product_id, region_id, competitor_id,
                                   competitor_product, competitor_price_cents, sentiment, text, interaction_id, observed_at)
      values (${ctx.actor.id}, ${ctx.actor.orgUnitId}, ${input.subject}, ${input.type}, ${input.customerId}, ${input.productId},
              ${input.regionId}, ${input.competitorId}, ${input.competitorProduct}, ${input.competitorPriceCents}, ${input.sentiment},
              ${input.text}, ${input.interactionId}, ${(input.observedAt ? new Date(input.observedAt) : ctx.now).toISOString()}::timestamptz)
      returning id`);
    const id = inserted.rows[0]!.id;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'market_feedback',
      entityId: id,
      summary: `market feedback (${input.type})`,
      summaryMessage: message('audit.messages.marketFeedbackLogged', { type: input.type }),
    });
    return id;
  });
  const rows = await ctx.db.execute<FeedbackRow>(sql`${FEEDBACK_SELECT} where f.id = ${id}`);
  return presentFeedback(rows.rows[0]!);
}

type CompetitorRow = {
  id: string;
  name: string;
  website: string;
  strengths: string;
  weaknesses: string;
  products: { name: string; note: string }[];
  feedback_count: number;
  lost_deals: number;
  latest_price_cents: number | null;
  version: number;
};

/** Lost deals counted from the opportunities the caller may read (their lost reasons and competitors). */
const competitorSelect = (ctx: Ctx) => sql`
  select co.id, co.name, co.website, co.strengths, co.weaknesses, co.products, co.version,
         (select count(*)::int from market_feedback f where f.competitor_id = co.id and ${marketAccess.where(ctx.actor, 'read', sql`f.author_id`)}) as feedback_count,
         (select count(*)::int from opportunities where opportunities.stage = 'lost' and co.name = any(opportunities.competitors)
             and ${opportunityReadScope(ctx)}) as lost_deals,
         (select f.competitor_price_cents from market_feedback f where f.competitor_id = co.id and f.competitor_price_cents is not null
           order by f.observed_at desc limit 1) as latest_price_cents
    from competitors co`;

const presentCompetitor = (ctx: Ctx, row: CompetitorRow): Competitor => ({
  id: row.id,
  name: row.name,
  website: row.website,
  strengths: row.strengths,
  weaknesses: row.weaknesses,
  products: row.products,
  feedbackCount: row.feedback_count,
  lostDeals: row.lost_deals,
  latestPriceCents: row.latest_price_cents === null ? null : Number(row.latest_price_cents),
  version: row.version,
  abilities: { update: marketAccess.can(ctx.actor, 'manage') },
});

export async function listCompetitors(ctx: Ctx): Promise<Competitor[]> {
  marketAccess.require(ctx.actor, 'read');
  const rows = await ctx.db.execute<CompetitorRow>(sql`${competitorSelect(ctx)} order by co.name`);
  return rows.rows.map((row) => presentCompetitor(ctx, row));
}

/** A competitor's record: price points over time, share estimates per region, deals lost to them, recent feedback. */
export async function getCompetitor(ctx: Ctx, id: string): Promise<CompetitorDetail> {
  marketAccess.require(ctx.actor, 'read');
  const rows = await ctx.db.execute<CompetitorRow>(sql`${competitorSelect(ctx)} where co.id = ${id}`);
  const row = rows.rows[0];
  if (!row) throw notFound('competitor');
  const [prices, shares, lost, recent] = await Promise.all([
    ctx.db.execute<{ product: string | null; price: number; observed_at: Date; author_name: string }>(sql`
      select f.competitor_product as product, f.competitor_price_cents as price, f.observed_at, u.display_name as author_name
        from market_feedback f join users u on u.id = f.author_id
       where f.competitor_id = ${id} and f.competitor_price_cents is not null
       order by f.observed_at limit 500`),
    ctx.db.execute<{ region_id: string; region_name: string; share_bp: number; as_of: string }>(sql`
      select distinct on (s.region_id) s.region_id, u.name as region_name, s.share_bp, s.as_of
        from competitor_shares s join org_units u on u.id = s.region_id
       where s.competitor_id = ${id} order by s.region_id, s.as_of desc`),
    ctx.db.execute<{
      id: string;
      name: string;
      customer_name: string;
      amount_cents: number;
      lost_reason: string | null;
      closed_at: Date | null;
    }>(sql`
      select opportunities.id, opportunities.name, c.name as customer_name, opportunities.amount_cents, opportunities.lost_reason, opportunities.closed_at
        from opportunities join customers c on c.id = opportunities.customer_id
       where opportunities.stage = 'lost' and ${row.name} = any(opportunities.competitors) and ${opportunityReadScope(ctx)}
       order by opportunities.closed_at desc nulls last limit 50`),
    ctx.db.execute<FeedbackRow>(
      sql`${FEEDBACK_SELECT} where f.competitor_id = ${id} and ${marketAccess.where(ctx.actor, 'read', sql`f.author_id`)} order by f.observed_at desc limit 20`,
    ),
  ]);
  return {
    ...presentCompetitor(ctx, row),
    pricePoints: prices.rows.map((p) => ({
      product: p.product,
      priceCents: Number(p.price),
      observedAt: iso(p.observed_at)!,
      authorName: p.author_name,
    })),
    shares: shares.rows.map((s) => ({ regionId: s.region_id, regionName: s.region_name, shareBp: s.share_bp, asOf: s.as_of })),
    lostDealList: lost.rows.map((o) => ({
      opportunityId: o.id,
      name: o.name,
      customerName: o.customer_name,
      amountCents: Number(o.amount_cents),
      lostReason: o.lost_reason,
      closedAt: iso(o.closed_at),
    })),
    recentFeedback: recent.rows.map(presentFeedback),
  };
}

export async function createCompetitor(ctx: Ctx, input: z.infer<typeof competitorInputSchema>): Promise<CompetitorDetail> {
  marketAccess.require(ctx.actor, 'manage');
  const id = await ctx.db.transaction(async (tx) => {
    const taken = await tx.execute(sql`select 1 from competitors where name = ${input.name}`);
    if (taken.rows.length) throw badRequest('body.name', 'a competitor of this name exists');
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into competitors (name, website, strengths, weaknesses, products)
      values (${input.name}, ${input.website}, ${input.strengths}, ${input.weaknesses}, ${JSON.stringify(input.products)}::jsonb) returning id`);
    const id = inserted.rows[0]!.id;
    await ctx.audit(tx, { action: 'create', entity: 'competitors', entityId: id, summary: input.name });
    return id;
  });
  return getCompetitor(ctx, id);
}

export async function updateCompetitor(ctx: Ctx, id: string, input: z.infer<typeof competitorUpdateSchema>): Promise<CompetitorDetail> {
  marketAccess.require(ctx.actor, 'manage');
  await ctx.db.transaction(async (tx) => {
    const before = (
      await tx.execute<{ version: number; name: string }>(sql`select version, name from competitors where id = ${id} for update`)
    ).rows[0];
    if (!before) throw notFound('competitor');
    if (before.version !== input.version) throw conflict();
    if (input.name && input.name !== before.name) {
      const taken = await tx.execute(sql`select 1 from competitors where name = ${input.name} and id <> ${id}`);
      if (taken.rows.length) throw badRequest('body.name', 'a competitor of this name exists');
    }
    await tx.execute(sql`
      update competitors set
        name = coalesce(${input.name ?? null}, name),
        website = coalesce(${input.website ?? null}, website),
        strengths = coalesce(${input.strengths ?? null}, strengths),
        weaknesses = coalesce(${input.weaknesses ?? null}, weaknesses),
        products = coalesce(${input.products ? JSON.stringify(input.products) : null}::jsonb, products),
        updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
      where id = ${id}`);
    await ctx.audit(tx, { action: 'update', entity: 'competitors', entityId: id, summary: input.name ?? before.name });
  });
  return getCompetitor(ctx, id);
}

/** A share estimate for a region as of a day (a newer estimate for the same day replaces it). */
export async function addShare(ctx: Ctx, id: string, input: z.infer<typeof competitorShareInputSchema>): Promise<CompetitorDetail> {
  marketAccess.require(ctx.actor, 'manage');
  await ctx.db.transaction(async (tx) => {
    const found = await tx.execute(sql`select 1 from competitors where id = ${id}`);
    if (!found.rows.length) throw notFound('competitor');
    const region = await tx.execute(sql`select 1 from org_units where id = ${input.regionId} and kind = 'region'`);
    if (!region.rows.length) throw badRequest('body.regionId', 'no such region');
    await tx.execute(sql`
      insert into competitor_shares (competitor_id, region_id, share_bp, as_of, recorded_by_id)
      values (${id}, ${input.regionId}, ${input.shareBp}, ${input.asOf}, ${ctx.actor.id})
      on conflict (competitor_id, region_id, as_of) do update set share_bp = excluded.share_bp, recorded_by_id = excluded.recorded_by_id`);
    await ctx.audit(tx, { action: 'update', entity: 'competitors', entityId: id, changes: { shareBp: [null, input.shareBp] } });
  });
  return getCompetitor(ctx, id);
}

/** The feedback form's choices: competitors, active products and the regions of the org tree. */
export async function marketOptions(ctx: Ctx): Promise<MarketOptions> {
  marketAccess.require(ctx.actor, 'read');
  const [competitors, products, regions] = await Promise.all([
    ctx.db.execute<{ id: string; name: string }>(sql`select id, name from competitors order by name`),
    ctx.db.execute<{ id: string; name: string }>(sql`select id, name from products where active order by name limit 500`),
    ctx.db.execute<{ id: string; name: string }>(sql`select id, name from org_units where kind = 'region' order by name`),
  ]);
  return { competitors: competitors.rows, products: products.rows, regions: regions.rows };
}
