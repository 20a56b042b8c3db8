import { useState } from 'react';
import { App, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { invoiceInputSchema, type Installment } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { applyApiError, issueMessage, parseForm, zodRules } from '../../components/form';
import { formatCents } from '../../components/MoneyText';
import { useCreateInvoice } from './api';
import { todayPicker } from './ReceiptDrawer';
import { centsToYuan, yuanToCents } from './money';

interface Values {
  installmentId?: string;
  number?: string;
  issuedOn?: Dayjs;
  amountCents?: string;
}

const FIELDS = ['installmentId', 'number', 'issuedOn', 'amountCents'] as const;
const WHOLE = 'whole';

/** Finance records an invoice issued for a contract, against one installment or the contract as a whole. */
export function InvoiceDrawer({
  contract,
  installments,
  onClose,
}: {
  contract: { id: string; number: string };
  installments: Installment[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [form] = Form.useForm<Values>();
  const create = useCreateInvoice();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(invoiceInputSchema, t);
  const firstOpen = installments.find((i) => i.invoicedCents < i.amountCents);
  const [initialValues] = useState<Values>(() => ({
    installmentId: firstOpen?.id ?? WHOLE,
    issuedOn: todayPicker(timeZone),
    amountCents: firstOpen ? centsToYuan(firstOpen.amountCents - firstOpen.invoicedCents) : undefined,
  }));

  const amountRule = {
    validator: async (_rule: unknown, raw: string | undefined) => {
      const cents = yuanToCents(raw);
      if (cents === null) throw new Error(t('common.validation.required'));
      if (Number.isNaN(cents)) throw new Error(t('common.validation.format'));
      const result = invoiceInputSchema.shape.amountCents.safeParse(cents);
      if (!result.success) throw new Error(issueMessage(t, result.error.issues[0]!, 'amountCents', cents));
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
      invoiceInputSchema,
      {
        contractId: contract.id,
        installmentId: values.installmentId && values.installmentId !== WHOLE ? values.installmentId : null,
        number: values.number?.trim(),
        issuedOn: values.issuedOn?.format('YYYY-MM-DD'),
        amountCents: yuanToCents(values.amountCents),
      },
      form,
      t,
    );
    if (!body) return;
    create.mutate(body, {
      onSuccess: () => {
        message.success(t('receivables.invoices.created'));
        onClose();
      },
      onError: (error) => {
        const placed = applyApiError(form, error, t, FIELDS, (field) => {
          if (!isApiError(error)) return undefined;
          if (field === 'number' && error.code === 'conflict') return t('receivables.invoices.duplicate');
          if (field === 'amountCents' && error.rule === 'AR-OVERINVOICE')
            return t('receivables.invoices.overInvoice', { amount: formatCents(Number(error.data?.uninvoicedCents ?? 0)) });
          return undefined;
        });
        if (!placed) setAlertError(error);
      },
    });
  };

  return (
    <FormDrawer
      title={t('receivables.invoices.drawerTitle', { contract: contract.number })}
      width={480}
      saving={create.isPending}
      onSave={() => void submit()}
      onClose={onClose}
      submitTestId="invoice-submit"
    >
      <ErrorAlert error={alertError} />
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        data-testid="invoice-form"
        onValuesChange={(changed: Values) => {
          if (changed.installmentId === undefined) return;
          const picked = installments.find((i) => i.id === changed.installmentId);
          if (picked) form.setFieldsValue({ amountCents: centsToYuan(picked.amountCents - picked.invoicedCents) });
        }}
      >
        <Form.Item name="installmentId" label={t('receivables.fields.installment')}>
          <Select
            data-testid="invoice-installment"
            options={[
              { value: WHOLE, label: t('receivables.fields.wholeContract') },
              ...installments.map((i) => ({
                value: i.id,
                label: `${t('receivables.fields.seqValue', { seq: i.seq })} · ${i.dueOn} · ${formatCents(i.amountCents)}`,
              })),
            ]}
          />
        </Form.Item>
        <Form.Item name="number" label={t('receivables.fields.invoiceNumber')} rules={rules.number} required>
          <Input maxLength={64} data-testid="invoice-number" autoFocus />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="issuedOn"
              label={t('receivables.fields.issuedOn')}
              rules={[{ required: true, message: t('common.validation.required') }]}
              required
            >
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="amountCents" label={t('receivables.fields.invoiceAmount')} rules={[amountRule]} required>
              <Input inputMode="decimal" prefix="¥" data-testid="invoice-amount" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  );
}
