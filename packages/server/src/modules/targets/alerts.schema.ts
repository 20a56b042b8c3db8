import { boolean, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { AlertChannel, AlertRecipient, Message } from '@xiaoguan/shared';
import { users } from '../../platform/identity/index.js';
import { id, timestamptz } from '../../platform/db/columns.js';

/** Risk alerts raised by the sweep (R-RSK-1); one open per rule and subject (partial unique index, migration 0038). */
export const riskAlerts = pgTable('risk_alerts', {
  id: id(),
  ruleKey: text('rule_key').notNull(),
  subjectKey: text('subject_key').notNull(),
  ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
  severity: text('severity').notNull(),
  status: text('status').notNull().default('open'),
  summary: text('summary').notNull(),
  summaryMessage: jsonb('summary_message').$type<Message>().notNull(),
  link: text('link').notNull(),
  evidence: jsonb('evidence').$type<Record<string, string | number>>().notNull().default({}),
  raisedAt: timestamptz('raised_at').notNull().defaultNow(),
  acknowledgedAt: timestamptz('acknowledged_at'),
  acknowledgedById: uuid('acknowledged_by_id').references(() => users.id),
  resolvedAt: timestamptz('resolved_at'),
  resolvedById: uuid('resolved_by_id').references(() => users.id),
  comment: text('comment'),
  version: integer('version').notNull().default(1),
});

/** The director's settings per rule; a rule without a row runs on its declared defaults. */
export const riskAlertRules = pgTable('risk_alert_rules', {
  ruleKey: text('rule_key').primaryKey(),
  enabled: boolean('enabled').notNull(),
  params: jsonb('params').$type<Record<string, number>>().notNull(),
  recipients: jsonb('recipients').$type<AlertRecipient[]>().notNull(),
  channels: jsonb('channels').$type<AlertChannel[]>().notNull(),
  updatedById: uuid('updated_by_id').references(() => users.id),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});
