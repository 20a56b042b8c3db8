import { z } from 'zod';
import { timestampSchema } from './input.js';

/** A scheduled job as admin sees it: its cron, when it runs next, how its last run went. */
export const scheduledJobSchema = z.object({
  name: z.string(),
  cron: z.string(),
  nextRunAt: timestampSchema,
  running: z.boolean(),
  lastStartedAt: timestampSchema.nullable(),
  lastFinishedAt: timestampSchema.nullable(),
  lastStatus: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type ScheduledJobRow = z.infer<typeof scheduledJobSchema>;

export const scheduledJobNameParamsSchema = z.object({ name: z.string().min(1).max(100) });
