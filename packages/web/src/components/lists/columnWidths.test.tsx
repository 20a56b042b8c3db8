import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderInApp, testMe } from '../../test/render';
import { DataTable } from '../DataTable';
import { clampWidth, readWidths, useRememberedWidths, widthsStorageKey } from './columnWidths';

interface Row {
  id: string;
  name: string;
}
const ROWS: Row[] = [{ id: '1', name: '华东重工' }];

function List() {
  const widths = useRememberedWidths('customers');
  return (
    <DataTable<Row>
      testId="list"
      data={ROWS}
      rowKey={(row) => row.id}
      columnWidths={widths}
      columns={[{ key: 'name', title: '客户名称', dataIndex: 'name', width: 120 }]}
    />
  );
}

function drag(handle: HTMLElement, dx: number) {
  fireEvent.pointerDown(handle, { clientX: 100, pointerId: 1 });
  fireEvent.pointerMove(handle, { clientX: 100 + dx, pointerId: 1 });
  fireEvent.pointerUp(handle, { clientX: 100 + dx, pointerId: 1 });
}

const colWidth = () => (document.querySelector('colgroup col') as HTMLElement | null)?.style.width;

// A wide screen (antd reads breakpoints from matchMedia): widths are dragged with a pointer on a desktop.
beforeEach(() => {
  const original = window.matchMedia;
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => ({ ...original(query), matches: query.includes('min-width') }));
});
afterEach(() => {
  vi.restoreAllMocks();
  window.localStorage.clear();
});

describe('column widths dragged on a list (issue 16)', () => {
  it('dragging a header’s edge widens the column, and the width is remembered for that user and list only', () => {
    const rep = testMe();
    const first = renderInApp(<List />, { me: rep });
    drag(screen.getByTestId('list-resize-name'), 260);
    // jsdom lays nothing out (the header measures 0 px), so the drag of 260 px is the new width.
    expect(colWidth()).toBe('260px');
    expect(readWidths(widthsStorageKey(rep.id, 'customers'))).toEqual({ name: 260 });
    first.unmount();

    // The same user opening the list again sees their width…
    const again = renderInApp(<List />, { me: rep });
    expect(colWidth()).toBe('260px');
    again.unmount();
    // …another user on the same browser sees the list's own.
    renderInApp(<List />, { me: testMe({ id: '00000000-0000-4000-8000-000000000002', username: 'rep2' }) });
    expect(colWidth()).toBe('120px');
  });

  it('keeps a width between 40 and 2000 px, and ignores a damaged stored value', () => {
    expect(clampWidth(3)).toBe(40);
    expect(clampWidth(99_999)).toBe(2000);
    window.localStorage.setItem('broken', '{not json');
    expect(readWidths('broken')).toEqual({});
    window.localStorage.setItem('odd', JSON.stringify({ name: 'wide', tier: 5 }));
    expect(readWidths('odd')).toEqual({ tier: 40 });
  });
});
