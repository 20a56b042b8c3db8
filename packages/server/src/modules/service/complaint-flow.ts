import type { ComplaintAction, ComplaintStatus } from '@xiaoguan/shared';
import { ruleViolation } from '../../platform/errors.js';

/**
 * The ticket's closed loop (000 客户管理组 闭环管理): open → (first response) in progress →
 * resolved (root cause + corrective action) → the customer confirms (closed) or not (reopened).
 * Waiting on the customer pauses the R-SVC-1 clock and returns to where it was. Written once: the
 * routes refuse what is not listed, the ticket page offers what is.
 */
const FLOW: Record<ComplaintStatus, readonly ComplaintAction[]> = {
  open: ['respond', 'wait', 'note'],
  in_progress: ['wait', 'resolve', 'note'],
  waiting_customer: ['resume', 'note'],
  resolved: ['confirm', 'reopen', 'note'],
  closed: ['note'],
};

export function complaintActions(status: ComplaintStatus): readonly ComplaintAction[] {
  return FLOW[status];
}

/** The status after an action; `responded` says whether the first response has been given. */
export function nextComplaintStatus(status: ComplaintStatus, action: ComplaintAction, responded: boolean): ComplaintStatus {
  if (!FLOW[status].includes(action)) throw ruleViolation('SVC-FLOW', `a ${status} complaint cannot be ${action}`);
  switch (action) {
    case 'respond':
      return 'in_progress';
    case 'wait':
      return 'waiting_customer';
    case 'resume':
      return responded ? 'in_progress' : 'open';
    case 'resolve':
      return 'resolved';
    case 'confirm':
      return 'closed';
    case 'reopen':
      return 'in_progress';
    case 'note':
      return status;
  }
}
