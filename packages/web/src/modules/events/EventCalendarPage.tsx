import { useState } from 'react';
import { Badge, Calendar, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import type { EventCalendarItem } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { dayjs, inZone } from '../../core/time';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useMediaQuery';
import { useEventCalendar } from './api-onsite';

const STATUS_BADGE: Record<EventCalendarItem['status'], 'default' | 'processing' | 'success' | 'warning' | 'error'> = {
  draft: 'default',
  inviting: 'processing',
  ready: 'warning',
  running: 'success',
  closed: 'default',
  cancelled: 'error',
};

/** Events by month (issue 17 item 5), in the company time zone; on a phone, the month's list under a small calendar. */
export default function EventCalendarPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(7, 'day').format('YYYY-MM-DD');
  const calendar = useEventCalendar(from, to);
  const onDay = (day: Dayjs) =>
    (calendar.data ?? []).filter((e) => {
      const key = day.format('YYYY-MM-DD');
      return inZone(e.startsAt, timeZone).format('YYYY-MM-DD') <= key && inZone(e.endsAt, timeZone).format('YYYY-MM-DD') >= key;
    });
  const inMonth = (calendar.data ?? []).filter((e) => inZone(e.startsAt, timeZone).isSame(month, 'month'));
  return (
    <>
      <PageHeader title={t('events.onsite.calendar')} />
      {calendar.error ? <ErrorAlert error={calendar.error} /> : null}
      <Card styles={{ body: { padding: isPhone ? 4 : 12 } }} data-testid="events-calendar">
        <Calendar
          fullscreen={!isPhone}
          value={month}
          onPanelChange={(value) => setMonth(value)}
          onSelect={(value, info) => (info.source === 'date' ? setMonth(value) : undefined)}
          cellRender={(day, info) => {
            if (info.type !== 'date' || isPhone) return info.originNode;
            return (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {onDay(day).map((e) => (
                  <li key={e.id}>
                    <a
                      onClick={(click) => {
                        click.stopPropagation();
                        navigate(`/events/${e.id}`);
                      }}
                      data-testid={`calendar-event-${e.theme}`}
                    >
                      <Badge status={STATUS_BADGE[e.status]} text={`${inZone(e.startsAt, timeZone).format('HH:mm')} ${e.theme}`} />
                    </a>
                  </li>
                ))}
              </ul>
            );
          }}
        />
      </Card>
      {isPhone ? (
        <Card size="small" style={{ marginTop: 8 }}>
          <List
            dataSource={inMonth}
            locale={{ emptyText: t('events.onsite.noEventsInMonth') }}
            renderItem={(e) => (
              <List.Item onClick={() => navigate(`/events/${e.id}`)} style={{ cursor: 'pointer' }}>
                <List.Item.Meta
                  title={<Badge status={STATUS_BADGE[e.status]} text={e.theme} />}
                  description={`${inZone(e.startsAt, timeZone).format('MM-DD HH:mm')} · ${t(`events.statuses.${e.status}`)}${e.venue ? ` · ${e.venue}` : ''}`}
                />
              </List.Item>
            )}
          />
        </Card>
      ) : (
        <Typography.Text type="secondary">{t('events.onsite.calendarHint')}</Typography.Text>
      )}
    </>
  );
}
