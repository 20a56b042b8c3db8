import crypto from 'node:crypto';
import { and, asc, desc, eq, ilike, inArray, isNull, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Order, OrderCreate, OrderListQuery, OrderRow, OrderStatus, OrderStatusChange, PricedOrder } from '@xiaoguan/shared';
import type { z } from 'zod';
import type { orderPriceQuerySchema } from '@xiaoguan/shared';
import { message } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { abilitySql } from '../../platform/access/index.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notifications/notifications.js';
import { nextDocumentNumber } from '../../platform/numbering/numbering.js';
import { orgUnits, resolveOwner, users } from '../org/index.js';
import { customerInScope, customers } from '../customers/index.js';
import {
  contracts,
  completeContractIfFulfilled,
  lockContractForOrder,
  markContractExecuting,
  recordDeal,
  removeDeal,
  zoneDate,
} from '../contracts/index.js';
import { priceLines, products, type PricedLine } from '../products/index.js';
import { assertCreditAvailable } from '../receivables/index.js';
import { orderLines, orders, orderStatusHistory } from './orders.schema.js';
import { ordersAccess } from './orders.access.js';
import { getOrderSettings } from './orders.settings.js';
import { assertDirectOrderMax, assertOrderMove, assertWithinContract, nextOrderStatus } from './order-rules.js';

type OrderRecord = typeof orders.$inferSelect;

const owner = alias(users, 'owner');
const contract = alias(contracts, 'order_contract');

const statusAt = sql<string>`(select max(h.at) from order_status_history h where h.order_id = ${orders.id})`;

function selectOrders(ctx: Ctx, executor: Executor) {
  return executor
    .select({
      o: orders,
      customerName: customers.name,
      contractNumber: contract.number,
      ownerName: owner.displayName,
      teamName: orgUnits.name,
      statusAt,
      canDeliver: abilitySql(ordersAccess.where(ctx.actor, 'deliver', orders.ownerId)),
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .leftJoin(contract, eq(contract.id, orders.contractId))
    .leftJoin(owner, eq(owner.id, orders.ownerId))
    .leftJoin(orgUnits, eq(orgUnits.id, orders.teamId));
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectOrders>['where']>>[number];

function presentRow(row: Selected): OrderRow {
  const o = row.o;
  const next = nextOrderStatus(o.status);
  return {
    id: o.id,
    number: o.number,
    customerId: o.customerId,
    customerName: row.customerName,
    contractId: o.contractId,
    contractNumber: row.contractNumber,
    ownerId: o.ownerId,
    ownerName: row.ownerName,
    teamName: row.teamName,
    status: o.status,
    amountCents: o.amountCents,
    orderedAt: iso(o.orderedAt)!,
    statusAt: iso(row.statusAt) ?? iso(o.orderedAt)!,
    nextStatus: next,
    notes: o.notes,
    createdAt: iso(o.createdAt)!,
    updatedAt: iso(o.updatedAt)!,
    version: o.version,
    abilities: {
      advance: row.canDeliver && next !== null,
      cancel: row.canDeliver && (o.status === 'pending' || o.status === 'in_production'),
    },
  };
}

const ORDER_SORTS: Record<OrderListQuery['sort'], SQL[]> = {
  '-orderedAt': [desc(orders.orderedAt)],
  orderedAt: [asc(orders.orderedAt)],
  '-amount': [desc(orders.amountCents)],
  amount: [asc(orders.amountCents)],
  number: [asc(orders.number)],
  '-number': [desc(orders.number)],
};

/** Orders in the caller's read scope (R-SEC-1 inside the query); "my orders" with `mine`. */
export async function listOrders(ctx: Ctx, query: OrderListQuery) {
  ordersAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [ordersAccess.where(ctx.actor, 'read', orders.ownerId)];
  if (query.mine) filters.push(eq(orders.ownerId, ctx.actor.id));
  if (query.status) filters.push(eq(orders.status, query.status));
  if (query.customerId) filters.push(eq(orders.customerId, query.customerId));
  if (query.contractId) filters.push(eq(orders.contractId, query.contractId));
  if (query.ownerId) filters.push(eq(orders.ownerId, query.ownerId));
  if (query.direct !== undefined) filters.push(query.direct ? isNull(orders.contractId) : isNotNull(orders.contractId));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(orders.number, pattern), ilike(customers.name, pattern), ilike(contract.number, pattern))!);
  }
  const where = and(...filters);
  const [rows, [{ total }]] = await Promise.all([
    selectOrders(ctx, ctx.db)
      .where(where)
      .orderBy(...ORDER_SORTS[query.sort], asc(orders.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .leftJoin(contract, eq(contract.id, orders.contractId))
      .where(where),
  ]);
  return { items: rows.map(presentRow), total, page: query.page, pageSize: query.pageSize };
}

/** One order with its lines and delivery timeline; 404 outside the caller's scope. */
export async function getOrder(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Order> {
  ordersAccess.require(ctx.actor, 'read');
  const [row] = await selectOrders(ctx, executor).where(and(eq(orders.id, id), ordersAccess.where(ctx.actor, 'read', orders.ownerId)));
  if (!row) throw notFound('order');
  const actor = alias(users, 'actor');
  const lines = await executor
    .select({ l: orderLines, productName: products.name, productNameEn: products.nameEn })
    .from(orderLines)
    .leftJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, id))
    .orderBy(asc(orderLines.lineNo));
  const history = await executor
    .select({ h: orderStatusHistory, actorName: actor.displayName })
    .from(orderStatusHistory)
    .leftJoin(actor, eq(actor.id, orderStatusHistory.actorId))
    .where(eq(orderStatusHistory.orderId, id))
    .orderBy(asc(orderStatusHistory.at), asc(orderStatusHistory.id));
  return {
    ...presentRow(row),
    creditOverrideId: row.o.creditOverrideId,
    lines: lines.map(({ l, productName, productNameEn }) => ({
      id: l.id,
      lineNo: l.lineNo,
      productId: l.productId,
      productName,
      productNameEn,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      lineTotalCents: l.lineTotalCents,
    })),
    history: history.map(({ h, actorName }) => ({
      fromStatus: h.fromStatus as OrderStatus | null,
      toStatus: h.toStatus as OrderStatus,
      note: h.note,
      at: iso(h.at)!,
      actorName,
    })),
  };
}

/** R-PRC-1 prices from the products module; its field names (`lines.0.productId`) become body fields. */
async function price(
  executor: Executor,
  input: { customerId: string; priceListId?: string | null; on: string; lines: { productId: string; quantity: number }[] },
): Promise<PricedLine[]> {
  try {
    return await priceLines(executor, input);
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation' && error.details.field && !error.details.field.startsWith('body.'))
      throw badRequest(`body.${error.details.field}`, error.message);
    throw error;
  }
}

/** Live pricing of a direct order's lines (the drawer), with the direct-order ceiling. */
export async function priceDirectOrder(ctx: Ctx, input: z.infer<typeof orderPriceQuerySchema>): Promise<PricedOrder> {
  ordersAccess.require(ctx.actor, 'write');
  await customerInScope(ctx, ctx.db, input.customerId);
  const [settings, today] = await Promise.all([getOrderSettings(ctx.db), zoneDate(ctx.db, ctx.now)]);
  const priced = await price(ctx.db, {
    customerId: input.customerId,
    priceListId: input.priceListId ?? null,
    on: today,
    lines: input.lines,
  });
  return {
    lines: priced.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      listUnitCents: line.listUnitCents,
      unitPriceCents: line.unitPriceCents,
      lineTotalCents: line.lineTotalCents,
      promotions: line.promotions.map((p) => p.name),
    })),
    totalCents: priced.reduce((sum, line) => sum + line.lineTotalCents, 0),
    directOrderMaxCents: settings.directOrderMaxCents,
  };
}

interface PlannedLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/**
 * Creates an order: from a signed or executing contract (lines default to what is left of its
 * quote's lines, at the contract's prices; ORD-OVER), or a direct order for a small deal (priced by
 * R-PRC-1; ORD-DIRECT-MAX; R-AR-2 credit check; fed to the customer's orders and lifecycle).
 */
export async function createOrder(ctx: Ctx, input: OrderCreate): Promise<Order> {
  ordersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const today = await zoneDate(tx, ctx.now);
    let target: { customerId: string; contractId: string | null; ownerId: string; teamId: string | null; customerName: string };
    let lines: PlannedLine[];
    if (input.contractId) {
      const locked = await lockContractForOrder(tx, input.contractId, (ownerColumn) => ordersAccess.where(ctx.actor, 'write', ownerColumn));
      if (!locked) throw badRequest('body.contractId', 'no such contract in your scope');
      if (locked.status !== 'signed' && locked.status !== 'executing')
        throw ruleViolation('CON-STATUS', `orders are placed on signed or executing contracts (this one is ${locked.status})`);
      const ordered = await tx.execute<{ product_id: string | null; quantity: number; amount: number }>(sql`
        select ol.product_id, sum(ol.quantity)::int as quantity, 0::bigint as amount from order_lines ol join orders o on o.id = ol.order_id
         where o.contract_id = ${locked.id} and o.status <> 'cancelled' group by ol.product_id
        union all
        select null, 0, coalesce(sum(o.amount_cents), 0)::bigint from orders o where o.contract_id = ${locked.id} and o.status <> 'cancelled'`);
      const orderedCents = Number(ordered.rows.find((r) => r.product_id === null)?.amount ?? 0);
      const orderedQuantity = new Map(ordered.rows.filter((r) => r.product_id).map((r) => [r.product_id!, r.quantity]));
      const wanted =
        input.lines ??
        locked.lines
          .map((line) => ({ productId: line.productId, quantity: line.quantity - (orderedQuantity.get(line.productId) ?? 0) }))
          .filter((line) => line.quantity > 0);
      if (!wanted.length)
        throw badRequest(
          'body.lines',
          locked.lines.length ? 'everything on the contract is ordered; name the lines' : 'name the products to order',
        );
      const unpriced = wanted.filter((line) => !locked.unitPrices.has(line.productId));
      // Catalogue reads go through the pool: the pricing module reads in parallel, a transaction cannot.
      const catalogue = unpriced.length ? await price(ctx.db, { customerId: locked.customerId, on: today, lines: unpriced }) : [];
      lines = wanted.map((line) => {
        const unitPriceCents =
          locked.unitPrices.get(line.productId) ?? catalogue.find((p) => p.productId === line.productId)!.unitPriceCents;
        return { productId: line.productId, quantity: line.quantity, unitPriceCents, lineTotalCents: unitPriceCents * line.quantity };
      });
      // ORD-OVER: concurrent orders on this contract queue on its row lock, so the sum holds.
      assertWithinContract({
        contractAmountCents: locked.amountCents,
        orderedCents,
        orderCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
      });
      const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, locked.customerId));
      target = {
        customerId: locked.customerId,
        contractId: locked.id,
        ownerId: locked.ownerId,
        teamId: locked.teamId,
        customerName: customer!.name,
      };
    } else {
      const customer = await customerInScope(ctx, tx, input.customerId!);
      const ownerOf = await resolveOwner(tx, ordersAccess, ctx.actor, input.ownerId, customer.ownerId);
      const priced = await price(ctx.db, {
        customerId: customer.id,
        priceListId: input.priceListId ?? null,
        on: today,
        lines: input.lines!,
      });
      lines = priced.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        lineTotalCents: line.lineTotalCents,
      }));
      const amount = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
      assertDirectOrderMax(amount, (await getOrderSettings(tx)).directOrderMaxCents);
      // R-AR-2 (receivables module): a direct order may not push the customer over the credit limit.
      await assertCreditAvailable(tx, ctx, {
        customerId: customer.id,
        amountCents: amount,
        creditOverrideId: input.creditOverrideId ?? null,
        usedBy: `order:${id}`,
      });
      target = { customerId: customer.id, contractId: null, ownerId: ownerOf.id, teamId: ownerOf.teamId, customerName: customer.name };
    }
    const amountCents = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
    const settings = await getOrderSettings(tx);
    const [year, month] = today.split('-').map(Number);
    const number = await nextDocumentNumber(tx, 'order', settings.numberPattern, { year: year!, month: month! });
    await tx.insert(orders).values({
      id,
      number,
      customerId: target.customerId,
      contractId: target.contractId,
      ownerId: target.ownerId,
      teamId: target.teamId,
      amountCents,
      orderedAt: ctx.now,
      creditOverrideId: target.contractId ? null : (input.creditOverrideId ?? null),
      notes: input.notes ?? null,
      createdById: ctx.actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await tx.insert(orderLines).values(lines.map((line, index) => ({ orderId: id, lineNo: index + 1, ...line })));
    await tx.insert(orderStatusHistory).values({ orderId: id, fromStatus: null, toStatus: 'pending', at: ctx.now, actorId: ctx.actor.id });
    if (!target.contractId)
      await recordDeal(tx, ctx, { customerId: target.customerId, sourceId: `order:${id}`, orderedAt: ctx.now, amountCents });
    await ctx.audit(tx, {
      action: 'create',
      entity: 'orders',
      entityId: id,
      changes: diffChanges(null, {
        number,
        customerId: target.customerId,
        contractId: target.contractId,
        ownerId: target.ownerId,
        amountCents,
        lines: lines.map((l) => `${l.productId}×${l.quantity}@${l.unitPriceCents}`),
      }),
      summary: `${number} ${target.customerName}`,
    });
    if (target.ownerId !== ctx.actor.id)
      await notify(tx, [
        { userId: target.ownerId, kind: 'orders.created', title: `${number} ${target.customerName}`, link: `/orders/${id}` },
      ]);
    return getOrder(ctx, id, tx);
  });
}

/**
 * Moves the delivery status one step forward, or cancels before shipping (ORD-STATUS), with the
 * date it happened, a note and who did it. The owner hears of changes made by someone else. The
 * first shipment starts the contract's execution; an acceptance may complete it (CON-DONE); a
 * cancelled direct order leaves the customer's order history.
 */
export async function changeOrderStatus(ctx: Ctx, id: string, input: OrderStatusChange): Promise<Order> {
  ordersAccess.require(ctx.actor, 'deliver');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, id), ordersAccess.where(ctx.actor, 'deliver', orders.ownerId)))
      .for('update');
    if (!before) throw notFound('order');
    if (before.version !== input.version) throw conflict();
    assertOrderMove(before.status, input.status);
    const at = await happenedAt(tx, ctx, before, input.at);
    await tx
      .update(orders)
      .set({ status: input.status, updatedAt: ctx.now, version: sql`${orders.version} + 1` })
      .where(eq(orders.id, id));
    await tx
      .insert(orderStatusHistory)
      .values({ orderId: id, fromStatus: before.status, toStatus: input.status, note: input.note ?? null, at, actorId: ctx.actor.id });
    await ctx.audit(tx, {
      action: 'update',
      entity: 'orders',
      entityId: id,
      changes: { status: [before.status, input.status] },
      summary: `${before.number}${input.note ? `: ${input.note}` : ''}`,
    });
    if (before.ownerId !== ctx.actor.id) {
      await notify(tx, [
        {
          userId: before.ownerId,
          kind: 'orders.status',
          title: `${before.number}: ${input.status}`,
          titleMessage: message('orders.messages.statusChanged', { number: before.number, status: input.status }),
          body: input.note ?? null,
          link: `/orders/${id}`,
        },
      ]);
    }
    if (before.contractId && input.status === 'shipped') await markContractExecuting(tx, ctx, before.contractId);
    if (before.contractId && input.status === 'accepted') await completeContractIfFulfilled(tx, ctx, before.contractId);
    if (!before.contractId && input.status === 'cancelled') await removeDeal(tx, `order:${id}`);
    return getOrder(ctx, id, tx);
  });
}

/** When the step happened: now, or a given instant not in the future and not before the previous step. */
async function happenedAt(tx: Tx, ctx: Ctx, order: OrderRecord, given: string | undefined): Promise<Date> {
  if (!given) return ctx.now;
  const at = new Date(given);
  if (at.getTime() > ctx.now.getTime() + 5 * 60_000) throw badRequest('body.at', 'cannot be in the future');
  const [last] = await tx
    .select({ at: sql<string>`max(${orderStatusHistory.at})` })
    .from(orderStatusHistory)
    .where(eq(orderStatusHistory.orderId, order.id));
  if (last?.at && at.getTime() < new Date(iso(last.at)!).getTime()) throw badRequest('body.at', 'cannot be before the previous step');
  return at;
}

/** The given orders inside the caller's read scope, as the list shows them ("export selected"). */
export async function ordersByIds(ctx: Ctx, ids: string[], executor: Executor = ctx.db): Promise<OrderRow[]> {
  ordersAccess.require(ctx.actor, 'read');
  if (!ids.length) return [];
  const rows = await selectOrders(ctx, executor).where(and(inArray(orders.id, ids), ordersAccess.where(ctx.actor, 'read', orders.ownerId)));
  return rows.map(presentRow);
}
