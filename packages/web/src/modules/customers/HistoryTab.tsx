import { Skeleton, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useStatusHistory } from './api';
import { EmptyState } from './CustomerTable';
import { StatusTag } from './labels';

/** The lifecycle: lead → intent → signed → repeat / dormant / lost, who changed it and when. */
export function HistoryTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const history = useStatusHistory(customerId);
  if (history.isPending) return <Skeleton active />;
  return (
    <div data-testid="customer-history">
      <ErrorAlert error={history.error} onReload={() => void history.refetch()} />
      {history.data && history.data.length === 0 ? (
        <EmptyState title={t('customers.history.empty')} />
      ) : (
        <Timeline
          items={[...(history.data ?? [])]
            .sort((a, b) => b.at.localeCompare(a.at))
            .map((change, index) => ({
              key: `${change.at}-${index}`,
              color: index === 0 ? 'blue' : 'gray',
              content: (
                <div>
                  <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                    {change.fromStatus ? (
                      <StatusTag status={change.fromStatus} />
                    ) : (
                      <Typography.Text type="secondary">{t('customers.history.created')}</Typography.Text>
                    )}
                    <ArrowRightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
                    <StatusTag status={change.toStatus} />
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <DateTimeText value={change.at} />
                    {change.actorName ? ` · ${change.actorName}` : ''}
                  </Typography.Text>
                </div>
              ),
            }))}
        />
      )}
    </div>
  );
}
