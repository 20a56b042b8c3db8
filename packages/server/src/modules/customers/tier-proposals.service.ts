import { message } from '@xiaoguan/shared';
/** RFM on demand and the quarterly tier proposals derived from segments (R-CUS-2). */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Segment } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { abilitySql } from '../../platform/access/index.js';
import { notify } from '../../platform/notifications/notifications.js';
import { users } from '../org/index.js';
import { customers, tierProposals } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { getCustomer, updateCustomerInTx } from './customers.service.js';
import { recomputeRfm, tierForSegment } from './rfm.js';
import { getCustomerSettings } from './customers.settings.js';

/** On-demand RFM recompute (admin/ops/director). */
export async function recomputeRfmNow(ctx: Ctx) {
  customersAccess.require(ctx.actor, 'configure');
  const started = performance.now();
  const settings = await getCustomerSettings(ctx.db, { fresh: true });
  const updated = await recomputeRfm(ctx.db, ctx.now, settings);
  await ctx.audit(ctx.db, {
    action: 'update',
    entity: 'customers',
    summary: `RFM recomputed for ${updated} customers`,
    summaryMessage: message('audit.messages.rfmRecomputed', { count: updated }),
  });
  return { updated, ms: Math.round(performance.now() - started) };
}

export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** Proposes tier changes from segments, once per customer and quarter (002 动态调整机制). */
export async function generateTierProposals(db: Database, now: Date): Promise<number> {
  const period = quarterOf(now);
  const cases = (['vip', 'potential', 'stable', 'low_value', 'dormant'] as const).map(
    (segment) => sql`when ${segment} then ${tierForSegment(segment)}`,
  );
  const result = await db.execute(sql`
    insert into tier_proposals (customer_id, period, current_tier, proposed_tier, segment, reason)
    select c.id, ${period}, c.tier, p.proposed, v.segment,
           'RFM ' || coalesce(v.r::text, '-') || '/' || coalesce(v.f::text, '-') || '/' || coalesce(v.m::text, '-') || ' → ' || v.segment
      from customers c
      join customer_rfm v on v.customer_id = c.id
      cross join lateral (select (case v.segment ${sql.join(cases, sql` `)} end) as proposed) p
     where v.segment is not null and c.merged_into_id is null and c.owner_id is not null and p.proposed <> c.tier
    on conflict (customer_id, period) do nothing`);
  return result.rowCount ?? 0;
}

export async function listTierProposals(ctx: Ctx, query: { status?: 'pending' | 'accepted' | 'rejected'; page: number; pageSize: number }) {
  customersAccess.require(ctx.actor, 'read');
  const owner = alias(users, 'owner');
  const where = and(
    query.status ? eq(tierProposals.status, query.status) : undefined,
    sql`${tierProposals.customerId} in (select c.id from customers c where ${customersAccess.where(ctx.actor, 'read', sql`c.owner_id`)})`,
  );
  const canDecide = abilitySql(customersAccess.where(ctx.actor, 'assign', customers.ownerId));
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ p: tierProposals, customerName: customers.name, ownerName: owner.displayName, canDecide })
      .from(tierProposals)
      .innerJoin(customers, eq(customers.id, tierProposals.customerId))
      .leftJoin(owner, eq(owner.id, customers.ownerId))
      .where(where)
      .orderBy(desc(tierProposals.createdAt), asc(customers.name))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(tierProposals)
      .where(where),
  ]);
  return {
    items: rows.map(({ p, customerName, ownerName, canDecide: decide }) => ({
      id: p.id,
      customerId: p.customerId,
      customerName,
      ownerName,
      period: p.period,
      currentTier: p.currentTier as 'A' | 'B' | 'C',
      proposedTier: p.proposedTier as 'A' | 'B' | 'C',
      segment: p.segment as Segment,
      reason: p.reason,
      status: p.status,
      abilities: { decide: decide && p.status === 'pending' },
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A manager (assign scope over the owner) accepts — the tier changes — or rejects a proposal. */
export async function decideTierProposal(ctx: Ctx, id: string, decision: 'accept' | 'reject') {
  customersAccess.require(ctx.actor, 'assign');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ p: tierProposals, tier: customers.tier, ownerId: customers.ownerId })
      .from(tierProposals)
      .innerJoin(customers, eq(customers.id, tierProposals.customerId))
      .where(and(eq(tierProposals.id, id), customersAccess.where(ctx.actor, 'assign', customers.ownerId)))
      .for('update', { of: tierProposals });
    if (!row) throw notFound('tier proposal');
    if (row.p.status !== 'pending') throw conflict(`the proposal is already ${row.p.status}`);
    if (decision === 'accept' && row.tier !== row.p.currentTier)
      throw ruleViolation('R-CUS-2', 'the tier changed since the proposal; regenerate proposals');
    await tx
      .update(tierProposals)
      .set({ status: decision === 'accept' ? 'accepted' : 'rejected', decidedById: ctx.actor.id, decidedAt: ctx.now })
      .where(eq(tierProposals.id, id));
    if (decision === 'accept') {
      const customer = await getCustomer(ctx, row.p.customerId, tx);
      await updateCustomerInTx(tx, ctx, row.p.customerId, { version: customer.version, tier: row.p.proposedTier as 'A' | 'B' | 'C' });
      if (row.ownerId)
        await notify(tx, [
          {
            userId: row.ownerId,
            kind: 'customers.tier_changed',
            title: customer.name,
            body: `${row.p.currentTier} → ${row.p.proposedTier}`,
            link: `/customers/${row.p.customerId}`,
          },
        ]);
    }
    await ctx.audit(tx, {
      action: decision === 'accept' ? 'approve' : 'reject',
      entity: 'tier_proposals',
      entityId: id,
      summary: `${row.p.currentTier} → ${row.p.proposedTier}`,
    });
    return { ok: true as const };
  });
}
