import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateTimeSchema, moneySchema, timestampSchema } from './input.js';
import { roleSchema } from './roles.js';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export const approvalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const STEP_STATUSES = ['waiting', 'pending', 'approved', 'rejected', 'skipped'] as const;

/** How a step finds its approver: up the requester's reporting line, or anyone holding the role. */
export const APPROVER_MODES = ['line', 'any'] as const;

export const policyStepSchema = z.object({
  role: roleSchema,
  mode: z.enum(APPROVER_MODES).default('line'),
});
export type PolicyStep = z.infer<typeof policyStepSchema>;

/** One row of the decision-authority matrix (职责矩阵). */
export const approvalPolicySchema = z.object({
  id: z.uuid(),
  subjectType: z.string(),
  name: z.string(),
  minAmountCents: centsSchema,
  minPercent: z.number().nullable(),
  steps: z.array(policyStepSchema),
  active: z.boolean(),
  version: versionSchema,
});
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

export const approvalPolicyInputSchema = z.object({
  subjectType: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  minAmountCents: moneySchema.min(0).default(0),
  minPercent: z.number().min(0).max(100).nullable().default(null),
  steps: z.array(policyStepSchema).min(1).max(8),
  active: z.boolean().default(true),
});
export const approvalPolicyUpdateSchema = approvalPolicyInputSchema.partial().extend({ version: versionSchema });

export const approvalStepSchema = z.object({
  stepNo: z.number().int(),
  role: roleSchema,
  mode: z.enum(APPROVER_MODES),
  approverId: z.uuid().nullable(),
  approverName: z.string().nullable(),
  status: z.enum(STEP_STATUSES),
  decidedById: z.uuid().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: timestampSchema.nullable(),
  comment: z.string().nullable(),
});

export const approvalEventSchema = z.object({
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  stepNo: z.number().int().nullable(),
  comment: z.string().nullable(),
});

export const approvalRequestSchema = z.object({
  id: z.uuid(),
  subjectType: z.string(),
  subjectId: z.string(),
  /** Where the web app shows the subject (`/quotes/…`), when its module registered one. */
  subjectLink: z.string().nullable(),
  title: z.string(),
  /**
   * Figures the approver needs, shown as label → value. Keys are camelCase and translated
   * (`approvals.details.<key>`); `…Cents` values show as money, `…Bp` as a percentage, arrays as lists.
   */
  details: z.record(z.string(), z.unknown()),
  amountCents: centsSchema.nullable(),
  percent: z.number().nullable(),
  status: approvalStatusSchema,
  currentStep: z.number().int().nullable(),
  requesterId: z.uuid(),
  requesterName: z.string(),
  createdAt: timestampSchema,
  decidedAt: timestampSchema.nullable(),
  version: versionSchema,
  steps: z.array(approvalStepSchema),
  history: z.array(approvalEventSchema),
  abilities: abilitiesSchema,
});
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;
export const approvalPageSchema = pageOf(approvalRequestSchema);

export const approvalListQuerySchema = pageQuerySchema.extend({
  /** inbox: waiting on me (or on someone who delegated to me); mine: I asked; all: in my scope. */
  box: z.enum(['inbox', 'mine', 'all']).default('inbox'),
  status: approvalStatusSchema.optional(),
});

export const approvalDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(1000).optional(),
  version: versionSchema,
});

export const delegationSchema = z.object({
  id: z.uuid(),
  fromUserId: z.uuid(),
  fromUserName: z.string(),
  toUserId: z.uuid(),
  toUserName: z.string(),
  startsAt: timestampSchema,
  endsAt: timestampSchema,
  reason: z.string().nullable(),
  abilities: abilitiesSchema,
});
export type Delegation = z.infer<typeof delegationSchema>;
export const delegationInputSchema = z
  .object({
    toUserId: z.uuid(),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    reason: z.string().trim().max(200).optional(),
  })
  .refine((d) => Date.parse(d.endsAt) > Date.parse(d.startsAt), { message: 'must be after startsAt', path: ['endsAt'] });
export type DelegationInput = z.infer<typeof delegationInputSchema>;
export type ApprovalPolicyInput = z.input<typeof approvalPolicyInputSchema>;
export type ApprovalPolicyUpdate = z.input<typeof approvalPolicyUpdateSchema>;
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;
