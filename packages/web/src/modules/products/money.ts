/**
 * Yuan as typed (a decimal string with at most two places) ↔ integer cents, converted on the
 * digits so no floating-point rounding creeps in (SPEC M2: money is exact).
 */
export function yuanToCents(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).trim();
  const match = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

export function centsToYuan(cents: number | null | undefined): string | null {
  if (cents === null || cents === undefined) return null;
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
