import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EventStatus, InvitationStatus } from '@xiaoguan/shared';

const EVENT_COLORS: Record<EventStatus, string> = {
  draft: 'default',
  inviting: 'processing',
  ready: 'cyan',
  running: 'green',
  closed: 'purple',
  cancelled: 'red',
};

const INVITATION_COLORS: Record<InvitationStatus, string> = {
  pending: 'default',
  accepted: 'blue',
  confirmed: 'cyan',
  attended: 'green',
  no_show: 'orange',
  declined: 'red',
  cancelled: 'default',
};

export function EventStatusTag({ status }: { status: EventStatus }) {
  const { t } = useTranslation();
  return <Tag color={EVENT_COLORS[status]}>{t(`events.statuses.${status}`)}</Tag>;
}

export function InvitationStatusTag({ status }: { status: InvitationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={INVITATION_COLORS[status]} data-testid={`invitation-status-${status}`}>
      {t(`events.invitationStatuses.${status}`)}
    </Tag>
  );
}

/** 0.4 → "40%"; null (no denominator) → "—". */
export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 1000) / 10}%`;
}
