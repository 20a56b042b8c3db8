import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './client.js';

/** Lists count their matches up to this many and then say "2,000+": counting every row of a large scope costs more than the page. */
export const COUNT_CAP = 2_000;

/** How many rows `fromWhere` (`from … where …`) matches, up to COUNT_CAP, and whether there are more. */
export async function cappedCount(executor: Executor, fromWhere: SQL): Promise<{ total: number; capped: boolean }> {
  const result = await executor.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 ${fromWhere} limit ${COUNT_CAP + 1}) t`,
  );
  const n = result.rows[0]!.n;
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
