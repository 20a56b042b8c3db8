import { sql, type SQL } from 'drizzle-orm';
import { splitWholeMonths } from '../time.js';

/**
 * The two predicates that read an inclusive day range from facts kept at two grains (migration 0062):
 * `months` over a monthly table's month column for the range's whole months, `days` over a daily
 * table's day column for the days left over. Each is `false` when it has nothing to read. `from` null:
 * everything up to `to`.
 */
export function monthSplitSql(range: { from: string | null; to: string }, monthColumn: SQL, dayColumn: SQL): { months: SQL; days: SQL } {
  const split = splitWholeMonths(range.from, range.to);
  return {
    months: split.months ? sql`${monthColumn} between ${split.months.first}::date and ${split.months.last}::date` : sql`false`,
    days: split.days.length
      ? sql`(${sql.join(
          split.days.map((days) => sql`${dayColumn} between ${days.from}::date and ${days.to}::date`),
          sql` or `,
        )})`
      : sql`false`,
  };
}
