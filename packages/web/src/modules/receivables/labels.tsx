import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgingBucket, CreditOverride, ReceiptMethod, WriteOff } from '@xiaoguan/shared';

/** R-AR-1 bucket colours, from calm to alarming; the chart uses the same ones. */
export const BUCKET_COLORS: Record<AgingBucket, string> = {
  current: '#52c41a',
  d1_30: '#faad14',
  d31_60: '#fa8c16',
  d61_90: '#f5222d',
  d90_plus: '#a8071a',
};

export function BucketTag({ bucket }: { bucket: AgingBucket }) {
  const { t } = useTranslation();
  return (
    <Tag color={BUCKET_COLORS[bucket]} style={{ marginInlineEnd: 0 }} data-testid={`bucket-${bucket}`}>
      {t(`receivables.bucketsShort.${bucket}`)}
    </Tag>
  );
}

export function MethodText({ method }: { method: ReceiptMethod }) {
  const { t } = useTranslation();
  return <>{t(`receivables.methods.${method}`)}</>;
}

const OVERRIDE_COLORS: Record<CreditOverride['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  used: 'default',
};
export function OverrideStatusTag({ status }: { status: CreditOverride['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={OVERRIDE_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`receivables.overrideStatuses.${status}`)}
    </Tag>
  );
}

const WRITE_OFF_COLORS: Record<WriteOff['status'], string> = { pending: 'processing', approved: 'error', rejected: 'default' };
export function WriteOffStatusTag({ status }: { status: WriteOff['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={WRITE_OFF_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`receivables.writeOffStatuses.${status}`)}
    </Tag>
  );
}
