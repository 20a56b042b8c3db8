import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding, Rectification } from '@xiaoguan/shared';

const SEVERITY: Record<Finding['severity'], string> = { low: 'default', medium: 'gold', high: 'orange', critical: 'red' };
const STATUS: Record<Finding['status'], string> = { open: 'error', rectifying: 'processing', verifying: 'warning', closed: 'success' };
const URGENCY: Record<Rectification['urgency'], string> = { none: 'default', due_soon: 'gold', late: 'red', escalated: 'magenta' };

export function SeverityTag({ severity }: { severity: Finding['severity'] }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY[severity]}>{t(`internalaudit.severity.${severity}`)}</Tag>;
}
export function FindingStatusTag({ status }: { status: Finding['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS[status]}>{t(`internalaudit.findingStatus.${status}`)}</Tag>;
}
export function UrgencyTag({ urgency }: { urgency: Rectification['urgency'] }) {
  const { t } = useTranslation();
  if (urgency === 'none') return null;
  return <Tag color={URGENCY[urgency]}>{t(`internalaudit.urgency.${urgency}`)}</Tag>;
}
