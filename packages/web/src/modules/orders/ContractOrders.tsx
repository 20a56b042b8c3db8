import { useState } from 'react';
import { Button, Flex } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Contract } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { useOrders } from './api';
import { OrderDrawer } from './OrderDrawer';
import { OrderTable } from './OrderTable';

/** The orders placed on a contract, and a new one while the contract takes orders. */
export function ContractOrders({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const [creating, setCreating] = useState(false);
  const orders = useOrders({ contractId: contract.id, ...page });
  return (
    <div data-testid="contract-orders">
      {can('orders.write') && contract.abilities.takeOrders ? (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="contract-order-create">
            {t('orders.list.createOnContract')}
          </Button>
        </Flex>
      ) : null}
      <OrderTable
        testId="contract-orders-table"
        data={orders.data}
        loading={orders.isFetching}
        error={orders.error}
        onRetry={() => void orders.refetch()}
        onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
        columns={['number', 'owner', 'status', 'amount', 'orderedAt']}
      />
      {creating ? (
        <OrderDrawer
          target={{ kind: 'contract', contract }}
          onClose={() => setCreating(false)}
          onCreated={(order) => navigate(`/orders/${order.id}`)}
        />
      ) : null}
    </div>
  );
}

/** The contract page's "take an order" action (contractActions): a new order on the contract, then its page. */
export function ContractOrderDialog({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const navigate = useNavigate();
  return <OrderDrawer target={{ kind: 'contract', contract }} onClose={onClose} onCreated={(order) => navigate(`/orders/${order.id}`)} />;
}
