import { describe, expect, it } from 'vitest';
import { buildEventReport, type ReportInvitation } from './event-report.js';

const E1 = { id: 'e1', type: '专题讲座', theme: '讲座一', startsAt: '2026-03-01T06:00:00.000Z' };
const E2 = { id: 'e2', type: '客户答谢会', theme: '答谢会', startsAt: '2026-04-01T06:00:00.000Z' };
let n = 0;
const inv = (
  eventId: string,
  callerId: string,
  status: ReportInvitation['status'],
  accepted = true,
  source: ReportInvitation['source'] = 'plan',
) => ({
  eventId,
  customerId: `c${++n}`,
  callerId,
  callerName: callerId === 'wang' ? '王芳' : '李雷',
  status,
  source,
  acceptedAt: accepted ? '2026-02-20T00:00:00Z' : null,
  confirmedAt: null,
});

describe('R-EVT-2 per rep and per event type (issue 17 item 4), computed by hand', () => {
  // e1: 王芳 invited 3 (2 accepted, both came), 李雷 invited 1 (declined); one walk-in by 王芳.
  // e2: 李雷 invited 2 (1 accepted, came). Deals: e1 two of 王芳's attendees (100 + 50), e2 one of 李雷's (300).
  const invitations = [
    inv('e1', 'wang', 'attended'),
    inv('e1', 'wang', 'attended'),
    inv('e1', 'wang', 'pending', false),
    inv('e1', 'li', 'declined', false),
    inv('e1', 'wang', 'attended', false, 'walk_in'),
    inv('e2', 'li', 'attended'),
    inv('e2', 'li', 'pending', false),
  ];
  const deals = [
    { eventId: 'e1', customerId: invitations[0]!.customerId, amountCents: 10_000, collectedCents: 10_000 },
    { eventId: 'e1', customerId: invitations[4]!.customerId, amountCents: 5_000, collectedCents: 0 },
    { eventId: 'e2', customerId: invitations[5]!.customerId, amountCents: 30_000, collectedCents: 15_000 },
  ];
  const costs = new Map([
    ['e1', { invitationCostCents: 2_000, eventCostCents: 6_000 }],
    ['e2', { invitationCostCents: 0, eventCostCents: 10_000 }],
  ]);
  const report = buildEventReport({ events: [E1, E2], invitations, deals, costs });

  it('R-EVT-2 per rep: invitation success, attendance, conversion, revenue, cost share and one ROI', () => {
    const wang = report.byRep.find((r) => r.key === 'wang')!;
    expect(wang).toMatchObject({ events: 1, invitations: 3, accepted: 2, attendees: 3, deals: 2, bookedCents: 15_000 });
    expect(wang.acceptanceRate).toBeCloseTo(2 / 3);
    expect(wang.attendanceRate).toBe(1);
    expect(wang.conversionRate).toBeCloseTo(2 / 3);
    // 王芳 made 3 of e1's 4 invitations: 3/4 of 8,000 = 6,000; ROI (15,000 − 6,000) / 6,000 = 1.5.
    expect(wang.totalCostCents).toBe(6_000);
    expect(wang.costPerDealCents).toBe(3_000);
    expect(wang.roiBooked).toBe(1.5);
    const li = report.byRep.find((r) => r.key === 'li')!;
    // 李雷: e1 1/4 of 8,000 = 2,000, e2 all of 10,000 → 12,000; booked 30,000 → ROI 1.5.
    expect(li).toMatchObject({ events: 2, invitations: 3, accepted: 1, attendees: 1, deals: 1, totalCostCents: 12_000, roiBooked: 1.5 });
  });

  it('R-EVT-2 per event type and per event: the event’s figures, its full cost', () => {
    const lecture = report.byType.find((r) => r.key === '专题讲座')!;
    expect(lecture).toMatchObject({
      events: 1,
      invitations: 4,
      accepted: 2,
      attendees: 3,
      deals: 2,
      bookedCents: 15_000,
      totalCostCents: 8_000,
    });
    expect(lecture.costPerAttendeeCents).toBe(2_667);
    expect(lecture.roiBooked).toBeCloseTo(7_000 / 8_000);
    expect(report.byEvent.map((r) => r.key)).toEqual(['e1', 'e2']);
    expect(report.byEvent[1]).toMatchObject({ collectedCents: 15_000, totalCostCents: 10_000, roiBooked: 2 });
  });

  it('R-EVT-2 with no cost recorded, cost per result is 0 and ROI is "—" (null: no denominator)', () => {
    const free = buildEventReport({ events: [E1], invitations, deals, costs: new Map() });
    expect(free.byEvent[0]).toMatchObject({ totalCostCents: 0, costPerAttendeeCents: 0, costPerDealCents: 0, roiBooked: null });
  });
});
