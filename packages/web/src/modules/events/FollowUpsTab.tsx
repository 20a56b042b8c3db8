import { Card, Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { FollowUpKind } from '@xiaoguan/shared';
import { useEventFollowUps, type FollowUpList } from './api-ops';

const FOLLOW_UP_COLORS: Record<FollowUpKind, string> = { attendee: 'blue', buyer: 'green', no_show: 'orange', time_conflict: 'purple' };

/** The follow-up tasks the event's close created (001 客户跟进); they are on each rep's "my day". */
export default function FollowUpsTab({ eventId, enabled }: { eventId: string; enabled: boolean }) {
  const { t } = useTranslation();
  const list = useEventFollowUps(eventId, enabled);
  if (!enabled) return null;
  if (list.error) return <ErrorAlert error={list.error} />;
  const items = list.data?.items ?? [];
  return (
    <Card size="small" title={t('events.ops.followUps.title')} data-testid="event-follow-ups">
      {items.length === 0 ? (
        <Empty description={t('events.ops.followUps.empty')} />
      ) : (
        <Table<FollowUpList['items'][number]>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={items}
          columns={[
            {
              title: '',
              width: 110,
              render: (_, f) => <Tag color={FOLLOW_UP_COLORS[f.kind]}>{t(`events.ops.followUps.kinds.${f.kind}`)}</Tag>,
            },
            { title: t('events.ops.followUps.customer'), dataIndex: 'customerName' },
            { title: t('events.ops.followUps.owner'), dataIndex: 'ownerName', width: 100 },
            { title: t('events.ops.followUps.due'), width: 150, render: (_, f) => <DateTimeText value={f.dueAt} /> },
            {
              title: t('events.ops.followUps.status'),
              width: 90,
              render: (_, f) =>
                f.doneAt ? <Tag color="green">{t('events.ops.followUps.done')}</Tag> : <Tag>{t('events.ops.followUps.open')}</Tag>,
            },
          ]}
        />
      )}
    </Card>
  );
}
