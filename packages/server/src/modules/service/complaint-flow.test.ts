import { describe, expect, it } from 'vitest';
import { complaintActions, nextComplaintStatus } from './complaint-flow.js';

describe('SVC-FLOW complaint closed loop', () => {
  it('goes open → in progress → resolved → closed, and a customer who is not satisfied reopens it', () => {
    expect(nextComplaintStatus('open', 'respond', false)).toBe('in_progress');
    expect(nextComplaintStatus('in_progress', 'resolve', true)).toBe('resolved');
    expect(nextComplaintStatus('resolved', 'confirm', true)).toBe('closed');
    expect(nextComplaintStatus('resolved', 'reopen', true)).toBe('in_progress');
  });

  it('waiting on the customer returns to where the ticket was: unanswered stays open', () => {
    expect(nextComplaintStatus('open', 'wait', false)).toBe('waiting_customer');
    expect(nextComplaintStatus('waiting_customer', 'resume', false)).toBe('open');
    expect(nextComplaintStatus('waiting_customer', 'resume', true)).toBe('in_progress');
  });

  it('refuses a step out of order and offers only notes on a closed ticket', () => {
    expect(() => nextComplaintStatus('open', 'resolve', false)).toThrow(/cannot be resolve/);
    expect(() => nextComplaintStatus('closed', 'reopen', true)).toThrow();
    expect(complaintActions('closed')).toEqual(['note']);
  });
});
