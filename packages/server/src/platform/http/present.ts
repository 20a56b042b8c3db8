import type { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * Checks a record against its response schema where it is built, inside the transaction that wrote
 * it: a row the API cannot present makes the request fail and roll back, instead of being committed
 * and then failing every list that shows it (issue 14 item 6).
 */
export function presentable<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('internal', 'the record could not be presented; nothing was saved', {
      data: { issues: result.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  return result.data;
}
