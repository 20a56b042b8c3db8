import { useState } from 'react';
import { Button, Drawer } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../core/session';
import { useIsPhone } from '../../components/useMediaQuery';
import { FeedbackForm } from './FeedbackForm';

/** Quick entry on the customer page (issue 21 item 1): market feedback about this customer, right after a visit or call. */
export function CustomerFeedbackPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [open, setOpen] = useState(false);
  const phone = useIsPhone();
  if (!can('market.write')) return null;
  return (
    <>
      <Button icon={<BulbOutlined />} onClick={() => setOpen(true)} style={{ marginBottom: 12 }} data-testid="customer-market-feedback">
        {t('market.feedback.quick')}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('market.feedback.quick')} width={phone ? '100%' : 420} destroyOnHidden>
        <FeedbackForm customerId={customerId} onDone={() => setOpen(false)} />
      </Drawer>
    </>
  );
}
