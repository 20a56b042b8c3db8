import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp } from '../../test/render';
import { QualifyingContact } from './QualifyingContact';

/** Issue 16: "last contact today" beside "overdue 6 days" — the page says which contact the cadence counts and why. */
describe('last qualifying contact beside the cadence badge', () => {
  it('shows the last qualifying contact date and explains which types count', async () => {
    const user = userEvent.setup();
    renderInApp(
      <QualifyingContact
        customer={{
          tier: 'A',
          inPool: false,
          cadence: {
            days: 7,
            dueAt: '2026-11-30T16:00:00.000Z',
            overdue: true,
            overdueDays: 6,
            lastQualifyingContactAt: '2026-11-23T02:00:00.000Z',
          },
        }}
        types={['visit', 'meeting']}
      />,
    );
    const label = screen.getByTestId('last-qualifying-contact');
    expect(label).toHaveTextContent('最近有效联系：2026-11-23');
    await user.hover(label);
    expect(await screen.findByText(/A 类客户只有拜访、会议计入联系节奏/)).toBeInTheDocument();
  });
});
