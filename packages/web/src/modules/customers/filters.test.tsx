import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp } from '../../test/render';
import { CustomerFilterBar, useListParams } from './filters';

/** The customer list's filter bar wired to the URL as the list page wires it. */
function Harness() {
  const { params, update, activeFilters } = useListParams();
  return <CustomerFilterBar params={params} update={update} activeFilters={activeFilters} testId="customers" />;
}

const query = () => new URLSearchParams(screen.getByTestId('location').textContent ?? '');

describe('customer list filters kept in the URL', () => {
  it('a search goes to the URL on Enter, back to page 1; clearing the box removes it', async () => {
    const user = userEvent.setup();
    renderInApp(<Harness />, { url: '/customers?page=3' });
    const box = screen.getByPlaceholderText('搜索名称、电话、税号');
    await user.type(box, '  德新 {Enter}');
    expect(query().get('q')).toBe('德新');
    expect(query().get('page')).toBeNull();
    await user.clear(box);
    expect(query().get('q')).toBeNull();
  });

  it('shows the filters a link carries, ignores values the server would refuse, and clears them', async () => {
    const user = userEvent.setup();
    renderInApp(<Harness />, { url: '/customers?q=acme&tier=A&status=bogus&tag=华东' });
    expect(screen.getByPlaceholderText('搜索名称、电话、税号')).toHaveValue('acme');
    expect(screen.getByPlaceholderText('标签')).toHaveValue('华东');
    await user.click(screen.getByRole('button', { name: /清除筛选/ }));
    expect(query().toString()).toBe('q=acme');
    expect(screen.queryByRole('button', { name: /清除筛选/ })).not.toBeInTheDocument();
  });
});
