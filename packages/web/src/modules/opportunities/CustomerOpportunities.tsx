import { useState } from 'react';
import { Button, Flex } from 'antd';
import { PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Opportunity } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { MoneyText } from '../../components/MoneyText';
import { useOpportunities } from './api';
import { StageTag } from './labels';
import { OpportunityDrawer } from './OpportunityDrawer';

/** The customer page's "Opportunities" tab: the customer's opportunities and a "new opportunity" button. */
export function CustomerOpportunities({ customer }: { customer: { id: string; name: string } }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const [creating, setCreating] = useState(false);
  const list = useOpportunities({ customerId: customer.id, sort: '-updatedAt', ...page });
  return (
    <div data-testid="customer-opportunities">
      <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 12 }}>
        <Link to={`/opportunities/list?customerId=${customer.id}`}>
          <UnorderedListOutlined /> {t('opportunities.customerTab.viewAll')}
        </Link>
        {can('opportunities.write') ? (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-opportunity-create">
            {t('opportunities.customerTab.create')}
          </Button>
        ) : null}
      </Flex>
      <DataTable<Opportunity>
        testId="customer-opportunities-table"
        data={list.data}
        loading={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        rowKey={(row) => row.id}
        onRowClick={(row) => navigate(`/opportunities/${row.id}`, { state: { from: window.location.pathname + window.location.search } })}
        onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
        columns={[
          {
            key: 'name',
            title: t('opportunities.fields.name'),
            render: (_, row) => (
              <Link to={`/opportunities/${row.id}`} state={{ from: window.location.pathname + window.location.search }}>
                {row.name}
              </Link>
            ),
          },
          { key: 'stage', title: t('opportunities.fields.stage'), render: (_, row) => <StageTag stage={row.stage} /> },
          {
            key: 'amount',
            title: t('opportunities.fields.amountShort'),
            align: 'right',
            render: (_, row) => <MoneyText cents={row.amountCents} />,
          },
          { key: 'expectedCloseOn', title: t('opportunities.fields.expectedCloseOn'), render: (_, row) => row.expectedCloseOn ?? '—' },
          { key: 'owner', title: t('opportunities.fields.owner'), render: (_, row) => row.ownerName },
        ]}
      />
      {creating ? (
        <OpportunityDrawer
          state={{ mode: 'create', customer }}
          onClose={() => setCreating(false)}
          onSaved={(saved) => navigate(`/opportunities/${saved.id}`)}
        />
      ) : null}
    </div>
  );
}
