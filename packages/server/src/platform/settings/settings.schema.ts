import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt, version } from '../db/columns.js';

/** Company settings: one row per key, values validated by the shared settings schema. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
  version: version(),
});
