import { describe, expect, it } from 'vitest';
import { EVENT_STATUSES } from '@xiaoguan/shared';
import {
  assertCanAddInvitation,
  assertEventEditable,
  assertEventMove,
  canCheckIn,
  editableEventFields,
  nextEventStatuses,
} from './event-rules.js';

describe('event lifecycle', () => {
  it('runs draft → inviting → ready → running → closed', () => {
    expect(() => assertEventMove('draft', 'inviting')).not.toThrow();
    expect(() => assertEventMove('inviting', 'ready')).not.toThrow();
    expect(() => assertEventMove('ready', 'running')).not.toThrow();
    expect(() => assertEventMove('running', 'closed')).not.toThrow();
  });

  it('may be cancelled before it runs, not after', () => {
    for (const status of ['draft', 'inviting', 'ready'] as const) expect(nextEventStatuses(status)).toContain('cancelled');
    expect(() => assertEventMove('running', 'cancelled')).toThrow(/running to cancelled/);
    expect(() => assertEventMove('closed', 'running')).toThrow(/closed to running/);
  });

  it('closed and cancelled are final', () => {
    expect(nextEventStatuses('closed')).toEqual([]);
    expect(nextEventStatuses('cancelled')).toEqual([]);
  });

  it('a refused move is a 422 naming the status field', () => {
    try {
      assertEventMove('draft', 'closed');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'rule', details: { field: 'body.status' } });
    }
  });
});

describe('what may change per event status', () => {
  it('everything before the event runs', () => {
    expect(() => assertEventEditable('ready', ['startsAt', 'venue', 'capacity'])).not.toThrow();
  });
  it('while running only the content (description, agenda, speakers)', () => {
    expect(editableEventFields('running')).toEqual(['description', 'agenda', 'speakers']);
    expect(() => assertEventEditable('running', ['agenda'])).not.toThrow();
    expect(() => assertEventEditable('running', ['venue'])).toThrow(/venue cannot change while the event is running/);
  });
  it('nothing once closed or cancelled', () => {
    for (const status of ['closed', 'cancelled'] as const) {
      expect(() => assertEventEditable(status, ['description'])).toThrow(/description cannot change/);
    }
  });
});

describe('invitations and check-in per event status', () => {
  it('no new invitations after the event closed; on the day only walk-ins', () => {
    expect(() => assertCanAddInvitation('inviting', 'plan')).not.toThrow();
    expect(() => assertCanAddInvitation('closed', 'single')).toThrow(/no new invitations while the event is closed/);
    expect(() => assertCanAddInvitation('running', 'single')).toThrow();
    expect(() => assertCanAddInvitation('running', 'walk_in')).not.toThrow();
    expect(() => assertCanAddInvitation('draft', 'walk_in')).toThrow(/no walk-ins/);
  });
  it('check-in opens when the event is ready and closes with it', () => {
    expect(EVENT_STATUSES.filter(canCheckIn)).toEqual(['ready', 'running']);
  });
});
