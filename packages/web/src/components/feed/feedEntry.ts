import type { TFunction } from 'i18next';
import type { FeedEntry } from '@xiaoguan/shared';

/** Where an entry's record opens: its own page, or the customer page's tab that lists it. */
export function feedRecordPath(entry: FeedEntry, customerId: string): string {
  const { kind, id } = entry.record;
  switch (kind) {
    case 'customer':
      return `/customers/${id}`;
    case 'opportunity':
      return `/opportunities/${id}`;
    case 'quote':
      return `/quotes/${id}`;
    case 'contract':
      return `/contracts/${id}`;
    case 'order':
      return `/orders/${id}`;
    case 'approval':
      return `/approvals/${id}`;
    case 'task':
      return `/customers/${customerId}?tab=tasks`;
    case 'interaction':
      return `/customers/${customerId}?tab=timeline`;
    case 'complaint':
      return `/complaints/${id}`;
    case 'escalation':
      return `/teamwork/escalations`;
    case 'handover':
      return `/teamwork/handovers`;
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What happened, in the reader's language (stage, channel and approval names from keys, never raw). */
export function describeFeedEntry(entry: FeedEntry, t: TFunction): string {
  const p = entry.params;
  const stage = (key: unknown) => (text(key) ? t(`feed.stages.${text(key)}`) : '—');
  switch (`${entry.type}:${entry.event}`) {
    case 'interaction:logged':
      return t('feed.events.interactionLogged', { channel: t(`feed.channels.${text(p.channel) || 'call'}`) });
    case 'stage:created':
      return t('feed.events.stageCreated');
    case 'stage:stage_changed':
      return t('feed.events.stageChanged', { from: stage(p.fromStage), to: stage(p.toStage) });
    case 'quote:created':
      return t('feed.events.quoteCreated');
    case 'contract:created':
      return t('feed.events.contractCreated');
    case 'contract:signed':
      return t('feed.events.contractSigned');
    case 'order:created':
      return t('feed.events.orderCreated');
    case 'receipt:received':
      return t('feed.events.receiptReceived');
    case 'task:created':
      return t('feed.events.taskCreated');
    case 'task:done':
      return t('feed.events.taskDone');
    case 'attachment:added':
      return t('feed.events.attachmentAdded');
    case 'complaint:created':
      return t('feed.events.complaintCreated');
    case 'complaint:resolve':
      return t('feed.events.complaintResolved');
    case 'complaint:confirm':
      return t('feed.events.complaintClosed');
    case 'complaint:reopen':
      return t('feed.events.complaintReopened');
    case 'escalation:raised':
      return t('feed.events.escalationRaised', { category: t(`feed.escalationCategories.${text(p.category) || 'internal'}`) });
    case 'escalation:escalated':
      return t('feed.events.escalationMoved', { level: typeof p.level === 'number' ? p.level : 2 });
    case 'escalation:resolved':
      return t('feed.events.escalationResolved');
    case 'handover:created':
      return t('feed.events.handoverOffered', { to: text(p.to) });
    case 'handover:accepted':
      return t('feed.events.handoverAccepted', { to: text(p.to) });
    case 'handover:declined':
      return t('feed.events.handoverDeclined', { to: text(p.to) });
  }
  if (entry.type === 'approval') {
    const subjectKey = text(p.subjectType).replace('.', '_');
    const subject = ['quote_discount', 'quote_floor', 'contract_sign'].includes(subjectKey)
      ? t(`feed.subjects.${subjectKey}`)
      : t('feed.subjects.other');
    const event = {
      submitted: 'approvalSubmitted',
      approved: 'approvalApproved',
      rejected: 'approvalRejected',
      cancelled: 'approvalCancelled',
    }[entry.event];
    return t(`feed.events.${event ?? 'approvalOther'}`, { subject });
  }
  return t('feed.events.other');
}

/** The amount an entry is about, if any (cents). */
export function feedAmount(entry: FeedEntry): number | null {
  const p = entry.params;
  for (const key of ['amountCents', 'totalCents']) {
    const value = p[key];
    if (typeof value === 'number') return value;
  }
  return null;
}
