import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ComplaintPriority, ComplaintStatus, SlaState } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';

const STATUS_COLORS: Record<ComplaintStatus, string> = {
  open: 'red',
  in_progress: 'blue',
  waiting_customer: 'gold',
  resolved: 'cyan',
  closed: 'default',
};
const PRIORITY_COLORS: Record<ComplaintPriority, string> = { low: 'default', normal: 'blue', high: 'orange', critical: 'red' };

/** A category key from the settings list in the reader's language; a company's own category as written. */
export function categoryLabel(t: TFunction, category: string): string {
  return t(`service.categories.${category}`, { defaultValue: category });
}

export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`service.statuses.${status}`)}</Tag>;
}

export function PriorityTag({ priority }: { priority: ComplaintPriority }) {
  const { t } = useTranslation();
  return <Tag color={PRIORITY_COLORS[priority]}>{t(`service.priorities.${priority}`)}</Tag>;
}

/** The R-SVC-1 timer as the queue shows it: due time while running, paused, met or missed once answered. */
export function SlaTag({ sla }: { sla: SlaState }) {
  const { t } = useTranslation();
  const detail = t('service.sla.elapsed', { minutes: sla.elapsedMinutes, target: sla.targetMinutes });
  let tag;
  if (sla.respondedAt) tag = <Tag color={sla.met ? 'green' : 'red'}>{t(sla.met ? 'service.sla.met' : 'service.sla.missed')}</Tag>;
  else if (sla.paused) tag = <Tag color="gold">{t('service.sla.paused')}</Tag>;
  else if (sla.level === 'escalated') tag = <Tag color="magenta">{t('service.sla.escalated')}</Tag>;
  else if (sla.level === 'breached') tag = <Tag color="red">{t('service.sla.breached')}</Tag>;
  else
    tag = (
      <Tag color={sla.level === 'warning' ? 'orange' : 'blue'}>
        {sla.level === 'warning' ? `${t('service.sla.warning')} · ` : ''}
        {sla.dueAt ? <DateTimeText value={sla.dueAt} /> : null}
      </Tag>
    );
  return (
    <Tooltip title={detail}>
      <span data-testid="sla-tag" data-level={sla.level}>
        {tag}
      </span>
    </Tooltip>
  );
}

/** A duration in minutes as minutes or hours. */
export function durationText(t: TFunction, minutes: number | null): string {
  if (minutes === null) return '—';
  return minutes < 120 ? t('service.ticket.minutes', { minutes }) : t('service.ticket.hours', { hours: Math.round(minutes / 6) / 10 });
}
