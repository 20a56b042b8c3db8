import { z } from 'zod';
import { customerListQuerySchema, TIERS } from './customers.js';

/** The most records one bulk action changes: it runs as one transaction, all or nothing. */
export const BULK_LIMIT = 2000;

/** The rows a bulk action works on: the ones ticked, or every row matching the list's filters ("select all N matching"). */
export const bulkSelectionSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(BULK_LIMIT) }),
  z.object({ matching: customerListQuerySchema.omit({ page: true, pageSize: true, sort: true }) }),
]);

const tagList = z.array(z.string().trim().min(1).max(30)).min(1).max(20);

/** Bulk actions on customers; each names what it needs. */
export const customerBulkActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('reassign'), ownerId: z.uuid() }),
  z.object({ action: z.literal('addTags'), tags: tagList }),
  z.object({ action: z.literal('removeTags'), tags: tagList }),
  z.object({ action: z.literal('release'), reason: z.string().trim().min(1).max(500) }),
  z.object({ action: z.literal('setTier'), tier: z.enum(TIERS) }),
]);
export type CustomerBulkAction = z.infer<typeof customerBulkActionSchema>;

export const customerBulkSchema = z.object({ selection: bulkSelectionSchema, change: customerBulkActionSchema });
export type CustomerBulk = z.infer<typeof customerBulkSchema>;

/** What a bulk action did: how many records it changed (every one of them audited). */
export const bulkResultSchema = z.object({ action: z.string(), changed: z.number().int(), unchanged: z.number().int() });
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** Closing several follow-up tasks at once. */
export const taskBulkCloseSchema = z.object({ ids: z.array(z.uuid()).min(1).max(BULK_LIMIT) });
