import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';

/**
 * Multi-row INSERT for seeding: each chunk is one statement with one parameter, a JSON array of
 * rows unpacked by `json_populate_recordset` — no per-row round trips, no 65,535-parameter limit,
 * and one statement text per table (so one prepared statement). Rows are typed as the table's
 * insert shape; a column no row sets is left to its default.
 */
export async function insertRows<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  chunkSize = 5000,
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.entries(getTableColumns(table));
  const used = columns.filter(([key]) => rows.some((row) => (row as Record<string, unknown>)[key] !== undefined));
  const names = used.map(([, column]) => `"${column.name}"`).join(', ');
  const target = `"${getTableName(table)}"`;
  const text = `insert into ${target} (${names}) select ${names} from json_populate_recordset(null::${target}, `;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const json = JSON.stringify(
      rows
        .slice(start, start + chunkSize)
        .map((row) => Object.fromEntries(used.map(([key, column]) => [column.name, (row as Record<string, unknown>)[key] ?? null]))),
    );
    await db.execute(sql`${sql.raw(text)}${json}::json)`);
  }
}
