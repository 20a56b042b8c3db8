import { z } from 'zod';

/** One error shape for every API failure. */
export const ERROR_CODES = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rule',
  'rate_limited',
  'locked',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** The offending field, as a dotted path (`body.username`, `query.page`). */
    field: z.string().optional(),
    /** The business rule that said no, for 422 (`R-AR-2`). */
    rule: z.string().optional(),
    /** Extra facts for the UI, e.g. `duplicates` for an R-CUS-3 conflict. */
    data: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
