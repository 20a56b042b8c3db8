import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Table } from 'antd';
import type { BulkJob, BulkJobStarted, BulkResult } from '@xiaoguan/shared';
import { renderInApp } from '../../test/render';
import { BulkBar, useRowSelection, type BulkAction } from './BulkBar';

/** Issue 16: "export selected" on a list, and a bulk action that runs as a background job with progress. */
interface Row {
  id: string;
  name: string;
}
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const ROWS: Row[] = [
  { id: A, name: '甲报价' },
  { id: B, name: '乙报价' },
];

function List({
  actions = [],
  run,
}: {
  actions?: BulkAction[];
  run?: (action: string, values: Record<string, unknown>) => Promise<BulkResult | BulkJobStarted>;
}) {
  const selection = useRowSelection<Row>('filters');
  return (
    <>
      <BulkBar
        selection={selection}
        total={2}
        pageRows={ROWS.length}
        actions={actions}
        run={run}
        exportSelected={{ path: '/quotes/export-selected', fallbackName: 'quotes.xlsx' }}
        testId="quotes-bulk"
      />
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

const fetchMock = vi.fn<typeof fetch>();
beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  URL.createObjectURL = vi.fn(() => 'blob:export');
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

describe('export selected', () => {
  it('posts the ticked ids to the list’s export and saves the file it answers with', async () => {
    const user = userEvent.setup();
    fetchMock.mockResolvedValue(
      new Response('xlsx', {
        status: 200,
        headers: {
          'content-disposition': `attachment; filename="quotes.xlsx"; filename*=UTF-8''${encodeURIComponent('报价导出-2026-12-07.xlsx')}`,
        },
      }),
    );
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderInApp(<List />);
    // Nothing ticked: no bar. A list without bulk changes offers no "select all matching".
    expect(screen.queryByTestId('quotes-bulk')).not.toBeInTheDocument();
    await user.click(screen.getAllByRole('checkbox')[0]!);
    expect(screen.getByTestId('quotes-bulk-count')).toHaveTextContent('已选 2 条');
    expect(screen.queryByTestId('quotes-bulk-actions')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('quotes-bulk-export'));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/quotes/export-selected');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ ids: [A, B], format: 'xlsx' });
    expect(await screen.findByText('已导出 2 条：报价导出-2026-12-07.xlsx')).toBeInTheDocument();
    clicked.mockRestore();
  });

  it('a refused export says how many rows were outside the caller’s export scope', async () => {
    const user = userEvent.setup();
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ error: { code: 'forbidden', message: 'refused', field: 'body.ids', data: { refusedIds: [B] } } }), {
        status: 403,
      }),
    );
    renderInApp(<List />);
    await user.click(screen.getAllByRole('checkbox')[0]!);
    await user.click(screen.getByTestId('quotes-bulk-export'));
    expect(await screen.findByText('1 条记录不在您可导出的范围内，未导出任何内容。')).toBeInTheDocument();
  });
});

describe('a bulk action above the batch size', () => {
  it('shows the job’s progress, the failures with their reasons in the reader’s language, and the result to download', async () => {
    const user = userEvent.setup();
    const jobId = '00000000-0000-4000-8000-0000000000j1';
    const base: BulkJob = {
      id: jobId,
      kind: 'bulk.customers',
      action: 'setTier',
      status: 'running',
      processed: 1000,
      total: 2050,
      changed: 998,
      unchanged: 0,
      failed: 2,
      failures: [],
      error: null,
      createdAt: '2026-12-07T08:00:00.000Z',
      finishedAt: null,
    };
    let calls = 0;
    fetchMock.mockImplementation(async () => {
      calls += 1;
      const job: BulkJob =
        calls === 1
          ? base
          : {
              ...base,
              status: 'succeeded',
              processed: 2050,
              changed: 2048,
              failures: [{ id: A, name: '甲报价', code: 'outside_scope', reason: 'outside what you may change' }],
              finishedAt: '2026-12-07T08:01:00.000Z',
            };
      return new Response(JSON.stringify(job), { status: 200 });
    });
    const run = vi.fn().mockResolvedValue({ jobId, total: 2050 } satisfies BulkJobStarted);
    renderInApp(<List actions={[{ key: 'setTier', label: '设置等级' }]} run={run} />);
    await user.click(screen.getAllByRole('checkbox')[0]!);
    await user.click(screen.getByTestId('quotes-bulk-actions'));
    await user.click(await screen.findByText('设置等级'));
    await user.click(await screen.findByTestId('quotes-bulk-confirm'));
    expect(await screen.findByTestId('quotes-bulk-job-progress')).toHaveTextContent('已处理 1000 / 2050 条');
    await waitFor(() => expect(screen.getByTestId('quotes-bulk-job')).toHaveAttribute('data-status', 'succeeded'), { timeout: 5000 });
    expect(screen.getByTestId('quotes-bulk-job-summary')).toHaveTextContent('2048 条已更改，0 条本来如此，2 条失败');
    expect(screen.getByTestId('quotes-bulk-job-failure')).toHaveTextContent('甲报价不在您可修改的范围内');
    expect(screen.getByTestId('quotes-bulk-job-report')).toHaveAttribute('href', `/api/v1/bulk-jobs/${jobId}/report`);
  });
});
