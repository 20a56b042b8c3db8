import { useState } from 'react';
import { App, Button, Card, Drawer, Empty, Flex, Form, Input, InputNumber, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  COMMISSION_BASES,
  COMMISSION_METHODS,
  COMMISSION_TIER_BASES,
  type CommissionPlan,
  type CommissionPlanInput,
  type CommissionTierBasis,
} from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCents } from '../../components/MoneyText';
import { usePlans, useSavePlan } from './api';

interface FormValues {
  name: string;
  tierBasis: CommissionTierBasis;
  method: CommissionPlan['method'];
  base: CommissionPlan['base'];
  tiers: { from: number; rate: number }[];
  cap: number | null;
  clawback: number;
  active: boolean;
}

const DEFAULT_VALUES: FormValues = {
  name: '',
  tierBasis: 'attainment',
  method: 'marginal',
  base: 'collections',
  tiers: [
    { from: 0, rate: 2 },
    { from: 80, rate: 4 },
    { from: 100, rate: 6 },
  ],
  cap: null,
  clawback: 0,
  active: true,
};

function tierText(plan: CommissionPlan): string {
  return plan.tiers
    .map((tier, i) => {
      const next = plan.tiers[i + 1];
      const unit = (v: number) => (plan.tierBasis === 'attainment' ? `${v}%` : formatCents(v));
      const range = next ? `${unit(tier.from)}–${unit(next.from)}` : `> ${unit(tier.from)}`;
      return `${range} → ${tier.rateBp / 100}%`;
    })
    .join('，');
}

/** Commission plans (R-COM-1): tiers, marginal or whole-amount, base, cap and clawback, all said on the plan. */
export default function PlansPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const plans = usePlans();
  const save = useSavePlan();
  const [editing, setEditing] = useState<CommissionPlan | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();

  const open = (plan: CommissionPlan | 'new') => {
    setEditing(plan);
    form.setFieldsValue(
      plan === 'new'
        ? DEFAULT_VALUES
        : {
            name: plan.name,
            tierBasis: plan.tierBasis,
            method: plan.method,
            base: plan.base,
            tiers: plan.tiers.map((tier) => ({ from: plan.tierBasis === 'amount' ? tier.from / 100 : tier.from, rate: tier.rateBp / 100 })),
            cap: plan.capCents === null ? null : plan.capCents / 100,
            clawback: plan.clawbackRateBp / 100,
            active: plan.active,
          },
    );
  };

  const submit = async (values: FormValues) => {
    const input: CommissionPlanInput = {
      name: values.name,
      tierBasis: values.tierBasis,
      method: values.method,
      base: values.base,
      tiers: values.tiers.map((tier) => ({
        from: values.tierBasis === 'amount' ? Math.round(tier.from * 100) : Math.round(tier.from),
        rateBp: Math.round(tier.rate * 100),
      })),
      capCents: values.cap ? Math.round(values.cap * 100) : null,
      clawbackRateBp: Math.round((values.clawback ?? 0) * 100),
      active: values.active,
    };
    await save.mutateAsync(editing && editing !== 'new' ? { id: editing.id, input, version: editing.version } : { input });
    void message.success(t('incentives.plans.saved'));
    setEditing(null);
  };

  return (
    <>
      <PageHeader
        title={t('incentives.plans.title')}
        subtitle={t('incentives.plans.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="plan-add">
            {t('incentives.plans.add')}
          </Button>
        }
      />
      {plans.error ? <ErrorAlert error={plans.error} onReload={() => void plans.refetch()} /> : null}
      <List
        loading={plans.isLoading}
        dataSource={plans.data ?? []}
        locale={{ emptyText: <Empty description={t('incentives.plans.empty')} /> }}
        renderItem={(plan) => (
          <Card
            size="small"
            style={{ marginBottom: 8 }}
            data-testid="plan-card"
            title={
              <Space wrap>
                {plan.name}
                {plan.active ? null : <Tag>{t('incentives.plans.inactive')}</Tag>}
              </Space>
            }
            extra={
              <Button size="small" onClick={() => open(plan)}>
                {t('incentives.plans.edit')}
              </Button>
            }
          >
            <Flex vertical gap={4}>
              <Typography.Text>
                {t(`incentives.tierBases.${plan.tierBasis}`)} · {t(`incentives.methods.${plan.method}`)} ·{' '}
                {t(`incentives.bases.${plan.base}`)}
              </Typography.Text>
              <Typography.Text type="secondary">{tierText(plan)}</Typography.Text>
              <Typography.Text type="secondary">
                {t('incentives.fields.cap')}：{plan.capCents === null ? t('incentives.plans.noCap') : formatCents(plan.capCents)} ·{' '}
                {t('incentives.fields.clawback')}：{plan.clawbackRateBp / 100}
              </Typography.Text>
            </Flex>
          </Card>
        )}
      />
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('incentives.plans.add') : t('incentives.plans.edit')}
        width={Math.min(520, typeof window === 'undefined' ? 520 : window.innerWidth)}
        destroyOnHidden
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="plan-save">
            {t('incentives.plans.save')}
          </Button>
        }
      >
        <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} initialValues={DEFAULT_VALUES}>
          <Form.Item name="name" label={t('incentives.fields.name')} rules={[{ required: true }]}>
            <Input data-testid="plan-name" />
          </Form.Item>
          <Form.Item name="tierBasis" label={t('incentives.fields.tierBasis')}>
            <Select options={COMMISSION_TIER_BASES.map((v) => ({ value: v, label: t(`incentives.tierBases.${v}`) }))} />
          </Form.Item>
          <Form.Item name="method" label={t('incentives.fields.method')}>
            <Select options={COMMISSION_METHODS.map((v) => ({ value: v, label: t(`incentives.methods.${v}`) }))} />
          </Form.Item>
          <Form.Item name="base" label={t('incentives.fields.base')}>
            <Select options={COMMISSION_BASES.map((v) => ({ value: v, label: t(`incentives.bases.${v}`) }))} />
          </Form.Item>
          <Typography.Text strong>{t('incentives.fields.tiers')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('incentives.plans.fromHint')}
          </Typography.Paragraph>
          <Form.List name="tiers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="baseline">
                    <Form.Item
                      name={[field.name, 'from']}
                      label={index === 0 ? t('incentives.fields.from') : undefined}
                      rules={[{ required: true }]}
                    >
                      <InputNumber min={0} disabled={index === 0} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'rate']}
                      label={index === 0 ? t('incentives.fields.rate') : undefined}
                      rules={[{ required: true }]}
                    >
                      <InputNumber min={0} max={100} step={0.5} style={{ width: 110 }} />
                    </Form.Item>
                    {index > 0 ? (
                      <MinusCircleOutlined aria-label={t('incentives.plans.removeTier')} onClick={() => remove(field.name)} />
                    ) : null}
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ from: 0, rate: 0 })} style={{ marginBottom: 16 }}>
                  {t('incentives.plans.addTier')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="cap" label={t('incentives.fields.cap')}>
            <InputNumber min={0} style={{ width: 200 }} placeholder={t('incentives.plans.noCap')} />
          </Form.Item>
          <Form.Item name="clawback" label={t('incentives.fields.clawback')}>
            <InputNumber min={0} max={100} step={0.5} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="active" label={t('incentives.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Drawer>
    </>
  );
}
