import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Card, Empty, Flex, List, Table, Typography } from 'antd';
import type { ClaimSummary } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { MoneyText } from '../../components/MoneyText';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useMediaQuery';
import { useClaims } from './api';
import { ClaimStatusTag } from './labels';

/** Claims as cards on a phone, a table on a desk; a row opens the claim. */
export function ClaimList({ box, emptyText }: { box: 'mine' | 'review' | 'all'; emptyText: string }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const query = useClaims({ box, page, pageSize });
  const items = query.data?.items ?? [];
  if (query.error) return <ErrorAlert error={query.error} onReload={() => void query.refetch()} />;
  if (isPhone) {
    return (
      <List
        loading={query.isLoading}
        dataSource={items}
        locale={{ emptyText: <Empty description={emptyText} /> }}
        pagination={
          query.data && query.data.total > pageSize
            ? { current: page, pageSize, total: query.data.total, onChange: setPage, simple: true }
            : false
        }
        renderItem={(claim: ClaimSummary) => (
          <Card size="small" style={{ marginBottom: 8 }} onClick={() => navigate(`/expenses/claims/${claim.id}`)} data-testid="claim-card">
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
                {claim.title}
              </Typography.Text>
              <MoneyText cents={claim.totalCents} />
            </Flex>
            <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 4 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {claim.number}
                {box !== 'mine' ? ` · ${claim.claimantName}` : ''}
              </Typography.Text>
              <ClaimStatusTag claim={claim} />
            </Flex>
          </Card>
        )}
      />
    );
  }
  return (
    <Table<ClaimSummary>
      rowKey="id"
      size="middle"
      loading={query.isLoading}
      dataSource={items}
      locale={{ emptyText: <Empty description={emptyText} /> }}
      pagination={{ current: page, pageSize, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      columns={[
        {
          title: t('expenses.fields.number'),
          dataIndex: 'number',
          render: (value: string, claim) => <Link to={`/expenses/claims/${claim.id}`}>{value}</Link>,
        },
        { title: t('expenses.fields.title'), dataIndex: 'title', ellipsis: true },
        ...(box === 'mine'
          ? []
          : [
              { title: t('expenses.fields.claimant'), dataIndex: 'claimantName' },
              { title: t('expenses.fields.unit'), dataIndex: 'orgUnitName' },
            ]),
        {
          title: t('expenses.fields.total'),
          dataIndex: 'totalCents',
          align: 'right' as const,
          render: (cents: number) => <MoneyText cents={cents} />,
        },
        { title: t('expenses.fields.status'), key: 'status', render: (_: unknown, claim) => <ClaimStatusTag claim={claim} /> },
        {
          title: t('expenses.fields.submittedAt'),
          dataIndex: 'submittedAt',
          render: (value: string | null) => <DateTimeText value={value} />,
        },
      ]}
    />
  );
}
