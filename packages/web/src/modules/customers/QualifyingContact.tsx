import { Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Customer, InteractionType } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';

/**
 * "Last qualifying contact", shown beside the cadence badge (issue 16): the badge counts only the
 * tier's qualifying contact types (R-CUS-1), so a call today can sit beside "overdue 6 days" for an
 * A customer who needs a visit. The tooltip says which types count.
 */
export function QualifyingContact({
  customer,
  types,
}: {
  customer: Pick<Customer, 'tier' | 'inPool' | 'cadence'>;
  types: readonly InteractionType[] | undefined;
}) {
  const { t } = useTranslation();
  if (customer.inPool) return null;
  const last = customer.cadence.lastQualifyingContactAt;
  const tooltip = types?.length
    ? t('customers.cadence.qualifyingHelp', {
        tier: customer.tier,
        types: types.map((type) => t(`customers.interactionTypes.${type}`)).join(t('customers.cadence.listSeparator')),
        days: customer.cadence.days,
      })
    : t('customers.cadence.every', { days: customer.cadence.days });
  return (
    <Tooltip title={tooltip}>
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12, whiteSpace: 'nowrap', cursor: 'help' }}
        data-testid="last-qualifying-contact"
      >
        {t('customers.cadence.lastQualifying')}
        {t('customers.colon')}
        {last ? <DateTimeText value={last} dateOnly /> : t('customers.detail.never')}
        <InfoCircleOutlined style={{ marginInlineStart: 4 }} />
      </Typography.Text>
    </Tooltip>
  );
}
