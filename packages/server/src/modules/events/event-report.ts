import type { EventReportRow } from '@xiaoguan/shared';
import { computeEventMetrics, type MetricsInvitation } from './event-metrics.js';
import type { EventCostTotals } from './event-costs.js';

export interface ReportEvent {
  id: string;
  type: string;
  theme: string;
  startsAt: string;
}
export interface ReportInvitation extends MetricsInvitation {
  eventId: string;
  customerId: string;
  callerId: string;
  callerName: string | null;
}
export interface ReportDeal {
  eventId: string;
  customerId: string;
  amountCents: number;
  collectedCents: number;
}

interface Group {
  key: string;
  label: string;
  startsAt: string | null;
  events: Set<string>;
  invitations: MetricsInvitation[];
  deals: number;
  bookedCents: number;
  collectedCents: number;
  costCents: number;
}

/**
 * R-EVT-2 per rep, per event type and per event (issue 17 item 4): each group's figures come from
 * `computeEventMetrics`, the one definition. A rep's group is the invitations they called (walk-ins
 * they registered count as their attendees), their deals the event's deals whose customer they
 * invited, their cost their share of each event's total cost by invitations (or by attendees for an
 * event without invitations). One ROI number per group: (booked − cost) / cost, null at no cost.
 */
export function buildEventReport(input: {
  events: readonly ReportEvent[];
  invitations: readonly ReportInvitation[];
  deals: readonly ReportDeal[];
  costs: ReadonlyMap<string, EventCostTotals>;
}): { byRep: EventReportRow[]; byType: EventReportRow[]; byEvent: EventReportRow[] } {
  const eventById = new Map(input.events.map((e) => [e.id, e]));
  const callerOf = new Map(input.invitations.map((i) => [`${i.eventId}|${i.customerId}`, i]));
  const weights = new Map<string, { total: number; byCaller: Map<string, number> }>();
  for (const i of input.invitations) {
    const w = weights.get(i.eventId) ?? { total: 0, byCaller: new Map<string, number>() };
    if (i.source !== 'walk_in') {
      w.total++;
      w.byCaller.set(i.callerId, (w.byCaller.get(i.callerId) ?? 0) + 1);
    }
    weights.set(i.eventId, w);
  }
  const totalCost = (eventId: string) => {
    const cost = input.costs.get(eventId);
    return cost ? cost.invitationCostCents + cost.eventCostCents : 0;
  };

  const groups = { rep: new Map<string, Group>(), type: new Map<string, Group>(), event: new Map<string, Group>() };
  const group = (kind: keyof typeof groups, key: string, label: string, startsAt: string | null = null): Group => {
    let g = groups[kind].get(key);
    if (!g) {
      g = { key, label, startsAt, events: new Set(), invitations: [], deals: 0, bookedCents: 0, collectedCents: 0, costCents: 0 };
      groups[kind].set(key, g);
    }
    return g;
  };
  const groupsOf = (eventId: string, callerId: string | null, callerName: string | null) => {
    const event = eventById.get(eventId)!;
    const list = [group('type', event.type, event.type), group('event', event.id, event.theme, event.startsAt)];
    if (callerId) list.push(group('rep', callerId, callerName ?? callerId));
    return list;
  };

  for (const i of input.invitations) {
    if (!eventById.has(i.eventId)) continue;
    for (const g of groupsOf(i.eventId, i.callerId, i.callerName)) {
      g.events.add(i.eventId);
      g.invitations.push(i);
    }
  }
  for (const d of input.deals) {
    if (!eventById.has(d.eventId)) continue;
    const invitation = callerOf.get(`${d.eventId}|${d.customerId}`);
    for (const g of groupsOf(d.eventId, invitation?.callerId ?? null, invitation?.callerName ?? null)) {
      g.events.add(d.eventId);
      g.deals++;
      g.bookedCents += d.amountCents;
      g.collectedCents += d.collectedCents;
    }
  }
  for (const event of input.events) {
    const cost = totalCost(event.id);
    group('type', event.type, event.type).costCents += cost;
    group('event', event.id, event.theme, event.startsAt).costCents += cost;
    group('type', event.type, event.type).events.add(event.id);
    group('event', event.id, event.theme, event.startsAt).events.add(event.id);
    const w = weights.get(event.id);
    if (!cost || !w || w.total === 0) continue;
    for (const [callerId, count] of w.byCaller) {
      const rep = groups.rep.get(callerId);
      if (rep) rep.costCents += Math.round((cost * count) / w.total);
    }
  }

  const present = (g: Group): EventReportRow => {
    const m = computeEventMetrics({
      invitations: g.invitations,
      deals: g.deals,
      bookedCents: g.bookedCents,
      collectedCents: g.collectedCents,
      invitationCostCents: 0,
      eventCostCents: g.costCents,
    });
    return {
      key: g.key,
      label: g.label,
      events: g.events.size,
      invitations: m.invitations,
      accepted: m.accepted,
      attendees: m.attendees,
      deals: m.deals,
      acceptanceRate: m.acceptanceRate,
      attendanceRate: m.attendanceRate,
      conversionRate: m.conversionRate,
      bookedCents: m.bookedCents,
      collectedCents: m.collectedCents,
      totalCostCents: m.totalCostCents,
      costPerAttendeeCents: m.costPerAttendeeCents,
      costPerDealCents: m.costPerDealCents,
      roiBooked: m.roiBooked,
      startsAt: g.startsAt,
    };
  };
  const byBooked = (a: EventReportRow, b: EventReportRow) => b.bookedCents - a.bookedCents || a.label.localeCompare(b.label);
  return {
    byRep: [...groups.rep.values()].map(present).sort(byBooked),
    byType: [...groups.type.values()].map(present).sort(byBooked),
    byEvent: [...groups.event.values()].map(present).sort((a, b) => (a.startsAt! < b.startsAt! ? -1 : 1)),
  };
}
