import { useEffect, type HTMLAttributes, type Key, type MouseEvent } from 'react';
import { Grid, Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';
import { rememberListIds } from '../core/recordNav';
import { ResizableHeaderCell, useResizableColumns, type ColumnWidths } from './lists/columnWidths';

export interface PageData<T> {
  items: T[];
  total: number;
  /** The total is a lower bound (large lists are counted up to a cap). */
  capped?: boolean;
  page: number;
  pageSize: number;
}

interface DataTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading' | 'rowKey' | 'onRow'> {
  /** One page from a `{items,total,page,pageSize}` endpoint, or a plain list. */
  data: PageData<T> | T[] | undefined;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  rowKey: (row: T) => Key;
  /** What names a row in its test id (defaults to the row key). */
  rowTestKey?: (row: T) => string;
  /** Server paging: called with the new page and size. Omit for a client-side list. */
  onPageChange?: (page: number, pageSize: number) => void;
  /** Rows get `data-testid="<testId>-row-<key>"`; the table gets `data-testid="<testId>"`. */
  testId: string;
  onRowClick?: (row: T) => void;
  /** Column widths the reader drags on the headers, remembered per user and list (issue 16). */
  columnWidths?: ColumnWidths;
}

/** The app's table: server paging with totals, errors shown in place, stable test ids, scrolls on phones. */
export function DataTable<T extends object>({
  data,
  loading,
  error,
  onRetry,
  rowKey,
  rowTestKey,
  onPageChange,
  testId,
  onRowClick,
  columnWidths,
  columns,
  ...rest
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const isPage = data !== undefined && !Array.isArray(data);
  const rows = data === undefined ? [] : Array.isArray(data) ? data : data.items;
  const compact = !screens.md;
  // The rows' order, for next / previous record on the page a row opens (shortcuts j / k).
  const rowIds = rows.map((row) => String(rowKey(row))).join(',');
  useEffect(() => rememberListIds(rowIds ? rowIds.split(',') : []), [rowIds]);
  // Dragging widths is for a pointer on a wide screen; phones keep the table's own widths.
  const sized = useResizableColumns(columns ?? [], compact ? undefined : columnWidths, testId);
  return (
    <div data-testid={testId}>
      {error ? <ErrorAlert error={error} onReload={onRetry} /> : null}
      <Table<T>
        size={compact ? 'small' : 'middle'}
        scroll={{ x: 'max-content' }}
        {...rest}
        columns={columns ? sized : undefined}
        components={
          columnWidths && !compact
            ? { ...rest.components, header: { ...rest.components?.header, cell: ResizableHeaderCell } }
            : rest.components
        }
        rowKey={rowKey}
        dataSource={rows}
        loading={loading}
        // Issue 16: while the first page loads the spinner shows over a blank body, not over "no data".
        locale={{
          emptyText:
            loading && rows.length === 0 ? <div style={{ minHeight: 96 }} data-testid={`${testId}-loading`} /> : t('common.table.empty'),
        }}
        onRow={(row) =>
          ({
            'data-testid': `${testId}-row-${rowTestKey ? rowTestKey(row) : String(rowKey(row))}`,
            // Ticking a row's checkbox ("export selected", bulk actions) selects it, it does not open it.
            onClick: onRowClick
              ? (event: MouseEvent) => {
                  if (event.target instanceof Element && event.target.closest('.ant-table-selection-column')) return;
                  onRowClick(row);
                }
              : undefined,
            style: onRowClick ? { cursor: 'pointer' } : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={
          isPage
            ? {
                current: data.page,
                pageSize: data.pageSize,
                total: data.total,
                showSizeChanger: !compact,
                simple: compact,
                showTotal: compact ? undefined : (total) => t('common.table.total', { total: data.capped ? `${total}+` : total }),
                onChange: onPageChange,
              }
            : rows.length > 20
              ? { pageSize: 20, showTotal: (total) => t('common.table.total', { total }) }
              : false
        }
      />
    </div>
  );
}
