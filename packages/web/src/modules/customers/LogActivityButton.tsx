import { useState } from 'react';
import { Button } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCustomer } from './api';
import { InteractionDrawer } from './InteractionDrawer';

/**
 * "Log activity" for pages of other modules (the opportunity page): logs an interaction with the
 * customer, linked to the deal, through the same drawer and rules as the customer page (R-CUS-1).
 * Shown only when the caller may log on that customer.
 */
export function LogActivityButton({ customerId, opportunityId }: { customerId: string; opportunityId?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const customer = useCustomer(customerId);
  const [open, setOpen] = useState(false);
  if (!customer.data?.abilities.logInteraction) return null;
  return (
    <>
      <Button type="primary" ghost icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="log-activity">
        {t('customers.timeline.log')}
      </Button>
      {open ? (
        <InteractionDrawer
          customer={customer.data}
          opportunityId={opportunityId}
          onClose={() => setOpen(false)}
          onLogged={() => void queryClient.invalidateQueries({ queryKey: ['feed'] })}
        />
      ) : null}
    </>
  );
}
