import { Badge, Flex, Tag, Typography } from 'antd';
import type { Notification } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { DateTimeText } from '../../components/DateTimeText';
import { renderMessage } from '../../core/i18n';

export function NotificationItem({ item, onOpen }: { item: Notification; onOpen: (item: Notification) => void }) {
  const { t, i18n } = useTranslation();
  const kindKey = `notifications.kinds.${item.kind}`;
  const kind = i18n.exists(kindKey) ? t(kindKey) : t('notifications.kinds.other');
  const unread = !item.readAt;
  return (
    <div
      role="button"
      tabIndex={0}
      className="xg-clickable"
      data-testid={`notification-${item.id}`}
      onClick={() => onOpen(item)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(item);
      }}
      style={{ padding: '10px 12px', borderBottom: '1px solid #f0f0f0', background: unread ? '#f4f8ff' : undefined }}
    >
      <Flex gap={8} align="flex-start">
        <Badge status={unread ? 'processing' : 'default'} style={{ marginTop: 6 }} />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Flex justify="space-between" gap={8} wrap>
            <Typography.Text strong={unread} ellipsis style={{ maxWidth: '100%' }}>
              {renderMessage(item.titleMessage, item.title)}
            </Typography.Text>
          </Flex>
          {item.body || item.bodyMessage ? (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>
              {renderMessage(item.bodyMessage, item.body ?? '')}
            </Typography.Paragraph>
          ) : null}
          <Flex gap={8} align="center" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', marginTop: 2 }}>
            <Tag style={{ marginInlineEnd: 0, fontSize: 11 }}>{kind}</Tag>
            <DateTimeText value={item.createdAt} />
          </Flex>
        </div>
      </Flex>
    </div>
  );
}
