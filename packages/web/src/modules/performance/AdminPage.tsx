import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import {
  CYCLE_KINDS,
  DEFAULT_REP_TEMPLATE,
  ROLES,
  type KpiItem,
  type KpiTemplate,
  type KpiTemplateInput,
  type ReviewCycle,
} from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { useCycleAction, useCycles, useSaveTemplate, useTemplates } from './api';

function useFail() {
  const { message } = App.useApp();
  return (error: unknown) => void message.error(error instanceof Error ? error.message : String(error));
}

function curveText(item: KpiItem, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!item.curve) return '—';
  if (item.curve.kind === 'linear')
    return t('performance.admin.linear', { floor: item.curve.floor, target: item.curve.target, cap: item.curve.cap });
  return `${t('performance.admin.banded')}: ${item.curve.bands.map((b) => `${b.threshold}→${b.score}`).join(' / ')}`;
}

/** The template editor: name, role, cycle and each KPI's weight, floor/target and goal; weights must add up to 100 % (R-KPI-1). */
function TemplateEditor({ template, onDone }: { template: KpiTemplate | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const save = useSaveTemplate();
  const [draft, setDraft] = useState<KpiTemplateInput>(() =>
    template
      ? {
          name: template.name,
          role: template.role,
          cycleKind: template.cycleKind,
          items: template.items,
          raterWeights: template.raterWeights,
        }
      : DEFAULT_REP_TEMPLATE,
  );
  const sum = draft.items.reduce((total, item) => total + item.weight, 0);
  const setItem = (index: number, patch: Partial<KpiItem>) =>
    setDraft({ ...draft, items: draft.items.map((item, i) => (i === index ? { ...item, ...patch } : item)) });
  return (
    <Card size="small" title={template ? template.name : t('performance.admin.newTemplate')} data-testid="template-editor">
      <Form layout="vertical">
        <Space wrap>
          <Form.Item label={t('performance.admin.name')}>
            <Input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              data-testid="template-name"
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item label={t('performance.admin.role')}>
            <Select
              value={draft.role}
              onChange={(role) => setDraft({ ...draft, role })}
              options={ROLES.map((role) => ({ value: role, label: t(`common.roles.${role}`) }))}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={t('performance.admin.cycleKind')}>
            <Select
              value={draft.cycleKind}
              onChange={(cycleKind) => setDraft({ ...draft, cycleKind })}
              options={CYCLE_KINDS.map((kind) => ({ value: kind, label: t(`performance.kinds.${kind}`) }))}
              style={{ width: 120 }}
            />
          </Form.Item>
        </Space>
        <Table<KpiItem>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={draft.items}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('performance.review.kpi'), dataIndex: 'name' },
            { title: t('performance.admin.source'), dataIndex: 'source', render: (s: KpiItem['source']) => t(`performance.sources.${s}`) },
            {
              title: t('performance.admin.weight'),
              dataIndex: 'weight',
              render: (w: number, item, index) => (
                <InputNumber
                  min={1}
                  max={100}
                  value={w}
                  onChange={(v) => setItem(index, { weight: v ?? 1 })}
                  data-testid={`weight-${item.key}`}
                />
              ),
            },
            {
              title: t('performance.admin.curve'),
              key: 'curve',
              render: (_: unknown, item, index) =>
                item.curve?.kind === 'linear' ? (
                  <Space size={4}>
                    <InputNumber
                      value={item.curve.floor}
                      aria-label={t('performance.admin.floor')}
                      onChange={(v) => item.curve?.kind === 'linear' && setItem(index, { curve: { ...item.curve, floor: v ?? 0 } })}
                      style={{ width: 90 }}
                    />
                    →
                    <InputNumber
                      value={item.curve.target}
                      aria-label={t('performance.admin.target')}
                      onChange={(v) => item.curve?.kind === 'linear' && setItem(index, { curve: { ...item.curve, target: v ?? 0 } })}
                      style={{ width: 90 }}
                    />
                  </Space>
                ) : (
                  curveText(item, t)
                ),
            },
            {
              title: t('performance.admin.goalPerMonth'),
              dataIndex: 'goal',
              render: (goal: number | null, item, index) =>
                goal === null ? (
                  '—'
                ) : (
                  <InputNumber min={0} value={goal} onChange={(v) => setItem(index, { goal: v ?? 0 })} style={{ width: 120 }} />
                ),
            },
          ]}
        />
        <div style={{ margin: '8px 0' }}>
          {sum === 100 ? (
            <Typography.Text type="secondary">{t('performance.admin.weightSum', { sum })}</Typography.Text>
          ) : (
            <Alert type="error" showIcon message={t('performance.admin.weightSumBad', { sum })} data-testid="weight-sum-bad" />
          )}
          <div>
            <Typography.Text type="secondary">{t('performance.admin.raterWeights', draft.raterWeights)}</Typography.Text>
          </div>
        </div>
        <Space>
          <Button
            type="primary"
            disabled={sum !== 100 || !draft.name.trim()}
            loading={save.isPending}
            data-testid="template-save"
            onClick={() =>
              save.mutate(
                { id: template?.id ?? null, version: template?.version ?? null, template: draft },
                {
                  onSuccess: () => {
                    void message.success(t('performance.admin.saved'));
                    onDone();
                  },
                  onError: fail,
                },
              )
            }
          >
            {t('performance.admin.save')}
          </Button>
          <Button onClick={onDone}>{t('common.actions.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

function CyclesCard({ templates }: { templates: KpiTemplate[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const cycles = useCycles();
  const action = useCycleAction();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [date, setDate] = useState<Dayjs | null>(null);
  return (
    <Card title={t('performance.admin.cycles')} size="small" data-testid="cycles">
      <ErrorAlert error={cycles.error} onReload={() => void cycles.refetch()} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={templateId}
          onChange={setTemplateId}
          placeholder={t('performance.admin.template')}
          options={templates.filter((tpl) => tpl.active).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
          style={{ width: 220 }}
          data-testid="cycle-template"
        />
        <DatePicker value={date} onChange={setDate} placeholder={t('performance.admin.date')} data-testid="cycle-date" />
        <Button
          type="primary"
          disabled={!templateId || !date}
          loading={action.isPending}
          data-testid="cycle-open"
          onClick={() =>
            action.mutate(
              { kind: 'open', templateId: templateId!, date: date!.format('YYYY-MM-DD') },
              { onSuccess: () => void message.success(t('performance.admin.opened')), onError: fail },
            )
          }
        >
          {t('performance.admin.openCycle')}
        </Button>
      </Space>
      <Table<ReviewCycle>
        rowKey="id"
        size="small"
        loading={cycles.isPending}
        dataSource={cycles.data?.rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('performance.admin.empty') }}
        columns={[
          { title: t('performance.admin.template'), dataIndex: 'templateName' },
          { title: t('performance.admin.cycleKind'), dataIndex: 'kind', render: (k: ReviewCycle['kind']) => t(`performance.kinds.${k}`) },
          { title: t('performance.admin.period'), key: 'period', render: (_: unknown, c) => `${c.periodFrom} ~ ${c.periodTo}` },
          { title: t('performance.admin.reviews'), dataIndex: 'reviews', align: 'right' },
          {
            title: t('performance.list.status'),
            key: 'status',
            render: (_: unknown, c) => (
              <Space direction="vertical" size={2}>
                <Tag color={c.status === 'open' ? 'blue' : 'default'} data-testid={`cycle-status-${c.id}`}>
                  {t(`performance.statuses.${c.status}`)}
                </Tag>
                {c.distributionWarnings.map((w) => (
                  <Typography.Text key={w.team} type="warning">
                    {t('performance.admin.distribution', { team: w.team, a: w.aCount, n: w.reviews, max: w.maxA })}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, c) => (
              <Space wrap>
                <Link to={`/performance/team?cycleId=${c.id}`}>{t('performance.admin.viewReviews')}</Link>
                {c.status === 'open' ? (
                  <>
                    <Button
                      size="small"
                      onClick={() =>
                        action.mutate(
                          { kind: 'compute', id: c.id, version: c.version },
                          { onSuccess: () => void message.success(t('performance.admin.computed')), onError: fail },
                        )
                      }
                    >
                      {t('performance.admin.compute')}
                    </Button>
                    <Popconfirm
                      title={t('performance.admin.closeConfirm')}
                      onConfirm={() =>
                        action.mutate(
                          { kind: 'close', id: c.id, version: c.version },
                          { onSuccess: () => void message.success(t('performance.admin.closed')), onError: fail },
                        )
                      }
                    >
                      <Button size="small" danger data-testid={`cycle-close-${c.id}`}>
                        {t('performance.admin.close')}
                      </Button>
                    </Popconfirm>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** KPI templates and review cycles (ops, admin, the director). */
export default function AdminPage() {
  const { t } = useTranslation();
  const can = useCan();
  const templates = useTemplates();
  const [editing, setEditing] = useState<KpiTemplate | 'new' | null>(null);
  const manage = can('performance.manage');
  return (
    <>
      <PageHeader
        title={t('performance.admin.title')}
        extra={
          manage ? (
            <Button onClick={() => setEditing('new')} data-testid="template-new">
              {t('performance.admin.newTemplate')}
            </Button>
          ) : null
        }
      />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <ErrorAlert error={templates.error} onReload={() => void templates.refetch()} />
        {editing ? (
          <TemplateEditor
            key={editing === 'new' ? 'new' : editing.id}
            template={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        ) : null}
        <Card title={t('performance.admin.templates')} size="small" styles={{ body: { padding: 0 } }}>
          <Table<KpiTemplate>
            rowKey="id"
            size="small"
            loading={templates.isPending}
            dataSource={templates.data?.rows ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('performance.admin.empty') }}
            data-testid="templates"
            columns={[
              { title: t('performance.admin.name'), dataIndex: 'name' },
              { title: t('performance.admin.role'), dataIndex: 'role', render: (role: KpiTemplate['role']) => t(`common.roles.${role}`) },
              {
                title: t('performance.admin.cycleKind'),
                dataIndex: 'cycleKind',
                render: (k: KpiTemplate['cycleKind']) => t(`performance.kinds.${k}`),
              },
              {
                title: t('performance.admin.items'),
                key: 'items',
                // Wraps within the card instead of pushing the table wider than the page (1366 px).
                render: (_: unknown, tpl) => (
                  <div style={{ maxWidth: 560, whiteSpace: 'normal' }}>{tpl.items.map((i) => `${i.name} ${i.weight}%`).join('，')}</div>
                ),
              },
              {
                title: '',
                key: 'edit',
                render: (_: unknown, tpl) =>
                  manage ? (
                    <Button size="small" onClick={() => setEditing(tpl)}>
                      {t('performance.admin.editTemplate')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
        {manage ? <CyclesCard templates={templates.data?.rows ?? []} /> : null}
      </Space>
    </>
  );
}
