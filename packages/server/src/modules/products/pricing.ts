import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { badRequest } from '../../platform/errors.js';
import { customerRfm, customers } from '../customers/index.js';
import { priceListItems, priceLists, priceTiers, products, promotions } from './products.schema.js';
import { pricingEventEligibility } from './products.slots.js';

/**
 * R-PRC-1 pricing: the unit price of a quote line from the catalogue.
 *
 * 1. Base: the price list's item price, else the product's list price (`listUnitCents`).
 * 2. Ladder: the tier with the highest `min_quantity` ≤ quantity replaces the base. Tiers of the
 *    price list in use win; a product's tiers with a null price list apply only when the list has
 *    none of its own for that product.
 * 3. Promotions valid on the day (inclusive dates, active): seasonal (empty `product_ids` = every
 *    product), bundle (the line's product is one of `product_ids` and every one of them is on the
 *    quote), member (the customer's loyalty level is in `member_levels`; empty `product_ids` = all),
 *    event (an event offer: the customer attended its event — `eventIds`, filled through the
 *    `pricingEventEligibility` slot by the events module; empty `product_ids` = all).
 *    Each discount is measured on the ladder price: percent in basis points (rounded half up to a
 *    cent per unit) or an amount off per unit. Of the non-stackable ones only the single best
 *    applies; every stackable one adds on top. The unit price never goes below 0.
 * 4. Floor: the price list's item floor, else the product's floor.
 */

export interface PriceInput {
  productId: string;
  quantity: number;
}

export interface PricedLine {
  productId: string;
  quantity: number;
  /** Product (or price-list) list unit price. */
  listUnitCents: number;
  /** After ladder tier and promotions, before any rep discount. */
  unitPriceCents: number;
  /** Price-list floor, else product floor. */
  floorUnitCents: number;
  /** unitPriceCents × quantity. */
  lineTotalCents: number;
  tierMinQuantity: number | null;
  /** Promotions applied, best non-stackable first; `discountCents` is per unit. */
  promotions: { id: string; name: string; kind: CatalogPromotion['kind']; discountCents: number }[];
}

export interface CatalogProduct {
  id: string;
  code: string;
  name: string;
  active: boolean;
  listPriceCents: number;
  floorPriceCents: number;
}

export interface CatalogPriceListItem {
  productId: string;
  unitPriceCents: number;
  floorPriceCents: number | null;
}

export interface CatalogTier {
  productId: string;
  priceListId: string | null;
  minQuantity: number;
  unitPriceCents: number;
}

export interface CatalogPromotion {
  id: string;
  name: string;
  kind: 'seasonal' | 'bundle' | 'member' | 'event';
  startsOn: string;
  endsOn: string;
  productIds: string[];
  memberLevels: string[];
  percentOffBp: number | null;
  amountOffCents: number | null;
  stackable: boolean;
  active: boolean;
  /** kind 'event': its event. */
  eventId?: string | null;
}

/** What a line's promotions are measured against: the day, the customer's level and events, the quote's products. */
export interface PricingContext {
  on: string;
  memberLevel: string | null;
  productIdsOnQuote: ReadonlySet<string>;
  /** Events whose offers the customer may have (attended); absent = none. */
  eventIds?: ReadonlySet<string>;
}

/** The catalogue slice a quote needs, pre-indexed so pricing a line is a few Map look-ups. */
export interface PricingCatalog {
  priceListId: string | null;
  products: Map<string, CatalogProduct>;
  items: Map<string, CatalogPriceListItem>;
  /** Effective ladder per product (list-specific if it has any, else the general one), highest min first. */
  tiers: Map<string, { minQuantity: number; unitPriceCents: number }[]>;
  /** Promotions naming a product, by product id. */
  promotionsByProduct: Map<string, CatalogPromotion[]>;
  /** Promotions with no product list (seasonal/member on every product). */
  promotionsForAll: CatalogPromotion[];
}

export interface PricingCatalogInput {
  priceListId: string | null;
  products: CatalogProduct[];
  items?: CatalogPriceListItem[];
  tiers?: CatalogTier[];
  promotions?: CatalogPromotion[];
}

/** Builds the indexed catalogue from plain rows (what loadPricingCatalog reads; what tests write). */
export function buildPricingCatalog(input: PricingCatalogInput): PricingCatalog {
  const productMap = new Map(input.products.map((p) => [p.id, p]));
  const items = new Map((input.items ?? []).map((item) => [item.productId, item]));
  const specific = new Map<string, { minQuantity: number; unitPriceCents: number }[]>();
  const general = new Map<string, { minQuantity: number; unitPriceCents: number }[]>();
  for (const tier of input.tiers ?? []) {
    let target: Map<string, { minQuantity: number; unitPriceCents: number }[]>;
    if (tier.priceListId === null) target = general;
    else if (input.priceListId !== null && tier.priceListId === input.priceListId) target = specific;
    else continue;
    const list = target.get(tier.productId) ?? [];
    list.push({ minQuantity: tier.minQuantity, unitPriceCents: tier.unitPriceCents });
    target.set(tier.productId, list);
  }
  const tiers = new Map<string, { minQuantity: number; unitPriceCents: number }[]>();
  for (const [productId, list] of general) tiers.set(productId, list);
  for (const [productId, list] of specific) tiers.set(productId, list);
  for (const list of tiers.values()) list.sort((a, b) => b.minQuantity - a.minQuantity);

  const promotionsByProduct = new Map<string, CatalogPromotion[]>();
  const promotionsForAll: CatalogPromotion[] = [];
  for (const promotion of input.promotions ?? []) {
    if (!promotion.active) continue;
    if (promotion.productIds.length === 0) {
      // A bundle of nothing is no bundle.
      if (promotion.kind !== 'bundle') promotionsForAll.push(promotion);
      continue;
    }
    for (const productId of new Set(promotion.productIds)) {
      const list = promotionsByProduct.get(productId) ?? [];
      list.push(promotion);
      promotionsByProduct.set(productId, list);
    }
  }
  return { priceListId: input.priceListId, products: productMap, items, tiers, promotionsByProduct, promotionsForAll };
}

/** round(a × b / 10000) half up, for non-negative integers, exact beyond 2^53. */
function basisPoints(cents: number, bp: number): number {
  const product = cents * bp;
  if (Number.isSafeInteger(product)) return Math.floor((product + 5000) / 10000);
  return Number((BigInt(cents) * BigInt(bp) + 5000n) / 10000n);
}

function promotionDiscount(promotion: CatalogPromotion, unitCents: number): number {
  let discount = 0;
  if (promotion.percentOffBp !== null && promotion.percentOffBp > 0)
    discount = basisPoints(unitCents, Math.min(promotion.percentOffBp, 10000));
  else if (promotion.amountOffCents !== null && promotion.amountOffCents > 0) discount = promotion.amountOffCents;
  return Math.min(discount, unitCents);
}

function applies(promotion: CatalogPromotion, context: PricingContext): boolean {
  if (!promotion.active || context.on < promotion.startsOn || context.on > promotion.endsOn) return false;
  switch (promotion.kind) {
    case 'seasonal':
      return true;
    case 'bundle':
      return promotion.productIds.length > 0 && promotion.productIds.every((id) => context.productIdsOnQuote.has(id));
    case 'member':
      return context.memberLevel !== null && promotion.memberLevels.includes(context.memberLevel);
    case 'event':
      return !!promotion.eventId && !!context.eventIds?.has(promotion.eventId);
  }
}

/** R-PRC-1: one line's price from the catalogue. Pure; throws 400 `productId` for a product not in the catalogue. */
export function priceLine(catalog: PricingCatalog, line: PriceInput, context: PricingContext): PricedLine {
  const product = catalog.products.get(line.productId);
  if (!product) throw badRequest('productId', `unknown product ${line.productId}`);
  const item = catalog.items.get(line.productId);
  const listUnitCents = item ? item.unitPriceCents : product.listPriceCents;
  const floorUnitCents = item && item.floorPriceCents !== null ? item.floorPriceCents : product.floorPriceCents;

  let tierMinQuantity: number | null = null;
  let ladderCents = listUnitCents;
  const ladder = catalog.tiers.get(line.productId);
  if (ladder) {
    for (const tier of ladder) {
      if (tier.minQuantity <= line.quantity) {
        tierMinQuantity = tier.minQuantity;
        ladderCents = tier.unitPriceCents;
        break;
      }
    }
  }

  let best: { promotion: CatalogPromotion; discount: number } | null = null;
  const stackable: { promotion: CatalogPromotion; discount: number }[] = [];
  const consider = (promotion: CatalogPromotion) => {
    if (!applies(promotion, context)) return;
    const discount = promotionDiscount(promotion, ladderCents);
    if (discount <= 0) return;
    if (promotion.stackable) stackable.push({ promotion, discount });
    else if (!best || discount > best.discount || (discount === best.discount && promotion.id < best.promotion.id))
      best = { promotion, discount };
  };
  const named = catalog.promotionsByProduct.get(line.productId);
  if (named) for (const promotion of named) consider(promotion);
  for (const promotion of catalog.promotionsForAll) consider(promotion);

  const applied: PricedLine['promotions'] = [];
  let unitPriceCents = ladderCents;
  const ordered = best ? [best as { promotion: CatalogPromotion; discount: number }] : [];
  stackable.sort((a, b) => b.discount - a.discount || (a.promotion.id < b.promotion.id ? -1 : 1));
  for (const { promotion, discount } of [...ordered, ...stackable]) {
    const taken = Math.min(discount, unitPriceCents);
    if (taken <= 0) break;
    unitPriceCents -= taken;
    applied.push({ id: promotion.id, name: promotion.name, kind: promotion.kind, discountCents: taken });
  }

  return {
    productId: line.productId,
    quantity: line.quantity,
    listUnitCents,
    unitPriceCents,
    floorUnitCents,
    lineTotalCents: unitPriceCents * line.quantity,
    tierMinQuantity,
    promotions: applied,
  };
}

/** Reads the products, the price list's items, their tiers and the promotions valid on `on`. */
export async function loadPricingCatalog(
  db: Executor,
  input: { productIds: string[]; priceListId: string | null; on: string },
): Promise<PricingCatalog> {
  const ids = [...new Set(input.productIds)];
  if (ids.length === 0) return buildPricingCatalog({ priceListId: input.priceListId, products: [] });
  const [productRows, itemRows, tierRows, promotionRows] = await Promise.all([
    db
      .select({
        id: products.id,
        code: products.code,
        name: products.name,
        active: products.active,
        listPriceCents: products.listPriceCents,
        floorPriceCents: products.floorPriceCents,
      })
      .from(products)
      .where(inArray(products.id, ids)),
    input.priceListId
      ? db
          .select({
            productId: priceListItems.productId,
            unitPriceCents: priceListItems.unitPriceCents,
            floorPriceCents: priceListItems.floorPriceCents,
          })
          .from(priceListItems)
          .where(and(eq(priceListItems.priceListId, input.priceListId), inArray(priceListItems.productId, ids)))
      : Promise.resolve([]),
    db
      .select({
        productId: priceTiers.productId,
        priceListId: priceTiers.priceListId,
        minQuantity: priceTiers.minQuantity,
        unitPriceCents: priceTiers.unitPriceCents,
      })
      .from(priceTiers)
      .where(
        and(
          inArray(priceTiers.productId, ids),
          input.priceListId
            ? or(isNull(priceTiers.priceListId), eq(priceTiers.priceListId, input.priceListId))
            : isNull(priceTiers.priceListId),
        ),
      ),
    db
      .select({
        id: promotions.id,
        name: promotions.name,
        kind: promotions.kind,
        startsOn: promotions.startsOn,
        endsOn: promotions.endsOn,
        productIds: promotions.productIds,
        memberLevels: promotions.memberLevels,
        percentOffBp: promotions.percentOffBp,
        amountOffCents: promotions.amountOffCents,
        stackable: promotions.stackable,
        active: promotions.active,
        eventId: promotions.eventId,
      })
      .from(promotions)
      .where(
        and(
          eq(promotions.active, true),
          lte(promotions.startsOn, input.on),
          gte(promotions.endsOn, input.on),
          or(sql`cardinality(${promotions.productIds}) = 0`, sql`${promotions.productIds} && ${sql.param(ids)}::uuid[]`),
        ),
      ),
  ]);
  return buildPricingCatalog({
    priceListId: input.priceListId,
    products: productRows,
    items: itemRows,
    tiers: tierRows,
    promotions: promotionRows,
  });
}

/** The default price list valid on the day, if any. */
async function defaultPriceListId(db: Executor, on: string): Promise<string | null> {
  const [row] = await db
    .select({ id: priceLists.id })
    .from(priceLists)
    .where(
      and(
        eq(priceLists.isDefault, true),
        eq(priceLists.active, true),
        or(isNull(priceLists.validFrom), lte(priceLists.validFrom, on)),
        or(isNull(priceLists.validTo), gte(priceLists.validTo, on)),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The price list a quote uses: the named one (active and valid on `on`, else 400 `priceListId`) or the default one. */
export async function resolvePriceListId(db: Executor, priceListId: string | null, on: string): Promise<string | null> {
  if (!priceListId) return defaultPriceListId(db, on);
  if (!UUID.test(priceListId)) throw badRequest('priceListId', 'unknown price list');
  const [list] = await db.select().from(priceLists).where(eq(priceLists.id, priceListId));
  if (!list || !list.active) throw badRequest('priceListId', 'unknown or inactive price list');
  if ((list.validFrom && list.validFrom > on) || (list.validTo && list.validTo < on)) {
    throw badRequest('priceListId', `price list ${list.code} is not valid on ${on}`);
  }
  return list.id;
}

/**
 * Prices every line for a customer: loads the catalogue and the customer's loyalty level. A
 * missing `priceListId` means the default list valid on `on` (if any); a named one must be active and
 * valid that day. Unknown or inactive products → 400 naming `lines.<i>.productId`.
 */
export async function priceLines(
  db: Executor,
  input: { customerId: string; priceListId?: string | null; on: string; lines: PriceInput[] },
): Promise<PricedLine[]> {
  const priceListId = await resolvePriceListId(db, input.priceListId ?? null, input.on);
  if (!UUID.test(input.customerId)) throw badRequest('customerId', 'unknown customer');
  input.lines.forEach((line, i) => {
    if (!UUID.test(line.productId)) throw badRequest(`lines.${i}.productId`, 'unknown product');
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      throw badRequest(`lines.${i}.quantity`, 'quantity must be a whole number ≥ 1');
  });
  const [customer] = await db
    .select({ loyaltyLevel: customerRfm.loyaltyLevel })
    .from(customers)
    .leftJoin(customerRfm, eq(customerRfm.customerId, customers.id))
    .where(eq(customers.id, input.customerId));
  if (!customer) throw badRequest('customerId', 'unknown customer');
  const catalog = await loadPricingCatalog(db, { productIds: input.lines.map((line) => line.productId), priceListId, on: input.on });
  input.lines.forEach((line, i) => {
    const product = catalog.products.get(line.productId);
    if (!product) throw badRequest(`lines.${i}.productId`, 'unknown product');
    if (!product.active) throw badRequest(`lines.${i}.productId`, `product ${product.code} is inactive`);
  });
  const eventIds = new Set<string>();
  for (const eligible of pricingEventEligibility.values())
    for (const id of await eligible(db, input.customerId, input.on)) eventIds.add(id);
  const context: PricingContext = {
    on: input.on,
    memberLevel: customer.loyaltyLevel,
    productIdsOnQuote: new Set(input.lines.map((line) => line.productId)),
    eventIds,
  };
  return input.lines.map((line) => priceLine(catalog, line, context));
}
