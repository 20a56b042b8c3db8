import { describe, expect, it } from 'vitest';
import { INVITATION_STATUSES } from '@xiaoguan/shared';
import {
  assertDeclineReason,
  assertInvitationMove,
  canMoveInvitation,
  nextInvitationStatuses,
  statusAfterOutcome,
} from './invitation-rules.js';

describe('R-EVT-1 invitation status machine', () => {
  it('R-EVT-1 pending → accepted → confirmed → attended is the happy path', () => {
    expect(canMoveInvitation('pending', 'accepted')).toBe(true);
    expect(canMoveInvitation('accepted', 'confirmed')).toBe(true);
    expect(canMoveInvitation('confirmed', 'attended')).toBe(true);
  });

  it('R-EVT-1 confirmed → no_show; pending, accepted and confirmed may decline or be cancelled', () => {
    expect(canMoveInvitation('confirmed', 'no_show')).toBe(true);
    for (const from of ['pending', 'accepted', 'confirmed'] as const) {
      expect(canMoveInvitation(from, 'declined')).toBe(true);
      expect(canMoveInvitation(from, 'cancelled')).toBe(true);
    }
  });

  it('R-EVT-1 attended, no_show, declined and cancelled are final', () => {
    for (const final of ['attended', 'no_show', 'declined', 'cancelled'] as const) {
      expect(nextInvitationStatuses(final)).toEqual([]);
    }
  });

  it('R-EVT-1 a pending invitation cannot be confirmed or marked no-show before it was accepted', () => {
    expect(canMoveInvitation('pending', 'confirmed')).toBe(false);
    expect(canMoveInvitation('pending', 'no_show')).toBe(false);
  });

  it('R-EVT-1 an invalid transition is a 422 naming the transition', () => {
    try {
      assertInvitationMove('declined', 'attended');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'rule', status: 422, message: 'invitation transition declined → attended is not allowed' });
      expect(error).toMatchObject({ details: { rule: 'R-EVT-1', data: { from: 'declined', to: 'attended' } } });
    }
  });

  it('R-EVT-1 no status moves to itself', () => {
    for (const status of INVITATION_STATUSES) expect(canMoveInvitation(status, status)).toBe(false);
  });

  it('R-EVT-1 outcomes: accepted and declined move the status, no answer and questions keep it', () => {
    expect(statusAfterOutcome('accepted')).toBe('accepted');
    expect(statusAfterOutcome('declined')).toBe('declined');
    expect(statusAfterOutcome('no_answer')).toBeNull();
    expect(statusAfterOutcome('questions')).toBeNull();
  });

  it('R-EVT-1 a decline needs a reason from the configured list', () => {
    expect(() => assertDeclineReason(null, ['时间冲突'])).toThrow(/needs a reason/);
    expect(() => assertDeclineReason('太远', ['时间冲突'])).toThrow(/configured decline reasons/);
    expect(() => assertDeclineReason('时间冲突', ['时间冲突'])).not.toThrow();
  });
});
