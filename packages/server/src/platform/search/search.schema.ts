import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/index.js';
import { timestamptz } from '../db/columns.js';

/** The records a user opened last (issue 16, capability 6), bounded per user by the service (RECENT_ITEMS_KEPT). */
export const userRecentItems = pgTable(
  'user_recent_items',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    viewedAt: timestamptz('viewed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'user_recent_items_pk', columns: [t.userId, t.entityType, t.entityId] }),
    index('user_recent_items_user_idx').on(t.userId, t.viewedAt),
  ],
);

/** The records a user pinned (customers, opportunities, and any type declared `favourite: true`). */
export const userFavourites = pgTable(
  'user_favourites',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'user_favourites_pk', columns: [t.userId, t.entityType, t.entityId] })],
);
