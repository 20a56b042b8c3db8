import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { Message } from '@xiaoguan/shared';
import { users } from '../identity/index.js';
import { createdAt, id, timestamptz } from '../db/columns.js';

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** Title and body as i18n key + parameters (issue 16): each reader sees them in their language; `title`/`body` are the fallback text. */
    titleMessage: jsonb('title_message').$type<Message>(),
    bodyMessage: jsonb('body_message').$type<Message>(),
    link: text('link'),
    createdAt: createdAt(),
    readAt: timestamptz('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);
