import { z } from 'zod';
import { timeZoneSchema, timestampSchema } from './input.js';

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: timestampSchema,
  readAt: timestampSchema.nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationListSchema = z.object({ items: z.array(notificationSchema), unread: z.number().int() });
export type NotificationList = z.infer<typeof notificationListSchema>;

/** Home page figures: each card is a real count the platform has, keyed for i18n. */
export const homeSummarySchema = z.object({
  cards: z.array(
    z.object({
      key: z.enum([
        'pendingApprovals',
        'myOpenRequests',
        'unreadNotifications',
        'teamMembers',
        'directReports',
        'activeUsers',
        'disabledUsers',
        'lockedUsers',
        'orgUnits',
        'auditEventsToday',
        'loginsToday',
      ]),
      value: z.number().int(),
      link: z.string().nullable(),
    }),
  ),
  team: z.object({
    name: z.string().nullable(),
    members: z.array(z.object({ id: z.uuid(), displayName: z.string(), roles: z.array(z.string()) })),
  }),
});
export type HomeSummary = z.infer<typeof homeSummarySchema>;

/** The floor of audit retention (issue 14 item 11); the database enforces it too. */
export const MIN_AUDIT_RETENTION_YEARS = 5;

export const settingsSchema = z.object({
  companyName: z.string().min(1).max(100),
  timeZone: timeZoneSchema,
  /** At least 5 years (seeds and Chinese practice keep audit records that long; the default is 7). */
  auditRetentionYears: z.number().int().min(MIN_AUDIT_RETENTION_YEARS).max(30),
  sessionIdleMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  sessionAbsoluteHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  loginMaxFailures: z.number().int().min(3).max(20),
  loginLockMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  confidentialityText: z.string().min(1).max(5000),
  /** When a follow-up picked by date alone is due (HH:mm, company time zone); issue 16. */
  followUpTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
  /** The seller on generated contracts (乙方); blank legal name → the company name. */
  sellerLegalName: z.string().max(200),
  /** 统一社会信用代码: 18 characters, or blank until known. */
  sellerCreditCode: z.union([
    z.literal(''),
    z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'unified social credit code'),
  ]),
  sellerAddress: z.string().max(300),
  sellerBankName: z.string().max(200),
  sellerBankAccount: z.union([z.literal(''), z.string().regex(/^[0-9 -]{6,40}$/, 'bank account')]),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsUpdateSchema = settingsSchema.partial();
