import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { MESSAGE_STATUSES } from '@xiaoguan/shared';
import { createdAt, id, timestamptz } from '../../db/columns.js';
import { SENDER_CHANNELS } from './types.js';

/**
 * The senders' outbox (issue 17 item 4): a message is written in the business transaction and sent
 * afterwards; a failed send is retried with backoff (`next_attempt_at`) until it gives up. `ref`
 * makes a message unique to what caused it (a reminder per invitation), so a re-run sends none twice.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: id(),
    channel: text('channel', { enum: SENDER_CHANNELS }).notNull(),
    recipient: text('recipient'),
    subject: text('subject'),
    body: text('body').notNull(),
    ref: text('ref'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('pending'),
    sender: text('sender'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamptz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [index('outbound_messages_due_idx').on(t.nextAttemptAt), uniqueIndex('outbound_messages_ref_idx').on(t.ref)],
);
