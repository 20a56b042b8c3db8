import { useState } from 'react';
import { App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { contractUpdateSchema, type Contract } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { formatDate } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { parseForm, zodRules } from '../../components/form';
import { centsToYuan } from '../customers';
import { validValues } from '../../components/hooks';
import { useUpdateContract } from './api';
import { applyContractError, contractBody, ContractFormFields, periodOf, useMergeValues, type ContractFormValues } from './ContractForm';

/** Edits a draft contract (title, amount, period, template and body). Mounted while open. */
export function ContractDrawer({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [form] = Form.useForm<ContractFormValues>();
  const update = useUpdateContract();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(contractUpdateSchema, t);
  const mergeValues = useMergeValues(
    form,
    { customerId: contract.customerId, number: contract.number, ownerName: contract.ownerName },
    formatDate(new Date(), timeZone),
  );
  const [initialValues] = useState<ContractFormValues>(() => ({
    title: contract.title,
    amount: centsToYuan(contract.amountCents),
    templateId: contract.templateId,
    body: contract.body,
    period: periodOf(contract.startsOn, contract.endsOn),
  }));

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const fields = contractBody(values);
    const body = parseForm(
      contractUpdateSchema,
      { version: contract.version, ...fields, amountCents: contract.quoteId ? undefined : fields.amountCents },
      form,
      t,
    );
    if (!body) return;
    update.mutate(
      { id: contract.id, body },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          onClose();
        },
        onError: (error) => {
          if (!applyContractError(form, error, t)) setAlertError(error);
        },
      },
    );
  };

  return (
    <FormDrawer
      title={t('contracts.form.editTitle', { number: contract.number })}
      width={720}
      saving={update.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="contract-save"
    >
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="contract-form">
        <ContractFormFields form={form} rules={rules} amountLocked={Boolean(contract.quoteId)} mergeValues={mergeValues} />
      </Form>
    </FormDrawer>
  );
}
