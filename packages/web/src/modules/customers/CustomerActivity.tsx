import type { Customer } from '@xiaoguan/shared';
import { ActivityFeed } from '../../components/feed/ActivityFeed';
import { LogActivityButton } from './LogActivityButton';

/** The customer page's "activity" tab: everything about the account, from every module. */
export function CustomerActivity({ customer }: { customer: Customer }) {
  return (
    <ActivityFeed
      path={`/customers/${customer.id}/feed`}
      customerId={customer.id}
      actions={<LogActivityButton customerId={customer.id} />}
    />
  );
}
