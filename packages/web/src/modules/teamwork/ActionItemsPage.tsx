import { Card, Empty, Flex, List, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useActionItems } from './api';
import { ActionItemState } from './labels';

/** My action items from meetings (issue 21 item 6), a list that reads on a phone; done is ticked in my day. */
export default function ActionItemsPage() {
  const { t } = useTranslation();
  const [mine, setMine] = useState(true);
  const items = useActionItems(mine);
  return (
    <>
      <PageHeader
        title={t('teamwork.items.pageTitle')}
        subtitle={<Typography.Text type="secondary">{t('teamwork.items.subtitle')}</Typography.Text>}
      />
      <Segmented
        style={{ marginBottom: 12 }}
        value={mine ? 'mine' : 'team'}
        onChange={(v) => setMine(v === 'mine')}
        options={[
          { value: 'mine', label: t('teamwork.items.mine') },
          { value: 'team', label: t('teamwork.items.team') },
        ]}
      />
      <ErrorAlert error={items.error} />
      <Card size="small">
        {items.data && !items.data.length ? (
          <Empty description={t('teamwork.items.none')} />
        ) : (
          <List
            loading={items.isLoading}
            dataSource={items.data ?? []}
            renderItem={(item) => (
              <List.Item data-testid={`my-item-${item.title}`}>
                <Flex vertical gap={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <ActionItemState state={item.state} />
                    <Typography.Text strong>{item.title}</Typography.Text>
                  </Space>
                  <Typography.Text type="secondary">
                    {item.ownerName} · <DateTimeText value={item.dueAt} dateOnly /> ·{' '}
                    <Link to={`/teamwork/meetings/${item.meetingId}`}>{item.meetingTitle}</Link>
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
