import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, version } from '../../platform/db/columns.js';

/** Product lines (产品线) and their categories. */
export const productLines = pgTable('product_lines', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export const productCategories = pgTable(
  'product_categories',
  {
    id: id(),
    lineId: uuid('line_id')
      .notNull()
      .references(() => productLines.id),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('product_categories_line_name_idx').on(t.lineId, t.name)],
);

/** Catalogue. Money in integer cents (CNY). `floor_price_cents`: selling below it always needs the director (R-QUO-1). */
export const products = pgTable(
  'products',
  {
    id: id(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    categoryId: uuid('category_id').references(() => productCategories.id),
    unit: text('unit').notNull().default('件'),
    listPriceCents: bigint('list_price_cents', { mode: 'number' }).notNull(),
    floorPriceCents: bigint('floor_price_cents', { mode: 'number' }).notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('products_category_idx').on(t.categoryId), index('products_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`)],
);

/** Price lists (standard, distributor, key-account …). One is the default; each may be limited to a date range. */
export const priceLists = pgTable('price_lists', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  validFrom: date('valid_from', { mode: 'string' }),
  validTo: date('valid_to', { mode: 'string' }),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

/** A product's unit price (and optionally floor) on a price list; absent → the product's list price. */
export const priceListItems = pgTable(
  'price_list_items',
  {
    priceListId: uuid('price_list_id')
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    floorPriceCents: bigint('floor_price_cents', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.priceListId, t.productId] })],
);

/**
 * R-PRC-1 ladder: from `min_quantity` up, the unit price is `unit_price_cents`. A tier with a null
 * price list applies to every list that has no tiers of its own for the product.
 */
export const priceTiers = pgTable(
  'price_tiers',
  {
    id: id(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    priceListId: uuid('price_list_id').references(() => priceLists.id, { onDelete: 'cascade' }),
    minQuantity: integer('min_quantity').notNull(),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
  },
  (t) => [index('price_tiers_product_idx').on(t.productId, t.minQuantity)],
);

/**
 * Promotions (促销): seasonal (date range, on listed products or all), bundle (all `product_ids`
 * on the quote → discount on those lines), member-exclusive (customer's loyalty level in
 * `member_levels`). Discount is a percentage in basis points or an amount off per unit.
 */
export const promotions = pgTable(
  'promotions',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['seasonal', 'bundle', 'member', 'event'] }).notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    productIds: uuid('product_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    memberLevels: text('member_levels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    percentOffBp: integer('percent_off_bp'),
    amountOffCents: bigint('amount_off_cents', { mode: 'number' }),
    stackable: boolean('stackable').notNull().default(false),
    active: boolean('active').notNull().default(true),
    /** kind 'event': the event whose attendees get it (an event offer, issue 17); set by the events module. */
    eventId: uuid('event_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('promotions_dates_idx').on(t.startsOn, t.endsOn)],
);
