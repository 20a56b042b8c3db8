import type { CallOutcome, InvitationStatus } from '@xiaoguan/shared';
import { AppError } from '../../platform/errors.js';

/**
 * R-EVT-1 invitation status machine: pending → accepted → confirmed → attended | no_show, or
 * declined, or cancelled. A person who never answered or did not reconfirm may still walk in on the
 * day (→ attended) — turning them away would cost the event its purpose. attended, no_show,
 * declined and cancelled are final.
 */
const INVITATION_MOVES: Record<InvitationStatus, readonly InvitationStatus[]> = {
  pending: ['accepted', 'declined', 'cancelled', 'attended'],
  accepted: ['confirmed', 'declined', 'cancelled', 'attended', 'no_show'],
  confirmed: ['attended', 'no_show', 'declined', 'cancelled'],
  attended: [],
  no_show: [],
  declined: [],
  cancelled: [],
};

export function nextInvitationStatuses(status: InvitationStatus): readonly InvitationStatus[] {
  return INVITATION_MOVES[status];
}

export function canMoveInvitation(from: InvitationStatus, to: InvitationStatus): boolean {
  return INVITATION_MOVES[from].includes(to);
}

/** R-EVT-1: 422 naming the transition when the machine does not allow it. */
export function assertInvitationMove(from: InvitationStatus, to: InvitationStatus): void {
  if (!canMoveInvitation(from, to)) {
    throw new AppError('rule', `invitation transition ${from} → ${to} is not allowed`, {
      rule: 'R-EVT-1',
      field: 'body.status',
      data: { from, to },
    });
  }
}

/** The status a call outcome moves the invitation to; null = it stays (no answer, questions). */
export function statusAfterOutcome(outcome: CallOutcome): InvitationStatus | null {
  switch (outcome) {
    case 'accepted':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'no_answer':
    case 'questions':
      return null;
  }
}

/** R-EVT-1: a decline needs a reason from the configured list. */
export function assertDeclineReason(reason: string | null | undefined, reasons: readonly string[]): void {
  if (!reason) throw new AppError('validation', 'a decline needs a reason', { rule: 'R-EVT-1', field: 'body.reason' });
  if (!reasons.includes(reason)) {
    throw new AppError('validation', `not one of the configured decline reasons`, { rule: 'R-EVT-1', field: 'body.reason' });
  }
}
