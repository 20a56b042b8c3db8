import { and, asc, count, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type {
  PriceList,
  PriceListItem,
  PriceTier,
  Product,
  ProductCreate,
  ProductListQuery,
  ProductUpdate,
  Promotion,
  PromotionCreate,
  PromotionUpdate,
  ProductLine,
} from '@xiaoguan/shared';
import { PRODUCT_SORTS } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { getSettings } from '../../platform/settings/settings.js';
import { calendarDay } from '../../platform/time.js';
import { customerInScope, customersAccess } from '../customers/index.js';
import { priceListItems, priceLists, priceTiers, productCategories, productLines, products, promotions } from './products.schema.js';
import { productsAccess } from './products.access.js';
import { priceLines, resolvePriceListId } from './pricing.js';
import { floorFor } from './floor-visibility.js';

type ProductRow = typeof products.$inferSelect;
type PromotionRow = typeof promotions.$inferSelect;

/** Deleting a row other records point to: 409 with a hint, instead of the driver's foreign-key error. */
async function deleteOrConflict(tx: Tx, what: string, remove: () => Promise<unknown>): Promise<void> {
  try {
    await tx.transaction(async () => {
      await remove();
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23503' || (error as { cause?: { code?: string } }).cause?.code === '23503') {
      throw new AppError('conflict', `the ${what} is in use; deactivate it instead`);
    }
    throw error;
  }
}

/** Codes are unique: a taken one is a 409 naming the field (checked before the unique index would refuse it). */
async function checkCodeFree(
  tx: Tx,
  table: typeof products | typeof priceLists | typeof productLines,
  code: string | undefined,
  exceptId?: string,
): Promise<void> {
  if (code === undefined) return;
  const [taken] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(sql`lower(${table.code}) = lower(${code})`, exceptId ? ne(table.id, exceptId) : undefined))
    .limit(1);
  if (taken) throw new AppError('conflict', `the code ${code} is already used`, { field: 'body.code' });
}

/** Today in the company zone, as YYYY-MM-DD. */
export async function companyToday(ctx: Ctx): Promise<string> {
  const { timeZone } = await getSettings(ctx.db);
  return new Date(calendarDay(ctx.now, timeZone)).toISOString().slice(0, 10);
}

// ── product lines and categories ────────────────────────────────────────────────────────────

/** Product lines with their categories and how many products each category holds. */
export async function listProductLines(ctx: Ctx): Promise<ProductLine[]> {
  productsAccess.require(ctx.actor, 'read');
  const [lines, categories] = await Promise.all([
    ctx.db.select().from(productLines).orderBy(asc(productLines.sort), asc(productLines.code)),
    ctx.db
      .select({
        id: productCategories.id,
        lineId: productCategories.lineId,
        name: productCategories.name,
        sort: productCategories.sort,
        productCount: sql<number>`(select count(*)::int from products p where p.category_id = product_categories.id)`,
      })
      .from(productCategories)
      .orderBy(asc(productCategories.sort), asc(productCategories.name)),
  ]);
  return lines.map((line) => ({
    id: line.id,
    code: line.code,
    name: line.name,
    sort: line.sort,
    active: line.active,
    categories: categories.filter((c) => c.lineId === line.id).map(({ lineId: _line, ...category }) => category),
  }));
}

export async function createProductLine(
  ctx: Ctx,
  input: { code: string; name: string; sort: number; active: boolean },
): Promise<ProductLine> {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    await checkCodeFree(tx, productLines, input.code);
    const [created] = await tx
      .insert(productLines)
      .values({ ...input, createdAt: ctx.now })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'product_lines',
      entityId: created!.id,
      changes: diffChanges(null, input),
      summary: created!.name,
    });
    return { ...created!, categories: [] };
  });
}

export async function updateProductLine(
  ctx: Ctx,
  id: string,
  input: Partial<{ code: string; name: string; sort: number; active: boolean }>,
): Promise<{ ok: true }> {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(productLines).where(eq(productLines.id, id)).for('update');
    if (!before) throw notFound('product line');
    await checkCodeFree(tx, productLines, input.code, id);
    const [after] = await tx.update(productLines).set(input).where(eq(productLines.id, id)).returning();
    await ctx.audit(tx, {
      action: 'update',
      entity: 'product_lines',
      entityId: id,
      changes: diffChanges(before, after!),
      summary: after!.name,
    });
    return { ok: true as const };
  });
}

export async function deleteProductLine(ctx: Ctx, id: string): Promise<void> {
  productsAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(productLines).where(eq(productLines.id, id)).for('update');
    if (!before) throw notFound('product line');
    await deleteOrConflict(tx, 'product line', () => tx.delete(productLines).where(eq(productLines.id, id)));
    await ctx.audit(tx, { action: 'delete', entity: 'product_lines', entityId: id, summary: before.name });
  });
}

async function checkCategoryNameFree(tx: Tx, lineId: string, name: string, exceptId?: string): Promise<void> {
  const [taken] = await tx
    .select({ id: productCategories.id })
    .from(productCategories)
    .where(
      and(
        eq(productCategories.lineId, lineId),
        eq(productCategories.name, name),
        exceptId ? ne(productCategories.id, exceptId) : undefined,
      ),
    );
  if (taken) throw new AppError('conflict', `the product line already has a category ${name}`, { field: 'body.name' });
}

export async function createProductCategory(ctx: Ctx, input: { lineId: string; name: string; sort: number }) {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [line] = await tx.select({ id: productLines.id }).from(productLines).where(eq(productLines.id, input.lineId));
    if (!line) throw badRequest('body.lineId', 'no such product line');
    await checkCategoryNameFree(tx, input.lineId, input.name);
    const [created] = await tx
      .insert(productCategories)
      .values({ ...input, createdAt: ctx.now })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'product_categories',
      entityId: created!.id,
      changes: diffChanges(null, input),
      summary: created!.name,
    });
    return { id: created!.id, lineId: created!.lineId, name: created!.name, sort: created!.sort };
  });
}

export async function updateProductCategory(ctx: Ctx, id: string, input: Partial<{ lineId: string; name: string; sort: number }>) {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(productCategories).where(eq(productCategories.id, id)).for('update');
    if (!before) throw notFound('product category');
    if (input.lineId) {
      const [line] = await tx.select({ id: productLines.id }).from(productLines).where(eq(productLines.id, input.lineId));
      if (!line) throw badRequest('body.lineId', 'no such product line');
    }
    if (input.lineId !== undefined || input.name !== undefined)
      await checkCategoryNameFree(tx, input.lineId ?? before.lineId, input.name ?? before.name, id);
    const [after] = await tx.update(productCategories).set(input).where(eq(productCategories.id, id)).returning();
    await ctx.audit(tx, {
      action: 'update',
      entity: 'product_categories',
      entityId: id,
      changes: diffChanges(before, after!),
      summary: after!.name,
    });
    return { id: after!.id, lineId: after!.lineId, name: after!.name, sort: after!.sort };
  });
}

export async function deleteProductCategory(ctx: Ctx, id: string): Promise<void> {
  productsAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(productCategories).where(eq(productCategories.id, id)).for('update');
    if (!before) throw notFound('product category');
    await deleteOrConflict(tx, 'category', () => tx.delete(productCategories).where(eq(productCategories.id, id)));
    await ctx.audit(tx, { action: 'delete', entity: 'product_categories', entityId: id, summary: before.name });
  });
}

// ── products ─────────────────────────────────────────────────────────────────────────────────

const PRODUCT_ORDER: Record<(typeof PRODUCT_SORTS)[number], SQL[]> = {
  code: [asc(products.code)],
  '-code': [desc(products.code)],
  name: [asc(products.name)],
  '-name': [desc(products.name)],
  listPrice: [asc(products.listPriceCents)],
  '-listPrice': [desc(products.listPriceCents)],
  updatedAt: [asc(products.updatedAt)],
  '-updatedAt': [desc(products.updatedAt)],
};

function selectProducts(executor: Executor) {
  return executor
    .select({ product: products, categoryName: productCategories.name, lineId: productLines.id, lineName: productLines.name })
    .from(products)
    .leftJoin(productCategories, eq(productCategories.id, products.categoryId))
    .leftJoin(productLines, eq(productLines.id, productCategories.lineId));
}
type SelectedProduct = Awaited<ReturnType<ReturnType<typeof selectProducts>['where']>>[number];

async function presentProducts(ctx: Ctx, executor: Executor, rows: SelectedProduct[]): Promise<Product[]> {
  if (!rows.length) return [];
  const tiers = await executor
    .select({ tier: priceTiers, priceListName: priceLists.name })
    .from(priceTiers)
    .leftJoin(priceLists, eq(priceLists.id, priceTiers.priceListId))
    .where(
      inArray(
        priceTiers.productId,
        rows.map((r) => r.product.id),
      ),
    )
    .orderBy(asc(priceTiers.productId), sql`${priceTiers.priceListId} nulls first`, asc(priceTiers.minQuantity));
  const canWrite = productsAccess.can(ctx.actor, 'write');
  return rows.map(({ product, categoryName, lineId, lineName }) => ({
    id: product.id,
    code: product.code,
    name: product.name,
    nameEn: product.nameEn,
    categoryId: product.categoryId,
    categoryName,
    lineId,
    lineName,
    unit: product.unit,
    listPriceCents: product.listPriceCents,
    floorPriceCents: floorFor(ctx.actor, product.floorPriceCents),
    description: product.description,
    active: product.active,
    tiers: tiers
      .filter((t) => t.tier.productId === product.id)
      .map(({ tier, priceListName }): PriceTier => ({
        id: tier.id,
        priceListId: tier.priceListId,
        priceListName,
        minQuantity: tier.minQuantity,
        unitPriceCents: tier.unitPriceCents,
      })),
    createdAt: iso(product.createdAt)!,
    updatedAt: iso(product.updatedAt)!,
    version: product.version,
    abilities: { update: canWrite, delete: canWrite },
  }));
}

/** A page of the catalogue: search by code or name (Chinese substrings too), filter by line, category, active. */
export async function listProducts(ctx: Ctx, query: ProductListQuery) {
  productsAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(products.name, pattern), ilike(products.code, pattern), ilike(products.nameEn, pattern))!);
  }
  if (query.categoryId) filters.push(eq(products.categoryId, query.categoryId));
  if (query.lineId) filters.push(eq(productCategories.lineId, query.lineId));
  if (query.active !== undefined) filters.push(eq(products.active, query.active));
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    selectProducts(ctx.db)
      .where(where)
      .orderBy(...PRODUCT_ORDER[query.sort], asc(products.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: count() })
      .from(products)
      .leftJoin(productCategories, eq(productCategories.id, products.categoryId))
      .where(where),
  ]);
  return { items: await presentProducts(ctx, ctx.db, rows), total, page: query.page, pageSize: query.pageSize };
}

export async function getProduct(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Product> {
  productsAccess.require(ctx.actor, 'read');
  const rows = await selectProducts(executor).where(eq(products.id, id));
  if (!rows.length) throw notFound('product');
  return (await presentProducts(ctx, executor, rows))[0]!;
}

async function checkCategory(tx: Tx, categoryId: string | null | undefined): Promise<void> {
  if (!categoryId) return;
  const [row] = await tx.select({ id: productCategories.id }).from(productCategories).where(eq(productCategories.id, categoryId));
  if (!row) throw badRequest('body.categoryId', 'no such category');
}

function checkPrices(listPriceCents: number, floorPriceCents: number): void {
  if (floorPriceCents > listPriceCents) throw badRequest('body.floorPriceCents', 'the floor price cannot be above the list price');
}

export async function createProduct(ctx: Ctx, input: ProductCreate): Promise<Product> {
  productsAccess.require(ctx.actor, 'write');
  checkPrices(input.listPriceCents, input.floorPriceCents);
  return ctx.db.transaction(async (tx) => {
    await checkCategory(tx, input.categoryId);
    await checkCodeFree(tx, products, input.code);
    const [created] = await tx
      .insert(products)
      .values({ ...input, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'products',
      entityId: created!.id,
      changes: diffChanges(null, input),
      summary: `${created!.code} ${created!.name}`,
    });
    return getProduct(ctx, created!.id, tx);
  });
}

async function lockProduct(tx: Tx, id: string, version: number): Promise<ProductRow> {
  const [before] = await tx.select().from(products).where(eq(products.id, id)).for('update');
  if (!before) throw notFound('product');
  if (before.version !== version) throw conflict();
  return before;
}

export async function updateProduct(ctx: Ctx, id: string, input: ProductUpdate): Promise<Product> {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockProduct(tx, id, input.version);
    const { version: _version, ...fields } = input;
    checkPrices(fields.listPriceCents ?? before.listPriceCents, fields.floorPriceCents ?? before.floorPriceCents);
    await checkCategory(tx, fields.categoryId);
    await checkCodeFree(tx, products, fields.code, id);
    const [after] = await tx
      .update(products)
      .set({ ...fields, updatedAt: ctx.now, version: sql`${products.version} + 1` })
      .where(and(eq(products.id, id), eq(products.version, input.version)))
      .returning();
    if (!after) throw conflict();
    await ctx.audit(tx, {
      action: 'update',
      entity: 'products',
      entityId: id,
      changes: diffChanges(before, after),
      summary: `${after.code} ${after.name}`,
    });
    return getProduct(ctx, id, tx);
  });
}

/** Deletes a product no quote, contract or order refers to (else 409: deactivate it instead). */
export async function deleteProduct(ctx: Ctx, id: string, version: number): Promise<void> {
  productsAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const before = await lockProduct(tx, id, version);
    await deleteOrConflict(tx, 'product', () => tx.delete(products).where(eq(products.id, id)));
    await ctx.audit(tx, { action: 'delete', entity: 'products', entityId: id, summary: `${before.code} ${before.name}` });
  });
}

/**
 * R-PRC-1 ladder of a product, replaced as a whole: one row per (price list, min quantity); a
 * step's price never below the floor that applies to it (the list item's floor, else the product's).
 */
export async function setProductTiers(
  ctx: Ctx,
  id: string,
  input: { version: number; tiers: { priceListId: string | null; minQuantity: number; unitPriceCents: number }[] },
): Promise<Product> {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockProduct(tx, id, input.version);
    const seen = new Set<string>();
    const listIds = [...new Set(input.tiers.map((t) => t.priceListId).filter((v): v is string => v !== null))];
    const lists = listIds.length ? await tx.select({ id: priceLists.id }).from(priceLists).where(inArray(priceLists.id, listIds)) : [];
    const floors = listIds.length
      ? await tx
          .select({ priceListId: priceListItems.priceListId, floor: priceListItems.floorPriceCents })
          .from(priceListItems)
          .where(and(eq(priceListItems.productId, id), inArray(priceListItems.priceListId, listIds)))
      : [];
    input.tiers.forEach((tier, i) => {
      const key = `${tier.priceListId ?? ''}:${tier.minQuantity}`;
      if (seen.has(key)) throw badRequest(`body.tiers.${i}.minQuantity`, 'two steps with the same minimum quantity');
      seen.add(key);
      if (tier.priceListId && !lists.some((l) => l.id === tier.priceListId))
        throw badRequest(`body.tiers.${i}.priceListId`, 'no such price list');
      const floor = floors.find((f) => f.priceListId === tier.priceListId)?.floor ?? before.floorPriceCents;
      if (tier.unitPriceCents < floor) throw badRequest(`body.tiers.${i}.unitPriceCents`, 'a ladder price cannot be below the floor price');
    });
    const old = await tx.select().from(priceTiers).where(eq(priceTiers.productId, id)).orderBy(asc(priceTiers.minQuantity));
    await tx.delete(priceTiers).where(eq(priceTiers.productId, id));
    if (input.tiers.length) await tx.insert(priceTiers).values(input.tiers.map((tier) => ({ ...tier, productId: id })));
    await tx
      .update(products)
      .set({ updatedAt: ctx.now, version: sql`${products.version} + 1` })
      .where(eq(products.id, id));
    const shape = (rows: { priceListId: string | null; minQuantity: number; unitPriceCents: number }[]) =>
      [...rows]
        .sort((a, b) => (a.priceListId ?? '').localeCompare(b.priceListId ?? '') || a.minQuantity - b.minQuantity)
        .map((t) => ({ priceListId: t.priceListId, minQuantity: t.minQuantity, unitPriceCents: t.unitPriceCents }));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'products',
      entityId: id,
      changes: { tiers: [shape(old), shape(input.tiers)] },
      summary: `${before.code} ${before.name}`,
    });
    return getProduct(ctx, id, tx);
  });
}

// ── price lists ──────────────────────────────────────────────────────────────────────────────

function presentPriceList(ctx: Ctx, row: typeof priceLists.$inferSelect & { itemCount: number }): PriceList {
  const canWrite = productsAccess.can(ctx.actor, 'write');
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    isDefault: row.isDefault,
    validFrom: row.validFrom,
    validTo: row.validTo,
    active: row.active,
    itemCount: row.itemCount,
    version: row.version,
    abilities: { update: canWrite, delete: canWrite },
  };
}

const itemCountSql = sql<number>`(select count(*)::int from price_list_items i where i.price_list_id = price_lists.id)`;

export async function listPriceLists(ctx: Ctx): Promise<PriceList[]> {
  productsAccess.require(ctx.actor, 'read');
  const rows = await ctx.db
    .select({ list: priceLists, itemCount: itemCountSql })
    .from(priceLists)
    .orderBy(desc(priceLists.isDefault), asc(priceLists.code));
  return rows.map((row) => presentPriceList(ctx, { ...row.list, itemCount: row.itemCount }));
}

export async function getPriceList(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<PriceList> {
  productsAccess.require(ctx.actor, 'read');
  const [row] = await executor.select({ list: priceLists, itemCount: itemCountSql }).from(priceLists).where(eq(priceLists.id, id));
  if (!row) throw notFound('price list');
  return presentPriceList(ctx, { ...row.list, itemCount: row.itemCount });
}

function checkRange(validFrom: string | null | undefined, validTo: string | null | undefined): void {
  if (validFrom && validTo && validFrom > validTo) throw badRequest('body.validTo', 'the end date is before the start date');
}

/** Only one price list is the default: making one the default clears the flag on the others. */
async function clearOtherDefaults(tx: Tx, id: string): Promise<void> {
  await tx
    .update(priceLists)
    .set({ isDefault: false, version: sql`${priceLists.version} + 1` })
    .where(and(eq(priceLists.isDefault, true), ne(priceLists.id, id)));
}

export async function createPriceList(
  ctx: Ctx,
  input: { code: string; name: string; isDefault: boolean; validFrom?: string | null; validTo?: string | null; active: boolean },
): Promise<PriceList> {
  productsAccess.require(ctx.actor, 'write');
  checkRange(input.validFrom, input.validTo);
  return ctx.db.transaction(async (tx) => {
    await checkCodeFree(tx, priceLists, input.code);
    const [created] = await tx
      .insert(priceLists)
      .values({ ...input, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    if (created!.isDefault) await clearOtherDefaults(tx, created!.id);
    await ctx.audit(tx, {
      action: 'create',
      entity: 'price_lists',
      entityId: created!.id,
      changes: diffChanges(null, input),
      summary: created!.name,
    });
    return getPriceList(ctx, created!.id, tx);
  });
}

async function lockPriceList(tx: Tx, id: string, version: number) {
  const [before] = await tx.select().from(priceLists).where(eq(priceLists.id, id)).for('update');
  if (!before) throw notFound('price list');
  if (before.version !== version) throw conflict();
  return before;
}

export async function updatePriceList(
  ctx: Ctx,
  id: string,
  input: {
    version: number;
    code?: string;
    name?: string;
    isDefault?: boolean;
    validFrom?: string | null;
    validTo?: string | null;
    active?: boolean;
  },
): Promise<PriceList> {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockPriceList(tx, id, input.version);
    const { version: _version, ...fields } = input;
    await checkCodeFree(tx, priceLists, fields.code, id);
    checkRange(
      fields.validFrom === undefined ? before.validFrom : fields.validFrom,
      fields.validTo === undefined ? before.validTo : fields.validTo,
    );
    const [after] = await tx
      .update(priceLists)
      .set({ ...fields, updatedAt: ctx.now, version: sql`${priceLists.version} + 1` })
      .where(and(eq(priceLists.id, id), eq(priceLists.version, input.version)))
      .returning();
    if (!after) throw conflict();
    if (after.isDefault && !before.isDefault) await clearOtherDefaults(tx, id);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'price_lists',
      entityId: id,
      changes: diffChanges(before, after),
      summary: after.name,
    });
    return getPriceList(ctx, id, tx);
  });
}

export async function deletePriceList(ctx: Ctx, id: string, version: number): Promise<void> {
  productsAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const before = await lockPriceList(tx, id, version);
    await deleteOrConflict(tx, 'price list', () => tx.delete(priceLists).where(eq(priceLists.id, id)));
    await ctx.audit(tx, { action: 'delete', entity: 'price_lists', entityId: id, summary: before.name });
  });
}

export async function listPriceListItems(ctx: Ctx, id: string): Promise<PriceListItem[]> {
  await getPriceList(ctx, id);
  const rows = await ctx.db
    .select({
      productId: products.id,
      productCode: products.code,
      productName: products.name,
      productNameEn: products.nameEn,
      unit: products.unit,
      productListPriceCents: products.listPriceCents,
      productFloorPriceCents: products.floorPriceCents,
      unitPriceCents: priceListItems.unitPriceCents,
      floorPriceCents: priceListItems.floorPriceCents,
    })
    .from(priceListItems)
    .innerJoin(products, eq(products.id, priceListItems.productId))
    .where(eq(priceListItems.priceListId, id))
    .orderBy(asc(products.code));
  return rows.map((row) => ({
    ...row,
    productFloorPriceCents: floorFor(ctx.actor, row.productFloorPriceCents),
    floorPriceCents: floorFor(ctx.actor, row.floorPriceCents),
  }));
}

/** Replaces a price list's items as a whole (one audited change); floors never above the item price. */
export async function setPriceListItems(
  ctx: Ctx,
  id: string,
  input: { version: number; items: { productId: string; unitPriceCents: number; floorPriceCents: number | null }[] },
): Promise<PriceListItem[]> {
  productsAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const before = await lockPriceList(tx, id, input.version);
    const seen = new Set<string>();
    input.items.forEach((item, i) => {
      if (seen.has(item.productId)) throw badRequest(`body.items.${i}.productId`, 'the product is listed twice');
      seen.add(item.productId);
      if (item.floorPriceCents !== null && item.floorPriceCents > item.unitPriceCents)
        throw badRequest(`body.items.${i}.floorPriceCents`, 'the floor price cannot be above the price');
    });
    const ids = [...seen];
    const known = ids.length ? await tx.select({ id: products.id }).from(products).where(inArray(products.id, ids)) : [];
    const knownIds = new Set(known.map((k) => k.id));
    input.items.forEach((item, i) => {
      if (!knownIds.has(item.productId)) throw badRequest(`body.items.${i}.productId`, 'no such product');
    });
    const old = await tx.select().from(priceListItems).where(eq(priceListItems.priceListId, id));
    await tx.delete(priceListItems).where(eq(priceListItems.priceListId, id));
    if (input.items.length) await tx.insert(priceListItems).values(input.items.map((item) => ({ ...item, priceListId: id })));
    await tx
      .update(priceLists)
      .set({ updatedAt: ctx.now, version: sql`${priceLists.version} + 1` })
      .where(eq(priceLists.id, id));
    const byProduct = (rows: { productId: string; unitPriceCents: number; floorPriceCents: number | null }[]) =>
      Object.fromEntries(rows.map((r) => [r.productId, [r.unitPriceCents, r.floorPriceCents]]));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'price_lists',
      entityId: id,
      changes: diffChanges({ items: byProduct(old) }, { items: byProduct(input.items) }),
      summary: before.name,
    });
  });
  return listPriceListItems(ctx, id);
}

// ── promotions ───────────────────────────────────────────────────────────────────────────────

async function presentPromotions(ctx: Ctx, executor: Executor, rows: PromotionRow[]): Promise<Promotion[]> {
  const ids = [...new Set(rows.flatMap((r) => r.productIds))];
  const named = ids.length
    ? await executor.select({ id: products.id, code: products.code, name: products.name }).from(products).where(inArray(products.id, ids))
    : [];
  const byId = new Map(named.map((p) => [p.id, p]));
  const canWrite = productsAccess.can(ctx.actor, 'write');
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    productIds: row.productIds,
    products: row.productIds.flatMap((id) => byId.get(id) ?? []),
    memberLevels: row.memberLevels,
    percentOffBp: row.percentOffBp,
    amountOffCents: row.amountOffCents,
    stackable: row.stackable,
    active: row.active,
    version: row.version,
    abilities: { update: canWrite, delete: canWrite },
  }));
}

export async function listPromotions(
  ctx: Ctx,
  query: { page: number; pageSize: number; kind?: PromotionRow['kind']; on?: string; active?: boolean },
) {
  productsAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [];
  if (query.kind) filters.push(eq(promotions.kind, query.kind));
  if (query.on) filters.push(sql`${promotions.startsOn} <= ${query.on} and ${promotions.endsOn} >= ${query.on}`);
  if (query.active !== undefined) filters.push(eq(promotions.active, query.active));
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(promotions)
      .where(where)
      .orderBy(desc(promotions.startsOn), asc(promotions.name))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ total: count() }).from(promotions).where(where),
  ]);
  return { items: await presentPromotions(ctx, ctx.db, rows), total, page: query.page, pageSize: query.pageSize };
}

export async function getPromotion(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Promotion> {
  productsAccess.require(ctx.actor, 'read');
  const rows = await executor.select().from(promotions).where(eq(promotions.id, id));
  if (!rows.length) throw notFound('promotion');
  return (await presentPromotions(ctx, executor, rows))[0]!;
}

/** A promotion's shape must make sense for its kind (R-PRC-1): one discount form, dates in order, bundles of 2+, member levels. */
async function checkPromotion(
  tx: Tx,
  p: {
    kind: PromotionRow['kind'];
    startsOn: string;
    endsOn: string;
    productIds: string[];
    memberLevels: string[];
    percentOffBp: number | null;
    amountOffCents: number | null;
  },
): Promise<void> {
  if ((p.percentOffBp === null) === (p.amountOffCents === null))
    throw badRequest('body.percentOffBp', 'give either a percent off or an amount off per unit');
  if (p.startsOn > p.endsOn) throw badRequest('body.endsOn', 'the end date is before the start date');
  if (p.kind === 'bundle' && new Set(p.productIds).size < 2) throw badRequest('body.productIds', 'a bundle needs at least two products');
  if (p.kind === 'member' && p.memberLevels.length === 0)
    throw badRequest('body.memberLevels', 'name the member levels the promotion is for');
  const ids = [...new Set(p.productIds)];
  if (ids.length) {
    const found = await tx.select({ id: products.id }).from(products).where(inArray(products.id, ids));
    if (found.length !== ids.length) throw badRequest('body.productIds', 'no such product');
  }
}

export async function createPromotion(ctx: Ctx, input: PromotionCreate): Promise<Promotion> {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const values = {
      ...input,
      productIds: [...new Set(input.productIds)],
      percentOffBp: input.percentOffBp ?? null,
      amountOffCents: input.amountOffCents ?? null,
    };
    await checkPromotion(tx, values);
    const [created] = await tx
      .insert(promotions)
      .values({ ...values, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'promotions',
      entityId: created!.id,
      changes: diffChanges(null, values),
      summary: created!.name,
    });
    return getPromotion(ctx, created!.id, tx);
  });
}

async function lockPromotion(tx: Tx, id: string, version: number): Promise<PromotionRow> {
  const [before] = await tx.select().from(promotions).where(eq(promotions.id, id)).for('update');
  if (!before) throw notFound('promotion');
  if (before.version !== version) throw conflict();
  return before;
}

export async function updatePromotion(ctx: Ctx, id: string, input: PromotionUpdate): Promise<Promotion> {
  productsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockPromotion(tx, id, input.version);
    const { version: _version, ...fields } = input;
    const merged = { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as PromotionRow;
    merged.productIds = [...new Set(merged.productIds)];
    await checkPromotion(tx, merged);
    const [after] = await tx
      .update(promotions)
      .set({ ...fields, productIds: merged.productIds, updatedAt: ctx.now, version: sql`${promotions.version} + 1` })
      .where(and(eq(promotions.id, id), eq(promotions.version, input.version)))
      .returning();
    if (!after) throw conflict();
    await ctx.audit(tx, { action: 'update', entity: 'promotions', entityId: id, changes: diffChanges(before, after), summary: after.name });
    return getPromotion(ctx, id, tx);
  });
}

export async function deletePromotion(ctx: Ctx, id: string, version: number): Promise<void> {
  productsAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    const before = await lockPromotion(tx, id, version);
    await tx.delete(promotions).where(eq(promotions.id, id));
    await ctx.audit(tx, { action: 'delete', entity: 'promotions', entityId: id, summary: before.name });
  });
}

// ── pricing preview ─────────────────────────────────────────────────────────────────────────

/** R-PRC-1 for the quote builder: prices lines for a customer the caller may read, nothing saved. */
export async function previewPricing(
  ctx: Ctx,
  input: { customerId: string; priceListId?: string | null; on?: string; lines: { productId: string; quantity: number }[] },
) {
  productsAccess.require(ctx.actor, 'read');
  customersAccess.require(ctx.actor, 'read');
  await customerInScope(ctx, ctx.db, input.customerId);
  const on = input.on ?? (await companyToday(ctx));
  const priceListId = await resolvePriceListId(ctx.db, input.priceListId ?? null, on).catch(prefixBody);
  const lines = await priceLines(ctx.db, { customerId: input.customerId, priceListId, on, lines: input.lines }).catch(prefixBody);
  return { priceListId, on, lines: lines.map((line) => ({ ...line, floorUnitCents: floorFor(ctx.actor, line.floorUnitCents) })) };
}

/** Errors of the pricing functions name request fields without the `body.` the routes use. */
export function prefixBody(error: unknown): never {
  if (error instanceof AppError && error.details.field && !error.details.field.startsWith('body.')) {
    throw new AppError(error.code, error.message, { ...error.details, field: `body.${error.details.field}` });
  }
  throw error;
}
