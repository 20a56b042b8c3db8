import { Suspense, useState, type ReactNode } from 'react';
import { App, Button, Card, Col, Flex, Form, InputNumber, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractSettings } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError } from '../../components/form';
import { PageHeader } from '../../components/PageHeader';
import { validValues } from '../../components/hooks';
import { useContractSettings, useSaveContractSettings } from './api';
import { NumberPatternItem } from './PatternHelp';
import { contractSettingsSections } from './slots';

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
            <NumberPatternItem label={t('contracts.settings.numberPattern')} pattern={pattern} testId="contract-number-pattern" />
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

/** Numbering and renewal reminders; later modules add their cards (orders: numbering, direct-order ceiling), each behind its own `configure`. */
export default function ContractSettingsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const contracts = useContractSettings(can('contracts.configure'));
  return (
    <>
      <PageHeader title={t('contracts.settings.title')} subtitle={t('contracts.settings.subtitle')} />
      {can('contracts.configure') ? loaded(contracts, (settings) => <ContractSettingsForm settings={settings} />) : null}
      {contractSettingsSections
        .values()
        .filter((section) => can(section.permission))
        .map(({ key, Component }) => (
          <Suspense key={key} fallback={null}>
            <Component />
          </Suspense>
        ))}
    </>
  );
}
