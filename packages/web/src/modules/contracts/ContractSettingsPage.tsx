import { useState, type ReactNode } from 'react';
import { App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractSettings, OrderSettings } from '@xiaoguan/shared';
import { useCan, useTimeZone } from '../../core/session';
import { dayjs } from '../../core/time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError } from '../../components/form';
import { PageHeader } from '../../components/PageHeader';
import { validValues } from '../customers/hooks';
import { centsToYuan, yuanToCents } from '../customers/time';
import { useOrderSettings, useSaveOrderSettings } from '../orders/api';
import { useContractSettings, useSaveContractSettings } from './api';

/** The number a pattern gives for the first document this month (`{YYYY}` `{YY}` `{MM}` `{SEQ:n}`). */
function sampleNumber(pattern: string, timeZone: string): string {
  const now = dayjs().tz(timeZone);
  return pattern
    .replaceAll('{YYYY}', String(now.year()))
    .replaceAll('{YY}', String(now.year() % 100).padStart(2, '0'))
    .replaceAll('{MM}', String(now.month() + 1).padStart(2, '0'))
    .replace(/\{SEQ(?::(\d+))?\}/g, (_, width: string | undefined) => '1'.padStart(Number(width ?? 1), '0'));
}

function PatternHelp({ pattern }: { pattern: string | undefined }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('contracts.settings.patternHelp')}
      {pattern ? ` ${t('contracts.settings.sample', { number: sampleNumber(pattern, timeZone) })}` : ''}
    </Typography.Text>
  );
}

function ContractSettingsForm({ settings }: { settings: ContractSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContractSettings>();
  const save = useSaveContractSettings();
  const [error, setError] = useState<unknown>(null);
  const pattern = Form.useWatch('numberPattern', form);
  const submit = async () => {
    setError(null);
    const values = await validValues(form);
    if (!values) return;
    save.mutate(values, {
      onSuccess: () => message.success(t('common.saved')),
      onError: (failure) => {
        if (!applyApiError(form, failure, t, ['numberPattern', 'renewalReminderDays'])) setError(failure);
      },
    });
  };
  return (
    <Card title={t('contracts.settings.contracts')} style={{ marginBottom: 16 }} data-testid="contract-settings">
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={settings}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="numberPattern"
              label={t('contracts.settings.numberPattern')}
              extra={<PatternHelp pattern={pattern} />}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <Input maxLength={40} data-testid="contract-number-pattern" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="renewalReminderDays"
              label={t('contracts.settings.renewalReminderDays')}
              extra={t('contracts.settings.renewalHelp')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <InputNumber
                min={1}
                max={365}
                precision={0}
                suffix={t('contracts.settings.days')}
                style={{ width: '100%' }}
                data-testid="contract-renewal-days"
              />
            </Form.Item>
          </Col>
        </Row>
        <Flex justify="flex-end">
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="contract-settings-save">
            {t('common.actions.save')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

interface OrderValues {
  numberPattern: string;
  directOrderMax?: string | null;
}

function OrderSettingsForm({ settings }: { settings: OrderSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrderValues>();
  const save = useSaveOrderSettings();
  const [error, setError] = useState<unknown>(null);
  const pattern = Form.useWatch('numberPattern', form);
  const submit = async () => {
    setError(null);
    const values = await validValues(form);
    if (!values) return;
    save.mutate(
      { numberPattern: values.numberPattern, directOrderMaxCents: yuanToCents(values.directOrderMax) ?? 0 },
      {
        onSuccess: () => message.success(t('common.saved')),
        onError: (failure) => {
          if (!applyApiError(form, failure, t, ['numberPattern'])) setError(failure);
        },
      },
    );
  };
  return (
    <Card title={t('contracts.settings.orders')} data-testid="order-settings">
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ numberPattern: settings.numberPattern, directOrderMax: centsToYuan(settings.directOrderMaxCents) }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="numberPattern"
              label={t('contracts.settings.orderNumberPattern')}
              extra={<PatternHelp pattern={pattern} />}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <Input maxLength={40} data-testid="order-number-pattern" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="directOrderMax"
              label={t('contracts.settings.directOrderMax')}
              extra={t('contracts.settings.directOrderHelp')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <InputNumber<string>
                stringMode
                min="0"
                precision={2}
                suffix={t('contracts.form.yuan')}
                style={{ width: '100%' }}
                data-testid="order-direct-max"
              />
            </Form.Item>
          </Col>
        </Row>
        <Flex justify="flex-end">
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="order-settings-save">
            {t('common.actions.save')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

function loaded<T>(query: { data?: T; error: unknown }, render: (data: T) => ReactNode) {
  if (query.data) return render(query.data);
  return query.error ? (
    <ErrorAlert error={query.error} />
  ) : (
    <Card style={{ marginBottom: 16 }}>
      <Skeleton active />
    </Card>
  );
}

/** Numbering, renewal reminders and the direct-order ceiling (each module's own `configure`). */
export default function ContractSettingsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const contracts = useContractSettings(can('contracts.configure'));
  const orders = useOrderSettings(can('orders.configure'));
  return (
    <>
      <PageHeader title={t('contracts.settings.title')} subtitle={t('contracts.settings.subtitle')} />
      {can('contracts.configure') ? loaded(contracts, (settings) => <ContractSettingsForm settings={settings} />) : null}
      {can('orders.configure') ? loaded(orders, (settings) => <OrderSettingsForm settings={settings} />) : null}
    </>
  );
}
