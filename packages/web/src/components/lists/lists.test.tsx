import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Table } from 'antd';
import { renderInApp } from '../../test/render';
import { ApiRequestError } from '../../core/api';
import { ColumnChooser } from './ColumnChooser';
import { BulkBar, useRowSelection, type BulkSelection } from './BulkBar';
import { InlineSelect } from './InlineEdit';

const OPTIONS = [
  { key: 'name', title: '客户名称' },
  { key: 'tier', title: '客户等级' },
  { key: 'status', title: '生命周期' },
];

function Chooser({ onChange }: { onChange: (keys: string[]) => void }) {
  const [visible, setVisible] = useState(['name', 'status']);
  return (
    <>
      <ColumnChooser
        options={OPTIONS}
        visible={visible}
        onChange={(keys) => {
          setVisible(keys);
          onChange(keys);
        }}
        onReset={() => setVisible(['name', 'status'])}
      />
      <output data-testid="shown">{visible.join(',')}</output>
    </>
  );
}

describe('ColumnChooser: which columns a list shows', () => {
  it('adds a column in the list’s own order, removes one, and never leaves the list without columns', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderInApp(<Chooser onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: /列设置/ }));
    await user.click(await screen.findByRole('checkbox', { name: '客户等级' }));
    expect(screen.getByTestId('shown')).toHaveTextContent('name,tier,status');
    await user.click(screen.getByRole('checkbox', { name: '客户名称' }));
    await user.click(screen.getByRole('checkbox', { name: '生命周期' }));
    expect(screen.getByTestId('shown')).toHaveTextContent(/^tier$/);
    // The last column cannot be hidden.
    expect(screen.getByRole('checkbox', { name: '客户等级' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: '恢复默认列' }));
    expect(screen.getByTestId('shown')).toHaveTextContent('name,status');
  });
});

interface Row {
  id: string;
  name: string;
}
const ROWS: Row[] = [
  { id: 'a', name: '甲公司' },
  { id: 'b', name: '乙公司' },
];

function SelectableList({
  run,
}: {
  run: (
    action: string,
    values: Record<string, unknown>,
    selection: BulkSelection,
  ) => Promise<never> | Promise<{ action: string; changed: number; unchanged: number }>;
}) {
  const selection = useRowSelection<Row>('filters');
  return (
    <>
      <BulkBar selection={selection} total={57} pageRows={ROWS.length} actions={[{ key: 'setTier', label: '设置等级' }]} run={run} />
      <Table<Row>
        rowKey="id"
        dataSource={ROWS}
        columns={[{ key: 'name', dataIndex: 'name', title: '名称' }]}
        rowSelection={selection.rowSelection}
        pagination={false}
      />
    </>
  );
}

describe('BulkBar: row selection and "select all N matching"', () => {
  it('counts ticked rows, offers all matching rows once the page is ticked, and confirms naming the count', async () => {
    const user = userEvent.setup();
    const run = vi.fn().mockResolvedValue({ action: 'setTier', changed: 57, unchanged: 0 });
    renderInApp(<SelectableList run={run} />);
    expect(screen.queryByTestId('bulk')).not.toBeInTheDocument();
    const boxes = screen.getAllByRole('checkbox');
    await user.click(boxes[1]!);
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('已选 1 条');
    expect(screen.queryByTestId('bulk-all-matching')).not.toBeInTheDocument();
    // The header checkbox ticks the page; then the rest of the 57 matching rows can be chosen.
    await user.click(boxes[0]!);
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('已选 2 条');
    await user.click(screen.getByRole('button', { name: '选择全部 57 条符合条件的记录' }));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('已选择全部 57 条符合条件的记录');
    await user.click(screen.getByRole('button', { name: /批量操作/ }));
    await user.click(await screen.findByText('设置等级'));
    expect(await screen.findByTestId('bulk-confirm-text')).toHaveTextContent('将对 57 条记录执行“设置等级”');
    await user.click(screen.getByTestId('bulk-confirm'));
    await waitFor(() => expect(run).toHaveBeenCalledWith('setTier', {}, { matching: true }));
    await waitFor(() => expect(screen.queryByTestId('bulk')).not.toBeInTheDocument());
  });

  it('a refused batch says how many rows were out of scope and that nothing changed', async () => {
    const user = userEvent.setup();
    const run = vi
      .fn()
      .mockRejectedValue(
        new ApiRequestError(403, { code: 'forbidden', message: 'refused', field: 'body.selection', data: { refusedIds: ['b'] } }),
      );
    renderInApp(<SelectableList run={run} />);
    await user.click(screen.getAllByRole('checkbox')[0]!);
    await user.click(screen.getByRole('button', { name: /批量操作/ }));
    await user.click(await screen.findByText('设置等级'));
    await user.click(await screen.findByTestId('bulk-confirm'));
    expect(await screen.findByTestId('bulk-failure')).toHaveTextContent('1 条记录不在您可修改的范围内，本次未做任何修改。');
    expect(run).toHaveBeenCalledWith('setTier', {}, { ids: ['a', 'b'] });
  });
});

describe('InlineSelect: a field edited in place', () => {
  it('a stale version asks "changed by 张三 at 14:02, reload?" and reloads on request', async () => {
    const user = userEvent.setup();
    const onReload = vi.fn();
    const onSave = vi.fn().mockRejectedValue(
      new ApiRequestError(409, {
        code: 'conflict',
        message: 'changed',
        data: { changedBy: '张三', changedAt: '2026-03-02T06:02:00.000Z' },
      }),
    );
    renderInApp(
      <InlineSelect
        value="B"
        options={[
          { value: 'A', label: 'A 类' },
          { value: 'B', label: 'B 类' },
        ]}
        field="客户等级"
        editable
        onSave={onSave}
        onReload={onReload}
        testId="inline-tier"
      >
        <span>B 类</span>
      </InlineSelect>,
    );
    await user.click(screen.getByRole('button', { name: '修改客户等级' }));
    const select = await screen.findByTestId('inline-tier-select');
    await user.click(within(document.body).getByTitle('A 类'));
    expect(onSave).toHaveBeenCalledWith('A');
    expect(select).toBeTruthy();
    // Shanghai time: 06:02Z is 14:02.
    expect((await screen.findAllByText('张三 已于 2026-03-02 14:02 修改了这条记录，是否重新加载？')).length).toBeGreaterThan(0);
    await user.click(screen.getByTestId('inline-tier-reload'));
    expect(onReload).toHaveBeenCalled();
  });

  it('shows the value alone when the caller may not change it', () => {
    renderInApp(
      <InlineSelect value="B" options={[]} field="客户等级" editable={false} onSave={vi.fn()} onReload={vi.fn()} testId="inline-tier">
        <span>B 类</span>
      </InlineSelect>,
    );
    expect(screen.getByText('B 类')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
