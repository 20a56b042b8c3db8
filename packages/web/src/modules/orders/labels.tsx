import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ORDER_STATUSES, type OrderStatus } from '@xiaoguan/shared';

export const ORDER_STATUS_COLORS: Record<OrderStatus, string> = {
  pending: 'default',
  in_production: 'processing',
  shipped: 'blue',
  delivered: 'cyan',
  accepted: 'success',
  cancelled: 'error',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ORDER_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid={`order-status-${status}`}>
      {t(`orders.statuses.${status}`)}
    </Tag>
  );
}

export const orderStatusOptions = (t: TFunction) =>
  ORDER_STATUSES.map((status) => ({ value: status, label: t(`orders.statuses.${status}`) }));
