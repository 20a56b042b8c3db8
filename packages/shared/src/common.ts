import { z } from 'zod';
import { MAX_INT4 } from './input.js';

export const idSchema = z.uuid();
export const idParamsSchema = z.object({ id: z.uuid() });

/** Money is integer cents (CNY by default), never floating point. */
export const centsSchema = z.number().int().safe();

/** Paging for every list endpoint. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    /** true when there are more than `total` rows (large lists count up to a cap). */
    capped: z.boolean().optional(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const okSchema = z.object({ ok: z.literal(true) });

/** Every record the API returns carries what the caller may do with it. */
export const abilitiesSchema = z.record(z.string(), z.boolean());
export type Abilities = z.infer<typeof abilitiesSchema>;

/** Optimistic-lock version (PostgreSQL int4): above it would fail in SQL, not in validation. */
export const versionSchema = z.number().int().min(1).max(MAX_INT4);
