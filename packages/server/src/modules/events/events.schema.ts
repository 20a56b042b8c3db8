import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AgendaItem, Speaker } from '@xiaoguan/shared';
import {
  EVENT_STATUSES,
  INVITATION_CHANNELS,
  INVITATION_SOURCES,
  INVITATION_STATUSES,
  CALL_OUTCOMES,
  EVENT_PIPELINE_KINDS,
} from '@xiaoguan/shared';
import { orgUnits, users } from '../../platform/identity/index.js';
import { customers } from '../customers/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

/** Events (会议, M3): a conference-marketing event with its agenda and speakers. Access follows the organiser. */
export const events = pgTable(
  'events',
  {
    id: id(),
    type: text('type').notNull(),
    theme: text('theme').notNull(),
    description: text('description'),
    targetProfile: text('target_profile'),
    agenda: jsonb('agenda')
      .$type<AgendaItem[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    speakers: jsonb('speakers')
      .$type<Speaker[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    venue: text('venue'),
    address: text('address'),
    capacity: integer('capacity'),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => users.id),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
    statusAt: timestamptz('status_at').notNull().defaultNow(),
    copiedFromId: uuid('copied_from_id'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('events_organiser_idx').on(t.organiserId, t.startsAt), index('events_starts_idx').on(t.startsAt)],
);

/** Each status change of an event, dated, with who made it. */
export const eventStatusHistory = pgTable(
  'event_status_history',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    at: timestamptz('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
  },
  (t) => [index('event_status_history_event_idx').on(t.eventId, t.at)],
);

/**
 * Invitations (邀约): one per customer and event, with its caller, channel and R-EVT-1 status.
 * `qr_token` is the check-in code; `checked_in_at` is set once, by one atomic UPDATE (race-safe).
 */
export const eventInvitations = pgTable(
  'event_invitations',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    callerId: uuid('caller_id')
      .notNull()
      .references(() => users.id),
    channel: text('channel', { enum: INVITATION_CHANNELS }).notNull().default('phone'),
    source: text('source', { enum: INVITATION_SOURCES }).notNull().default('plan'),
    status: text('status', { enum: INVITATION_STATUSES }).notNull().default('pending'),
    statusAt: timestamptz('status_at').notNull().defaultNow(),
    lastOutcome: text('last_outcome', { enum: CALL_OUTCOMES }),
    attempts: integer('attempts').notNull().default(0),
    retryAt: timestamptz('retry_at'),
    acceptedAt: timestamptz('accepted_at'),
    confirmedAt: timestamptz('confirmed_at'),
    declineReason: text('decline_reason'),
    declineNote: text('decline_note'),
    questions: text('questions'),
    qrToken: text('qr_token').notNull(),
    checkedInAt: timestamptz('checked_in_at'),
    checkedInById: uuid('checked_in_by_id').references(() => users.id),
    seat: text('seat'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('event_invitations_event_customer_idx').on(t.eventId, t.customerId),
    uniqueIndex('event_invitations_qr_token_idx').on(t.qrToken),
    index('event_invitations_caller_idx').on(t.callerId, t.eventId),
    index('event_invitations_customer_idx').on(t.customerId, t.createdAt),
  ],
);

/**
 * Deals attributed to an event by hand (issue 17 item 3): one event per order. Automatic
 * attribution (an attendee's order during the event or within the attribution days after) is
 * computed when read (event-deals.service.ts), so it follows late check-ins and cancellations.
 */
export const eventDeals = pgTable(
  'event_deals',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    attributedById: uuid('attributed_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('event_deals_order_idx').on(t.orderId), index('event_deals_event_idx').on(t.eventId)],
);

/** Opportunities, quotes and contracts attributed to an event by hand (issue 17 item 7, migration 0044): one event per record. */
export const eventPipelineLinks = pgTable(
  'event_pipeline_links',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: EVENT_PIPELINE_KINDS }).notNull(),
    recordId: uuid('record_id').notNull(),
    attributedById: uuid('attributed_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('event_pipeline_links_record_idx').on(t.kind, t.recordId), index('event_pipeline_links_event_idx').on(t.eventId)],
);
