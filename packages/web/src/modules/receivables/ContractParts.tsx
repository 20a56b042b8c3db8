import { useState } from 'react';
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contract } from '@xiaoguan/shared';
import { formatCents } from '../../components/MoneyText';
import type { ContractSubmitExtra } from '../contracts';
import { useCreditOverrides } from './api';
import { ContractReceivablesTab } from './ContractReceivablesTab';

/** The contract page's receipts & invoices tab (contractTabs). */
export function ContractReceivables({ contract }: { contract: Contract }) {
  return <ContractReceivablesTab contractId={contract.id} />;
}

/** In the contract's submit dialog (contractSubmitParts): an approved R-AR-2 credit override of the customer to attach, when there is one. */
export function CreditOverrideField({ contract, onChange }: { contract: Contract; onChange: (extra: ContractSubmitExtra) => void }) {
  const { t } = useTranslation();
  const [creditOverrideId, setCreditOverrideId] = useState<string | null>(null);
  const overrides = useCreditOverrides({ customerId: contract.customerId, status: 'approved', page: 1, pageSize: 20 });
  if (!overrides.data?.items.length) return null;
  return (
    <Form layout="vertical">
      <Form.Item label={t('receivables.credit.attachOverride')} extra={t('receivables.credit.attachOverrideHint')}>
        <Select
          allowClear
          value={creditOverrideId}
          onChange={(value) => {
            setCreditOverrideId(value ?? null);
            onChange({ creditOverrideId: value ?? null });
          }}
          options={overrides.data.items.map((item) => ({ value: item.id, label: `${formatCents(item.amountCents)} · ${item.reason}` }))}
        />
      </Form.Item>
    </Form>
  );
}
