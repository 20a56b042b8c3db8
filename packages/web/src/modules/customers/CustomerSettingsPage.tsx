import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Skeleton, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { customerSettingsSchema, INTERACTION_TYPES, TIERS, type CustomerSettings, type InteractionType, type Tier } from '@xiaoguan/shared';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { issueMessage } from '../../components/form';
import { PageHeader } from '../../components/PageHeader';
import { useCustomerSettings, useRecomputeRfm, useSaveCustomerSettings } from './api';
import { TIER_HEX } from './labels';
import { centsToYuan, yuanToCents } from './time';
import { validValues } from '../../components/hooks';

interface LevelValues {
  name?: string;
  minSpendYuan?: string;
  minOrders?: number;
}

interface Values {
  cadence: Record<Tier, { days?: number; types?: InteractionType[] }>;
  poolClaimCap?: number;
  poolReturnDays: Record<Tier, number | undefined>;
  poolWarningDays?: number;
  interactionRetentionYears?: number;
  loyaltyLevels: LevelValues[];
  pointsPerYuan?: number;
}

function toValues(settings: CustomerSettings): Values {
  return {
    cadence: settings.cadence,
    poolClaimCap: settings.poolClaimCap,
    poolReturnDays: settings.poolReturnDays,
    poolWarningDays: settings.poolWarningDays,
    interactionRetentionYears: settings.interactionRetentionYears,
    loyaltyLevels: settings.loyaltyLevels.map((level) => ({
      name: level.name,
      minSpendYuan: centsToYuan(level.minSpendCents),
      minOrders: level.minOrders,
    })),
    pointsPerYuan: settings.pointsPerYuan,
  };
}

const required = (message: string) => [{ required: true, message }];

function SettingsForm({ settings }: { settings: CustomerSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveCustomerSettings();
  const [alertError, setAlertError] = useState<unknown>(null);
  const requiredRule = required(t('common.validation.required'));
  const typeOptions = INTERACTION_TYPES.map((type) => ({ value: type, label: t(`customers.interactionTypes.${type}`) }));

  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = {
      ...values,
      loyaltyLevels: (values.loyaltyLevels ?? []).map((level) => ({
        name: level.name?.trim() ?? '',
        minSpendCents: yuanToCents(level.minSpendYuan) ?? 0,
        minOrders: level.minOrders ?? 0,
      })),
    };
    const result = customerSettingsSchema.safeParse(body);
    if (!result.success) {
      // Each issue against its (nested) field: cadence.A.days, loyaltyLevels.1.minSpendCents …
      form.setFields(
        result.error.issues.map((issue) => {
          const path = issue.path.map((part) => (part === 'minSpendCents' ? 'minSpendYuan' : part)) as (string | number)[];
          return { name: path, errors: [issueMessage(t, issue, String(path[path.length - 1] ?? ''), undefined)] };
        }) as Parameters<typeof form.setFields>[0],
      );
      return;
    }
    save.mutate(result.data, {
      onSuccess: () => message.success(t('customers.settings.saved')),
      onError: setAlertError,
    });
  };

  const number = (name: (string | number)[], label: string, unit: string, min = 0, max?: number) => (
    <Form.Item name={name} label={label} rules={requiredRule} required>
      <InputNumber min={min} max={max} precision={0} suffix={t(`customers.settings.units.${unit}`)} style={{ width: '100%' }} />
    </Form.Item>
  );

  return (
    <Form form={form} layout="vertical" initialValues={toValues(settings)} data-testid="customer-settings-form">
      <ErrorAlert error={alertError} />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card title={t('customers.settings.sections.cadence')}>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t('customers.settings.cadenceHint')}
            </Typography.Paragraph>
            <Row gutter={[16, 0]}>
              {TIERS.map((tier) => (
                <Col xs={24} md={8} key={tier}>
                  <div
                    style={{
                      border: '1px solid #f0f0f0',
                      borderRadius: 8,
                      padding: '12px 12px 0',
                      height: '100%',
                      borderTop: `3px solid ${TIER_HEX[tier]}`,
                    }}
                  >
                    <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                      {t('customers.settings.tierLabel', { tier, name: t(`customers.tiers.${tier}`) })}
                    </Typography.Text>
                    {number(['cadence', tier, 'days'], t('customers.settings.days'), 'days', 1, 365)}
                    <Form.Item
                      name={['cadence', tier, 'types']}
                      label={t('customers.settings.types')}
                      rules={[{ required: true, type: 'array', min: 1, message: t('common.validation.tooFewItems', { min: 1 }) }]}
                      required
                    >
                      <Checkbox.Group options={typeOptions} data-testid={`settings-cadence-${tier}-types`} />
                    </Form.Item>
                  </div>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('customers.settings.sections.pool')} style={{ height: '100%' }}>
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                {number(['poolClaimCap'], t('customers.settings.poolClaimCap'), 'customers', 1, 100_000)}
              </Col>
              <Col xs={24} sm={12}>
                {number(['poolWarningDays'], t('customers.settings.poolWarningDays'), 'days', 0, 60)}
              </Col>
            </Row>
            <Typography.Text style={{ display: 'block', marginBottom: 8 }}>{t('customers.settings.poolReturnDays')}</Typography.Text>
            <Row gutter={16}>
              {TIERS.map((tier) => (
                <Col xs={8} key={tier}>
                  <Form.Item name={['poolReturnDays', tier]} label={t(`customers.tierTag.${tier}`)} rules={requiredRule} required>
                    <InputNumber min={1} precision={0} suffix={t('customers.settings.units.days')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('customers.settings.sections.retention')} style={{ height: '100%' }}>
            {number(['interactionRetentionYears'], t('customers.settings.interactionRetentionYears'), 'years', 1, 30)}
            <Typography.Text strong style={{ display: 'block', margin: '8px 0' }}>
              {t('customers.settings.sections.points')}
            </Typography.Text>
            <Form.Item name="pointsPerYuan" label={t('customers.settings.pointsPerYuan')} rules={requiredRule} required>
              <InputNumber min={0} max={100} step={0.1} suffix={t('customers.settings.units.points')} style={{ width: '100%' }} />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('customers.settings.sections.loyalty')}>
            <Form.List name="loyaltyLevels">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={12} key={field.key} align="top">
                      <Col xs={24} sm={8}>
                        <Form.Item
                          name={[field.name, 'name']}
                          label={field.name === 0 ? t('customers.settings.levelName') : undefined}
                          rules={requiredRule}
                        >
                          <Input maxLength={30} placeholder={t('customers.settings.levelName')} />
                        </Form.Item>
                      </Col>
                      <Col xs={11} sm={7}>
                        <Form.Item
                          name={[field.name, 'minSpendYuan']}
                          label={field.name === 0 ? t('customers.settings.minSpend') : undefined}
                          rules={requiredRule}
                        >
                          <InputNumber<string>
                            stringMode
                            min="0"
                            precision={2}
                            style={{ width: '100%' }}
                            placeholder={t('customers.settings.minSpend')}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={9} sm={6}>
                        <Form.Item
                          name={[field.name, 'minOrders']}
                          label={field.name === 0 ? t('customers.settings.minOrders') : undefined}
                          rules={requiredRule}
                        >
                          <InputNumber min={0} precision={0} style={{ width: '100%' }} placeholder={t('customers.settings.minOrders')} />
                        </Form.Item>
                      </Col>
                      <Col xs={4} sm={3}>
                        <Form.Item label={field.name === 0 ? ' ' : undefined}>
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            disabled={fields.length <= 1}
                            onClick={() => remove(field.name)}
                            aria-label={t('customers.settings.removeLevel')}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ minOrders: 0 })}>
                    {t('customers.settings.addLevel')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        </Col>
      </Row>
      <Flex justify="flex-end" style={{ marginTop: 16 }}>
        <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="customer-settings-save">
          {t('common.actions.save')}
        </Button>
      </Flex>
    </Form>
  );
}

function RfmCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const recompute = useRecomputeRfm();
  return (
    <Card title={t('customers.settings.sections.rfm')} style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary">{t('customers.settings.rfmHint')}</Typography.Text>
        <Button
          icon={<SyncOutlined spin={recompute.isPending} />}
          loading={recompute.isPending}
          onClick={() =>
            recompute.mutate(undefined, {
              onSuccess: (result) => message.success(t('customers.settings.recomputed', result)),
              onError: (error) => message.error(errorMessage(t, error)),
            })
          }
          data-testid="rfm-recompute"
        >
          {t('customers.settings.recompute')}
        </Button>
      </Flex>
      {recompute.data ? (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          title={t('customers.settings.lastResult', recompute.data)}
          data-testid="rfm-result"
        />
      ) : null}
    </Card>
  );
}

/** The customers module's company settings (customers.configure) and an on-demand RFM run. */
export default function CustomerSettingsPage() {
  const { t } = useTranslation();
  const settings = useCustomerSettings();
  return (
    <>
      <PageHeader title={t('customers.settings.title')} subtitle={t('customers.settings.subtitle')} />
      <RfmCard />
      <ErrorAlert error={settings.error} onReload={() => void settings.refetch()} />
      {settings.data ? (
        <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />
      ) : settings.isPending ? (
        <Skeleton active />
      ) : null}
    </>
  );
}
