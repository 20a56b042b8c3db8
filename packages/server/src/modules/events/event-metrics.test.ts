import { describe, expect, it } from 'vitest';
import { computeEventMetrics, type MetricsInvitation } from './event-metrics.js';

const at = '2026-05-01T00:00:00Z';
const inv = (status: MetricsInvitation['status'], extra: Partial<MetricsInvitation> = {}): MetricsInvitation => ({
  status,
  source: 'plan',
  acceptedAt: ['accepted', 'confirmed', 'attended', 'no_show'].includes(status) ? at : null,
  confirmedAt: status === 'confirmed' ? at : null,
  ...extra,
});

/**
 * A small event, counted by hand: 10 invitations — 2 pending, 2 declined (one of them after
 * accepting), 1 accepted, 1 confirmed, 3 attended (2 had confirmed, 1 had not), 1 no-show (had
 * confirmed) — and 2 walk-ins. Accepted ever: 1 + 1 + 3 + 1 + 1 (declined later) = 7.
 * Confirmed: 1 + 2 + 1 = 4. Attendees: 3 + 2 = 5. 2 deals, 30,000.00 booked, 12,000.00 collected,
 * invitation cost 1,000.00, event cost 9,000.00 → total 10,000.00.
 */
const event = {
  invitations: [
    inv('pending'),
    inv('pending'),
    inv('declined'),
    inv('declined', { acceptedAt: at }),
    inv('accepted'),
    inv('confirmed'),
    inv('attended', { confirmedAt: at }),
    inv('attended', { confirmedAt: at }),
    inv('attended'),
    inv('no_show', { confirmedAt: at }),
    inv('attended', { source: 'walk_in', acceptedAt: null }),
    inv('attended', { source: 'walk_in', acceptedAt: null }),
  ],
  deals: 2,
  bookedCents: 3_000_000,
  collectedCents: 1_200_000,
  invitationCostCents: 100_000,
  eventCostCents: 900_000,
};

describe('R-EVT-2 event metrics', () => {
  const m = computeEventMetrics(event);

  it('R-EVT-2 invitations exclude walk-ins', () => expect(m.invitations).toBe(10));
  it('R-EVT-2 accepted counts every invitation ever accepted; acceptance rate = accepted / invitations', () => {
    expect(m.accepted).toBe(7);
    expect(m.acceptanceRate).toBeCloseTo(0.7);
  });
  it('R-EVT-2 confirmation rate = confirmed / accepted', () => {
    expect(m.confirmed).toBe(4);
    expect(m.confirmationRate).toBeCloseTo(4 / 7);
  });
  it('R-EVT-2 attendance rate = accepted who attended / accepted', () => {
    expect(m.attendedOfAccepted).toBe(3);
    expect(m.attendanceRate).toBeCloseTo(3 / 7);
  });
  it('R-EVT-2 no-show rate = no-shows / accepted', () => {
    expect(m.noShows).toBe(1);
    expect(m.noShowRate).toBeCloseTo(1 / 7);
  });
  it('R-EVT-2 walk-ins and attendees (attendees include walk-ins)', () => {
    expect(m.walkIns).toBe(2);
    expect(m.attendees).toBe(5);
  });
  it('R-EVT-2 conversion rate = deals / attendees', () => expect(m.conversionRate).toBeCloseTo(0.4));
  it('R-EVT-2 revenue booked and collected as given', () => {
    expect(m.bookedCents).toBe(3_000_000);
    expect(m.collectedCents).toBe(1_200_000);
  });
  it('R-EVT-2 total cost = invitation cost + event cost', () => expect(m.totalCostCents).toBe(1_000_000));
  it('R-EVT-2 cost per attendee = total cost / attendees (2,000.00)', () => expect(m.costPerAttendeeCents).toBe(200_000));
  it('R-EVT-2 cost per deal = total cost / deals (5,000.00)', () => expect(m.costPerDealCents).toBe(500_000));
  it('R-EVT-2 ROI booked = (30,000 − 10,000) / 10,000 = 2', () => expect(m.roiBooked).toBeCloseTo(2));
  it('R-EVT-2 ROI collected = (12,000 − 10,000) / 10,000 = 0.2', () => expect(m.roiCollected).toBeCloseTo(0.2));

  it('R-EVT-2 an empty event has counts of 0 and no rates (null, not 0)', () => {
    const empty = computeEventMetrics({
      invitations: [],
      deals: 0,
      bookedCents: 0,
      collectedCents: 0,
      invitationCostCents: 0,
      eventCostCents: 0,
    });
    expect(empty).toMatchObject({ invitations: 0, attendees: 0, acceptanceRate: null, attendanceRate: null, conversionRate: null });
    expect(empty).toMatchObject({ costPerAttendeeCents: null, costPerDealCents: null, roiBooked: null, roiCollected: null });
  });
});
