import { App, Button, Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_SUBJECTS, FEEDBACK_TYPES, SENTIMENTS, type FeedbackInput } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError } from '../../components/form';
import { CustomerSelect, yuanToCents } from '../customers';
import { useLogFeedback, useMarketOptions } from './api';

interface Values {
  subject: FeedbackInput['subject'];
  type: FeedbackInput['type'];
  customerId?: string;
  productId?: string;
  regionId?: string;
  competitorId?: string;
  competitorProduct?: string;
  competitorPrice?: string;
  sentiment: FeedbackInput['sentiment'];
  text: string;
}

/** Structured market feedback (issue 21 item 1): one column, so it fits a phone; a customer page passes its customer. */
export function FeedbackForm({ customerId, onDone }: { customerId?: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const options = useMarketOptions();
  const log = useLogFeedback();
  const subject = Form.useWatch('subject', form);
  const submit = (values: Values) => {
    const price = yuanToCents(values.competitorPrice);
    log.mutate(
      {
        subject: values.subject,
        type: values.type,
        customerId: customerId ?? values.customerId ?? null,
        productId: values.productId ?? null,
        regionId: values.regionId ?? null,
        competitorId: values.competitorId ?? null,
        competitorProduct: values.competitorProduct?.trim() || null,
        competitorPriceCents: price === null || Number.isNaN(price) ? null : price,
        sentiment: values.sentiment,
        text: values.text,
      },
      {
        onSuccess: () => {
          void message.success(t('market.feedback.logged'));
          form.resetFields();
          onDone?.();
        },
        onError: (error) =>
          applyApiError(form, error, t, ['customerId', 'productId', 'regionId', 'competitorId', 'competitorProduct', 'text']),
      },
    );
  };
  const pick = (list: { id: string; name: string }[] | undefined) => (list ?? []).map((item) => ({ value: item.id, label: item.name }));
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ subject: customerId ? 'customer' : 'competitor', type: 'price', sentiment: 'neutral' }}
      data-testid="feedback-form"
    >
      <Form.Item name="subject" label={t('market.fields.subject')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={FEEDBACK_SUBJECTS.map((value) => ({ value, label: t(`market.subjects.${value}`) }))}
          data-testid="feedback-subject"
        />
      </Form.Item>
      <Form.Item name="type" label={t('market.fields.type')} rules={[{ required: true }]}>
        <Select options={FEEDBACK_TYPES.map((value) => ({ value, label: t(`market.types.${value}`) }))} data-testid="feedback-type" />
      </Form.Item>
      {subject === 'customer' && !customerId ? (
        <Form.Item name="customerId" label={t('market.fields.customer')} rules={[{ required: true }]}>
          <CustomerSelect testId="feedback-customer" />
        </Form.Item>
      ) : null}
      {subject === 'product' ? (
        <Form.Item name="productId" label={t('market.fields.product')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={pick(options.data?.products)} data-testid="feedback-product" />
        </Form.Item>
      ) : null}
      {subject === 'region' ? (
        <Form.Item name="regionId" label={t('market.fields.region')} rules={[{ required: true }]}>
          <Select options={pick(options.data?.regions)} data-testid="feedback-region" />
        </Form.Item>
      ) : null}
      <Form.Item name="competitorId" label={t('market.fields.competitor')} rules={[{ required: subject === 'competitor' }]}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={pick(options.data?.competitors)}
          data-testid="feedback-competitor"
        />
      </Form.Item>
      <Form.Item name="competitorProduct" label={t('market.fields.competitorProduct')}>
        <Input maxLength={120} data-testid="feedback-competitor-product" />
      </Form.Item>
      <Form.Item name="competitorPrice" label={t('market.fields.competitorPrice')}>
        <Input inputMode="decimal" maxLength={16} data-testid="feedback-price" />
      </Form.Item>
      <Form.Item name="sentiment" label={t('market.fields.sentiment')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={SENTIMENTS.map((value) => ({ value, label: t(`market.sentiments.${value}`) }))}
          data-testid="feedback-sentiment"
        />
      </Form.Item>
      <Form.Item name="text" label={t('market.fields.text')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="feedback-text" />
      </Form.Item>
      <ErrorAlert error={log.error} style={{ marginBottom: 12 }} />
      <Button type="primary" htmlType="submit" loading={log.isPending} block data-testid="feedback-submit">
        {t('market.feedback.log')}
      </Button>
    </Form>
  );
}
