import type { CSSProperties } from 'react';

const grouping = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0, useGrouping: true });

/**
 * Integer cents → "¥1,234.56", computed on integers so no floating-point rounding can creep in
 * (SPEC M2: money is exact).
 */
export function formatCents(cents: number, currencySymbol = '¥'): string {
  const negative = cents < 0;
  const absolute = Math.abs(Math.trunc(cents));
  const yuan = Math.floor(absolute / 100);
  const fen = absolute % 100;
  return `${negative ? '-' : ''}${currencySymbol}${grouping.format(yuan)}.${String(fen).padStart(2, '0')}`;
}

export function MoneyText({ cents, style, className }: { cents: number | null | undefined; style?: CSSProperties; className?: string }) {
  if (cents === null || cents === undefined) return <span className={className}>—</span>;
  return (
    <span className={className} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', ...style }}>
      {formatCents(cents)}
    </span>
  );
}
