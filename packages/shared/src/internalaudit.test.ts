import { describe, expect, it } from 'vitest';
import { rectificationUrgency } from './internalaudit.js';
import { escalationDue } from './teamwork.js';

const DAY = 86_400_000;
const deadline = new Date('2026-06-10T10:00:00Z');
const at = (ms: number) => new Date(deadline.getTime() + ms);
const policy = { remindDays: 3, escalateDays: 7 };

describe('R-AUD-1 rectification deadlines and escalation', () => {
  it('is due soon from exactly remindDays before the deadline, not a moment earlier', () => {
    expect(rectificationUrgency({ deadline, status: 'open' }, at(-3 * DAY - 1), policy)).toBe('none');
    expect(rectificationUrgency({ deadline, status: 'open' }, at(-3 * DAY), policy)).toBe('due_soon');
  });
  it('is on time exactly at the deadline and late one millisecond after', () => {
    expect(rectificationUrgency({ deadline, status: 'open' }, at(0), policy)).toBe('due_soon');
    expect(rectificationUrgency({ deadline, status: 'open' }, at(1), policy)).toBe('late');
  });
  it('escalates exactly escalateDays after the deadline', () => {
    expect(rectificationUrgency({ deadline, status: 'rejected' }, at(7 * DAY - 1), policy)).toBe('late');
    expect(rectificationUrgency({ deadline, status: 'rejected' }, at(7 * DAY), policy)).toBe('escalated');
  });
  it('a task submitted for verification or accepted is never late', () => {
    expect(rectificationUrgency({ deadline, status: 'submitted' }, at(30 * DAY), policy)).toBe('none');
    expect(rectificationUrgency({ deadline, status: 'accepted' }, at(30 * DAY), policy)).toBe('none');
  });
});

describe('分层级汇报: escalation SLA per level', () => {
  const start = new Date('2026-06-01T00:00:00Z');
  it('moves up only after the level’s SLA, and only while there is someone above', () => {
    expect(escalationDue(1, start, new Date(start.getTime() + 24 * 3_600_000), [24, 48], 3).escalate).toBe(false);
    expect(escalationDue(1, start, new Date(start.getTime() + 24 * 3_600_000 + 1), [24, 48], 3).escalate).toBe(true);
    expect(escalationDue(2, start, new Date(start.getTime() + 25 * 3_600_000), [24, 48], 3).escalate).toBe(false);
    expect(escalationDue(3, start, new Date(start.getTime() + 999 * 3_600_000), [24, 48], 3)).toMatchObject({ escalate: false });
    // Above the listed levels the last SLA applies.
    expect(escalationDue(3, start, start, [24, 48], 4).dueAt.getTime()).toBe(start.getTime() + 48 * 3_600_000);
  });
});
