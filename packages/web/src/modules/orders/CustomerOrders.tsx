import { useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useCan } from '../../core/session';
import { useOrders } from './api';
import { OrderDrawer } from './OrderDrawer';
import { OrderTable } from './OrderTable';

/** A customer's orders with a new direct order, in the customer page's contracts tab (customerDealsSections). */
export function CustomerOrders({ customer }: { customer: { id: string; name: string } }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [orderPage, setOrderPage] = useState({ page: 1, pageSize: 5 });
  const [ordering, setOrdering] = useState(false);
  const orders = useOrders({ customerId: customer.id, ...orderPage });
  return (
    <>
      <Flex justify="space-between" align="center" style={{ margin: '16px 0 8px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('orders.ofCustomer.title')}
        </Typography.Title>
        {can('orders.write') ? (
          <Button size="small" icon={<ShoppingCartOutlined />} onClick={() => setOrdering(true)} data-testid="customer-order-create">
            {t('orders.list.createDirect')}
          </Button>
        ) : null}
      </Flex>
      <OrderTable
        testId="customer-orders"
        data={orders.data}
        loading={orders.isFetching}
        error={orders.error}
        onRetry={() => void orders.refetch()}
        onPageChange={(page, pageSize) => setOrderPage({ page, pageSize })}
        columns={['number', 'contract', 'status', 'amount', 'orderedAt']}
      />
      {ordering ? (
        <OrderDrawer
          target={{ kind: 'direct', customer }}
          onClose={() => setOrdering(false)}
          onCreated={(order) => navigate(`/orders/${order.id}`)}
        />
      ) : null}
    </>
  );
}
