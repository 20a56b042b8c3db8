import { z } from 'zod';
import { dateSchema } from './input.js';

/**
 * One activity feed per customer and per opportunity (issue 16, capability 5): what happened to the
 * account or the deal, newest first, from every module that declares a feed source.
 */
export const FEED_TYPES = [
  'interaction',
  'stage',
  'quote',
  'approval',
  'contract',
  'order',
  'receipt',
  'task',
  'attachment',
  'complaint',
  'escalation',
  'handover',
] as const;
export type FeedType = (typeof FEED_TYPES)[number];

/** The record an entry links to; the web maps each kind to its page. */
export const FEED_RECORD_KINDS = [
  'customer',
  'opportunity',
  'quote',
  'contract',
  'order',
  'task',
  'interaction',
  'approval',
  'complaint',
  'escalation',
  'handover',
] as const;
export type FeedRecordKind = (typeof FEED_RECORD_KINDS)[number];

/** `?types=quote,order&actorId=…&from=2026-01-01&to=2026-01-31&before=<cursor>&limit=30` */
export const feedQuerySchema = z.object({
  types: z
    .string()
    .max(200)
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(FEED_TYPES)))
    .optional(),
  actorId: z.uuid().optional(),
  /** Company-local dates, both inclusive. */
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  /** `nextCursor` of the previous page. */
  before: z
    .string()
    .max(200)
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[\w:-]+$/, 'not a feed cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type FeedQuery = z.infer<typeof feedQuerySchema>;

export const feedEntrySchema = z.object({
  /** Stable and unique across sources: `<type>:<event>:<record id>`. */
  id: z.string(),
  type: z.enum(FEED_TYPES),
  /** What happened: created, stage_changed, submitted, approved, rejected, signed, done … */
  event: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  record: z.object({ kind: z.enum(FEED_RECORD_KINDS), id: z.string(), label: z.string() }),
  /** Values the reader's language formats: amounts in cents, stage and status keys, a channel. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** Text a person wrote (interaction notes, a task title), shown as written. */
  text: z.string().nullable(),
});
export type FeedEntry = z.infer<typeof feedEntrySchema>;

export const feedPageSchema = z.object({ items: z.array(feedEntrySchema), nextCursor: z.string().nullable() });
export type FeedPage = z.infer<typeof feedPageSchema>;
