import { z } from 'zod';
import { dateTimeSchema } from './input.js';
import { pageOf, pageQuerySchema } from './common.js';
import { messageSchema } from './messages.js';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'view',
  'export',
  'reveal',
  'login',
  'login_failed',
  'logout',
  'acknowledge',
  'approve',
  'reject',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: auditActionSchema,
  entity: z.string(),
  entityId: z.string().nullable(),
  /** field → [before, after] */
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).nullable(),
  summary: z.string().nullable(),
  /** The summary as i18n key + parameters (null on rows written before messages). */
  summaryMessage: messageSchema.nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = pageOf(auditEntrySchema);

export const auditQuerySchema = pageQuerySchema.extend({
  actorId: z.uuid().optional(),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: auditActionSchema.optional(),
  from: dateTimeSchema.optional(),
  to: dateTimeSchema.optional(),
});
