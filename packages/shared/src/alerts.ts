import { z } from 'zod';
import { ROLES } from './roles.js';
import { abilitiesSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { messageSchema } from './messages.js';

/** Risk alerts (issue 18 item 5, R-RSK-1): rules contributed by modules, an inbox, acknowledge / resolve. */
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Who hears of an alert: the subject's owner, the owner's manager, or everyone holding a role. */
export const ALERT_RECIPIENTS = ['owner', 'manager', ...ROLES.map((role) => `role:${role}` as const)] as const;
export type AlertRecipient = (typeof ALERT_RECIPIENTS)[number];
/**
 * How a new alert reaches its recipients besides the inbox: in-app notification, e-mail, or the
 * deployment's WeCom / DingTalk group robot (platform senders).
 */
export const ALERT_CHANNELS = ['inApp', 'email', 'wecom', 'dingtalk'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

export const alertSchema = z.object({
  id: z.uuid(),
  ruleKey: z.string(),
  subjectKey: z.string(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  summary: z.string(),
  summaryMessage: messageSchema,
  link: z.string(),
  evidence: z.record(z.string(), z.union([z.string(), z.number()])),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  comment: z.string().nullable(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type Alert = z.infer<typeof alertSchema>;

export const alertListQuerySchema = pageQuerySchema.extend({
  /** `active` = open or acknowledged (the default inbox). */
  status: z.enum([...ALERT_STATUSES, 'active', 'all']).default('active'),
  rule: z.string().max(100).optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;
export const alertPageSchema = pageOf(alertSchema);

export const alertActionSchema = z.object({
  version: versionSchema,
  comment: z.string().trim().max(2000).optional(),
});
export const alertResolveSchema = alertActionSchema.extend({ comment: z.string().trim().min(1).max(2000) });
export type AlertAction = z.infer<typeof alertActionSchema>;

export const alertRuleSettingSchema = z.object({
  key: z.string(),
  enabled: z.boolean(),
  params: z.record(z.string(), z.number()),
  recipients: z.array(z.enum(ALERT_RECIPIENTS)),
  channels: z.array(z.enum(ALERT_CHANNELS)),
});
export type AlertRuleSetting = z.infer<typeof alertRuleSettingSchema>;
export const alertRuleListSchema = z.object({ items: z.array(alertRuleSettingSchema), canConfigure: z.boolean() });
export const alertRuleUpdateSchema = z.object({
  enabled: z.boolean(),
  params: z.record(z.string().max(40), z.number().min(0).max(1_000_000)),
  recipients: z.array(z.enum(ALERT_RECIPIENTS)).min(1).max(20),
  channels: z.array(z.enum(ALERT_CHANNELS)).min(1),
});
export type AlertRuleUpdate = z.infer<typeof alertRuleUpdateSchema>;
export const alertRuleParamsSchema = z.object({ key: z.string().regex(/^[a-z]+\.[a-zA-Z]+$/) });
