import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import type { SearchTypeDeclaration } from '../../core/recordShortcuts';
import { applyLocale } from '../../core/i18n';
import { renderInApp } from '../../test/render';
import { HeaderTools } from './HeaderTools';

const TYPES: SearchTypeDeclaration[] = [
  { type: 'customer', labelKey: 'search.types.customer', recordRoute: '/customers/:id', open: ({ id }) => `/customers/${id}` },
  { type: 'contact', labelKey: 'search.types.contact', open: () => '/customers' },
  {
    type: 'opportunity',
    labelKey: 'search.types.opportunity',
    recordRoute: '/opportunities/:id',
    open: ({ id }) => `/opportunities/${id}`,
  },
];
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const hit = (
  type: string,
  n: number,
  title: string,
  subtitle: string | null = null,
  target: { type: string; id: string } | null = null,
) => ({
  type,
  id: id(n),
  title,
  subtitle,
  target,
});

/** A fake API: search answers two groups for any query; recent items one customer. Records what was asked. */
function fakeApi() {
  const asked: string[] = [];
  globalThis.fetch = (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    if (url.startsWith('/api/v1/search'))
      return json({
        q: new URL(url, 'http://x').searchParams.get('q'),
        groups: [
          { type: 'customer', items: [hit('customer', 1, '华信科技'), hit('customer', 2, '华信贸易')] },
          { type: 'contact', items: [hit('contact', 3, '王华信', '德新贸易', { type: 'customer', id: id(4) })] },
        ],
      });
    if (url.startsWith('/api/v1/recent'))
      return json({ items: [{ ...hit('opportunity', 5, '年度框架采购'), at: '2026-12-01T00:00:00.000Z' }], favouriteTypes: [] });
    if (url.startsWith('/api/v1/favourites')) return json({ items: [], favouriteTypes: [] });
    return new Promise<Response>(() => {});
  };
  return asked;
}

function PathProbe() {
  return <output data-testid="pathname">{useLocation().pathname}</output>;
}

function renderTools() {
  return renderInApp(
    <>
      <input data-testid="some-field" />
      <HeaderTools types={TYPES} />
      <PathProbe />
    </>,
  );
}

describe('global search box: keyboard', () => {
  it('Ctrl+K opens it; an empty box shows recent items; typing shows grouped results; arrows move, Enter opens', async () => {
    fakeApi();
    const user = userEvent.setup();
    renderTools();
    await user.keyboard('{Control>}k{/Control}');
    const input = await screen.findByTestId('global-search-input');
    await waitFor(() => expect(input).toHaveFocus());
    // Empty: recent items.
    expect(await screen.findByTestId(`global-search-hit-opportunity-${id(5)}`)).toBeInTheDocument();
    expect(screen.getByText('最近访问')).toBeInTheDocument();

    await user.type(input, '华信');
    const customers = await screen.findByTestId('global-search-group-customer');
    expect(within(customers).getByText('客户')).toBeInTheDocument();
    expect(within(screen.getByTestId('global-search-group-contact')).getByText('联系人')).toBeInTheDocument();
    const options = () => screen.getAllByRole('option');
    expect(options()).toHaveLength(3);
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(options()[2]).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', options()[2]!.id);
    await user.keyboard('{ArrowDown}'); // wraps to the first
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}'); // and back to the last: the contact, which opens its customer
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('pathname')).toHaveTextContent(`/customers/${id(4)}`);
    await waitFor(() => expect(screen.queryByTestId('global-search-input')).not.toBeInTheDocument());
  });

  it('`/` opens it, but not while typing in a field; Esc closes it', async () => {
    const asked = fakeApi();
    const user = userEvent.setup();
    renderTools();
    await user.click(screen.getByTestId('some-field'));
    await user.keyboard('/');
    expect(screen.getByTestId('some-field')).toHaveValue('/');
    expect(screen.queryByTestId('global-search-input')).not.toBeInTheDocument();

    await act(async () => (document.activeElement as HTMLElement).blur());
    await user.keyboard('/');
    const input = await screen.findByTestId('global-search-input');
    await waitFor(() => expect(input).toHaveFocus());
    await user.type(input, '华');
    expect(await screen.findByText('至少输入 2 个字')).toBeInTheDocument();
    expect(asked.some((url) => url.startsWith('/api/v1/search'))).toBe(false);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('global-search-input')).not.toBeInTheDocument());
  });
});

describe('keyboard shortcut help', () => {
  it('`?` opens the list of shortcuts in the reader’s language; not while typing in a field', async () => {
    fakeApi();
    const user = userEvent.setup();
    const first = renderTools();
    await user.click(screen.getByTestId('some-field'));
    await user.keyboard('?');
    expect(screen.queryByTestId('shortcut-list')).not.toBeInTheDocument();
    await act(async () => (document.activeElement as HTMLElement).blur());
    await user.keyboard('?');
    const list = await screen.findByTestId('shortcut-list');
    expect(within(list).getByText('打开全局搜索')).toBeInTheDocument();
    expect(within(screen.getByTestId('shortcut-search')).getByText('K')).toBeInTheDocument();
    expect(within(list).getByText('保存表单或抽屉')).toBeInTheDocument();
    expect(within(list).getByText('下一条记录（记录页）')).toBeInTheDocument();
    expect(screen.getByText('键盘快捷键')).toBeInTheDocument();
    first.unmount();

    await applyLocale('en-US');
    renderTools();
    await user.keyboard('?');
    const english = await screen.findByTestId('shortcut-list');
    expect(within(english).getByText('Open global search')).toBeInTheDocument();
    expect(within(english).getByText('New record (list pages)')).toBeInTheDocument();
    expect(screen.getByText('Keyboard shortcuts')).toBeInTheDocument();
  });
});
