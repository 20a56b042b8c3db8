/** "1234.5" (yuan, as typed) → 123450 cents, on integers only; null when empty, NaN when not a number. */
export function yuanToCents(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).trim().replace(/,/g, '');
  if (text === '') return null;
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 123450 cents → "1234.50" for an input. */
export function centsToYuan(cents: number | null | undefined): string | undefined {
  if (cents === null || cents === undefined) return undefined;
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * One idempotency key per form instance (a double-click or a retry after a timeout records once).
 * getRandomValues works on plain-HTTP intranet deployments, where crypto.randomUUID does not.
 */
export function newIdempotencyKey(prefix = 'rcpt'): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
