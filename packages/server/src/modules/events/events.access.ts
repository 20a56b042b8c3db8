import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for events (issue 17 item 11). Scopes apply to the event's organiser: a manager organises
 * for the region, supervisors and the director above them see it. Reps see the events they take part
 * in (they call for them) through participation, not a scope — events.service adds it to `read`.
 * `invite` builds invitation plans and reassigns callers; `checkin` is what on-site staff need
 * (support staff and ops check people in and see only name, company, masked phone and seat);
 * `configure` edits the event types, decline reasons and the invitation script.
 */
export const eventsAccess = defineAccess('events', ['read', 'write', 'invite', 'checkin', 'configure'] as const, {
  director: { read: 'all', write: 'all', invite: 'all', checkin: 'all', configure: 'all' },
  manager: { read: 'unit', write: 'unit', invite: 'unit', checkin: 'unit' },
  supervisor: { read: 'unit', write: 'unit', invite: 'unit', checkin: 'unit' },
  support: { checkin: 'all' },
  ops: { read: 'all', checkin: 'all', configure: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
  admin: { configure: 'all' },
});
