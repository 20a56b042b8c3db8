import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column helpers (CONVENTIONS habit 8). */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
/** Optimistic locking: every update names the version it read; a stale one gets 409. */
export const version = () => integer('version').notNull().default(1);
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
