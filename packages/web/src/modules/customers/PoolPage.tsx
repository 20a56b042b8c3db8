import { Button, Card, Typography } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { CustomerListItem } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { usePoolCustomers } from './api';
import { CustomerTable, EmptyState, useCustomerColumns } from './CustomerTable';
import { CustomerFilterBar, useListParams } from './filters';
import { useClaim } from './useClaim';

/** The shared pool (R-CUS-3): customers without an owner; a rep claims one to own it. */
export default function PoolPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const { params, update, activeFilters } = useListParams();
  const pool = usePoolCustomers(params);
  const claim = useClaim();
  const base = useCustomerColumns(['name', 'kind', 'tier', 'status', 'segment', 'lastContactAt', 'monetary', 'tags'], params.sort);

  const claimButton = (customer: CustomerListItem, block = false) =>
    customer.abilities.claim ? (
      <Button
        type="primary"
        ghost
        size="small"
        block={block}
        icon={<UserAddOutlined />}
        loading={claim.pendingId === customer.id}
        onClick={(event) => {
          event.stopPropagation();
          claim.run(customer);
        }}
        data-testid={`pool-claim-${customer.id}`}
      >
        {t('customers.pool.claim')}
      </Button>
    ) : null;

  const columns: ColumnsType<CustomerListItem> = [
    ...base,
    { title: '', key: 'claim', fixed: 'right', width: 96, render: (_, customer) => claimButton(customer) },
  ];

  return (
    <>
      <PageHeader title={t('customers.pool.title')} subtitle={isPhone ? undefined : t('customers.pool.subtitle')} />
      {isPhone ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -8 }}>
          {t('customers.pool.subtitle')}
        </Typography.Paragraph>
      ) : null}
      <Card
        styles={{ body: { padding: isPhone ? 8 : 12 } }}
        variant={isPhone ? 'borderless' : 'outlined'}
        style={isPhone ? { background: 'transparent' } : undefined}
      >
        <CustomerFilterBar params={params} update={update} activeFilters={activeFilters} overdue={false} testId="pool" />
        <CustomerTable
          testId="pool-table"
          data={pool.data}
          loading={pool.isFetching}
          error={pool.error}
          onRetry={() => void pool.refetch()}
          columns={columns}
          update={update}
          empty={<EmptyState title={activeFilters || params.q ? t('customers.list.emptyFiltered') : t('customers.pool.empty')} />}
          cardActions={(customer) => claimButton(customer, true)}
        />
      </Card>
    </>
  );
}
