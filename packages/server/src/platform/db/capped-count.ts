import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './client.js';

/** Lists count their matches up to this many and then say "2,000+": counting every row of a large scope costs more than the page. */
export const COUNT_CAP = 2_000;

/**
 * A LIMIT or OFFSET written into the statement's text instead of sent as a parameter. Every query is
 * a named prepared statement (client.ts); PostgreSQL guesses a parameter LIMIT at a tenth of the
 * rows, so its generic plan never looks as cheap as a custom one and each execution is planned
 * afresh. With the number in the text the generic plan is kept. For a whole number (a validated
 * page size or offset, or a constant): its text is one distinct statement per value.
 */
export function literalCount(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`literalCount: ${n} is not a whole number`);
  // Drizzle's limit()/offset() take a number or a placeholder but write any SQL chunk as given.
  // BigInt: digits without an exponent, however far a client pages.
  return sql.raw(BigInt(n).toString()) as unknown as number;
}

/** How many rows `fromWhere` (`from … where …`) matches, up to COUNT_CAP, and whether there are more. */
export async function cappedCount(executor: Executor, fromWhere: SQL): Promise<{ total: number; capped: boolean }> {
  const result = await executor.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 ${fromWhere} limit ${sql.raw(String(COUNT_CAP + 1))}) t`,
  );
  const n = result.rows[0]!.n;
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
