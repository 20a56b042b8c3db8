import { useState } from 'react';
import { Button, Card, Empty, Segmented, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMarkAllRead, useNotifications } from './api';
import { NotificationItem } from './NotificationItem';
import { useOpenNotification } from './useOpenNotification';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { data, isPending, error, refetch } = useNotifications(unreadOnly);
  const markAll = useMarkAllRead();
  const openItem = useOpenNotification();
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        subtitle={data ? t('notifications.unreadCount', { count: data.unread }) : undefined}
        extra={
          <Button disabled={!data?.unread} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ padding: 12 }}>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(value) => setUnreadOnly(value === 'unread')}
            options={[
              { value: 'all', label: t('notifications.tabs.all') },
              { value: 'unread', label: t('notifications.tabs.unread') },
            ]}
          />
        </div>
        <ErrorAlert error={error} onReload={() => void refetch()} style={{ margin: 12 }} />
        {isPending ? (
          <Spin style={{ display: 'block', padding: 32 }} />
        ) : data?.items.length ? (
          data.items.map((item) => <NotificationItem key={item.id} item={item} onOpen={openItem} />)
        ) : (
          <Empty style={{ padding: 32 }} description={t('notifications.empty')} />
        )}
      </Card>
    </>
  );
}
