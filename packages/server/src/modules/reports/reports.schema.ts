import { customType, date, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { ReportChannel, ReportLanguage, ReportPeriodKind } from '@xiaoguan/shared';
import { orgUnits, users } from '../../platform/identity/index.js';
import { id, timestamptz } from '../../platform/db/columns.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** A user's standing order for a report (migration 0045): kind, period, optional unit, language, channels. */
export const reportSubscriptions = pgTable('report_subscriptions', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  period: text('period').$type<ReportPeriodKind>().notNull(),
  unitId: uuid('unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
  language: text('language').$type<ReportLanguage>().notNull().default('zh-CN'),
  channels: text('channels').array().$type<ReportChannel[]>().notNull().default([]),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  lastDeliveredAt: timestamptz('last_delivered_at'),
});

/** Delivered reports with their files; unique per subscription and period (one delivery, any number of processes). */
export const reportArchive = pgTable('report_archive', {
  id: id(),
  subscriptionId: uuid('subscription_id').references(() => reportSubscriptions.id, { onDelete: 'set null' }),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  period: text('period').$type<ReportPeriodKind>().notNull(),
  periodFrom: date('period_from').notNull(),
  periodTo: date('period_to').notNull(),
  scopeName: text('scope_name').notNull(),
  language: text('language').$type<ReportLanguage>().notNull(),
  generatedAt: timestamptz('generated_at').notNull().defaultNow(),
  xlsx: bytea('xlsx'),
  pdf: bytea('pdf'),
});
