import { Suspense, useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { ContractRow } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { MoneyText } from '../../components/MoneyText';
import { useContracts } from './api';
import { ContractStatusTag } from './labels';
import { customerDealsSections } from './slots';

/** A customer's contracts (the customer page's tab) with a new contract; later modules add sections (orders: the customer's orders). */
export function CustomerDealsTab({ customer }: { customer: { id: string; name: string } }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [contractPage, setContractPage] = useState({ page: 1, pageSize: 5 });
  const contracts = useContracts({ customerId: customer.id, sort: '-updatedAt', ...contractPage }, can('contracts.read'));
  const columns: ColumnsType<ContractRow> = [
    { title: t('contracts.fields.number'), key: 'number', render: (_, c) => <Link to={`/contracts/${c.id}`}>{c.number}</Link> },
    { title: t('contracts.fields.title'), dataIndex: 'title', key: 'title' },
    { title: t('contracts.fields.status'), key: 'status', render: (_, c) => <ContractStatusTag status={c.status} /> },
    { title: t('contracts.fields.amount'), key: 'amount', align: 'right', render: (_, c) => <MoneyText cents={c.amountCents} /> },
    {
      title: t('contracts.fields.outstanding'),
      key: 'outstanding',
      align: 'right',
      render: (_, c) => <MoneyText cents={c.outstandingCents} />,
    },
    { title: t('contracts.fields.signedOn'), key: 'signedOn', render: (_, c) => c.signedOn ?? '—' },
  ];
  return (
    <div data-testid="customer-deals">
      {can('contracts.read') ? (
        <>
          <Flex justify="space-between" align="center" style={{ margin: '4px 0 8px' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('contracts.customer.contracts')}
            </Typography.Title>
            {can('contracts.write') ? (
              <Button
                size="small"
                icon={<FileAddOutlined />}
                onClick={() => navigate(`/contracts/new?customerId=${customer.id}`)}
                data-testid="customer-contract-create"
              >
                {t('contracts.ledger.create')}
              </Button>
            ) : null}
          </Flex>
          <DataTable<ContractRow>
            testId="customer-contracts"
            rowKey={(c) => c.id}
            rowTestKey={(c) => c.number}
            data={contracts.data}
            loading={contracts.isFetching}
            error={contracts.error}
            onRetry={() => void contracts.refetch()}
            onPageChange={(page, pageSize) => setContractPage({ page, pageSize })}
            columns={columns}
          />
        </>
      ) : null}
      {customerDealsSections
        .values()
        .filter((section) => !section.permission || can(section.permission))
        .map(({ key, Component }) => (
          <Suspense key={key} fallback={null}>
            <Component customer={customer} />
          </Suspense>
        ))}
    </div>
  );
}
