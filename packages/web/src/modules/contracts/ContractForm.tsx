import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import type { FormInstance, FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Dayjs } from 'dayjs';
import { isApiError } from '../../core/api';
import { errorMessage } from '../../components/ErrorAlert';
import type { MergeValues } from '@xiaoguan/shared';
import { dayjs } from '../../core/time';
import { useCustomer, yuanToCents } from '../customers';
import { useContractTemplates } from './api';
import { BodyEditor } from './BodyEditor';

export interface ContractFormValues {
  customerId?: string;
  title?: string;
  /** Yuan as typed (InputNumber stringMode), converted to exact cents. */
  amount?: string | null;
  templateId?: string | null;
  body?: string | null;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** The request fields from the form values (cents exact, dates as YYYY-MM-DD). */
export function contractBody(values: ContractFormValues) {
  return {
    title: values.title?.trim(),
    amountCents: yuanToCents(values.amount) ?? undefined,
    templateId: values.templateId ?? null,
    body: values.body?.trim() ? values.body : null,
    startsOn: values.period?.[0]?.format('YYYY-MM-DD') ?? null,
    endsOn: values.period?.[1]?.format('YYYY-MM-DD') ?? null,
  };
}

/** Merge values for the live preview, from what the form holds now. */
export function useMergeValues(
  form: FormInstance<ContractFormValues>,
  fixed: { customerId?: string; number?: string; ownerName?: string | null; signedOn?: string | null },
  today: string,
): MergeValues {
  const customerId = Form.useWatch('customerId', form) ?? fixed.customerId;
  const title = Form.useWatch('title', form);
  const amount = Form.useWatch('amount', form);
  const period = Form.useWatch('period', form);
  const customer = useCustomer(customerId);
  return {
    customer: { name: customer.data?.name ?? '', address: customer.data?.address ?? null, taxId: customer.data?.taxId ?? null },
    contract: {
      number: fixed.number ?? '—',
      title: title ?? '',
      amountCents: yuanToCents(amount) || 0,
      signedOn: fixed.signedOn ?? null,
      startsOn: period?.[0]?.format('YYYY-MM-DD') ?? null,
      endsOn: period?.[1]?.format('YYYY-MM-DD') ?? null,
    },
    owner: { name: fixed.ownerName ?? customer.data?.ownerName ?? null },
    today,
  };
}

/** Title, amount, period, template and body — shared by the new-contract page and the edit drawer. */
export function ContractFormFields({
  form,
  rules,
  amountLocked,
  mergeValues,
  onTemplate,
}: {
  form: FormInstance<ContractFormValues>;
  rules: Record<string, FormRule[]>;
  amountLocked?: boolean;
  mergeValues: MergeValues;
  onTemplate?: (body: string | null) => void;
}) {
  const { t } = useTranslation();
  const templates = useContractTemplates();
  return (
    <>
      <Form.Item name="title" label={t('contracts.fields.title')} rules={rules.title} required>
        <Input maxLength={200} data-testid="contract-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="amount"
            label={t('contracts.fields.amount')}
            required
            extra={amountLocked ? t('contracts.form.amountFromQuote') : undefined}
            rules={[
              {
                validator: async (_rule, value: string | null | undefined) => {
                  const cents = yuanToCents(value);
                  if (!cents || cents <= 0 || Number.isNaN(cents)) throw new Error(t('contracts.form.amountRequired'));
                },
              },
            ]}
          >
            <InputNumber<string>
              stringMode
              min="0.01"
              precision={2}
              style={{ width: '100%' }}
              disabled={amountLocked}
              suffix={t('contracts.form.yuan')}
              data-testid="contract-amount"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="period" label={t('contracts.fields.period')}>
            <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} data-testid="contract-period" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="templateId" label={t('contracts.fields.template')}>
        <Select
          allowClear
          placeholder={t('contracts.form.templatePlaceholder')}
          options={(templates.data ?? [])
            .filter((template) => template.active)
            .map((template) => ({ value: template.id, label: template.name }))}
          onChange={(id: string | undefined) => {
            const template = templates.data?.find((candidate) => candidate.id === id);
            const current = form.getFieldValue('body') as string | null | undefined;
            // A chosen template fills the body unless someone already wrote one.
            if (template && (!current || templates.data?.some((candidate) => candidate.body === current)))
              form.setFieldValue('body', template.body);
            onTemplate?.(template?.body ?? null);
          }}
          data-testid="contract-template"
        />
      </Form.Item>
      <Form.Item name="body" label={t('contracts.fields.body')} rules={rules.body}>
        <BodyEditor values={mergeValues} testId="contract-body" />
      </Form.Item>
    </>
  );
}

export const periodOf = (startsOn: string | null, endsOn: string | null): [Dayjs | null, Dayjs | null] | null =>
  startsOn || endsOn ? [startsOn ? dayjs(startsOn) : null, endsOn ? dayjs(endsOn) : null] : null;

/** Puts an API error against the form item it names (`amountCents` → amount, `endsOn` → period). */
export function applyContractError(form: FormInstance<ContractFormValues>, error: unknown, t: TFunction): boolean {
  if (!isApiError(error) || !error.formField) return false;
  const item = ITEM_OF[error.formField];
  if (!item) return false;
  form.setFields([
    { name: item, errors: [error.code === 'validation' ? `${t('common.validation.invalid')}: ${error.message}` : errorMessage(t, error)] },
  ]);
  return true;
}

const ITEM_OF: Record<string, keyof ContractFormValues> = {
  customerId: 'customerId',
  title: 'title',
  amountCents: 'amount',
  templateId: 'templateId',
  body: 'body',
  startsOn: 'period',
  endsOn: 'period',
};
