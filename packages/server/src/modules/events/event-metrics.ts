import type { EventMetrics, InvitationSource, InvitationStatus } from '@xiaoguan/shared';

/** One invitation as the metrics need it. */
export interface MetricsInvitation {
  status: InvitationStatus;
  source: InvitationSource;
  /** Set when the invitation was accepted, kept when it moves on (confirmed, attended, no-show, declined later). */
  acceptedAt: Date | string | null;
  confirmedAt: Date | string | null;
}

export interface MetricsInput {
  invitations: readonly MetricsInvitation[];
  deals: number;
  bookedCents: number;
  collectedCents: number;
  invitationCostCents: number;
  eventCostCents: number;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const perUnit = (cents: number, units: number): number | null => (units > 0 ? Math.round(cents / units) : null);

/**
 * R-EVT-2 event metrics, the one definition (the module README states it in words):
 * invitations exclude walk-ins; "accepted" counts every invitation that was ever accepted (also
 * those that later confirmed, attended, did not show or declined after all); attendance and no-show
 * rates are of the accepted; attendees include walk-ins; conversion = deals / attendees; total cost
 * = invitation cost + event cost; ROI = (revenue − total cost) / total cost. A rate whose
 * denominator is 0 is null, not 0.
 */
export function computeEventMetrics(input: MetricsInput): EventMetrics {
  const invited = input.invitations.filter((i) => i.source !== 'walk_in');
  const accepted = invited.filter((i) => i.acceptedAt !== null);
  const confirmed = accepted.filter((i) => i.confirmedAt !== null).length;
  const attendedOfAccepted = accepted.filter((i) => i.status === 'attended').length;
  const noShows = accepted.filter((i) => i.status === 'no_show').length;
  const walkIns = input.invitations.filter((i) => i.source === 'walk_in' && i.status === 'attended').length;
  const attendees = input.invitations.filter((i) => i.status === 'attended').length;
  const totalCostCents = input.invitationCostCents + input.eventCostCents;
  const roi = (revenue: number) => (totalCostCents > 0 ? (revenue - totalCostCents) / totalCostCents : null);
  return {
    invitations: invited.length,
    accepted: accepted.length,
    confirmed,
    attendedOfAccepted,
    noShows,
    walkIns,
    attendees,
    deals: input.deals,
    acceptanceRate: ratio(accepted.length, invited.length),
    confirmationRate: ratio(confirmed, accepted.length),
    attendanceRate: ratio(attendedOfAccepted, accepted.length),
    noShowRate: ratio(noShows, accepted.length),
    conversionRate: ratio(input.deals, attendees),
    bookedCents: input.bookedCents,
    collectedCents: input.collectedCents,
    invitationCostCents: input.invitationCostCents,
    eventCostCents: input.eventCostCents,
    totalCostCents,
    costPerAttendeeCents: perUnit(totalCostCents, attendees),
    costPerDealCents: perUnit(totalCostCents, input.deals),
    roiBooked: roi(input.bookedCents),
    roiCollected: roi(input.collectedCents),
  };
}
