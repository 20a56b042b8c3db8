import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../platform/identity/index.js';
import { customers } from '../customers/index.js';
import { products } from '../products/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

export const OPPORTUNITY_STAGES = ['lead', 'discovery', 'solution', 'negotiation', 'won', 'lost'] as const;

/** Opportunities (商机): lead → 需求挖掘 → 方案匹配 → negotiation → won / lost. */
export const opportunities = pgTable(
  'opportunities',
  {
    id: id(),
    name: text('name').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    teamId: uuid('team_id').references(() => orgUnits.id),
    stage: text('stage', { enum: OPPORTUNITY_STAGES }).notNull().default('lead'),
    /** Sort order inside a kanban column. */
    rank: integer('rank').notNull().default(0),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull().default(0),
    /** Win probability in percent; set from the stage's configured probability when the stage changes. */
    probability: integer('probability').notNull().default(10),
    expectedCloseOn: date('expected_close_on', { mode: 'string' }),
    competitors: text('competitors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    nextStep: text('next_step'),
    source: text('source'),
    lostReason: text('lost_reason'),
    lostNote: text('lost_note'),
    stageChangedAt: timestamptz('stage_changed_at').notNull().defaultNow(),
    closedAt: timestamptz('closed_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('opportunities_owner_stage_idx').on(t.ownerId, t.stage, t.rank),
    index('opportunities_stage_idx').on(t.stage, t.updatedAt),
    index('opportunities_customer_idx').on(t.customerId),
    index('opportunities_team_idx').on(t.teamId),
    index('opportunities_close_idx').on(t.expectedCloseOn),
    // The kanban board: open (closed_at null) or recently closed per owner, with every column the
    // board's window functions need, so a manager's board is an index-only scan (no INCLUDE in Drizzle).
    index('opportunities_owner_closed_idx').on(t.ownerId, t.closedAt, t.stage, t.rank, t.updatedAt, t.amountCents, t.probability, t.id),
    // Card order inside a column: neighbours, top and bottom of a column when a card is dropped.
    index('opportunities_stage_rank_idx').on(t.stage, t.rank, t.updatedAt),
    // The list's default order (most recently updated first) without sorting the scope.
    index('opportunities_updated_idx').on(t.updatedAt, t.id),
    // Search by name: ILIKE '%…%' (Chinese substrings) through pg_trgm.
    index('opportunities_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export const opportunityProducts = pgTable(
  'opportunity_products',
  {
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull().default(1),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.opportunityId, t.productId] })],
);

/** Every stage change with its time: funnel conversion and days per stage come from here. */
export const opportunityStageHistory = pgTable(
  'opportunity_stage_history',
  {
    id: id(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
  },
  // Both carry what the funnel reads, so its scans are index-only.
  (t) => [
    index('opportunity_stage_history_opp_idx').on(t.opportunityId, t.at, t.toStage),
    index('opportunity_stage_history_at_idx').on(t.at, t.opportunityId),
  ],
);
