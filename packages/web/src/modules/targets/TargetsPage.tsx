import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, App, Button, Card, Dropdown, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Typography } from 'antd';
import { CopyOutlined, HistoryOutlined, SaveOutlined, SplitCellsOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  decompositionMismatches,
  MONTHS,
  spreadByWeights,
  spreadEvenly,
  TARGET_METRICS,
  type TargetGrid,
  type TargetMetric,
} from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { useSaveTargets, useTargetGrid } from './api';
import { formatMetric, isMoney } from './format';

type Values = Record<string, number[]>;
const zeros = () => new Array<number>(MONTHS).fill(0);
const total = (months: readonly number[] | undefined) => (months ?? []).reduce((a, b) => a + b, 0);
/** Columns of the grid that take input: 0–11 the months, 12 the year. */
const YEAR_COLUMN = 12;

/** One spreadsheet cell: shows units (yuan for money), keeps whole cents; Enter and arrows move like a spreadsheet. */
function Cell(props: {
  value: number;
  money: boolean;
  row: number;
  col: number;
  disabled: boolean;
  invalid: boolean;
  onCommit: (value: number) => void;
  onMove: (row: number, col: number) => void;
}) {
  const show = (v: number) => (props.money ? (v / 100).toFixed(2).replace(/\.00$/, '') : String(v));
  const [text, setText] = useState(show(props.value));
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setText(show(props.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `show` only depends on props.money
  }, [props.value, props.money]);
  const commit = () => {
    editing.current = false;
    const parsed = Number(text.replace(/[,\s¥]/g, ''));
    if (!Number.isFinite(parsed) || parsed < 0) {
      setText(show(props.value));
      return;
    }
    const units = props.money ? Math.round(parsed * 100) : Math.round(parsed);
    if (units !== props.value) props.onCommit(units);
    else setText(show(props.value));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, [number, number]> = {
      Enter: [1, 0],
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    commit();
    props.onMove(props.row + move[0], props.col + move[1]);
  };
  return (
    <input
      className="xg-target-cell"
      data-cell={`${props.row}:${props.col}`}
      value={text}
      disabled={props.disabled}
      inputMode="decimal"
      onFocus={(event) => {
        editing.current = true;
        event.target.select();
      }}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
      style={{
        width: props.col === YEAR_COLUMN ? 120 : 100,
        textAlign: 'right',
        border: `1px solid ${props.invalid ? '#ff4d4f' : '#d9d9d9'}`,
        borderRadius: 4,
        padding: '2px 6px',
        fontVariantNumeric: 'tabular-nums',
        background: props.disabled ? '#fafafa' : '#fff',
        fontWeight: props.col === YEAR_COLUMN ? 600 : 400,
      }}
    />
  );
}

/** The decomposition grid (M4): org rows × months, quarter and year totals, R-TGT-1 differences on the parents. */
export default function TargetsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [metric, setMetric] = useState<TargetMetric>('bookings');
  // A product line's own bookings plan (issue 18 item 1); undefined: all product lines.
  const [productLineId, setProductLineId] = useState<string | undefined>(undefined);
  const grid = useTargetGrid(year, metric, metric === 'bookings' ? productLineId : undefined);
  const save = useSaveTargets();
  const [values, setValues] = useState<Values>({});
  const [levels, setLevels] = useState({ stretchPct: 110, challengePct: 120 });
  const [confirming, setConfirming] = useState(false);
  const [form] = Form.useForm<{ reasons: Record<string, string>; note?: string }>();
  const tableRef = useRef<HTMLDivElement>(null);

  const data: TargetGrid | undefined = grid.data;
  useEffect(() => {
    if (!data) return;
    setValues(Object.fromEntries(data.nodes.map((node) => [node.id, data.values[node.id] ?? zeros()])));
    setLevels({ stretchPct: data.stretchPct, challengePct: data.challengePct });
  }, [data]);

  const nodes = useMemo(() => data?.nodes ?? [], [data]);
  const mismatches = useMemo(() => decompositionMismatches(nodes, values), [nodes, values]);
  const mismatchOf = useMemo(() => new Map(mismatches.map((m) => [m.nodeId, m])), [mismatches]);
  const money = isMoney(metric);
  const canEdit = data?.canEdit ?? false;

  const setRow = (nodeId: string, months: number[]) => setValues((current) => ({ ...current, [nodeId]: months }));
  const move = (row: number, col: number) => {
    const target = tableRef.current?.querySelector<HTMLInputElement>(`[data-cell="${row}:${col}"]`);
    target?.focus();
  };
  const rootLastYear = data ? (data.lastYear[nodes.find((n) => n.parentId === null)?.id ?? ''] ?? zeros()) : zeros();
  const applyAll = (make: (nodeId: string, months: number[]) => number[]) =>
    setValues((current) => Object.fromEntries(nodes.map((node) => [node.id, make(node.id, current[node.id] ?? zeros())])));

  const submit = async (confirmations: { nodeId: string; reason: string }[], note?: string) => {
    if (!data) return;
    try {
      const saved = await save.mutateAsync({
        year,
        metric,
        productLineId: data.productLineId,
        baseVersion: data.version,
        values,
        confirmations,
        note: note || null,
        ...levels,
      });
      setConfirming(false);
      form.resetFields();
      message.success(t('targets.grid.saved', { version: saved.version }));
    } catch {
      // Shown by the ErrorAlert below (409: reload).
    }
  };
  const onSave = () => {
    if (mismatches.length) {
      form.setFieldsValue({ reasons: Object.fromEntries((data?.confirmations ?? []).map((c) => [c.nodeId, c.reason])) });
      setConfirming(true);
    } else void submit([]);
  };

  const nameOf = (id: string) => nodes.find((node) => node.id === id)?.name ?? id;
  const header = (label: string, width: number) => (
    <th
      key={label}
      style={{ padding: '6px 4px', width, textAlign: 'right', whiteSpace: 'nowrap', background: '#f5f7fa', position: 'sticky', top: 0 }}
    >
      {label}
    </th>
  );

  return (
    <>
      <PageHeader
        title={t('targets.grid.title')}
        subtitle={data ? (data.version ? t('targets.grid.version', { version: data.version }) : t('targets.grid.noVersion')) : undefined}
        extra={
          <>
            <Select
              value={year}
              onChange={setYear}
              data-testid="targets-year"
              options={[-1, 0, 1].map((offset) => {
                const value = new Date().getFullYear() + offset;
                return { value, label: String(value) };
              })}
            />
            <Segmented<TargetMetric>
              value={metric}
              onChange={setMetric}
              options={TARGET_METRICS.map((value) => ({ value, label: t(`targets.metrics.${value}`) }))}
              data-testid="targets-metric"
            />
            {metric === 'bookings' && data?.productLines.length ? (
              <Select<string>
                value={productLineId ?? ''}
                onChange={(value) => setProductLineId(value || undefined)}
                data-testid="targets-product-line"
                aria-label={t('targets.grid.productLine')}
                popupMatchSelectWidth={false}
                style={{ minWidth: 140 }}
                options={[
                  { value: '', label: t('targets.grid.allProductLines') },
                  ...data.productLines.map((line) => ({ value: line.id, label: line.name })),
                ]}
              />
            ) : null}
            {data?.versions.length ? (
              <Dropdown
                menu={{
                  items: data.versions.map((v) => ({
                    key: String(v.version),
                    label: `${t('targets.grid.versionLine', { version: v.version, name: v.changedByName ?? '—', at: formatDateTime(v.changedAt, timeZone) })}${v.note ? ` · ${v.note}` : ''}`,
                  })),
                }}
              >
                <Button icon={<HistoryOutlined />} data-testid="targets-versions">
                  {t('targets.grid.versions')}
                </Button>
              </Dropdown>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={grid.error ?? save.error} onReload={() => void grid.refetch()} />
      {!canEdit && data ? <Alert type="info" showIcon message={t('targets.grid.readOnly')} style={{ marginBottom: 12 }} /> : null}
      {canEdit ? (
        <Flex wrap gap={8} style={{ marginBottom: 12 }} align="center">
          <Button
            icon={<CopyOutlined />}
            onClick={() => applyAll((id) => [...(data?.lastYear[id] ?? zeros())])}
            data-testid="targets-copy-last-year"
          >
            {t('targets.grid.copyLastYear')}
          </Button>
          <Button
            icon={<SplitCellsOutlined />}
            onClick={() => applyAll((_, months) => spreadEvenly(total(months)))}
            data-testid="targets-spread-even"
          >
            {t('targets.grid.spreadEvenly')}
          </Button>
          <Button
            icon={<SplitCellsOutlined />}
            onClick={() =>
              applyAll((id, months) => {
                const own = data?.lastYear[id];
                return spreadByWeights(total(months), own && total(own) > 0 ? own : rootLastYear);
              })
            }
            data-testid="targets-spread-seasonal"
          >
            {t('targets.grid.spreadSeasonal')}
          </Button>
          {/* Two separate fields that wrap: side by side they overflowed a 390 px phone. */}
          <Flex wrap gap={8}>
            <InputNumber
              min={100}
              max={1000}
              value={levels.stretchPct}
              onChange={(value) => setLevels((l) => ({ ...l, stretchPct: value ?? 110 }))}
              addonBefore={t('targets.grid.stretchPct')}
              style={{ width: 190 }}
            />
            <InputNumber
              min={100}
              max={1000}
              value={levels.challengePct}
              onChange={(value) => setLevels((l) => ({ ...l, challengePct: value ?? 120 }))}
              addonBefore={t('targets.grid.challengePct')}
              style={{ width: 190 }}
            />
          </Flex>
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={onSave} data-testid="targets-save">
            {t('targets.grid.save')}
          </Button>
        </Flex>
      ) : null}
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {money ? t('targets.grid.unitsHint') : t('targets.grid.countHint')}
        {canEdit ? ` · ${t('targets.grid.keyboardHint')}` : ''}
      </Typography.Text>
      <Card styles={{ body: { padding: 0 } }} loading={grid.isPending}>
        <div ref={tableRef} style={{ overflow: 'auto', maxHeight: '70vh' }} data-testid="targets-grid">
          <table style={{ borderCollapse: 'collapse', fontSize: 13, minWidth: '100%' }}>
            <thead>
              <tr>
                <th
                  style={{
                    padding: '6px 8px',
                    textAlign: 'left',
                    background: '#f5f7fa',
                    position: 'sticky',
                    left: 0,
                    top: 0,
                    zIndex: 2,
                    minWidth: 150,
                  }}
                >
                  {t('targets.grid.unit')}
                </th>
                {Array.from({ length: MONTHS }, (_, m) => header(t('targets.grid.month', { n: m + 1 }), 108))}
                {[1, 2, 3, 4].map((n) => header(t('targets.grid.quarter', { n }), 100))}
                {header(t('targets.grid.yearTotal'), 120)}
                {header(t('targets.grid.difference'), 110)}
              </tr>
            </thead>
            <tbody>
              {nodes.map((node, row) => {
                const months = values[node.id] ?? zeros();
                const mismatch = mismatchOf.get(node.id);
                return (
                  <tr
                    key={node.id}
                    data-testid={`targets-row-${node.id}`}
                    style={{ borderTop: '1px solid #f0f0f0', background: mismatch ? '#fff2f0' : undefined }}
                  >
                    <td
                      style={{
                        padding: '4px 8px',
                        paddingInlineStart: 8 + node.depth * 16,
                        position: 'sticky',
                        left: 0,
                        background: mismatch ? '#fff2f0' : '#fff',
                        fontWeight: node.kind === 'unit' ? 600 : 400,
                        whiteSpace: 'nowrap',
                        zIndex: 1,
                      }}
                    >
                      {node.name}
                    </td>
                    {months.map((value, m) => (
                      <td key={m} style={{ padding: 2 }}>
                        <Cell
                          value={value}
                          money={money}
                          row={row}
                          col={m}
                          disabled={!canEdit}
                          invalid={Boolean(mismatch && mismatch.months[m] !== 0)}
                          onCommit={(next) =>
                            setRow(
                              node.id,
                              months.map((v, i) => (i === m ? next : v)),
                            )
                          }
                          onMove={move}
                        />
                      </td>
                    ))}
                    {[0, 1, 2, 3].map((q) => (
                      <td key={`q${q}`} style={{ padding: '2px 6px', textAlign: 'right', color: '#595959', whiteSpace: 'nowrap' }}>
                        {formatMetric(metric, total(months.slice(q * 3, q * 3 + 3)))}
                      </td>
                    ))}
                    <td style={{ padding: 2 }}>
                      <Cell
                        value={total(months)}
                        money={money}
                        row={row}
                        col={YEAR_COLUMN}
                        disabled={!canEdit}
                        invalid={Boolean(mismatch)}
                        onCommit={(next) => setRow(node.id, spreadEvenly(next))}
                        onMove={move}
                      />
                    </td>
                    <td
                      style={{ padding: '2px 6px', textAlign: 'right', color: mismatch ? '#cf1322' : '#bfbfbf', whiteSpace: 'nowrap' }}
                      data-testid={mismatch ? 'targets-difference' : undefined}
                    >
                      {mismatch ? formatMetric(metric, mismatch.yearDifference) : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
      <Modal
        open={confirming}
        title={t('targets.grid.mismatchTitle')}
        okText={t('targets.grid.confirmSave')}
        okButtonProps={{ loading: save.isPending, 'data-testid': 'targets-confirm-save' }}
        onCancel={() => setConfirming(false)}
        onOk={() =>
          void form.validateFields().then((fields) =>
            submit(
              mismatches.map((m) => ({ nodeId: m.nodeId, reason: fields.reasons[m.nodeId]!.trim() })),
              fields.note,
            ),
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('targets.grid.mismatchHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          {mismatches.map((m) => (
            <Form.Item
              key={m.nodeId}
              name={['reasons', m.nodeId]}
              label={t('targets.grid.mismatchRow', { name: nameOf(m.nodeId), difference: formatMetric(metric, m.yearDifference) })}
              rules={[{ required: true, whitespace: true, message: t('targets.grid.reasonRequired') }]}
            >
              <Input placeholder={t('targets.grid.reason')} maxLength={500} data-testid={`targets-reason-${m.nodeId}`} />
            </Form.Item>
          ))}
          <Form.Item name="note" label={t('targets.grid.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
