import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { SavedViewState } from '@xiaoguan/shared';
import { createdAt, id, updatedAt, version } from '../db/columns.js';
import { orgUnits, users } from '../identity/index.js';

/** A named list view (filters, sort, columns, widths): personal (org_unit_id null) or shared with an org unit. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    listKey: text('list_key').notNull(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id, { onDelete: 'cascade' }),
    state: jsonb('state').$type<SavedViewState>().notNull().default({ filters: {}, sort: null, columns: null, widths: {} }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('saved_views_owner_idx').on(t.ownerId, t.listKey), index('saved_views_unit_idx').on(t.orgUnitId, t.listKey)],
);

/** Each user's default view per list. */
export const savedViewDefaults = pgTable(
  'saved_view_defaults',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    listKey: text('list_key').notNull(),
    viewId: uuid('view_id')
      .notNull()
      .references(() => savedViews.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'saved_view_defaults_pk', columns: [t.userId, t.listKey] }),
    index('saved_view_defaults_view_idx').on(t.viewId),
  ],
);
