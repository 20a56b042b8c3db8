import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { LetterTerm, TargetMetric } from '@xiaoguan/shared';
import { users } from '../../platform/identity/index.js';
import { createdAt, id, timestamptz } from '../../platform/db/columns.js';

export interface StoredConfirmation {
  nodeId: string;
  reason: string;
  yearDifference: number;
}

/** One version of a year's target for one metric (M4). Saving makes a new version; old ones stay. */
export const targetPlans = pgTable('target_plans', {
  id: id(),
  year: integer('year').notNull(),
  metric: text('metric').$type<TargetMetric>().notNull(),
  /** A product line's own bookings plan (issue 18 item 1); null: all product lines. */
  productLineId: uuid('product_line_id'),
  version: integer('version').notNull(),
  isCurrent: boolean('is_current').notNull().default(true),
  stretchPct: integer('stretch_pct').notNull().default(110),
  challengePct: integer('challenge_pct').notNull().default(120),
  confirmations: jsonb('confirmations')
    .$type<StoredConfirmation[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  note: text('note'),
  createdById: uuid('created_by_id').references(() => users.id),
  createdAt: createdAt(),
});

/** A node's twelve monthly figures in a plan version, with the tree as it was then. */
export const targetValues = pgTable(
  'target_values',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => targetPlans.id, { onDelete: 'cascade' }),
    nodeId: uuid('node_id').notNull(),
    nodeKind: text('node_kind').$type<'unit' | 'user'>().notNull(),
    parentId: uuid('parent_id'),
    months: bigint('months', { mode: 'number' }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.nodeId] })],
);

/** A person's acknowledgement of their responsibility letter (责任书), with the terms they saw. */
export const targetAcknowledgements = pgTable('target_acknowledgements', {
  id: id(),
  year: integer('year').notNull(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  terms: jsonb('terms').$type<LetterTerm[]>().notNull(),
  acknowledgedAt: timestamptz('acknowledged_at').notNull().defaultNow(),
});
