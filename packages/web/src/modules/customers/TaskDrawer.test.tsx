import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { applyLocale } from '../../core/i18n';
import { renderInApp } from '../../test/render';
import { TaskDrawer } from './TaskDrawer';

describe('follow-up task form: validation messages from the shared schema', () => {
  it('an empty title is refused before anything is sent, in the user’s language', async () => {
    const user = userEvent.setup();
    let requests = 0;
    globalThis.fetch = () => {
      requests++;
      return new Promise<Response>(() => {});
    };
    const customer = { id: '00000000-0000-4000-8000-0000000000c1', name: '德新贸易' };
    const first = renderInApp(<TaskDrawer customer={customer} onClose={() => {}} />);
    expect(screen.getByText('新建跟进任务 · 德新贸易')).toBeInTheDocument();
    await user.click(screen.getByTestId('task-submit'));
    expect(await screen.findByText('请填写此项')).toBeInTheDocument();
    first.unmount();

    await applyLocale('en-US');
    renderInApp(<TaskDrawer customer={customer} onClose={() => {}} />);
    await user.click(screen.getByTestId('task-submit'));
    expect(await screen.findByText('Required')).toBeInTheDocument();
    expect(requests).toBe(0);
  });

  it('opened from the task list, the customer is asked for too', async () => {
    const user = userEvent.setup();
    renderInApp(<TaskDrawer onClose={() => {}} />);
    expect(screen.getByText('新建跟进任务')).toBeInTheDocument();
    await user.type(screen.getByTestId('task-title'), '回访报价');
    await user.click(screen.getByTestId('task-submit'));
    expect(await screen.findAllByText('请填写此项')).toHaveLength(1);
  });
});
