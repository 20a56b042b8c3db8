import { z } from 'zod';
import { customerListQuerySchema, taskListQuerySchema, TIERS } from './customers.js';

/** The most records one bulk action changes at once: up to this it runs as one transaction, all or nothing. */
export const BULK_LIMIT = 2000;

/**
 * The most records one bulk action takes at all: above BULK_LIMIT it runs as a background job with
 * progress (each record checked and changed on its own; one record's failure does not stop the rest).
 */
export const BULK_JOB_LIMIT = 100_000;

/** The rows a bulk action works on: the ones ticked, or every row matching the list's filters ("select all N matching"). */
export const bulkSelectionSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(BULK_JOB_LIMIT) }),
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

/**
 * Closing several follow-up tasks at once: the ticked ones, or every task the caller sees that matches
 * the task list's filters ("select all N matching"), up to BULK_LIMIT — one transaction, all or nothing.
 */
export const taskBulkCloseSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(BULK_LIMIT) }),
  z.object({ matching: taskListQuerySchema.pick({ state: true, customerId: true, ownerId: true }) }),
]);
export type TaskBulkClose = z.infer<typeof taskBulkCloseSchema>;

/**
 * A bulk action above BULK_LIMIT records: queued as a background job (202). Its progress and outcome
 * are read from GET /bulk-jobs/:id, the per-record report from GET /bulk-jobs/:id/report.
 */
export const bulkJobStartedSchema = z.object({ jobId: z.uuid(), total: z.number().int() });
export type BulkJobStarted = z.infer<typeof bulkJobStartedSchema>;

/** Why a bulk job could not change a record: the screen names it in the reader's language. */
export const BULK_FAILURE_CODES = ['outside_scope', 'not_found', 'invalid', 'error'] as const;

/** A record the bulk job could not change, and why (`reason` in English for the report file and the log). */
export const bulkJobFailureSchema = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  code: z.enum(BULK_FAILURE_CODES),
  reason: z.string(),
});
export type BulkJobFailure = z.infer<typeof bulkJobFailureSchema>;

export const bulkJobSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  action: z.string().nullable(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  processed: z.number().int(),
  total: z.number().int().nullable(),
  changed: z.number().int().nullable(),
  unchanged: z.number().int().nullable(),
  failed: z.number().int().nullable(),
  /** The first failures (all of them are in the report). */
  failures: z.array(bulkJobFailureSchema),
  /** Why the job itself stopped (e.g. the server process running it stopped: interrupted). */
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BulkJob = z.infer<typeof bulkJobSchema>;

/** "Export selected": the ticked rows of a list as a file, through the list's export (masking and access as there). */
export const exportSelectedSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(BULK_LIMIT),
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
});
export type ExportSelected = z.infer<typeof exportSelectedSchema>;
