import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { applyLocale } from '../core/i18n';
import { renderInApp, testMe } from '../test/render';
import { formatCents, MoneyText } from './MoneyText';
import { DateTimeText } from './DateTimeText';

describe('MoneyText: exact yuan from integer cents', () => {
  it('groups thousands and keeps two decimals, in Chinese and in English', async () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      await applyLocale(locale);
      const { unmount } = renderInApp(
        <>
          <MoneyText cents={123_456_789} />
          <MoneyText cents={-5} />
          <MoneyText cents={null} />
        </>,
      );
      expect(screen.getByText('¥1,234,567.89')).toBeInTheDocument();
      expect(screen.getByText('-¥0.05')).toBeInTheDocument();
      expect(screen.getByText('—')).toBeInTheDocument();
      unmount();
    }
  });

  it('never rounds through floating point', () => {
    expect(formatCents(100_000_000_001)).toBe('¥1,000,000,000.01');
    expect(formatCents(29)).toBe('¥0.29');
  });
});

describe('DateTimeText: an instant in the company’s time zone', () => {
  it('shows Beijing time for a Shanghai company, the same in both languages, with seconds and zone on hover', async () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      await applyLocale(locale);
      const { unmount } = renderInApp(<DateTimeText value="2026-03-01T23:30:15.000Z" />);
      const time = screen.getByText('2026-03-02 07:30');
      expect(time).toHaveAttribute('title', '2026-03-02 07:30:15 (Asia/Shanghai)');
      unmount();
    }
  });

  it('follows the company zone the server sends, shows a date alone when asked, and a dash for nothing', () => {
    const me = testMe({ company: { name: 'NY', timeZone: 'America/New_York' } });
    renderInApp(
      <>
        <DateTimeText value="2026-03-01T03:00:00.000Z" dateOnly />
        <DateTimeText value={null} />
      </>,
      { me },
    );
    expect(screen.getByText('2026-02-28')).toBeInTheDocument();
    expect(screen.getByText('—')).toBeInTheDocument();
  });
});
