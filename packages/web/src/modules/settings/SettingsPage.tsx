import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Skeleton, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { settingsSchema, settingsUpdateSchema, type Settings } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { useSettings, useUpdateSettings } from './api';

const FIELDS = Object.keys(settingsSchema.shape);

function timeZones(current: string): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return supported.includes(current) ? supported : [current, ...supported];
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const editable = can('settings.write');
  const [form] = Form.useForm<Settings>();
  const save = useUpdateSettings();
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(settingsSchema, t);
  const zones = useMemo(() => timeZones(settings.timeZone).map((zone) => ({ value: zone, label: zone })), [settings.timeZone]);

  const submit = async () => {
    setAlertError(null);
    const values = await form.validateFields();
    // Send only what changed; the server audits before/after of each field.
    const changed = Object.fromEntries(Object.entries(values).filter(([key, value]) => settings[key as keyof Settings] !== value));
    const patch = parseForm(settingsUpdateSchema, changed, form, t);
    if (!patch) return;
    save.mutate(patch, {
      onSuccess: () => message.success(t('settings.saved')),
      onError: (error) => {
        if (!applyApiError(form, error, t, FIELDS)) setAlertError(error);
      },
    });
  };

  const number = (name: keyof Settings, unit: string) => (
    <Form.Item name={name} label={t(`settings.fields.${name}`)} rules={rules[name]} required>
      <InputNumber min={0} precision={0} suffix={t(`settings.units.${unit}`)} style={{ width: '100%' }} disabled={!editable} />
    </Form.Item>
  );

  return (
    <Form form={form} layout="vertical" initialValues={settings} data-testid="settings-form">
      {!editable ? <Alert type="info" showIcon title={t('settings.readOnly')} style={{ marginBottom: 16 }} /> : null}
      <ErrorAlert error={alertError} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('settings.sections.company')} style={{ height: '100%' }}>
            <Form.Item name="companyName" label={t('settings.fields.companyName')} rules={rules.companyName} required>
              <Input disabled={!editable} maxLength={100} data-testid="settings-company-name" />
            </Form.Item>
            <Form.Item
              name="timeZone"
              label={t('settings.fields.timeZone')}
              rules={rules.timeZone}
              required
              extra={t('settings.help.timeZone')}
            >
              <Select options={zones} showSearch disabled={!editable} />
            </Form.Item>
            {number('auditRetentionYears', 'years')}
            <Form.Item
              name="followUpTime"
              label={t('settings.fields.followUpTime')}
              rules={rules.followUpTime}
              required
              extra={t('settings.seller.followUpHelp')}
            >
              <Input
                disabled={!editable}
                maxLength={5}
                placeholder="10:00"
                style={{ maxWidth: 160 }}
                data-testid="settings-follow-up-time"
              />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('settings.sections.security')} style={{ height: '100%' }}>
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                {number('sessionIdleMinutes', 'minutes')}
              </Col>
              <Col xs={24} sm={12}>
                {number('sessionAbsoluteHours', 'hours')}
              </Col>
              <Col xs={24} sm={12}>
                {number('loginMaxFailures', 'times')}
              </Col>
              <Col xs={24} sm={12}>
                {number('loginLockMinutes', 'minutes')}
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24}>
          <SellerCard rules={rules} editable={editable} />
        </Col>
        <Col xs={24}>
          <Card title={t('settings.sections.confidentiality')}>
            <Form.Item
              name="confidentialityText"
              label={t('settings.fields.confidentialityText')}
              rules={rules.confidentialityText}
              required
              extra={t('settings.help.confidentialityText')}
            >
              <Input.TextArea autoSize={{ minRows: 6, maxRows: 18 }} disabled={!editable} maxLength={5000} />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      {editable ? (
        <div style={{ marginTop: 16, display: 'flex', justifyContent: 'flex-end' }}>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="settings-save">
            {t('common.actions.save')}
          </Button>
        </div>
      ) : null}
    </Form>
  );
}

const SELLER_FIELDS = [
  ['sellerLegalName', 200],
  ['sellerCreditCode', 18],
  ['sellerAddress', 300],
  ['sellerBankName', 200],
  ['sellerBankAccount', 40],
] as const;

/** The seller a generated contract names (issue 16). */
function SellerCard({ rules, editable }: { rules: Record<string, FormRule[]>; editable: boolean }) {
  const { t } = useTranslation();
  return (
    <Card title={t('settings.seller.title')} data-testid="settings-seller">
      <Alert type="info" showIcon title={t('settings.seller.help')} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        {SELLER_FIELDS.map(([name, max]) => (
          <Col key={name} xs={24} md={12}>
            <Form.Item name={name} label={t(`settings.fields.${name}`)} rules={rules[name]}>
              <Input disabled={!editable} maxLength={max} data-testid={`settings-${name}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <ErrorAlert error={settings.error} onReload={() => void settings.refetch()} />
      {settings.data ? (
        <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />
      ) : settings.isPending ? (
        <Skeleton active />
      ) : null}
    </>
  );
}
