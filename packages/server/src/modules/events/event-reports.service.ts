import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { EventCalendarItem, EventMetrics, EventReport, InvitationProfileFilter } from '@xiaoguan/shared';
import type { z } from 'zod';
import type { eventReportQuerySchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { iso } from '../../platform/db/client.js';
import { badRequest, forbidden } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { users } from '../org/index.js';
import { customers } from '../customers/index.js';
import { eventInvitations, events } from './events.schema.js';
import { eventsAccess } from './events.access.js';
import { eventReadScope } from './events.service.js';
import { attributedOrders } from './event-deals.service.js';
import { eventCostsByEvent } from './event-costs.js';
import { buildEventReport } from './event-report.js';
import { computeEventMetrics } from './event-metrics.js';
import { ageBandYears } from './invitation-filters.js';

const inCompanyDays = (timeZone: string, from: string | undefined, to: string | undefined): SQL[] => {
  const filters: SQL[] = [];
  if (from) filters.push(sql`(${events.startsAt} at time zone ${timeZone})::date >= ${from}::date`);
  if (to) filters.push(sql`(${events.startsAt} at time zone ${timeZone})::date <= ${to}::date`);
  return filters;
};

/**
 * R-EVT-2 per rep, per event type and per event over a period (issue 17 item 4), for those who
 * read events beyond their own calls (organisers, managers, ops, finance, auditors): the events in
 * their scope starting in the period (company time zone), cancelled ones left out.
 */
export async function eventReport(ctx: Ctx, query: z.infer<typeof eventReportQuerySchema>): Promise<EventReport> {
  if (!eventsAccess.can(ctx.actor, 'read') && !eventsAccess.can(ctx.actor, 'invite'))
    throw forbidden('event reports are for organisers and managers');
  const { timeZone } = await getSettings(ctx.db);
  const filters: SQL[] = [eventReadScope(ctx), sql`${events.status} <> 'cancelled'`, ...inCompanyDays(timeZone, query.from, query.to)];
  if (query.type) filters.push(eq(events.type, query.type));
  const eventRows = await ctx.db
    .select({ id: events.id, type: events.type, theme: events.theme, startsAt: events.startsAt })
    .from(events)
    .where(and(...filters))
    .limit(1000);
  const ids = eventRows.map((e) => e.id);
  if (ids.length === 0) return { byRep: [], byType: [], byEvent: [] };
  const [invitations, deals, costs] = await Promise.all([
    ctx.db
      .select({
        eventId: eventInvitations.eventId,
        customerId: eventInvitations.customerId,
        callerId: eventInvitations.callerId,
        callerName: users.displayName,
        status: eventInvitations.status,
        source: eventInvitations.source,
        acceptedAt: eventInvitations.acceptedAt,
        confirmedAt: eventInvitations.confirmedAt,
      })
      .from(eventInvitations)
      .leftJoin(users, eq(users.id, eventInvitations.callerId))
      .where(inArray(eventInvitations.eventId, ids)),
    attributedOrders(ctx.db, ids),
    eventCostsByEvent(ctx.db, ids),
  ]);
  return buildEventReport({
    events: eventRows.map((e) => ({ ...e, startsAt: iso(e.startsAt)! })),
    invitations,
    deals,
    costs,
  });
}

/** R-EVT-2 of one event with its attributed deals and costs (the event page's figures). */
export async function eventFigures(
  ctx: Ctx,
  eventId: string,
  invitations: Promise<Parameters<typeof computeEventMetrics>[0]['invitations']>,
): Promise<EventMetrics> {
  // The three reads are independent: side by side on the pool, the page waits for the slowest, not the sum.
  const [invitationRows, deals, costs] = await Promise.all([
    invitations,
    attributedOrders(ctx.db, [eventId]),
    eventCostsByEvent(ctx.db, [eventId]),
  ]);
  const cost = costs.get(eventId) ?? { invitationCostCents: 0, eventCostCents: 0 };
  return computeEventMetrics({
    invitations: invitationRows,
    deals: deals.length,
    bookedCents: deals.reduce((sum, d) => sum + d.amountCents, 0),
    collectedCents: deals.reduce((sum, d) => sum + d.collectedCents, 0),
    ...cost,
  });
}

const MAX_CALENDAR_DAYS = 62;

/** The events of a period for the month view (company time zone), within the caller's read scope. */
export async function eventCalendar(ctx: Ctx, query: { from: string; to: string }): Promise<EventCalendarItem[]> {
  const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (days > MAX_CALENDAR_DAYS) throw badRequest('querystring.to', `at most ${MAX_CALENDAR_DAYS} days at a time`);
  const { timeZone } = await getSettings(ctx.db);
  const rows = await ctx.db
    .select({
      id: events.id,
      theme: events.theme,
      type: events.type,
      status: events.status,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      venue: events.venue,
    })
    .from(events)
    .where(
      and(
        eventReadScope(ctx),
        sql`(${events.endsAt} at time zone ${timeZone})::date >= ${query.from}::date`,
        sql`(${events.startsAt} at time zone ${timeZone})::date <= ${query.to}::date`,
      ),
    )
    .orderBy(events.startsAt, events.id)
    .limit(500);
  return rows.map((r) => ({ ...r, startsAt: iso(r.startsAt)!, endsAt: iso(r.endsAt)! }));
}

/** The profile filters of the invitation list as SQL on the customer (issue 17 item 5). */
export function invitationProfileWhere(filter: InvitationProfileFilter, today: string): SQL[] {
  const filters: SQL[] = [];
  if (filter.gender) filters.push(eq(customers.gender, filter.gender));
  if (filter.occupation) filters.push(sql`${customers.occupation} ilike ${`%${filter.occupation.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`);
  if (filter.interest) filters.push(sql`${filter.interest} = any(${customers.interests})`);
  if (filter.ageBand) {
    const { min, max } = ageBandYears(filter.ageBand);
    // Age in whole years on the company's today: born on or before today − min years, after today − (max + 1) years.
    filters.push(sql`${customers.birthday} <= (${today}::date - make_interval(years => ${min}))::date`);
    if (max !== null) filters.push(sql`${customers.birthday} > (${today}::date - make_interval(years => ${max + 1}))::date`);
  }
  return filters;
}
