import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ExpenseBudget } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../core/api';
import { useCan } from '../../core/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { unitTreeSelectData, useOrgUnits } from '../org';
import { useBudgets, useCreateBudget, useSubmitBudget } from './api';
import { periodLabel, yuanToCents } from './labels';

const STATUS_COLORS: Record<ExpenseBudget['status'], string> = {
  draft: 'default',
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
};

function BudgetCell({ budget }: { budget: ExpenseBudget }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const submit = useSubmitBudget();
  const used = budget.amountCents > 0 ? Math.round(((budget.committedCents + budget.spentCents) / budget.amountCents) * 100) : 0;
  return (
    <div style={{ marginBottom: 8, minWidth: 150 }} data-testid="budget-cell">
      <Flex justify="space-between" gap={6}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {periodLabel(budget.periodKind, budget.periodStart)}
        </Typography.Text>
        <MoneyText cents={budget.amountCents} />
      </Flex>
      {budget.status === 'approved' ? (
        <>
          <Progress
            percent={Math.min(100, used)}
            size="small"
            status={used >= 100 ? 'exception' : used >= 85 ? 'active' : 'normal'}
            strokeColor={used >= 85 ? '#fa8c16' : undefined}
            showInfo={false}
          />
          <Typography.Text type={used >= 85 ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
            {t('expenses.budgets.used', { percent: used })} ·{' '}
            {t('expenses.budgets.remaining', { amount: formatCents(budget.remainingCents) })}
          </Typography.Text>
        </>
      ) : (
        <Flex gap={6} align="center">
          <Tag color={STATUS_COLORS[budget.status]}>{t(`expenses.budgetStatuses.${budget.status}`)}</Tag>
          {budget.abilities.submit ? (
            <Button
              size="small"
              type="link"
              loading={submit.isPending}
              onClick={() => submit.mutate(budget, { onSuccess: () => message.success(t('expenses.budgets.submitted')) })}
            >
              {t('expenses.budgets.submit')}
            </Button>
          ) : null}
        </Flex>
      )}
      {budget.overParentReason ? (
        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }}>
          {budget.overParentReason}
        </Typography.Text>
      ) : null}
    </div>
  );
}

interface BudgetFormValues {
  category: string;
  orgUnitId: string;
  periodKind: ExpenseBudget['periodKind'];
  periodStart: string;
  amount: string;
  basis?: string;
  usagePlan?: string;
  overParentReason?: string;
}

function BudgetDrawer({ open, onClose, categories, year }: { open: boolean; onClose: () => void; categories: string[]; year: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const units = useOrgUnits();
  const create = useCreateBudget();
  const [form] = Form.useForm<BudgetFormValues>();
  const [error, setError] = useState<unknown>(null);
  const [rollUp, setRollUp] = useState<string | null>(null);
  const save = async () => {
    const values = await form.validateFields();
    setError(null);
    try {
      await create.mutateAsync({
        category: values.category,
        orgUnitId: values.orgUnitId,
        periodKind: values.periodKind,
        periodStart: values.periodStart,
        amountCents: yuanToCents(values.amount),
        basis: values.basis || null,
        usagePlan: values.usagePlan || null,
        overParentReason: values.overParentReason?.trim() ? values.overParentReason.trim() : null,
      });
      message.success(t('expenses.budgets.created'));
      form.resetFields();
      setRollUp(null);
      onClose();
    } catch (failure) {
      if (isApiError(failure) && failure.rule === 'EXP-ROLLUP' && failure.data) {
        const data = failure.data as { childrenCents: number; parentCents: number; overByCents: number };
        setRollUp(
          t('expenses.budgets.rollUp', {
            children: formatCents(data.childrenCents),
            parent: formatCents(data.parentCents),
            over: formatCents(data.overByCents),
          }),
        );
      } else setError(failure);
    }
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('expenses.budgets.new')}
      width={isPhone ? '100%' : 480}
      destroyOnHidden
      extra={
        <Button type="primary" loading={create.isPending} onClick={() => void save()}>
          {t('common.actions.save')}
        </Button>
      }
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={{ periodKind: 'year', periodStart: `${year}-01-01` }}>
        <Form.Item name="orgUnitId" label={t('expenses.budgets.unit')} rules={[{ required: true }]}>
          <TreeSelect treeData={unitTreeSelectData(units.data ?? [])} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
        </Form.Item>
        <Form.Item name="category" label={t('expenses.fields.category')} rules={[{ required: true }]}>
          <Select options={categories.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="periodKind" label={t('expenses.fields.periodKind')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={(['month', 'quarter', 'year'] as const).map((k) => ({ value: k, label: t(`expenses.periodKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="periodStart" label={t('expenses.fields.periodStart')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Form.Item name="amount" label={t('expenses.fields.budgetAmount')} rules={[{ required: true }]}>
          <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="basis" label={t('expenses.fields.basis')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="usagePlan" label={t('expenses.fields.usagePlan')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {rollUp ? (
          <>
            <Alert type="warning" showIcon message={rollUp} style={{ marginBottom: 12 }} />
            <Form.Item name="overParentReason" label={t('expenses.fields.overParentReason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Drawer>
  );
}

/** The budgets grid: org unit × category, each cell the unit's budgets for the year with how much is used. */
export default function BudgetsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [year, setYear] = useState(new Date().getFullYear());
  const [drawer, setDrawer] = useState(false);
  const query = useBudgets({ year });
  const categories = query.data?.categories ?? [];
  const rows = useMemo(() => {
    const byUnit = new Map<string, { key: string; unit: string; budgets: ExpenseBudget[] }>();
    for (const budget of query.data?.items ?? []) {
      const row = byUnit.get(budget.orgUnitId) ?? { key: budget.orgUnitId, unit: budget.orgUnitName, budgets: [] };
      row.budgets.push(budget);
      byUnit.set(budget.orgUnitId, row);
    }
    return [...byUnit.values()];
  }, [query.data]);
  const years = [year - 1, year, year + 1];
  return (
    <>
      <PageHeader
        title={t('expenses.budgets.title')}
        subtitle={t('expenses.budgets.subtitle')}
        extra={
          <>
            <Select
              value={year}
              onChange={setYear}
              options={years.map((y) => ({ value: y, label: String(y) }))}
              aria-label={t('expenses.budgets.year')}
            />
            {can('expenses.budget') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer(true)}>
                {t('expenses.budgets.new')}
              </Button>
            ) : null}
          </>
        }
      />
      {query.error ? <ErrorAlert error={query.error} onReload={() => void query.refetch()} /> : null}
      <Table
        rowKey="key"
        size="small"
        loading={query.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('expenses.budgets.empty')} /> }}
        columns={[
          { title: t('expenses.budgets.unit'), dataIndex: 'unit', fixed: 'left', width: 120 },
          ...categories.map((category) => ({
            title: category,
            key: category,
            render: (_: unknown, row: (typeof rows)[number]) =>
              row.budgets.filter((b) => b.category === category).map((budget) => <BudgetCell key={budget.id} budget={budget} />),
          })),
        ]}
      />
      <BudgetDrawer open={drawer} onClose={() => setDrawer(false)} categories={categories} year={year} />
    </>
  );
}
