import { z } from 'zod';
import { abilitiesSchema, versionSchema } from './common.js';
import { dateSchema, dateTimeSchema, nameTextSchema, textSchema } from './input.js';

/**
 * M12 Internal control and audit (内部控制与审计, 审计结果反馈与整改): audit plans with a scope and a
 * checklist, samples drawn read-only (every view logged), findings with severity and evidence, and
 * rectification tasks under R-AUD-1 (`rectificationUrgency`).
 */
export const AUDIT_PROCESSES = ['discounts', 'expenses', 'contracts', 'receivables', 'other'] as const;
export const AUDIT_PLAN_STATUSES = ['planned', 'fieldwork', 'reporting', 'closed'] as const;
export const FINDING_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const FINDING_STATUSES = ['open', 'rectifying', 'verifying', 'closed'] as const;
export const RECTIFICATION_STATUSES = ['open', 'submitted', 'accepted', 'rejected'] as const;
export const SAMPLE_RULES = ['random_quotes', 'random_expenses', 'quotes_near_limit', 'expenses_without_invoice'] as const;
export type SampleRule = (typeof SAMPLE_RULES)[number];

const line = (max: number) => nameTextSchema.max(max);
const text = (max: number) => textSchema.max(max).transform((value) => value.trim());

export const auditChecklistItemSchema = z.object({ text: line(300).min(1), done: z.boolean().default(false) });

export const auditPlanInputSchema = z
  .object({
    title: line(120).min(1),
    process: z.enum(AUDIT_PROCESSES),
    regionUnitId: z.uuid().nullable().default(null),
    periodFrom: dateSchema,
    periodTo: dateSchema,
    checklist: z.array(auditChecklistItemSchema).max(50).default([]),
  })
  .refine((value) => value.periodFrom <= value.periodTo, { path: ['periodTo'], message: 'the period ends before it starts' });
export const auditPlanUpdateSchema = z.object({
  title: line(120).min(1).optional(),
  checklist: z.array(auditChecklistItemSchema).max(50).optional(),
  status: z.enum(['planned', 'fieldwork', 'reporting']).optional(),
  version: versionSchema,
});

export const sampleRequestSchema = z.object({
  rule: z.enum(SAMPLE_RULES),
  /** Random: how many; by rule: at most how many (newest first). */
  count: z.number().int().min(1).max(500).default(20),
  /** quotes_near_limit: within this percent under an approval limit (R-RSK-1 `justUnderLimit`). */
  withinPct: z.number().min(0.1).max(50).default(5),
});

export const auditSampleSchema = z.object({
  id: z.uuid(),
  recordKind: z.enum(['quote', 'expense_claim']),
  recordId: z.uuid(),
  label: z.string(),
  reason: z.enum(SAMPLE_RULES),
  figures: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  viewedAt: z.string().nullable(),
});
export type AuditSample = z.infer<typeof auditSampleSchema>;

/** One sampled record, read-only, as the auditor sees it (the view is logged). */
export const sampleRecordSchema = z.object({
  sample: auditSampleSchema,
  fields: z.array(z.object({ key: z.string(), value: z.union([z.string(), z.number(), z.null()]) })),
});

export const evidenceLinkSchema = z.object({ label: line(200).min(1), url: z.string().max(500) });

export const findingInputSchema = z.object({
  title: line(200).min(1),
  description: text(4000).default(''),
  severity: z.enum(FINDING_SEVERITIES),
  unitId: z.uuid(),
  responsibleId: z.uuid(),
  sampleId: z.uuid().nullable().optional(),
  evidence: z.array(evidenceLinkSchema).max(20).default([]),
});
export const rectificationInputSchema = z.object({
  title: line(200).min(1),
  ownerId: z.uuid(),
  deadline: dateTimeSchema,
});
export const rectificationSubmitSchema = z.object({ note: text(4000).pipe(z.string().min(1)), version: versionSchema });
export const rectificationVerifySchema = z.object({ accept: z.boolean(), note: text(2000).default(''), version: versionSchema });
export const findingCloseSchema = z.object({ note: text(2000).default(''), version: versionSchema });

export const rectificationSchema = z.object({
  id: z.uuid(),
  findingId: z.uuid(),
  title: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  deadline: z.string(),
  status: z.enum(RECTIFICATION_STATUSES),
  urgency: z.enum(['none', 'due_soon', 'late', 'escalated']),
  note: z.string().nullable(),
  submittedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verificationNote: z.string().nullable(),
  files: z.array(z.object({ id: z.uuid(), fileName: z.string(), sizeBytes: z.number().int() })),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Rectification = z.infer<typeof rectificationSchema>;

export const findingSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string(),
  title: z.string(),
  description: z.string(),
  severity: z.enum(FINDING_SEVERITIES),
  unitId: z.uuid(),
  unitName: z.string(),
  responsibleId: z.uuid(),
  responsibleName: z.string(),
  sampleId: z.uuid().nullable(),
  evidence: z.array(evidenceLinkSchema),
  status: z.enum(FINDING_STATUSES),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  rectifications: z.array(rectificationSchema),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Finding = z.infer<typeof findingSchema>;

export const auditPlanSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  process: z.enum(AUDIT_PROCESSES),
  regionUnitId: z.uuid().nullable(),
  regionName: z.string().nullable(),
  periodFrom: z.string(),
  periodTo: z.string(),
  checklist: z.array(auditChecklistItemSchema),
  status: z.enum(AUDIT_PLAN_STATUSES),
  auditorId: z.uuid(),
  auditorName: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  samples: z.array(auditSampleSchema),
  findings: z.array(findingSchema),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type AuditPlan = z.infer<typeof auditPlanSchema>;

export const auditPlanRowSchema = auditPlanSchema
  .omit({ samples: true, findings: true, checklist: true })
  .extend({ findingCount: z.number().int(), openFindings: z.number().int(), sampleCount: z.number().int() });
export type AuditPlanRow = z.infer<typeof auditPlanRowSchema>;

export const findingListQuerySchema = z.object({ status: z.enum(['open', 'closed']).optional() });

export const findingsDashboardSchema = z.object({
  buckets: z.array(z.string()),
  units: z.array(
    z.object({
      unitId: z.uuid(),
      unitName: z.string(),
      counts: z.array(z.number().int()),
      late: z.number().int(),
      total: z.number().int(),
    }),
  ),
});

export const confidentialTrailQuerySchema = z
  .object({
    actorId: z.uuid().optional(),
    customerId: z.uuid().optional(),
    action: z.enum(['view', 'reveal', 'export']).optional(),
    ip: z.string().max(64).optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    path: ['to'],
    message: 'the end date is before the start date',
  });
export const confidentialTrailEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  customerName: z.string().nullable(),
  summary: z.string().nullable(),
  ip: z.string().nullable(),
});

/**
 * R-AUD-1 (002 审计结果反馈与整改): a rectification task not yet accepted is `due_soon` from
 * `remindDays` before its deadline, `late` once the deadline has passed (exactly at the deadline it
 * is still on time), and `escalated` from `escalateDays` after it; an accepted or submitted task
 * (waiting for the auditor) is never late. Reminders go to the owner, late tasks to the owner's
 * manager and the auditor, escalated ones to the director (see the alert rules).
 */
export function rectificationUrgency(
  task: { deadline: Date; status: (typeof RECTIFICATION_STATUSES)[number] },
  now: Date,
  policy: { remindDays: number; escalateDays: number },
): 'none' | 'due_soon' | 'late' | 'escalated' {
  if (task.status === 'accepted' || task.status === 'submitted') return 'none';
  const DAY = 86_400_000;
  const late = now.getTime() - task.deadline.getTime();
  if (late >= policy.escalateDays * DAY && policy.escalateDays > 0) return 'escalated';
  if (late > 0) return 'late';
  if (-late <= policy.remindDays * DAY) return 'due_soon';
  return 'none';
}

export const internalauditSettingsSchema = z.object({
  remindDays: z.number().int().min(0).max(60),
  escalateDays: z.number().int().min(1).max(180),
});
export type InternalauditSettings = z.infer<typeof internalauditSettingsSchema>;
