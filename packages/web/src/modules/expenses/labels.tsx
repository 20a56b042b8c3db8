import { Tag } from 'antd';
import type { ClaimSummary } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';

const COLORS: Record<ClaimSummary['status'], string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
  paid: 'green',
  rejected: 'error',
};

/** A claim's status, with the review stage while it is in review. */
export function ClaimStatusTag({ claim }: { claim: Pick<ClaimSummary, 'status' | 'stage'> }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[claim.status]} style={{ marginInlineEnd: 0 }} data-testid={`claim-status-${claim.status}`}>
      {claim.stage ? t(`expenses.stages.${claim.stage}`) : t(`expenses.statuses.${claim.status}`)}
    </Tag>
  );
}

/** "2026-03-01" + kind → "2026年3月" / "2026 Q1" / "2026". */
export function periodLabel(kind: 'month' | 'quarter' | 'year', start: string): string {
  const year = start.slice(0, 4);
  const month = Number(start.slice(5, 7));
  if (kind === 'year') return year;
  if (kind === 'quarter') return `${year} Q${Math.floor((month - 1) / 3) + 1}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Yuan as typed (decimal string or number) → exact integer cents. */
export function yuanToCents(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const [whole = '0', fraction = ''] = String(value).trim().split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}
