import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Customer, Segment } from '@xiaoguan/shared';
import { z } from 'zod';
import { contactInputSchema, contactUpdateSchema, pointsInputSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database, Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { abilitySql, isInReportingLine, maskEmail, maskPhone } from '../../platform/access/index.js';
import { notify } from '../../platform/notifications/notifications.js';
import { users } from '../org/index.js';
import { customerContacts, customerOrders, customers, customerStatusHistory, followUpTasks, interactions, pointsLedger, tierProposals } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { getCustomer, loadCustomerRow, updateCustomerInTx } from './customers.service.js';
import { recomputeRfm, tierForSegment } from './rfm.js';
import { getCustomerSettings } from './customers.settings.js';

// ------------------------------------------------------------------ contacts (of an organisation)

async function writableCustomerId(ctx: Ctx, executor: Executor, customerId: string) {
  const row = await loadCustomerRow(ctx, customerId, executor);
  if (!row.canUpdate) throw notFound('customer');
  return row;
}

function presentContact(row: typeof customerContacts.$inferSelect, visible: boolean) {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    title: row.title,
    decisionRole: row.decisionRole,
    phone: visible ? row.phone : maskPhone(row.phone),
    email: visible ? row.email : maskEmail(row.email),
    wechat: visible ? row.wechat : row.wechat ? '***' : null,
    isPrimary: row.isPrimary,
    version: row.version,
  };
}

/** Contacts of a customer; their details are masked like the customer's (R-SEC-1). */
export async function listContacts(ctx: Ctx, customerId: string) {
  const row = await loadCustomerRow(ctx, customerId);
  const visible = isInReportingLine(ctx.actor, row.ownerLinePath);
  const rows = await ctx.db.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(desc(customerContacts.isPrimary), asc(customerContacts.name));
  return rows.map((contact) => presentContact(contact, visible));
}

export async function addContact(ctx: Ctx, customerId: string, input: z.infer<typeof contactInputSchema>) {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const row = await writableCustomerId(ctx, tx, customerId);
    if (input.isPrimary) await tx.update(customerContacts).set({ isPrimary: false }).where(eq(customerContacts.customerId, customerId));
    const [created] = await tx.insert(customerContacts).values({ ...input, customerId }).returning();
    await ctx.audit(tx, { action: 'create', entity: 'customer_contacts', entityId: created!.id, changes: diffChanges(null, input), summary: row.customer.name });
    return presentContact(created!, true);
  });
}

export async function updateContact(ctx: Ctx, id: string, input: z.infer<typeof contactUpdateSchema>) {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customerContacts).where(eq(customerContacts.id, id)).for('update');
    if (!before) throw notFound('contact');
    await writableCustomerId(ctx, tx, before.customerId);
    if (before.version !== input.version) throw conflict();
    const { version: _v, ...fields } = input;
    if (fields.isPrimary) await tx.update(customerContacts).set({ isPrimary: false }).where(eq(customerContacts.customerId, before.customerId));
    const [after] = await tx.update(customerContacts).set({ ...fields, updatedAt: ctx.now, version: sql`${customerContacts.version} + 1` }).where(eq(customerContacts.id, id)).returning();
    await ctx.audit(tx, { action: 'update', entity: 'customer_contacts', entityId: id, changes: diffChanges(before, after!) });
    return presentContact(after!, true);
  });
}

export async function deleteContact(ctx: Ctx, id: string) {
  customersAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customerContacts).where(eq(customerContacts.id, id)).for('update');
    if (!before) throw notFound('contact');
    await writableCustomerId(ctx, tx, before.customerId);
    await tx.delete(customerContacts).where(eq(customerContacts.id, id));
    await ctx.audit(tx, { action: 'delete', entity: 'customer_contacts', entityId: id, changes: diffChanges(before, null) });
  });
}

// ------------------------------------------------------------------ history, orders, points

export async function statusHistory(ctx: Ctx, customerId: string) {
  await loadCustomerRow(ctx, customerId);
  const actor = alias(users, 'actor');
  const rows = await ctx.db
    .select({ h: customerStatusHistory, actorName: actor.displayName })
    .from(customerStatusHistory)
    .leftJoin(actor, eq(actor.id, customerStatusHistory.actorId))
    .where(eq(customerStatusHistory.customerId, customerId))
    .orderBy(asc(customerStatusHistory.at));
  return rows.map(({ h, actorName }) => ({ fromStatus: h.fromStatus, toStatus: h.toStatus, at: iso(h.at)!, actorName }));
}

export async function recentOrders(ctx: Ctx, customerId: string) {
  await loadCustomerRow(ctx, customerId);
  const rows = await ctx.db.select().from(customerOrders).where(eq(customerOrders.customerId, customerId)).orderBy(desc(customerOrders.orderedAt)).limit(100);
  return rows.map((o) => ({ id: o.id, orderedAt: iso(o.orderedAt)!, amountCents: o.amountCents, source: o.source }));
}

export async function pointsEntries(ctx: Ctx, customerId: string) {
  await loadCustomerRow(ctx, customerId);
  const rows = await ctx.db.select().from(pointsLedger).where(eq(pointsLedger.customerId, customerId)).orderBy(desc(pointsLedger.at)).limit(200);
  return rows.map((p) => ({ id: p.id, kind: p.kind, points: p.points, reason: p.reason, at: iso(p.at)!, expiresAt: iso(p.expiresAt) }));
}

/** Loyalty points ledger (000 忠诚度计划): earned adds, redeemed subtracts (never below zero). */
export async function addPoints(ctx: Ctx, customerId: string, input: z.infer<typeof pointsInputSchema>) {
  customersAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    await writableCustomerId(ctx, tx, customerId);
    const delta = input.kind === 'redeemed' ? -input.points : input.points;
    const [updated] = await tx
      .update(customers)
      .set({ pointsBalance: sql`${customers.pointsBalance} + ${delta}` })
      .where(and(eq(customers.id, customerId), sql`${customers.pointsBalance} + ${delta} >= 0`))
      .returning({ balance: customers.pointsBalance });
    if (!updated) throw badRequest('body.points', 'not enough points to redeem');
    const expiresAt = input.kind === 'earned' ? new Date(ctx.now.getTime() + 365 * 86_400_000) : null;
    await tx.insert(pointsLedger).values({ customerId, kind: input.kind, points: delta, reason: input.reason, at: ctx.now, expiresAt, actorId: ctx.actor.id });
    await ctx.audit(tx, { action: 'update', entity: 'customers', entityId: customerId, changes: { pointsBalance: [updated.balance - delta, updated.balance] }, summary: input.reason });
  });
  return pointsEntries(ctx, customerId);
}

// ------------------------------------------------------------------ merge duplicates (R-CUS-3)

/** A supervisor merges a duplicate into a survivor: interactions, tasks, contacts, orders and points move; the duplicate is retired. */
export async function mergeCustomers(ctx: Ctx, survivorId: string, input: { duplicateId: string; version: number; duplicateVersion: number }): Promise<Customer> {
  customersAccess.require(ctx.actor, 'assign');
  if (survivorId === input.duplicateId) throw badRequest('body.duplicateId', 'cannot merge a customer into itself');
  return ctx.db.transaction(async (tx) => {
    const scope = sql`(${customers.ownerId} is null or ${customersAccess.where(ctx.actor, 'assign', customers.ownerId)})`;
    const rows = await tx
      .select()
      .from(customers)
      .where(and(sql`${customers.id} in (${survivorId}, ${input.duplicateId})`, isNull(customers.mergedIntoId), scope))
      .orderBy(asc(customers.id))
      .for('update');
    const survivor = rows.find((r) => r.id === survivorId);
    const duplicate = rows.find((r) => r.id === input.duplicateId);
    if (!survivor) throw notFound('customer');
    if (!duplicate) throw badRequest('body.duplicateId', 'no such customer in your scope');
    if (survivor.version !== input.version || duplicate.version !== input.duplicateVersion) throw conflict();
    const moved: Record<string, number> = {};
    for (const [name, table] of [['interactions', interactions], ['tasks', followUpTasks], ['contacts', customerContacts], ['orders', customerOrders], ['points', pointsLedger]] as const) {
      const result = await tx.update(table).set({ customerId: survivorId }).where(eq(table.customerId, input.duplicateId));
      moved[name] = result.rowCount ?? 0;
    }
    const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));
    await tx
      .update(customers)
      .set({
        phone: survivor.phone ?? duplicate.phone,
        email: survivor.email ?? duplicate.email,
        wechat: survivor.wechat ?? duplicate.wechat,
        taxId: survivor.taxId ?? duplicate.taxId,
        tags: [...new Set([...survivor.tags, ...duplicate.tags])],
        pointsBalance: survivor.pointsBalance + duplicate.pointsBalance,
        lastContactAt: latest(survivor.lastContactAt, duplicate.lastContactAt),
        updatedAt: ctx.now,
        version: sql`${customers.version} + 1`,
      })
      .where(eq(customers.id, survivorId));
    await tx.update(customers).set({ mergedIntoId: survivorId, ownerId: null, cadenceDueAt: null, updatedAt: ctx.now, version: sql`${customers.version} + 1` }).where(eq(customers.id, input.duplicateId));
    await tx.delete(tierProposals).where(eq(tierProposals.customerId, input.duplicateId));
    await ctx.audit(tx, { action: 'update', entity: 'customers', entityId: survivorId, changes: { mergedFrom: [null, input.duplicateId] }, summary: `merged ${duplicate.name} into ${survivor.name}: ${JSON.stringify(moved)}` });
    await ctx.audit(tx, { action: 'delete', entity: 'customers', entityId: input.duplicateId, changes: { mergedIntoId: [null, survivorId] }, summary: `merged into ${survivor.name}` });
    return getCustomer(ctx, survivorId, tx);
  });
}

// ------------------------------------------------------------------ RFM and tier proposals (R-CUS-2)

/** On-demand RFM recompute (admin/ops/director). */
export async function recomputeRfmNow(ctx: Ctx) {
  customersAccess.require(ctx.actor, 'configure');
  const started = performance.now();
  const settings = await getCustomerSettings(ctx.db, { fresh: true });
  const updated = await recomputeRfm(ctx.db, ctx.now, settings);
  await ctx.audit(ctx.db, { action: 'update', entity: 'customers', summary: `RFM recomputed for ${updated} customers` });
  return { updated, ms: Math.round(performance.now() - started) };
}

export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** Proposes tier changes from segments, once per customer and quarter (002 动态调整机制). */
export async function generateTierProposals(db: Database, now: Date): Promise<number> {
  const period = quarterOf(now);
  const cases = (['vip', 'potential', 'stable', 'low_value', 'dormant'] as const).map((segment) => sql`when ${segment} then ${tierForSegment(segment)}`);
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
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(tierProposals).where(where),
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
    if (decision === 'accept' && row.tier !== row.p.currentTier) throw ruleViolation('R-CUS-2', 'the tier changed since the proposal; regenerate proposals');
    await tx.update(tierProposals).set({ status: decision === 'accept' ? 'accepted' : 'rejected', decidedById: ctx.actor.id, decidedAt: ctx.now }).where(eq(tierProposals.id, id));
    if (decision === 'accept') {
      const customer = await getCustomer(ctx, row.p.customerId, tx);
      await updateCustomerInTx(tx, ctx, row.p.customerId, { version: customer.version, tier: row.p.proposedTier as 'A' | 'B' | 'C' });
      if (row.ownerId) await notify(tx, [{ userId: row.ownerId, kind: 'customers.tier_changed', title: customer.name, body: `${row.p.currentTier} → ${row.p.proposedTier}`, link: `/customers/${row.p.customerId}` }]);
    }
    await ctx.audit(tx, { action: decision === 'accept' ? 'approve' : 'reject', entity: 'tier_proposals', entityId: id, summary: `${row.p.currentTier} → ${row.p.proposedTier}` });
    return { ok: true as const };
  });
}

