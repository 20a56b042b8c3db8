import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CommissionStatementSummary } from '@xiaoguan/shared';

const COLORS = { draft: 'default', submitted: 'processing', approved: 'success', rejected: 'error' } as const;

export function StatementStatusTag({ statement }: { statement: Pick<CommissionStatementSummary, 'status' | 'stage'> }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[statement.status]} data-testid="statement-status">
      {statement.stage ? t(`incentives.stages.${statement.stage}`) : t(`incentives.statuses.${statement.status}`)}
    </Tag>
  );
}

/** Basis points of percent as "80.00 %". */
export const percentText = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(2)} %`);

/** The previous month, YYYY-MM (statements are computed for the month just closed). */
export function lastMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The last closed quarter, YYYY-Qn. */
export function lastQuarter(now = new Date()): string {
  const q = Math.floor(now.getMonth() / 3);
  return q === 0 ? `${now.getFullYear() - 1}-Q4` : `${now.getFullYear()}-Q${q}`;
}
