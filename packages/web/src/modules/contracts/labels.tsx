import { Progress, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CONTRACT_STATUSES, type ContractStatus } from '@xiaoguan/shared';
import { formatCents } from '../../components/MoneyText';

export const CONTRACT_STATUS_COLORS: Record<ContractStatus, string> = {
  draft: 'default',
  in_approval: 'processing',
  signed: 'blue',
  executing: 'cyan',
  completed: 'success',
  terminated: 'error',
};

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={CONTRACT_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid={`contract-status-${status}`}>
      {t(`contracts.statuses.${status}`)}
    </Tag>
  );
}

export const contractStatusOptions = (t: TFunction) =>
  CONTRACT_STATUSES.map((status) => ({ value: status, label: t(`contracts.statuses.${status}`) }));

/** A share of the contract amount as a bar, with the amount on hover. */
export function ShareBar({ percent, cents, color, testId }: { percent: number; cents: number; color?: string; testId?: string }) {
  return (
    <Tooltip title={formatCents(cents)}>
      <Progress percent={percent} size="small" strokeColor={color} data-testid={testId} />
    </Tooltip>
  );
}
