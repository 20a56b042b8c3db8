import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, moneySchema, timestampSchema, queryBooleanSchema } from './input.js';

/** M2 Products and pricing (R-PRC-1): enums written once. */
export const PROMOTION_KINDS = ['seasonal', 'bundle', 'member', 'event'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];
/** Kinds made in the catalogue; an `event` offer is made on its event's page (issue 17 item 3). */
export const CATALOG_PROMOTION_KINDS = ['seasonal', 'bundle', 'member'] as const;
export const PRODUCT_SORTS = ['code', '-code', 'name', '-name', 'listPrice', '-listPrice', 'updatedAt', '-updatedAt'] as const;

const text = (max: number) => z.string().trim().max(max);
const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore');
const price = moneySchema.min(0);
const day = dateSchema;

export const productLineInputSchema = z.object({
  code,
  name: text(100).min(1),
  sort: z.number().int().min(0).max(10_000).default(0),
  active: z.boolean().default(true),
});
export const productLineUpdateSchema = productLineInputSchema.partial();
export const productLineSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  sort: z.number().int(),
  active: z.boolean(),
  categories: z.array(z.object({ id: z.uuid(), name: z.string(), sort: z.number().int(), productCount: z.number().int() })),
});
export type ProductLine = z.infer<typeof productLineSchema>;

export const productCategoryInputSchema = z.object({
  lineId: z.uuid(),
  name: text(100).min(1),
  sort: z.number().int().min(0).max(10_000).default(0),
});
export const productCategoryUpdateSchema = productCategoryInputSchema.partial();
export const productCategorySchema = z.object({ id: z.uuid(), lineId: z.uuid(), name: z.string(), sort: z.number().int() });

/** A ladder step (R-PRC-1): from `minQuantity` up, the unit price is `unitPriceCents`; `priceListId` null = every list without its own. */
export const priceTierInputSchema = z.object({
  priceListId: z.uuid().nullable().default(null),
  minQuantity: z.number().int().min(1).max(100_000_000),
  unitPriceCents: price,
});
export const priceTierSchema = z.object({
  id: z.uuid(),
  priceListId: z.uuid().nullable(),
  priceListName: z.string().nullable(),
  minQuantity: z.number().int(),
  unitPriceCents: centsSchema,
});
export type PriceTier = z.infer<typeof priceTierSchema>;

const productFields = {
  code,
  name: text(200).min(1),
  nameEn: text(200).nullable().optional(),
  categoryId: z.uuid().nullable().optional(),
  unit: text(20).min(1),
  listPriceCents: price,
  floorPriceCents: price,
  description: text(2000).nullable().optional(),
  active: z.boolean(),
};
export const productCreateSchema = z.object({
  ...productFields,
  unit: productFields.unit.default('件'),
  active: productFields.active.default(true),
});
export const productUpdateSchema = z.object(productFields).partial().extend({ version: versionSchema });
export type ProductCreate = z.infer<typeof productCreateSchema>;
export type ProductUpdate = z.infer<typeof productUpdateSchema>;

export const productTiersUpdateSchema = z.object({ version: versionSchema, tiers: z.array(priceTierInputSchema).max(50) });

export const productSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  categoryId: z.uuid().nullable(),
  categoryName: z.string().nullable(),
  lineId: z.uuid().nullable(),
  lineName: z.string().nullable(),
  unit: z.string(),
  listPriceCents: centsSchema,
  /** Null for a caller without the floor-price field permission (products.floor). */
  floorPriceCents: centsSchema.nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
  tiers: z.array(priceTierSchema),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type Product = z.infer<typeof productSchema>;
export const productPageSchema = pageOf(productSchema);

export const productListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  lineId: z.uuid().optional(),
  categoryId: z.uuid().optional(),
  active: queryBooleanSchema.optional(),
  sort: z.enum(PRODUCT_SORTS).default('code'),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

const priceListFields = {
  code,
  name: text(100).min(1),
  isDefault: z.boolean(),
  validFrom: day.nullable().optional(),
  validTo: day.nullable().optional(),
  active: z.boolean(),
};
export const priceListCreateSchema = z.object({
  ...priceListFields,
  isDefault: priceListFields.isDefault.default(false),
  active: priceListFields.active.default(true),
});
export const priceListUpdateSchema = z.object(priceListFields).partial().extend({ version: versionSchema });
export const priceListSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  active: z.boolean(),
  itemCount: z.number().int(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type PriceList = z.infer<typeof priceListSchema>;

export const priceListItemInputSchema = z.object({
  productId: z.uuid(),
  unitPriceCents: price,
  floorPriceCents: price.nullable().default(null),
});
export const priceListItemsUpdateSchema = z.object({ version: versionSchema, items: z.array(priceListItemInputSchema).max(5_000) });
export const priceListItemSchema = z.object({
  productId: z.uuid(),
  productCode: z.string(),
  productName: z.string(),
  /** The product's English name, when it has one (issue 16: shown to an en-US reader). */
  productNameEn: z.string().nullable().optional(),
  unit: z.string(),
  productListPriceCents: centsSchema,
  productFloorPriceCents: centsSchema.nullable(),
  unitPriceCents: centsSchema,
  floorPriceCents: centsSchema.nullable(),
});
export type PriceListItem = z.infer<typeof priceListItemSchema>;

const promotionFields = {
  name: text(100).min(1),
  kind: z.enum(CATALOG_PROMOTION_KINDS),
  startsOn: day,
  endsOn: day,
  productIds: z.array(z.uuid()).max(200),
  memberLevels: z.array(text(50).min(1)).max(20),
  /** Percent off in basis points (1,000 = 10 %), or … */
  percentOffBp: z.number().int().min(1).max(10_000).nullable().optional(),
  /** … an amount off per unit, in cents. */
  amountOffCents: moneySchema.min(1).nullable().optional(),
  stackable: z.boolean(),
  active: z.boolean(),
};
export const promotionCreateSchema = z.object({
  ...promotionFields,
  productIds: promotionFields.productIds.default([]),
  memberLevels: promotionFields.memberLevels.default([]),
  stackable: promotionFields.stackable.default(false),
  active: promotionFields.active.default(true),
});
export const promotionUpdateSchema = z.object(promotionFields).partial().extend({ version: versionSchema });
export type PromotionCreate = z.infer<typeof promotionCreateSchema>;
export type PromotionUpdate = z.infer<typeof promotionUpdateSchema>;
export const promotionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(PROMOTION_KINDS),
  startsOn: z.string(),
  endsOn: z.string(),
  productIds: z.array(z.uuid()),
  products: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  memberLevels: z.array(z.string()),
  percentOffBp: z.number().int().nullable(),
  amountOffCents: centsSchema.nullable(),
  stackable: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type Promotion = z.infer<typeof promotionSchema>;
export const promotionListQuerySchema = pageQuerySchema.extend({
  kind: z.enum(PROMOTION_KINDS).optional(),
  /** Only promotions valid on this day. */
  on: day.optional(),
  active: queryBooleanSchema.optional(),
});

/** R-PRC-1 priced line, as the pricing function returns it. */
export const pricedLineSchema = z.object({
  productId: z.uuid(),
  quantity: z.number().int(),
  listUnitCents: centsSchema,
  unitPriceCents: centsSchema,
  /** Null without the floor-price field permission. */
  floorUnitCents: centsSchema.nullable(),
  lineTotalCents: centsSchema,
  tierMinQuantity: z.number().int().nullable(),
  promotions: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.enum(PROMOTION_KINDS), discountCents: centsSchema })),
});
export type PricedLineDto = z.infer<typeof pricedLineSchema>;

export const pricingLineInputSchema = z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(100_000_000) });
export const pricingPreviewSchema = z.object({
  customerId: z.uuid(),
  priceListId: z.uuid().nullable().optional(),
  /** Pricing day; today in the company zone when omitted. */
  on: day.optional(),
  lines: z.array(pricingLineInputSchema).min(1).max(200),
});
export const pricingPreviewResultSchema = z.object({ priceListId: z.uuid().nullable(), on: z.string(), lines: z.array(pricedLineSchema) });

/**
 * A product's name for a reader of `language` (issue 16): the English name for en-US when the
 * product has one, else the Chinese. Server documents (PDFs, exports) call this; screens call the
 * web's `productName`, which reads the interface language.
 */
export function productNameIn(language: string, name: string, nameEn: string | null | undefined): string {
  return language === 'en-US' && nameEn ? nameEn : name;
}
