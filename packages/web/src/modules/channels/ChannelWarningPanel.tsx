import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCustomerWarnings, useOpportunityWarnings } from './api';
import type { ChannelWarning } from '@xiaoguan/shared';

/** R-CHN-1 on the customer page: the partner holding this customer under protection, before a direct rep works it. */
export function ChannelWarningPanel({ customerId }: { customerId: string }) {
  const warnings = useCustomerWarnings(customerId);
  return <RegisteredWarning warnings={warnings.data} testId="channel-conflict-warning" />;
}

/** R-CHN-1 on the opportunity page: the same warning for the direct rep working a deal on a protected customer. */
export function OpportunityChannelWarning({ opportunityId }: { opportunityId: string }) {
  const warnings = useOpportunityWarnings(opportunityId);
  return <RegisteredWarning warnings={warnings.data} testId="opportunity-channel-warning" />;
}

function RegisteredWarning({ warnings, testId }: { warnings: ChannelWarning[] | undefined; testId: string }) {
  const { t } = useTranslation();
  const registered = (warnings ?? []).filter((w) => w.kind === 'registered');
  if (registered.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      message={t('channels.warning.title')}
      description={registered
        .map((w) => t('channels.warning.registered', { partner: w.partnerName, until: w.protectedUntil ?? '' }))
        .join(' ')}
      data-testid={testId}
    />
  );
}
