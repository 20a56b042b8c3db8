import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomerListItem } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { errorMessage } from '../../components/ErrorAlert';
import { useClaimCustomer } from './api';

/**
 * Claims a pool customer (R-CUS-3). Someone faster → 404 (it left the pool and the caller's
 * scope) or 409 (still in their scope): says so (the lists refresh either way); over the per-rep
 * cap → 422 with the rule: says that.
 */
export function useClaim() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const claim = useClaimCustomer();
  const run = (customer: CustomerListItem, onClaimed?: (claimed: Customer) => void) =>
    claim.mutate(
      { id: customer.id, version: customer.version },
      {
        onSuccess: (claimed) => {
          message.success(t('customers.claim.done', { name: customer.name }));
          onClaimed?.(claimed);
        },
        onError: (error) => {
          if (isApiError(error) && (error.code === 'conflict' || error.code === 'not_found')) message.warning(t('customers.claim.taken'));
          else if (isApiError(error) && error.rule === 'R-CUS-3') message.error(t('customers.claim.cap'));
          else message.error(errorMessage(t, error));
        },
      },
    );
  return { run, pendingId: claim.isPending ? claim.variables?.id : undefined };
}
