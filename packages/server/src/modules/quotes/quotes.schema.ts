import { bigint, boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../platform/identity/index.js';
import { customers } from '../customers/index.js';
import { opportunities } from '../opportunities/index.js';
import { priceLists, products } from '../products/index.js';
import { approvalRequests } from '../../platform/approvals/approvals.schema.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

export const QUOTE_STATUSES = ['draft', 'pending_approval', 'approved', 'rejected', 'sent', 'accepted', 'declined', 'expired'] as const;

/**
 * Quotes (报价). Totals are stored as computed by the pricing and R-QUO-1 functions at the last
 * save. `approved_fingerprint` is the fingerprint of lines + discounts that an approval covered:
 * any change to them makes the quote need approval again.
 */
export const quotes = pgTable(
  'quotes',
  {
    id: id(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    teamId: uuid('team_id').references(() => orgUnits.id),
    priceListId: uuid('price_list_id').references(() => priceLists.id),
    status: text('status', { enum: QUOTE_STATUSES }).notNull().default('draft'),
    /** Revision number, +1 each time lines or discounts change. */
    revision: integer('revision').notNull().default(1),
    validUntil: date('valid_until', { mode: 'string' }),
    currency: text('currency').notNull().default('CNY'),
    /** Σ quantity × list unit price. */
    listTotalCents: bigint('list_total_cents', { mode: 'number' }).notNull().default(0),
    /** Σ line totals after ladder price, promotions and line discounts. */
    subtotalCents: bigint('subtotal_cents', { mode: 'number' }).notNull().default(0),
    /** Discount on the quote total, in cents. */
    totalDiscountCents: bigint('total_discount_cents', { mode: 'number' }).notNull().default(0),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull().default(0),
    /** The discount granted by the rep (line + total discounts) — what R-QUO-1 measures. */
    discountCents: bigint('discount_cents', { mode: 'number' }).notNull().default(0),
    /** The same as basis points of the priced subtotal before the rep's discounts. */
    discountBp: integer('discount_bp').notNull().default(0),
    belowFloor: boolean('below_floor').notNull().default(false),
    /** R-QUO-1 outcome at the last save: who must approve and why (`{ level, reasons[] }`). */
    authority: jsonb('authority').$type<Record<string, unknown>>().notNull().default({}),
    fingerprint: text('fingerprint').notNull().default(''),
    approvedFingerprint: text('approved_fingerprint'),
    approvalRequestId: uuid('approval_request_id').references(() => approvalRequests.id),
    /** A copy remembers its origin (audit: no copy-to-skip-approval trick). */
    copiedFromId: uuid('copied_from_id'),
    notes: text('notes'),
    terms: text('terms'),
    sentAt: timestamptz('sent_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('quotes_number_idx').on(t.number),
    index('quotes_owner_idx').on(t.ownerId, t.updatedAt),
    index('quotes_customer_idx').on(t.customerId),
    index('quotes_opportunity_idx').on(t.opportunityId),
    index('quotes_status_idx').on(t.status),
  ],
);

export const quoteLines = pgTable(
  'quote_lines',
  {
    id: id(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    description: text('description'),
    quantity: integer('quantity').notNull(),
    listUnitCents: bigint('list_unit_cents', { mode: 'number' }).notNull(),
    /** Unit price after ladder and promotions (R-PRC-1), before the rep's line discount. */
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    floorUnitCents: bigint('floor_unit_cents', { mode: 'number' }).notNull(),
    lineDiscountCents: bigint('line_discount_cents', { mode: 'number' }).notNull().default(0),
    lineTotalCents: bigint('line_total_cents', { mode: 'number' }).notNull(),
    /** How the price was made (tier, promotions applied) — shown in the builder and the PDF. */
    pricing: jsonb('pricing').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('quote_lines_quote_idx').on(t.quoteId, t.lineNo)],
);

/** A snapshot of each revision (lines, discounts, totals) — the quote's version history. */
export const quoteRevisions = pgTable(
  'quote_revisions',
  {
    id: id(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('quote_revisions_quote_rev_idx').on(t.quoteId, t.revision)],
);
