import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { quoteSettingsSchema, type QuoteSettings } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { validValues } from '../../components/hooks';
import { useQuoteSettings, useSaveQuoteSettings } from './api';

function SettingsForm({ settings }: { settings: QuoteSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<QuoteSettings>();
  const save = useSaveQuoteSettings();
  const [error, setError] = useState<unknown>(null);
  const rules = zodRules(quoteSettingsSchema, t);
  const submit = async () => {
    setError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(quoteSettingsSchema, { ...values, defaultTerms: values.defaultTerms ?? '' }, form, t);
    if (!body) return;
    save.mutate(body, {
      onSuccess: () => message.success(t('quotes.settings.saved')),
      onError: (e) => (applyApiError(form, e, t, ['numberPattern', 'validityDays', 'defaultTerms']) ? undefined : setError(e)),
    });
  };
  return (
    <Card style={{ maxWidth: 720 }}>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={settings} data-testid="quote-settings-form">
        <Form.Item
          name="numberPattern"
          label={t('quotes.settings.numberPattern')}
          extra={t('quotes.settings.numberPatternHelp')}
          rules={rules.numberPattern}
        >
          <Input maxLength={60} data-testid="quote-settings-pattern" />
        </Form.Item>
        <Form.Item name="validityDays" label={t('quotes.settings.validityDays')} rules={rules.validityDays}>
          <InputNumber min={1} max={365} precision={0} />
        </Form.Item>
        <Form.Item name="defaultTerms" label={t('quotes.settings.defaultTerms')}>
          <Input.TextArea rows={6} maxLength={5000} />
        </Form.Item>
        <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="quote-settings-save">
          {t('common.actions.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** Quote numbering pattern, default validity and terms (director, admin). */
export default function QuoteSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuoteSettings();
  return (
    <>
      <PageHeader title={t('quotes.settings.title')} />
      {settings.error ? (
        <ErrorAlert error={settings.error} />
      ) : settings.data ? (
        <SettingsForm settings={settings.data} />
      ) : (
        <Skeleton active />
      )}
    </>
  );
}
