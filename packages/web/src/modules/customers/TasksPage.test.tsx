import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Task } from '@xiaoguan/shared';
import { renderInApp, testMe } from '../../test/render';
import TasksPage from './TasksPage';

/** Issue 16, bulk actions on the task list: tick follow-ups and mark them done together, or export them. */
const task = (id: string, title: string): Task => ({
  id,
  customerId: '00000000-0000-4000-8000-0000000000c1',
  customerName: '德新贸易',
  link: null,
  ownerId: '00000000-0000-4000-8000-000000000001',
  ownerName: '测试销售',
  title,
  dueAt: '2026-12-08T02:00:00.000Z',
  remindAt: null,
  doneAt: null,
  state: 'open',
  interactionId: null,
  version: 1,
  abilities: { update: true, complete: true },
});
const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000b1';

const fetchMock = vi.fn<typeof fetch>();
const posted: { url: string; body: unknown }[] = [];
beforeEach(() => {
  posted.length = 0;
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    if (init?.method === 'POST') {
      posted.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ action: 'closeTasks', changed: 1, unchanged: 0 }), { status: 200 });
    }
    return new Response(JSON.stringify({ items: [task(A, '回访报价'), task(B, '寄送样品')], total: 2, page: 1, pageSize: 20 }), {
      status: 200,
    });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

describe('task list bulk actions', () => {
  it('ticks one follow-up, confirms "mark done" naming the count, and sends just that task to the bulk close', async () => {
    const user = userEvent.setup();
    renderInApp(<TasksPage />, { me: testMe({ permissions: { 'customers.write': true } }), url: '/tasks' });
    await screen.findByText('寄送样品');
    expect(screen.queryByTestId('tasks-bulk')).not.toBeInTheDocument();
    // The first checkbox is the header's "all"; the row checkboxes follow (the done checkbox is inside each row too).
    const rowCheckbox = screen.getByText('回访报价').closest('tr')!.querySelector<HTMLInputElement>('.ant-table-selection-column input')!;
    await user.click(rowCheckbox);
    expect(screen.getByTestId('tasks-bulk-count')).toHaveTextContent('已选 1 条');
    await user.click(screen.getByTestId('tasks-bulk-actions'));
    await user.click(await screen.findByText('完成任务'));
    expect(await screen.findByText(/将对 1 条记录执行“完成任务”/)).toBeInTheDocument();
    await user.click(screen.getByTestId('tasks-bulk-confirm'));
    await waitFor(() => expect(posted).toEqual([{ url: '/api/v1/tasks/bulk-close', body: { ids: [A] } }]));
  });

  it('offers only the export on the done tab (nothing left to mark done)', async () => {
    const user = userEvent.setup();
    renderInApp(<TasksPage />, { me: testMe({ permissions: { 'customers.write': true } }), url: '/tasks?state=done' });
    await screen.findByText('寄送样品');
    const rowCheckbox = screen.getByText('寄送样品').closest('tr')!.querySelector<HTMLInputElement>('.ant-table-selection-column input')!;
    await user.click(rowCheckbox);
    expect(screen.getByTestId('tasks-bulk-export')).toBeInTheDocument();
    expect(screen.queryByTestId('tasks-bulk-actions')).not.toBeInTheDocument();
  });
});
