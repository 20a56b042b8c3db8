import { useCallback, useRef, useState, type PointerEvent as ReactPointerEvent, type ThHTMLAttributes } from 'react';
import type { ColumnsType } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { useOptionalMe } from '../../core/session';

export const MIN_COLUMN_WIDTH = 40;
export const MAX_COLUMN_WIDTH = 2000;

/** A dragged width kept within what a header can sensibly be. */
export function clampWidth(width: number): number {
  return Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, Math.round(width)));
}

/** Where a user's widths of one list are kept in this browser (per user, per list). */
export function widthsStorageKey(userId: string, listKey: string): string {
  return `xg.columnWidths.${userId}.${listKey}`;
}

export function readWidths(storageKey: string | null): Record<string, number> {
  if (!storageKey) return {};
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(storageKey) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>)
        .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
        .map(([key, width]) => [key, clampWidth(width)]),
    );
  } catch {
    return {};
  }
}

function writeWidths(storageKey: string | null, widths: Record<string, number>): void {
  if (!storageKey) return;
  try {
    window.localStorage.setItem(storageKey, JSON.stringify(widths));
  } catch {
    // Storage full or blocked: the widths still hold for this visit.
  }
}

export interface ColumnWidths {
  widths: Record<string, number>;
  setWidth: (key: string, width: number) => void;
  /** Replaces every width (a saved view applied; null/empty = the list's own widths). */
  replace: (widths: Record<string, number>) => void;
}

/**
 * Column widths a user dragged on one list (issue 16), remembered per user and list in this
 * browser; a saved view carries its own widths and, applied, replaces these.
 */
export function useRememberedWidths(listKey: string): ColumnWidths {
  const userId = useOptionalMe()?.id ?? null;
  const storageKey = userId ? widthsStorageKey(userId, listKey) : null;
  const [state, setState] = useState<{ key: string | null; widths: Record<string, number> }>(() => ({
    key: storageKey,
    widths: readWidths(storageKey),
  }));
  // Another user signing in on the same tab reads their own widths.
  const widths = state.key === storageKey ? state.widths : readWidths(storageKey);
  const setWidth = useCallback(
    (column: string, width: number) =>
      setState((before) => {
        const next = { ...(before.key === storageKey ? before.widths : readWidths(storageKey)), [column]: clampWidth(width) };
        writeWidths(storageKey, next);
        return { key: storageKey, widths: next };
      }),
    [storageKey],
  );
  const replace = useCallback(
    (next: Record<string, number>) => {
      writeWidths(storageKey, next);
      setState({ key: storageKey, widths: next });
    },
    [storageKey],
  );
  return { widths, setWidth, replace };
}

type ResizableHeaderProps = ThHTMLAttributes<HTMLTableCellElement> & {
  /** Set on resizable columns by `withResizableColumns`. */
  onResizeWidth?: (width: number) => void;
  resizeLabel?: string;
  resizeTestId?: string;
};

/**
 * A table header cell with a drag handle on its right edge (pointer events, so mouse, pen and
 * touch). Only the column's width changes while dragging; the list remembers it on release.
 */
export function ResizableHeaderCell({ onResizeWidth, resizeLabel, resizeTestId, children, style, ...rest }: ResizableHeaderProps) {
  const cell = useRef<HTMLTableCellElement>(null);
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  if (!onResizeWidth) {
    return (
      <th {...rest} style={style}>
        {children}
      </th>
    );
  }
  const onPointerDown = (event: ReactPointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    event.stopPropagation();
    drag.current = { startX: event.clientX, startWidth: cell.current?.getBoundingClientRect().width ?? 0 };
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLSpanElement>) => {
    if (!drag.current) return;
    onResizeWidth(clampWidth(drag.current.startWidth + event.clientX - drag.current.startX));
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLSpanElement>) => {
    drag.current = null;
    if (event.currentTarget.hasPointerCapture?.(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
  };
  return (
    <th {...rest} ref={cell} style={{ ...style, position: 'relative' }}>
      {children}
      <span
        role="separator"
        aria-orientation="vertical"
        aria-label={resizeLabel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        // A click on the handle must not sort the column.
        onClick={(event) => event.stopPropagation()}
        data-testid={resizeTestId}
        style={{
          position: 'absolute',
          top: 0,
          insetInlineEnd: 0,
          width: 8,
          height: '100%',
          cursor: 'col-resize',
          zIndex: 2,
          touchAction: 'none',
        }}
      />
    </th>
  );
}

/**
 * The columns with the remembered widths applied and a drag handle on each keyed column's header.
 * The table needs `components={{ header: { cell: ResizableHeaderCell } }}` (DataTable does it).
 */
export function useResizableColumns<T>(columns: ColumnsType<T>, widths: ColumnWidths | undefined, testId: string): ColumnsType<T> {
  const { t } = useTranslation();
  if (!widths) return columns;
  return columns.map((column) => {
    const dataIndex = 'dataIndex' in column && typeof column.dataIndex === 'string' ? column.dataIndex : null;
    const key = column.key === undefined ? dataIndex : String(column.key);
    if (!key) return column;
    const width = widths.widths[key] ?? column.width;
    return {
      ...column,
      width,
      onHeaderCell: (col) =>
        ({
          ...column.onHeaderCell?.(col),
          onResizeWidth: (next: number) => widths.setWidth(key, next),
          resizeLabel: t('lists.columns.resize', { column: typeof column.title === 'string' ? column.title : key }),
          resizeTestId: `${testId}-resize-${key}`,
        }) as ReturnType<NonNullable<typeof column.onHeaderCell>>,
    };
  });
}
