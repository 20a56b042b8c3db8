import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp } from '../test/render';
import { ExportMenu } from './ExportMenu';

describe('ExportMenu: a list exported as it is filtered', () => {
  it('offers Excel and CSV links carrying the filters, and the hint', async () => {
    const user = userEvent.setup();
    renderInApp(
      <ExportMenu
        href={(format) => `/api/v1/customers/export?format=${format}&tier=A`}
        label="导出"
        xlsxLabel="导出 Excel"
        csvLabel="导出 CSV"
        hint="手机号按权限脱敏"
        testId="customers-export"
      />,
    );
    await user.click(screen.getByRole('button', { name: /导出/ }));
    expect(await screen.findByRole('link', { name: '导出 Excel' })).toHaveAttribute('href', '/api/v1/customers/export?format=xlsx&tier=A');
    expect(screen.getByRole('link', { name: '导出 CSV' })).toHaveAttribute('href', '/api/v1/customers/export?format=csv&tier=A');
    expect(screen.getByText('手机号按权限脱敏')).toBeInTheDocument();
  });
});
