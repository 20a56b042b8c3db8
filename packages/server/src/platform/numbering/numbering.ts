import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { badRequest } from '../errors.js';

/**
 * Document numbers from a pattern: `{YYYY}` the year, `{YY}`, `{MM}`, `{SEQ:n}` the counter padded to n
 * digits (e.g. `HT-{YYYY}-{SEQ:6}` → HT-2026-000123). The counter restarts each year when the pattern
 * has a year, and is otherwise one running sequence.
 */
export function formatNumber(pattern: string, year: number, month: number, seq: number): string {
  return pattern
    .replaceAll('{YYYY}', String(year))
    .replaceAll('{YY}', String(year % 100).padStart(2, '0'))
    .replaceAll('{MM}', String(month).padStart(2, '0'))
    .replace(/\{SEQ(?::(\d+))?\}/g, (_, width: string | undefined) => String(seq).padStart(Number(width ?? 1), '0'));
}

export function validatePattern(field: string, pattern: string): void {
  if (!/\{SEQ(?::\d+)?\}/.test(pattern)) throw badRequest(field, 'the number pattern needs a {SEQ} or {SEQ:n} counter');
}

/** The counter's scope: one per kind, and per year/month when the pattern shows them. */
export function counterKey(kind: string, pattern: string, year: number, month: number): string {
  if (pattern.includes('{MM}') && (pattern.includes('{YYYY}') || pattern.includes('{YY}'))) return `${kind}:${year}-${month}`;
  if (pattern.includes('{YYYY}') || pattern.includes('{YY}')) return `${kind}:${year}`;
  return kind;
}

/**
 * Takes the next number in the caller's transaction. The counter row stays locked until that
 * transaction ends, so concurrent takers queue and a rolled-back document returns its number:
 * no gaps, no duplicates. `zoneDate` is the calendar date in the company's zone.
 */
export async function nextDocumentNumber(
  tx: Tx,
  kind: string,
  pattern: string,
  zoneDate: { year: number; month: number },
): Promise<string> {
  validatePattern('pattern', pattern);
  const key = counterKey(kind, pattern, zoneDate.year, zoneDate.month);
  const result = await tx.execute<{ last_value: number }>(sql`
    insert into document_counters (key, last_value) values (${key}, 1)
    on conflict (key) do update set last_value = document_counters.last_value + 1
    returning last_value`);
  return formatNumber(pattern, zoneDate.year, zoneDate.month, result.rows[0]!.last_value);
}
