import { useState } from 'react';
import { App, Button, Card, Col, Flex, Form, InputNumber, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderSettings } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError } from '../../components/form';
import { validValues } from '../../components/hooks';
import { NumberPatternItem } from '../contracts';
import { centsToYuan, yuanToCents } from '../customers';
import { useOrderSettings, useSaveOrderSettings } from './api';

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
    <Card title={t('orders.settings.title')} data-testid="order-settings">
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ numberPattern: settings.numberPattern, directOrderMax: centsToYuan(settings.directOrderMaxCents) }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <NumberPatternItem label={t('orders.settings.numberPattern')} pattern={pattern} testId="order-number-pattern" />
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="directOrderMax"
              label={t('orders.settings.directOrderMax')}
              extra={t('orders.settings.directOrderHelp')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <InputNumber<string>
                stringMode
                min="0"
                precision={2}
                suffix={t('orders.settings.yuan')}
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

/** Order numbering and the direct-order ceiling, on the contract settings page (contractSettingsSections). */
export function OrderSettingsCard() {
  const settings = useOrderSettings();
  if (settings.data) return <OrderSettingsForm settings={settings.data} />;
  return settings.error ? (
    <ErrorAlert error={settings.error} />
  ) : (
    <Card style={{ marginBottom: 16 }}>
      <Skeleton active />
    </Card>
  );
}
