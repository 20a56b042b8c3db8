import { z } from 'zod';

/**
 * A stored message (notification, approval title, job result, audit summary) kept as an i18n key
 * and its parameters, so each reader sees it in their own language. The key names a string of a web
 * module (`quotes.messages.discountApproval`); parameters are names, numbers and preformatted money.
 * Rows written before messages existed have none: their stored text is shown as it is.
 */
export const messageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export const messageSchema = z.object({ key: z.string().min(1).max(200), params: messageParamsSchema });
export type MessageParams = z.infer<typeof messageParamsSchema>;
export type Message = z.infer<typeof messageSchema>;

/** Builds a message; a missing parameter is a type error at the call site, not a blank on screen. */
export function message(key: string, params: MessageParams = {}): Message {
  return { key, params };
}
