import { useState } from 'react';
import { App, Button, Card, InputNumber, Select, Switch, Table, Typography } from 'antd';
import { HONOUR_AWARDS, HONOUR_METRICS, type HonourMetric, type HonourRule } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { useIncentiveSettings, useSaveIncentiveSettings } from './api';

/**
 * The stored minimum is in the metric's own unit (cents, a count, a satisfaction score ×100, growth
 * in basis points); the screen shows yuan, a count, a score 1–5 and percent.
 */
const SCALE: Record<HonourMetric, number> = { collections: 100, bookings: 100, newCustomers: 1, serviceScore: 100, growth: 100 };
const PRECISION: Record<HonourMetric, number> = { collections: 0, bookings: 0, newCustomers: 0, serviceScore: 2, growth: 1 };

/** Honour rules (001 激励措施.3): per award the figure it ranks by, the least figure to be proposed, on or off. */
export default function HonourRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const settings = useIncentiveSettings();
  const save = useSaveIncentiveSettings();
  const [draft, setDraft] = useState<HonourRule[] | null>(null);
  const stored = settings.data?.honourRules ?? [];
  // Every award has a row: an award missing from the stored rules is shown off.
  const rules =
    draft ??
    HONOUR_AWARDS.map(
      (award) =>
        stored.find((rule) => rule.award === award) ?? { award, metric: 'collections' as HonourMetric, minimum: 0, enabled: false },
    );
  const editable = can('incentives.honour');
  const change = (award: HonourRule['award'], patch: Partial<HonourRule>) =>
    setDraft(rules.map((rule) => (rule.award === award ? { ...rule, ...patch } : rule)));

  return (
    <>
      <PageHeader title={t('incentives.rules.title')} subtitle={t('incentives.rules.subtitle')} />
      <ErrorAlert error={settings.error ?? save.error} onReload={() => void settings.refetch()} style={{ marginBottom: 12 }} />
      <Card size="small">
        <Table<HonourRule>
          rowKey="award"
          size="middle"
          loading={settings.isLoading}
          pagination={false}
          dataSource={rules}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('incentives.fields.award'),
              dataIndex: 'award',
              render: (award: HonourRule['award']) => <Typography.Text strong>{t(`incentives.awards.${award}`)}</Typography.Text>,
            },
            {
              title: t('incentives.rules.enabled'),
              dataIndex: 'enabled',
              render: (enabled: boolean, rule) => (
                <Switch
                  checked={enabled}
                  disabled={!editable}
                  onChange={(value) => change(rule.award, { enabled: value })}
                  data-testid={`rule-enabled-${rule.award}`}
                />
              ),
            },
            {
              title: t('incentives.rules.metric'),
              dataIndex: 'metric',
              render: (metric: HonourMetric, rule) => (
                <Select<HonourMetric>
                  value={metric}
                  disabled={!editable}
                  style={{ minWidth: 150 }}
                  onChange={(value) => change(rule.award, { metric: value, minimum: 0 })}
                  options={HONOUR_METRICS.map((m) => ({ value: m, label: t(`incentives.metrics.${m}`) }))}
                  data-testid={`rule-metric-${rule.award}`}
                />
              ),
            },
            {
              title: t('incentives.rules.minimum'),
              dataIndex: 'minimum',
              render: (minimum: number, rule) => (
                <InputNumber<number>
                  min={0}
                  precision={PRECISION[rule.metric]}
                  disabled={!editable}
                  value={minimum / SCALE[rule.metric]}
                  onChange={(value) => change(rule.award, { minimum: Math.round((value ?? 0) * SCALE[rule.metric]) })}
                  addonAfter={t(`incentives.rules.units.${rule.metric}`)}
                  style={{ width: 180 }}
                  data-testid={`rule-minimum-${rule.award}`}
                />
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('incentives.rules.hint')}
        </Typography.Paragraph>
        {editable ? (
          <Button
            type="primary"
            disabled={draft === null}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { honourRules: rules },
                {
                  onSuccess: () => {
                    setDraft(null);
                    void message.success(t('incentives.rules.saved'));
                  },
                },
              )
            }
            data-testid="rules-save"
          >
            {t('incentives.plans.save')}
          </Button>
        ) : null}
      </Card>
    </>
  );
}
