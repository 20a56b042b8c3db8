import { message } from '@xiaoguan/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { EventDeal, EventDeals, EventOffer, EventOfferCreate } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { orders, ordersAccess } from '../orders/index.js';
import { products, promotions } from '../products/index.js';
import { eventDeals, eventInvitations } from './events.schema.js';
import { eventsAccess } from './events.access.js';
import { getEventSettings } from './events.settings.js';
import { loadEvent } from './events.service.js';
import { calendarDay } from '../../platform/time.js';
import { attributedPipeline } from './event-pipeline.js';

/** Days after an event's end within which an attendee's order is still the event's (issue 17 item 3). */
export const DEFAULT_ATTRIBUTION_DAYS = 7;

const dayInZone = (instant: Date, timeZone: string) => new Date(calendarDay(instant, timeZone)).toISOString().slice(0, 10);

export async function attributionDays(db: Executor): Promise<number> {
  return (await getEventSettings(db)).attributionDays ?? DEFAULT_ATTRIBUTION_DAYS;
}

export interface AttributedOrder {
  eventId: string;
  orderId: string;
  customerId: string;
  amountCents: number;
  collectedCents: number;
  attribution: 'auto' | 'manual';
}

/**
 * The hand attributions as SQL common table expressions (issue 17 item 7), shared by orders and the
 * pipeline so both follow one rule: a record's hand-attributed event is its own link, else the link
 * of what it came from — a contract's quote, then its opportunity (the contract's or its quote's);
 * an order's is its own (event_deals), else its contract's. `linked_contracts` holds every contract
 * with such an event, `manual_orders` every order.
 */
export const manualAttributionCtes = sql`
    linked_contract_ids as (
      select record_id as id from event_pipeline_links where kind = 'contract'
      union select c.id from contracts c join event_pipeline_links l on l.kind = 'quote' and l.record_id = c.quote_id
      union select c.id from contracts c join event_pipeline_links l on l.kind = 'opportunity' and l.record_id = c.opportunity_id
      union select c.id from quotes q join event_pipeline_links l on l.kind = 'opportunity' and l.record_id = q.opportunity_id
                             join contracts c on c.quote_id = q.id
    ), linked_contracts as (
      select c.id as contract_id, coalesce(lc.event_id, lq.event_id, lo.event_id) as event_id
        from contracts c
        left join event_pipeline_links lc on lc.kind = 'contract' and lc.record_id = c.id
        left join event_pipeline_links lq on lq.kind = 'quote' and lq.record_id = c.quote_id
        left join quotes cq on cq.id = c.quote_id
        left join event_pipeline_links lo on lo.kind = 'opportunity' and lo.record_id = coalesce(c.opportunity_id, cq.opportunity_id)
       where c.id in (select id from linked_contract_ids)
    ), manual_orders as (
      select distinct on (order_id) order_id, event_id from (
        select d.order_id, d.event_id, 0 as rank from event_deals d
        union all
        select o.id, lc.event_id, 1 from linked_contracts lc join orders o on o.contract_id = lc.contract_id
      ) m order by order_id, rank
    )`;

/**
 * Deals at the event (issue 17 items 3 and 7), the one attribution: an order belongs to an event
 * when it was attributed to it by hand — itself, or the contract, quote or opportunity it came from
 * (see `manualAttributionCtes`; the most specific wins) — or, if nothing of it was attributed by
 * hand, when its customer attended the event (checked in, walk-ins too) and it was placed between
 * the event's start and its end plus the attribution days; of several such events the latest one
 * wins. So every order counts for at most one event, once. Cancelled orders and cancelled events
 * never count. Collected = the receipts on the order's contract shared out over the contract's
 * orders oldest first, each up to its amount (so two orders on one contract never count the same
 * receipt twice); direct orders without a contract: 0 until collections track them.
 */
export async function attributedOrders(db: Executor, eventIds: readonly string[]): Promise<AttributedOrder[]> {
  if (eventIds.length === 0) return [];
  const days = await attributionDays(db);
  const ids = sql`${sql.param([...eventIds])}::uuid[]`;
  const result = await db.execute<{
    event_id: string;
    order_id: string;
    customer_id: string;
    amount_cents: string;
    collected_cents: string;
    attribution: 'auto' | 'manual';
  }>(sql`
    with ${manualAttributionCtes}, candidates as (
      select distinct on (o.id) o.id as order_id, e.id as event_id
        from orders o
        join event_invitations ei on ei.customer_id = o.customer_id and ei.status = 'attended'
        join events e on e.id = ei.event_id and e.status <> 'cancelled'
       where o.customer_id in (select customer_id from event_invitations where event_id = any(${ids}) and status = 'attended')
         and o.status <> 'cancelled'
         and o.ordered_at >= e.starts_at and o.ordered_at < e.ends_at + make_interval(days => ${days})
         and not exists (select 1 from manual_orders m where m.order_id = o.id)
       order by o.id, e.starts_at desc, e.id
    ), attributed as (
      select order_id, event_id, 'auto' as attribution from candidates where event_id = any(${ids})
      union all
      select m.order_id, m.event_id, 'manual' from manual_orders m
        join orders o on o.id = m.order_id and o.status <> 'cancelled'
       where m.event_id = any(${ids})
    ), shares as (
      select o.id,
             greatest(0, least(o.amount_cents,
               coalesce((select sum(r.amount_cents) from receipts r where r.contract_id = o.contract_id), 0)
               - coalesce(sum(o.amount_cents) over (partition by o.contract_id order by o.ordered_at, o.id
                                                    rows between unbounded preceding and 1 preceding), 0))) as collected_cents
        from orders o
       where o.status <> 'cancelled'
         and o.contract_id in (select x.contract_id from attributed a join orders x on x.id = a.order_id)
    )
    select a.event_id, a.order_id, a.attribution, o.customer_id, o.amount_cents, coalesce(s.collected_cents, 0) as collected_cents
      from attributed a join orders o on o.id = a.order_id left join shares s on s.id = a.order_id`);
  return result.rows.map((r) => ({
    eventId: r.event_id,
    orderId: r.order_id,
    customerId: r.customer_id,
    amountCents: Number(r.amount_cents),
    collectedCents: Number(r.collected_cents),
    attribution: r.attribution,
  }));
}

/** Who may see an event's figures and deals: its organisers and those who read every event. */
async function loadEventForFigures(ctx: Ctx, eventId: string) {
  const row = await loadEvent(ctx, eventId);
  if (!row.canWrite && !row.canInvite && !eventsAccess.can(ctx.actor, 'read')) throw forbidden('event deals are for its organisers');
  return row;
}

/** The deals attributed to an event, newest first. */
export async function listEventDeals(ctx: Ctx, eventId: string): Promise<EventDeals> {
  const row = await loadEventForFigures(ctx, eventId);
  const attributed = await attributedOrders(ctx.db, [eventId]);
  const byOrder = new Map(attributed.map((a) => [a.orderId, a]));
  const details = attributed.length
    ? await ctx.db.execute<{
        id: string;
        number: string;
        customer_id: string;
        customer_name: string;
        owner_name: string | null;
        ordered_at: Date | string;
        status: string;
      }>(sql`
        select o.id, o.number, o.customer_id, c.name as customer_name, u.display_name as owner_name, o.ordered_at, o.status
          from orders o join customers c on c.id = o.customer_id left join users u on u.id = o.owner_id
         where o.id = any(${sql.param([...byOrder.keys()])}::uuid[])
         order by o.ordered_at desc, o.id`)
    : { rows: [] };
  const items: EventDeal[] = details.rows.map((o) => ({
    orderId: o.id,
    orderNumber: o.number,
    customerId: o.customer_id,
    customerName: o.customer_name,
    ownerName: o.owner_name,
    orderedAt: iso(o.ordered_at)!,
    status: o.status,
    amountCents: byOrder.get(o.id)!.amountCents,
    attribution: byOrder.get(o.id)!.attribution,
  }));
  return {
    items,
    attributionDays: await attributionDays(ctx.db),
    bookedCents: attributed.reduce((sum, a) => sum + a.amountCents, 0),
    collectedCents: attributed.reduce((sum, a) => sum + a.collectedCents, 0),
    canAttribute: row.canWrite,
    pipeline: await attributedPipeline(ctx.db, eventId),
  };
}

/**
 * Attributes an order to the event by hand: organisers, for an order they may read whose customer
 * is on the event's list. An order belongs to one event: one attributed elsewhere by hand is 409.
 */
export async function attributeDeal(ctx: Ctx, eventId: string, orderId: string): Promise<EventDeals> {
  const row = await loadEventForFigures(ctx, eventId);
  if (!row.canWrite) throw forbidden('only the event’s organisers attribute deals');
  await ctx.db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, customerId: orders.customerId, status: orders.status })
      .from(orders)
      .where(and(eq(orders.id, orderId), ordersAccess.where(ctx.actor, 'read', orders.ownerId)));
    if (!order) throw badRequest('body.orderId', 'no such order');
    if (order.status === 'cancelled') throw new AppError('rule', 'a cancelled order is no deal', { field: 'orderId' });
    const [invited] = await tx
      .select({ id: eventInvitations.id })
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, eventId), eq(eventInvitations.customerId, order.customerId)));
    if (!invited) throw new AppError('rule', 'the order’s customer is not on this event’s list', { field: 'orderId' });
    const inserted = await tx
      .insert(eventDeals)
      .values({ eventId, orderId, attributedById: ctx.actor.id, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning({ id: eventDeals.id });
    if (!inserted.length) {
      const [existing] = await tx.select({ eventId: eventDeals.eventId }).from(eventDeals).where(eq(eventDeals.orderId, orderId));
      if (existing && existing.eventId !== eventId) throw conflict('the order is attributed to another event');
      return;
    }
    await ctx.audit(tx, {
      action: 'create',
      entity: 'event_deals',
      entityId: inserted[0]!.id,
      summary: `order ${orderId} → event ${eventId}`,
      summaryMessage: message('audit.messages.orderAttributed', { orderId, eventId }),
    });
  });
  return listEventDeals(ctx, eventId);
}

/** Takes back a hand attribution (the automatic rule applies to the order again). */
export async function removeDealAttribution(ctx: Ctx, eventId: string, orderId: string): Promise<EventDeals> {
  const row = await loadEventForFigures(ctx, eventId);
  if (!row.canWrite) throw forbidden('only the event’s organisers attribute deals');
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(eventDeals)
      .where(and(eq(eventDeals.eventId, eventId), eq(eventDeals.orderId, orderId)))
      .returning({ id: eventDeals.id });
    if (!removed.length) throw notFound('attribution');
    await ctx.audit(tx, {
      action: 'delete',
      entity: 'event_deals',
      entityId: removed[0]!.id,
      summary: `order ${orderId} ↛ event ${eventId}`,
      summaryMessage: message('audit.messages.orderDetached', { orderId, eventId }),
    });
  });
  return listEventDeals(ctx, eventId);
}

// ——— Event offers: R-PRC-1 promotions of kind 'event' ———

function presentOffer(row: typeof promotions.$inferSelect): EventOffer {
  return {
    id: row.id,
    name: row.name,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    productIds: row.productIds,
    percentOffBp: row.percentOffBp,
    amountOffCents: row.amountOffCents,
    stackable: row.stackable,
    active: row.active,
  };
}

export async function listEventOffers(ctx: Ctx, eventId: string): Promise<EventOffer[]> {
  await loadEvent(ctx, eventId);
  const rows = await ctx.db.select().from(promotions).where(eq(promotions.eventId, eventId)).orderBy(promotions.createdAt);
  return rows.map(presentOffer);
}

/**
 * An event offer (issue 17 item 3): a promotion of kind 'event' valid on the event's days (company
 * time zone) for its attendees — priced by R-PRC-1 like every promotion, so discount authority,
 * floors and credit limits stay as they are. Organisers of an event that has not closed make it.
 */
export async function createEventOffer(ctx: Ctx, eventId: string, input: EventOfferCreate): Promise<EventOffer> {
  const row = await loadEvent(ctx, eventId);
  if (!row.canWrite) throw forbidden('only the event’s organisers make event offers');
  if (row.e.status === 'closed' || row.e.status === 'cancelled') throw new AppError('rule', `no offers once the event is ${row.e.status}`);
  const { timeZone } = await getSettings(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const ids = [...new Set(input.productIds)];
    if (ids.length) {
      const found = await tx
        .select({ id: products.id })
        .from(products)
        .where(sql`${products.id} = any(${sql.param(ids)}::uuid[])`);
      if (found.length !== ids.length) throw badRequest('body.productIds', 'no such product');
    }
    const [created] = await tx
      .insert(promotions)
      .values({
        name: input.name,
        kind: 'event',
        eventId,
        startsOn: dayInZone(row.e.startsAt, timeZone),
        endsOn: dayInZone(row.e.endsAt, timeZone),
        productIds: ids,
        percentOffBp: input.percentOffBp ?? null,
        amountOffCents: input.amountOffCents ?? null,
        stackable: input.stackable,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'promotions',
      entityId: created!.id,
      summary: `event offer ${created!.name}`,
      summaryMessage: message('audit.messages.eventOffer', { name: created!.name }),
    });
    return presentOffer(created!);
  });
}

/** R-PRC-1 eligibility for event offers (the products slot): the events the customer attended. */
export async function eventOfferEligibility(db: Executor, customerId: string): Promise<string[]> {
  const rows = await db
    .select({ eventId: eventInvitations.eventId })
    .from(eventInvitations)
    .where(and(eq(eventInvitations.customerId, customerId), eq(eventInvitations.status, 'attended')));
  return rows.map((r) => r.eventId);
}
