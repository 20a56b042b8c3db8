import type { EventField, EventStatus, InvitationSource } from '@xiaoguan/shared';
import { EVENT_EDITABLE_FIELDS } from '@xiaoguan/shared';
import { AppError } from '../../platform/errors.js';

/** The event lifecycle (issue 17 item 1): draft → inviting → ready → running → closed, cancelled before it runs. */
const EVENT_MOVES: Record<EventStatus, readonly EventStatus[]> = {
  draft: ['inviting', 'cancelled'],
  inviting: ['ready', 'draft', 'cancelled'],
  ready: ['running', 'inviting', 'cancelled'],
  running: ['closed'],
  closed: [],
  cancelled: [],
};

export function nextEventStatuses(status: EventStatus): readonly EventStatus[] {
  return EVENT_MOVES[status];
}

/** 422 naming the move when the lifecycle does not allow it. */
export function assertEventMove(from: EventStatus, to: EventStatus): void {
  if (!EVENT_MOVES[from].includes(to)) {
    throw new AppError('rule', `an event cannot move from ${from} to ${to}`, { field: 'body.status', data: { from, to } });
  }
}

// Once the event runs, only what is said about it may change; the date, place and people are fixed.
const RUNNING_FIELDS: readonly EventField[] = ['description', 'agenda', 'speakers'];

/** What may change in each status: everything before the event runs, its content while it runs, nothing after. */
export function editableEventFields(status: EventStatus): readonly EventField[] {
  switch (status) {
    case 'draft':
    case 'inviting':
    case 'ready':
      return EVENT_EDITABLE_FIELDS;
    case 'running':
      return RUNNING_FIELDS;
    case 'closed':
    case 'cancelled':
      return [];
  }
}

/** 422 on the first field that may not change in the event's status. */
export function assertEventEditable(status: EventStatus, fields: readonly string[]): void {
  const allowed = editableEventFields(status) as readonly string[];
  const refused = fields.find((field) => !allowed.includes(field));
  if (refused) throw new AppError('rule', `${refused} cannot change while the event is ${status}`, { field: `body.${refused}` });
}

/** New invitations: from planning until the event ends; on the day (running) only walk-ins. None after closed or cancelled. */
export function canAddInvitation(status: EventStatus, source: InvitationSource): boolean {
  if (status === 'running') return source === 'walk_in';
  if (source === 'walk_in') return status === 'ready';
  return status === 'draft' || status === 'inviting' || status === 'ready';
}

export function assertCanAddInvitation(status: EventStatus, source: InvitationSource): void {
  if (!canAddInvitation(status, source)) {
    throw new AppError('rule', `no ${source === 'walk_in' ? 'walk-ins' : 'new invitations'} while the event is ${status}`);
  }
}

/** Calls and outcomes happen while inviting and until the event starts (reconfirmation in ready). */
export function canRecordOutcome(status: EventStatus): boolean {
  return status === 'inviting' || status === 'ready';
}

/** Doors open when the event is ready (people arrive before it starts) and while it runs. */
export function canCheckIn(status: EventStatus): boolean {
  return status === 'ready' || status === 'running';
}
