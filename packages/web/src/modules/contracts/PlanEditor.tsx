import { useState } from 'react';
import { Alert, App, Button, DatePicker, Flex, Input, InputNumber, Popover, Segmented, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ScissorOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { splitAmount, type Contract, type PlanInstallment } from '@xiaoguan/shared';
import { dayjs } from '../../core/time';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCents, MoneyText } from '../../components/MoneyText';
import { centsToYuan, yuanToCents } from '../customers';
import { useSavePlan } from './api';

interface Row {
  key: number;
  dueOn: Dayjs | null;
  amount: string | null;
  note: string;
}

let nextKey = 1;
const row = (dueOn: Dayjs | null, cents: number | null, note = ''): Row => ({
  key: nextKey++,
  dueOn,
  amount: cents === null ? null : (centsToYuan(cents) ?? null),
  note,
});

/** Split evenly in N or by percentages (the parts always add up to the amount, to the cent). */
function SplitHelper({ amountCents, onSplit }: { amountCents: number; onSplit: (parts: number[]) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'even' | 'percent'>('even');
  const [count, setCount] = useState<number | null>(3);
  const [percents, setPercents] = useState('30/60/10');
  const weights =
    mode === 'even'
      ? Array(Math.max(1, Math.min(count ?? 1, 60))).fill(1)
      : percents
          .split(/[/,，、\s]+/)
          .map(Number)
          .filter((n) => Number.isFinite(n) && n > 0);
  const percentSum = weights.reduce((a: number, b: number) => a + b, 0);
  const invalid = mode === 'percent' && (weights.length === 0 || percentSum !== 100);
  return (
    <div style={{ width: 260 }} data-testid="plan-split">
      <Segmented
        block
        size="small"
        value={mode}
        onChange={(value) => setMode(value as 'even' | 'percent')}
        options={[
          { value: 'even', label: t('contracts.plan.splitEven') },
          { value: 'percent', label: t('contracts.plan.splitPercent') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {mode === 'even' ? (
        <InputNumber
          min={1}
          max={60}
          value={count}
          onChange={setCount}
          suffix={t('contracts.plan.parts')}
          style={{ width: '100%' }}
          data-testid="plan-split-count"
        />
      ) : (
        <Input
          value={percents}
          onChange={(event) => setPercents(event.target.value)}
          suffix="%"
          placeholder="30/60/10"
          data-testid="plan-split-percents"
          status={invalid ? 'error' : undefined}
        />
      )}
      {invalid ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('contracts.plan.percentSum', { sum: percentSum })}
        </Typography.Text>
      ) : null}
      <Button
        type="primary"
        block
        size="small"
        style={{ marginTop: 8 }}
        disabled={invalid}
        onClick={() => onSplit(splitAmount(amountCents, weights))}
        data-testid="plan-split-apply"
      >
        {t('contracts.plan.splitApply')}
      </Button>
    </div>
  );
}

/**
 * The payment plan (回款计划). While a draft and writable: rows of due date, amount and note, a split
 * helper, a running difference against the amount (CON-PLAN — the server checks the same); else read-only.
 */
export function PlanEditor({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSavePlan();
  const editable = contract.abilities.editPlan === true;
  const [rows, setRows] = useState<Row[]>(() =>
    contract.installments.length
      ? contract.installments.map((i) => row(dayjs(i.dueOn), i.amountCents, i.note ?? ''))
      : [row(contract.startsOn ? dayjs(contract.startsOn) : dayjs(), contract.amountCents)],
  );
  const [error, setError] = useState<unknown>(null);
  const [splitOpen, setSplitOpen] = useState(false);

  if (!editable) {
    const columns: ColumnsType<PlanInstallment> = [
      { title: t('contracts.plan.seq'), key: 'seq', width: 70, render: (_, i) => `#${i.seq}` },
      { title: t('contracts.plan.dueOn'), dataIndex: 'dueOn', key: 'dueOn' },
      { title: t('contracts.plan.amount'), key: 'amount', align: 'right', render: (_, i) => <MoneyText cents={i.amountCents} /> },
      { title: t('contracts.plan.received'), key: 'received', align: 'right', render: (_, i) => <MoneyText cents={i.receivedCents} /> },
      {
        title: t('contracts.plan.state'),
        key: 'state',
        render: (_, i) =>
          i.settledOn ? (
            <Tag color="success">{t('contracts.plan.settled', { date: i.settledOn })}</Tag>
          ) : (
            <Tag>{t('contracts.plan.open')}</Tag>
          ),
      },
      { title: t('contracts.plan.note'), dataIndex: 'note', key: 'note', render: (note: string | null) => note ?? '—' },
    ];
    return contract.installments.length ? (
      <DataTable<PlanInstallment> testId="plan-table" rowKey={(i) => i.id} data={contract.installments} columns={columns} />
    ) : (
      <Alert type="info" showIcon title={t('contracts.plan.none')} />
    );
  }

  const cents = rows.map((r) => yuanToCents(r.amount));
  const planCents = cents.reduce<number>((sum, value) => sum + (value && !Number.isNaN(value) ? value : 0), 0);
  const difference = contract.amountCents - planCents;
  const set = (key: number, patch: Partial<Row>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const split = (parts: number[]) => {
    const start = rows[0]?.dueOn ?? (contract.startsOn ? dayjs(contract.startsOn) : dayjs());
    setRows(parts.map((part, index) => row(rows[index]?.dueOn ?? start.add(index, 'month'), part, rows[index]?.note ?? '')));
  };
  const submit = () => {
    setError(null);
    const installments = rows.map((r, index) => ({
      dueOn: r.dueOn?.format('YYYY-MM-DD') ?? '',
      amountCents: cents[index] ?? 0,
      note: r.note.trim() || null,
    }));
    // mutateAsync, not mutate's callbacks: the saved contract's new version remounts this editor, and
    // callbacks of an unmounted mutation observer never run (the "saved" message was lost).
    save
      .mutateAsync({ id: contract.id, body: { version: contract.version, installments } })
      .then(() => void message.success(t('contracts.plan.saved')), setError);
  };
  const columns: ColumnsType<Row> = [
    { title: t('contracts.plan.seq'), key: 'seq', width: 56, render: (_, _r, index) => `#${index + 1}` },
    {
      title: t('contracts.plan.dueOn'),
      key: 'dueOn',
      render: (_, r, index) => (
        <DatePicker
          value={r.dueOn}
          onChange={(dueOn) => set(r.key, { dueOn })}
          allowClear={false}
          status={r.dueOn ? undefined : 'error'}
          style={{ width: 140 }}
          data-testid={`plan-due-${index}`}
        />
      ),
    },
    {
      title: t('contracts.plan.amount'),
      key: 'amount',
      render: (_, r, index) => (
        <InputNumber<string>
          stringMode
          min="0.01"
          precision={2}
          value={r.amount}
          onChange={(amount) => set(r.key, { amount })}
          style={{ width: 160 }}
          status={cents[index] && cents[index]! > 0 ? undefined : 'error'}
          data-testid={`plan-amount-${index}`}
        />
      ),
    },
    {
      title: t('contracts.plan.note'),
      key: 'note',
      render: (_, r, index) => (
        <Input
          value={r.note}
          maxLength={200}
          onChange={(event) => set(r.key, { note: event.target.value })}
          style={{ minWidth: 140 }}
          data-testid={`plan-note-${index}`}
        />
      ),
    },
    {
      key: 'remove',
      width: 48,
      render: (_, r) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          disabled={rows.length === 1}
          onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))}
          aria-label={t('common.actions.delete')}
        />
      ),
    },
  ];
  return (
    <div data-testid="plan-editor">
      <ErrorAlert error={error} />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Button
            icon={<PlusOutlined />}
            onClick={() =>
              setRows((list) => [...list, row((list.at(-1)?.dueOn ?? dayjs()).add(1, 'month'), Math.max(difference, 0) || null)])
            }
            data-testid="plan-add"
          >
            {t('contracts.plan.add')}
          </Button>
          <Popover
            trigger="click"
            placement="bottomLeft"
            open={splitOpen}
            onOpenChange={setSplitOpen}
            content={
              <SplitHelper
                amountCents={contract.amountCents}
                onSplit={(parts) => {
                  split(parts);
                  // Closed once applied: it would cover the rows it just filled.
                  setSplitOpen(false);
                }}
              />
            }
          >
            <Button icon={<ScissorOutlined />} data-testid="plan-split-open">
              {t('contracts.plan.split')}
            </Button>
          </Popover>
        </Space>
        <Button
          type="primary"
          loading={save.isPending}
          disabled={difference !== 0 || rows.some((r, i) => !r.dueOn || !cents[i] || cents[i]! <= 0)}
          onClick={submit}
          data-testid="plan-save"
        >
          {t('contracts.plan.save')}
        </Button>
      </Flex>
      <Table<Row> size="small" rowKey="key" dataSource={rows} columns={columns} pagination={false} scroll={{ x: 'max-content' }} />
      <Flex justify="flex-end" gap={16} wrap style={{ marginTop: 12 }} data-testid="plan-sum">
        <span>
          {t('contracts.plan.total')}：<MoneyText cents={planCents} />
        </span>
        <span>
          {t('contracts.fields.amount')}：<MoneyText cents={contract.amountCents} />
        </span>
        {difference === 0 ? (
          <Tag color="success" style={{ marginInlineEnd: 0 }}>
            {t('contracts.plan.matches')}
          </Tag>
        ) : (
          <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="plan-difference">
            {difference > 0
              ? t('contracts.plan.short', { amount: formatCents(difference) })
              : t('contracts.plan.over', { amount: formatCents(-difference) })}
          </Tag>
        )}
      </Flex>
    </div>
  );
}
