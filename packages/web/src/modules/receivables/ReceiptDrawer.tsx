import { useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { receiptInputSchema, RECEIPT_METHODS, type Installment, type Receipt, type ReceiptMethod } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { dayjs, inZone } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { applyApiError, issueMessage, parseForm } from '../../components/form';
import { formatCents } from '../../components/MoneyText';
import { useRecordReceipt } from './api';
import { centsToYuan, newIdempotencyKey, yuanToCents } from './money';

interface Values {
  amountCents?: string;
  receivedOn?: Dayjs;
  method?: ReceiptMethod;
  reference?: string;
}

const FIELDS = ['amountCents', 'receivedOn', 'method', 'reference', 'installmentId'] as const;

/** Today's date in the company's zone, as a date-picker value. */
export function todayPicker(timeZone: string): Dayjs {
  return dayjs(inZone(new Date(), timeZone).format('YYYY-MM-DD'));
}

/**
 * Finance records money received against one installment. The drawer holds one idempotency key for
 * its whole life, so a double-click or a resend after a lost answer records the receipt once.
 */
export function ReceiptDrawer({
  installment,
  onClose,
  onRecorded,
}: {
  installment: Installment;
  onClose: () => void;
  onRecorded?: (receipt: Receipt) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [form] = Form.useForm<Values>();
  const record = useRecordReceipt();
  const [idempotencyKey] = useState(() => newIdempotencyKey());
  const [alertError, setAlertError] = useState<unknown>(null);
  const [initialValues] = useState<Values>(() => ({
    amountCents: centsToYuan(installment.outstandingCents),
    receivedOn: todayPicker(timeZone),
    method: 'bank_transfer',
  }));

  const amountRule = {
    validator: async (_rule: unknown, raw: string | undefined) => {
      const cents = yuanToCents(raw);
      if (cents === null) throw new Error(t('common.validation.required'));
      if (Number.isNaN(cents)) throw new Error(t('common.validation.format'));
      const result = receiptInputSchema.shape.amountCents.safeParse(cents);
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
      receiptInputSchema,
      {
        installmentId: installment.id,
        amountCents: yuanToCents(values.amountCents),
        receivedOn: values.receivedOn?.format('YYYY-MM-DD'),
        method: values.method,
        reference: values.reference?.trim() || null,
        idempotencyKey,
      },
      form,
      t,
    );
    if (!body) return;
    record.mutate(body, {
      onSuccess: (receipt) => {
        message.success(t('receivables.entry.recorded'));
        onRecorded?.(receipt);
        onClose();
      },
      onError: (error) => {
        const outstanding =
          isApiError(error) && typeof error.data?.outstandingCents === 'number'
            ? error.data.outstandingCents
            : installment.outstandingCents;
        const placed = applyApiError(form, error, t, FIELDS, (field) =>
          field === 'amountCents' && isApiError(error) && error.rule === 'AR-OVERPAY'
            ? t('receivables.entry.overpay', { amount: formatCents(outstanding) })
            : undefined,
        );
        if (!placed) setAlertError(error);
      },
    });
  };

  return (
    <FormDrawer
      title={t('receivables.entry.drawerTitle', { contract: installment.contractNumber, seq: installment.seq })}
      width={480}
      saving={record.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="receipt-submit"
    >
      <ErrorAlert error={alertError} />
      <Typography.Paragraph type="secondary" data-testid="receipt-outstanding">
        {installment.customerName} · {t('receivables.entry.outstandingHint', { amount: formatCents(installment.outstandingCents) })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="receipt-form">
        <Form.Item label={t('receivables.fields.receiptAmount')} required>
          <Row gutter={8} wrap={false}>
            <Col flex="auto">
              <Form.Item name="amountCents" noStyle rules={[amountRule]}>
                <Input inputMode="decimal" prefix="¥" autoFocus data-testid="receipt-amount" />
              </Form.Item>
            </Col>
            <Col flex="none">
              <Button onClick={() => form.setFieldsValue({ amountCents: centsToYuan(installment.outstandingCents) })}>
                {t('receivables.entry.payAll')}
              </Button>
            </Col>
          </Row>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="receivedOn"
              label={t('receivables.fields.receivedOn')}
              rules={[{ required: true, message: t('common.validation.required') }]}
              required
            >
              <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="receipt-date" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="method"
              label={t('receivables.fields.method')}
              rules={[{ required: true, message: t('common.validation.required') }]}
              required
            >
              <Select
                options={RECEIPT_METHODS.map((method) => ({ value: method, label: t(`receivables.methods.${method}`) }))}
                data-testid="receipt-method"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reference" label={t('receivables.fields.reference')}>
          <Input maxLength={200} data-testid="receipt-reference" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
