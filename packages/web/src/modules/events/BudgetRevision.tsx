import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Select, Tag, Timeline, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EVENT_COST_CATEGORIES, type BudgetVersion, type EventBudget, type EventCostCategory } from '@xiaoguan/shared';
import { formatCents } from '../../components/MoneyText';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { useReviseBudget } from './api-ops';

interface RevisionLine {
  id?: string;
  category: EventCostCategory;
  description?: string | null;
  amount: number;
}

const STATUS_COLORS: Record<BudgetVersion['status'], string> = {
  pending: 'blue',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

/** The revision form: the approved lines to change, remove or add to, and the reason (issue 17 item 2). */
function RevisionModal({ budget, open, onClose }: { budget: EventBudget; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const revise = useReviseBudget(budget.eventId);
  const [form] = Form.useForm<{ reason: string; lines: RevisionLine[] }>();
  const category = (c: EventCostCategory) => t(`events.ops.categories.${c}`);
  const submit = async () => {
    const values = await form.validateFields();
    revise.mutate(
      {
        version: budget.version!,
        reason: values.reason,
        lines: values.lines.map((l) => ({
          ...(l.id ? { id: l.id } : {}),
          category: l.category,
          description: l.description || null,
          amountCents: Math.round(l.amount * 100),
        })),
      },
      {
        onSuccess: () => {
          message.success(t('events.ops.budget.revisionSent'));
          onClose();
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t('events.ops.budget.reviseTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('events.ops.budget.reviseSubmit')}
      okButtonProps={{ loading: revise.isPending, 'data-testid': 'budget-revise-submit' } as ButtonProps}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('events.ops.budget.reviseHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          lines: budget.lines.map((l) => ({ id: l.id, category: l.category, description: l.description, amount: l.amountCents / 100 })),
        }}
      >
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap align="start">
                  <Form.Item name={[field.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'category']} rules={[{ required: true }]} style={{ minWidth: 170 }}>
                    <Select
                      options={EVENT_COST_CATEGORIES.map((c) => ({ value: c, label: category(c) }))}
                      aria-label={t('events.ops.budget.category')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} style={{ flex: 1, minWidth: 140 }}>
                    <Input placeholder={t('events.ops.budget.description')} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} rules={[{ required: true }]}>
                    <InputNumber
                      min={0}
                      precision={2}
                      prefix="¥"
                      placeholder={t('events.ops.budget.amount')}
                      style={{ width: 150 }}
                      data-testid="budget-revise-amount"
                    />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} aria-label="delete" />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ category: 'other', amount: 0 })} style={{ marginBottom: 12 }}>
                {t('events.ops.budget.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="reason" label={t('events.ops.budget.reviseReason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="budget-revise-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One version in the history: kind and number, status, who asked and when, who decided, and what it changed. */
function VersionItem({ version }: { version: BudgetVersion }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const category = (c: EventCostCategory) => t(`events.ops.categories.${c}`);
  const money = (cents: number | null) => (cents === null ? '' : formatCents(cents));
  return (
    <Flex vertical gap={2}>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>
          {t('events.ops.budget.version', { number: version.number })} · {t(`events.ops.budget.kinds.${version.kind}`)}
        </Typography.Text>
        <Tag color={STATUS_COLORS[version.status]}>{t(`events.ops.budget.versionStatuses.${version.status}`)}</Tag>
        <Typography.Text>
          {version.previousTotalCents === null
            ? money(version.totalCents)
            : `${money(version.previousTotalCents)} → ${money(version.totalCents)}`}
        </Typography.Text>
        {version.approvalRequestId ? (
          <Link to={`/approvals/${version.approvalRequestId}`}>{t('events.ops.budget.viewApproval')}</Link>
        ) : null}
      </Flex>
      {version.reason ? <Typography.Text type="secondary">{version.reason}</Typography.Text> : null}
      <Typography.Text type="secondary">
        {t('events.ops.budget.requestedBy', { name: version.requestedByName ?? '—', at: formatDateTime(version.requestedAt, timeZone) })}
        {version.decidedAt
          ? ` · ${
              version.decidedByName
                ? t('events.ops.budget.decidedBy', { name: version.decidedByName, at: formatDateTime(version.decidedAt, timeZone) })
                : t('events.ops.budget.decidedAt', { at: formatDateTime(version.decidedAt, timeZone) })
            }`
          : ''}
      </Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {version.changes.map((c, index) => (
          <li key={index}>
            {t(`events.ops.budget.changes.${c.change}`, {
              category: `${category(c.category)}${c.description ? ` · ${c.description}` : ''}`,
              from: money(c.fromCents),
              to: money(c.toCents),
            })}
          </li>
        ))}
      </ul>
    </Flex>
  );
}

/** Revising an approved budget and the history of its versions, on the budget tab. */
export function BudgetRevisionCard({ budget }: { budget: EventBudget }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const pending = budget.pendingRevision;
  if (!budget.versions.length && !budget.abilities.revise) return null;
  return (
    <Card
      size="small"
      title={t('events.ops.budget.history')}
      extra={
        budget.abilities.revise ? (
          <Button onClick={() => setOpen(true)} data-testid="budget-revise">
            {t('events.ops.budget.revise')}
          </Button>
        ) : null
      }
      data-testid="budget-history"
    >
      {pending ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('events.ops.budget.revisionPending', {
            number: pending.number,
            previous: formatCents(pending.previousTotalCents ?? 0),
            amount: formatCents(pending.totalCents),
            reason: pending.reason ?? '',
          })}
          data-testid="budget-revision-pending"
        />
      ) : null}
      <Timeline
        items={budget.versions.map((v) => ({ key: v.id, color: STATUS_COLORS[v.status], children: <VersionItem version={v} /> }))}
      />
      {open ? <RevisionModal budget={budget} open={open} onClose={() => setOpen(false)} /> : null}
    </Card>
  );
}
