import { useState } from 'react';
import { Alert, App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { writeOffInputSchema, type Installment } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { applyApiError, issueMessage, parseForm, zodRules } from '../../components/form';
import { formatCents } from '../../components/MoneyText';
import { useRequestWriteOff } from './api';
import { centsToYuan, yuanToCents } from './money';

interface Values {
  amountCents?: string;
  reason?: string;
}

/** Finance asks to write off an installment's outstanding amount as bad debt; the director approves. */
export function WriteOffDrawer({ installment, onClose }: { installment: Installment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const request = useRequestWriteOff();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(writeOffInputSchema, t);
  const amountRule = {
    validator: async (_rule: unknown, raw: string | undefined) => {
      const cents = yuanToCents(raw);
      if (cents === null) throw new Error(t('common.validation.required'));
      if (Number.isNaN(cents)) throw new Error(t('common.validation.format'));
      const result = writeOffInputSchema.shape.amountCents.safeParse(cents);
      if (!result.success) throw new Error(issueMessage(t, result.error.issues[0]!, 'amountCents', cents));
      if (cents > installment.outstandingCents)
        throw new Error(t('receivables.entry.overpay', { amount: formatCents(installment.outstandingCents) }));
    },
  };
  const submit = async () => {
    setAlertError(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = parseForm(
      writeOffInputSchema,
      { installmentId: installment.id, amountCents: yuanToCents(values.amountCents) ?? undefined, reason: values.reason?.trim() },
      form,
      t,
    );
    if (!body) return;
    request.mutate(body, {
      onSuccess: () => {
        message.success(t('receivables.writeOffs.requested'));
        onClose();
      },
      onError: (error) => {
        if (!applyApiError(form, error, t, ['amountCents', 'reason'])) setAlertError(error);
      },
    });
  };
  return (
    <FormDrawer
      title={t('receivables.writeOffs.drawerTitle', { contract: installment.contractNumber, seq: installment.seq })}
      width={480}
      saving={request.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="write-off-submit"
    >
      <ErrorAlert error={alertError} />
      <Alert type="warning" showIcon title={t('receivables.writeOffs.hint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amountCents: centsToYuan(installment.outstandingCents) }}
        data-testid="write-off-form"
      >
        <Form.Item
          name="amountCents"
          label={t('receivables.fields.writeOffAmount')}
          rules={[amountRule]}
          required
          extra={t('receivables.entry.outstandingHint', { amount: formatCents(installment.outstandingCents) })}
        >
          <Input inputMode="decimal" prefix="¥" data-testid="write-off-amount" />
        </Form.Item>
        <Form.Item name="reason" label={t('receivables.fields.reason')} rules={rules.reason} required>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="write-off-reason" autoFocus />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
