import { Tag } from 'antd';
import type { ApprovalStatus } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { translateOr } from '../../core/i18n';

const STATUS_COLORS: Record<ApprovalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
};

export function ApprovalStatusTag({ status }: { status: ApprovalStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid={`approval-status-${status}`}>
      {t(`approvals.status.${status}`)}
    </Tag>
  );
}

/** Subject types come from the modules that submit approvals; unknown ones show as sent. */
export function subjectLabel(subjectType: string): string {
  return translateOr(`approvals.subjects.${subjectType.replaceAll('.', '_')}`, subjectType);
}

/** Detail keys (camelCase, from the submitting module) → a translated label, else the key. */
export function detailLabel(key: string): string {
  return translateOr(`approvals.details.${key}`, key);
}

/** History actions: `approved`, `rejected (delegate)`, … */
export function historyLabel(action: string): string {
  const delegate = action.endsWith(' (delegate)');
  const base = delegate ? action.slice(0, -' (delegate)'.length) : action;
  const label = translateOr(`approvals.history.${base}`, base);
  return delegate ? `${label}${translateOr('approvals.history.delegate', ' (delegate)')}` : label;
}

/** Percent values as the server sends them (e.g. 12.5 → "12.5%"). */
export function formatPercent(percent: number | null): string {
  return percent === null ? '—' : `${percent}%`;
}
