import { Badge, Card, Empty, Flex, List, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCan } from '../../core/session';
import { DateTimeText } from '../../components/DateTimeText';
import { useCriticalComplaints } from './api';

/** Home page card (issue 20 item 7): open critical complaints in the reader's reach, the newest five. */
export function CriticalComplaintsCard() {
  const can = useCan();
  if (!can('complaints.read')) return null;
  return <CriticalComplaintsList />;
}

function CriticalComplaintsList() {
  const { t } = useTranslation();
  const critical = useCriticalComplaints();
  const data = critical.data;
  // Quiet when there is nothing critical: the card shows only while something needs attention.
  if (!data || data.count === 0) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16, borderColor: '#fca5a5' }}
      title={
        <Flex gap={8} align="center">
          <AlertOutlined style={{ color: '#dc2626' }} />
          <span>{t('service.home.critical')}</span>
          <Badge count={data.count} data-testid="critical-complaints-count" />
        </Flex>
      }
      extra={<Link to="/complaints?priority=critical&status=active">{t('service.home.all')}</Link>}
      data-testid="critical-complaints-card"
    >
      {data.items.length ? (
        <List
          size="small"
          dataSource={data.items}
          renderItem={(item) => (
            <List.Item key={item.id} style={{ paddingInline: 0 }}>
              <Flex vertical style={{ minWidth: 0, width: '100%' }}>
                <Link to={`/complaints/${item.id}`}>
                  <Typography.Text strong ellipsis>
                    {item.number} · {item.title}
                  </Typography.Text>
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <Link to={`/customers/${item.customerId}`}>{item.customerName}</Link> · <DateTimeText value={item.openedAt} />
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t('service.home.none')} />
      )}
    </Card>
  );
}
