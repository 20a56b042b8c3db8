import { useState } from 'react';
import { App, Button, Card, Empty, Flex, List, Select, Space, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { InvitationStatus, Reconfirmation } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { InvitationStatusTag } from './labels';
import { useReconfirmOutcome, useReconfirmations } from './api-ops';

/**
 * The day-before reconfirmation list (001 邀约流程.3), phone first: tap to call, then one tap for the
 * outcome — coming (→ confirmed), can't come (→ declined, with a reason) or no answer.
 */
export function ReconfirmList({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useReconfirmations(eventId);
  const record = useReconfirmOutcome();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  if (list.error) return <ErrorAlert error={list.error} />;
  if (!list.data) return null;
  const act = (item: Reconfirmation, outcome: 'confirmed' | 'cancelled' | 'no_answer') =>
    record.mutate(
      { id: item.id, outcome, version: item.version, reason: outcome === 'cancelled' ? (reasons[item.id] ?? null) : null },
      { onSuccess: () => message.success(t('events.ops.reconfirm.recorded')), onError: (error) => message.error(error.message) },
    );

  return (
    <Card size="small" title={t('events.ops.reconfirm.title')} data-testid="reconfirm-list">
      {list.data.items.length === 0 ? (
        <Empty description={t('events.ops.reconfirm.empty')} />
      ) : (
        <List
          dataSource={list.data.items}
          renderItem={(item) => (
            <List.Item data-testid={`reconfirm-${item.id}`}>
              <Flex vertical gap={8} style={{ width: '100%' }}>
                <Flex justify="space-between" wrap gap={8}>
                  <Space wrap>
                    <Typography.Text strong>{item.customerName}</Typography.Text>
                    <InvitationStatusTag status={item.invitationStatus as InvitationStatus} />
                    {item.reminderStatus ? (
                      <Tag color={item.reminderStatus === 'sent' ? 'green' : item.reminderStatus === 'failed' ? 'red' : 'default'}>
                        {t('events.ops.reconfirm.reminder')}: {t(`events.ops.reconfirm.reminderStatuses.${item.reminderStatus}`)}
                      </Tag>
                    ) : null}
                    {item.outcome ? <Tag color="blue">{t(`events.ops.reconfirm.${item.outcome}`)}</Tag> : null}
                  </Space>
                  <Typography.Text type="secondary">
                    {t('events.ops.reconfirm.caller')}: {item.callerName}
                  </Typography.Text>
                </Flex>
                <Flex gap={8} wrap>
                  {item.tel ? (
                    <Button icon={<PhoneOutlined />} href={`tel:${item.tel}`} size="large">
                      {t('events.ops.reconfirm.call')} {item.phone}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">{item.phone}</Typography.Text>
                  )}
                  {item.invitationStatus === 'accepted' ? (
                    <>
                      <Button type="primary" size="large" onClick={() => act(item, 'confirmed')} data-testid="reconfirm-confirmed">
                        {t('events.ops.reconfirm.confirmed')}
                      </Button>
                      <Button size="large" onClick={() => act(item, 'no_answer')}>
                        {t('events.ops.reconfirm.no_answer')}
                      </Button>
                      <Select
                        size="large"
                        style={{ minWidth: 140 }}
                        placeholder={t('events.ops.reconfirm.reason')}
                        value={reasons[item.id]}
                        onChange={(value: string) => setReasons((r) => ({ ...r, [item.id]: value }))}
                        options={list.data.declineReasons.map((reason) => ({ value: reason, label: reason }))}
                      />
                      <Button danger size="large" disabled={!reasons[item.id]} onClick={() => act(item, 'cancelled')}>
                        {t('events.ops.reconfirm.cancelled')}
                      </Button>
                    </>
                  ) : null}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
