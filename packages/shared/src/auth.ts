import { z } from 'zod';
import { timestampSchema } from './input.js';
import { roleSchema } from './roles.js';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

/** Permissions the web app reads to build its menu: `module.action` → allowed. */
export const permissionsSchema = z.record(z.string(), z.boolean());

export const meSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  orgUnitId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  managerId: z.uuid().nullable(),
  locale: localeSchema,
  mustChangePassword: z.boolean(),
  confidentialityAcknowledgedAt: timestampSchema.nullable(),
  permissions: permissionsSchema,
  /** The caller reads records others own (owner and team filters apply); computed by the access layer. */
  seesOthers: z.boolean(),
  csrfToken: z.string(),
  demo: z.boolean(),
  company: z.object({ name: z.string(), timeZone: z.string(), followUpTime: z.string().optional() }),
});
export type Me = z.infer<typeof meSchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1),
  newPassword: z.string().min(8).max(200),
});

export const updateProfileBodySchema = z.object({ locale: localeSchema });

/** First-run setup when the company starts empty (XIAOGUAN_DEMO=false). */
export const setupStatusSchema = z.object({ needsSetup: z.boolean() });
export const setupBodySchema = z.object({
  companyName: z.string().trim().min(1).max(100),
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[a-zA-Z0-9_.-]+$/),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(8).max(200),
});
export type SetupBody = z.infer<typeof setupBodySchema>;
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;
