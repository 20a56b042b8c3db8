import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderInApp } from '../test/render';
import { DataTable } from './DataTable';

const columns = [{ key: 'name', title: '名称', dataIndex: 'name' }];

/** Issue 16: the quotes list showed "no data" under its spinner while loading. */
describe('DataTable while loading', () => {
  it('shows no "no data" text while the first page loads', () => {
    renderInApp(<DataTable<{ id: string; name: string }> testId="t" data={undefined} loading rowKey={(row) => row.id} columns={columns} />);
    expect(screen.queryByText('暂无数据')).not.toBeInTheDocument();
    expect(screen.getByTestId('t-loading')).toBeInTheDocument();
  });

  it('says "no data" once loaded and empty', () => {
    renderInApp(
      <DataTable<{ id: string; name: string }>
        testId="t"
        data={{ items: [], total: 0, page: 1, pageSize: 20 }}
        loading={false}
        rowKey={(row) => row.id}
        columns={columns}
      />,
    );
    expect(screen.getByText('暂无数据')).toBeInTheDocument();
  });
});
