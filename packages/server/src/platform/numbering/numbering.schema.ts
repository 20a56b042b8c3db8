import { integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Gap-free document counters (contracts HT-2026-000123, quotes, orders). A number is taken with
 * `insert … on conflict do update … returning` inside the document's own transaction: the row
 * lock serialises concurrent takers and a rollback gives the number back, so there are no gaps
 * and no duplicates.
 */
export const documentCounters = pgTable('document_counters', {
  /** e.g. `contract:2026` — the pattern's scope (document kind and, where the pattern has one, the year). */
  key: text('key').primaryKey(),
  lastValue: integer('last_value').notNull(),
});
