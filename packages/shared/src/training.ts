import { z } from 'zod';
import { abilitiesSchema, versionSchema } from './common.js';
import { dateSchema, dateTimeSchema, moneySchema, nameTextSchema, textSchema } from './input.js';
import { roleSchema } from './roles.js';

/** M8 Training and development (培训与发展, issue 20 items 1–4). Scoring and retakes: training-score.ts (R-TRN-1). */
export const TRAINING_TOPICS = ['product', 'sales_skills', 'communication', 'customer_service', 'market_trends'] as const;
export const TRAINING_METHODS = ['internal', 'external', 'online', 'case_study', 'role_play'] as const;
/** Curricula by level (seed 000 分层级培训体系). */
export const TRAINING_LEVELS = ['junior', 'mid', 'senior'] as const;
export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'cancelled'] as const;
export const QUESTION_KINDS = ['single', 'multiple', 'true_false', 'short'] as const;
export const ATTEMPT_STATUSES = ['in_progress', 'pending_grading', 'passed', 'failed'] as const;
/** The management ladder (seed 001 职业发展规划); the professional track is the key-account path. */
export const CAREER_LADDER = ['rep', 'supervisor', 'manager', 'director'] as const;
export const PROFESSIONAL_TRACK = ['rep', 'key_account'] as const;

const line = (max: number) => nameTextSchema.max(max);
const text = (max: number) => textSchema.max(max).transform((value) => value.trim());

export const trainingPlanInputSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  title: line(120).min(1),
  goals: text(4000).default(''),
  budgetCents: moneySchema.min(0).default(0),
  expenseBudgetId: z.uuid().nullable().default(null),
});
export const trainingPlanUpdateSchema = z.object({
  title: line(120).min(1).optional(),
  goals: text(4000).optional(),
  budgetCents: moneySchema.min(0).optional(),
  expenseBudgetId: z.uuid().nullable().optional(),
  status: z.enum(['draft', 'published']).optional(),
  version: versionSchema,
});

export const trainingMaterialSchema = z.object({ title: line(200).min(1), url: z.url().max(1000) });

export const trainingFileSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});
export type TrainingFile = z.infer<typeof trainingFileSchema>;

/** A rubric criterion of a practical task (R-TRN-2): what is judged and its points. */
export const rubricCriterionSchema = z.object({ name: line(200).min(1), points: z.number().int().min(1).max(100) });
export const practicalTaskInputSchema = z.object({
  title: line(200).min(1),
  criteria: z.array(rubricCriterionSchema).min(1).max(20),
  passPercent: z.number().int().min(0).max(100),
});
export type PracticalTaskInput = z.infer<typeof practicalTaskInputSchema>;
export const taskGradeSchema = z.object({
  userId: z.uuid(),
  userName: z.string(),
  scores: z.array(z.number().int()),
  points: z.number().int(),
  maxPoints: z.number().int(),
  percent: z.number().int(),
  passed: z.boolean(),
  comment: z.string().nullable(),
  gradedAt: z.string(),
});
export type TaskGrade = z.infer<typeof taskGradeSchema>;
export const practicalTaskSchema = practicalTaskInputSchema.extend({
  id: z.uuid(),
  /** Grades the caller may see: trainers and planners all, a person their own, supervisors their team. */
  grades: z.array(taskGradeSchema),
});
export type PracticalTask = z.infer<typeof practicalTaskSchema>;
export const taskGradeInputSchema = z.object({
  userId: z.uuid(),
  /** Points per criterion, in the rubric's order (R-TRN-2). */
  scores: z.array(z.number().int().min(0).max(100)).min(1).max(20),
  comment: z.string().trim().max(2000).nullable().optional(),
});

export const trainingSessionInputSchema = z
  .object({
    planId: z.uuid(),
    title: line(200).min(1),
    topic: z.enum(TRAINING_TOPICS),
    method: z.enum(TRAINING_METHODS),
    level: z.enum(TRAINING_LEVELS),
    audienceRoles: z.array(roleSchema).max(11).default([]),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    location: line(200).default(''),
    capacity: z.number().int().min(1).max(10_000),
    trainerId: z.uuid().nullable().default(null),
    externalTrainer: line(120).nullable().default(null),
    budgetCents: moneySchema.min(0).default(0),
    materials: z.array(trainingMaterialSchema).max(30).default([]),
    /** The certification a pass grants, and for how many months (null = no expiry). */
    certification: line(120).nullable().default(null),
    certValidMonths: z.number().int().min(1).max(120).nullable().default(null),
  })
  .refine((s) => s.endsAt > s.startsAt, { path: ['endsAt'], message: 'must be after the start' });
export type TrainingSessionInput = z.infer<typeof trainingSessionInputSchema>;

export const trainingSessionRowSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string(),
  title: z.string(),
  topic: z.enum(TRAINING_TOPICS),
  method: z.enum(TRAINING_METHODS),
  level: z.enum(TRAINING_LEVELS),
  audienceRoles: z.array(roleSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  location: z.string(),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  waitlisted: z.number().int(),
  attended: z.number().int(),
  trainerId: z.uuid().nullable(),
  trainerName: z.string().nullable(),
  externalTrainer: z.string().nullable(),
  budgetCents: z.number().int(),
  certification: z.string().nullable(),
  certValidMonths: z.number().int().nullable(),
  /** The caller's own enrolment status, if any. */
  myStatus: z.enum(ENROLMENT_STATUSES).nullable(),
});
export type TrainingSessionRow = z.infer<typeof trainingSessionRowSchema>;

export const trainingPlanSchema = z.object({
  id: z.uuid(),
  year: z.number().int(),
  title: z.string(),
  goals: z.string(),
  budgetCents: z.number().int(),
  sessionBudgetCents: z.number().int(),
  /** The expense budget the plan draws on, and what is left of it after claims and the other published plans on it (R-EXP-2). */
  expenseBudget: z
    .object({
      id: z.uuid(),
      category: z.string(),
      orgUnitName: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      budgetCents: z.number().int(),
      usedCents: z.number().int(),
      remainingCents: z.number().int(),
    })
    .nullable(),
  status: z.enum(['draft', 'published']),
  sessions: z.number().int(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type TrainingPlan = z.infer<typeof trainingPlanSchema>;
export const trainingPlanListQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const trainingSessionListQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  planId: z.uuid().optional(),
});

export const trainingEnrolmentSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  status: z.enum(ENROLMENT_STATUSES),
  assignedByName: z.string().nullable(),
  attendedAt: z.string().nullable(),
  feedbackRating: z.number().int().nullable(),
  feedbackComment: z.string().nullable(),
  /** Best exam result so far (R-TRN-1), if the session has an exam. */
  examStatus: z.enum(ATTEMPT_STATUSES).nullable(),
  examPercent: z.number().int().nullable(),
});
export type TrainingEnrolment = z.infer<typeof trainingEnrolmentSchema>;

export const examQuestionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,20}$/),
    kind: z.enum(QUESTION_KINDS),
    text: text(1000).pipe(z.string().min(1)),
    options: z.array(line(300).min(1)).max(8).default([]),
    correct: z.array(z.number().int().min(0).max(7)).max(8).default([]),
    points: z.number().int().min(1).max(100),
  })
  .superRefine((q, ctx) => {
    const optionCount = q.kind === 'true_false' ? 2 : q.options.length;
    if ((q.kind === 'single' || q.kind === 'multiple') && q.options.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice question needs at least two options' });
    if (q.kind !== 'short' && (q.correct.length === 0 || q.correct.some((c) => c >= optionCount)))
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'name the right option(s) among the options' });
    if ((q.kind === 'single' || q.kind === 'true_false') && q.correct.length > 1)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'this kind has one right answer' });
  });
export type ExamQuestion = z.infer<typeof examQuestionSchema>;

export const questionBankInputSchema = z.object({
  title: line(120).min(1),
  topic: z.enum(TRAINING_TOPICS),
  questions: z
    .array(examQuestionSchema)
    .min(1)
    .max(200)
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique'),
});
export const questionBankSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  topic: z.enum(TRAINING_TOPICS),
  questions: z.array(examQuestionSchema),
  version: z.number().int(),
});
export type QuestionBank = z.infer<typeof questionBankSchema>;
export const questionBankUpdateSchema = questionBankInputSchema.extend({ version: versionSchema });

export const examInputSchema = z.object({
  bankId: z.uuid(),
  title: line(200).min(1),
  passPercent: z.number().int().min(1).max(100),
  timeLimitMinutes: z.number().int().min(1).max(600),
  maxAttempts: z.number().int().min(1).max(10),
});
export const examSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  bankId: z.uuid().nullable(),
  title: z.string(),
  passPercent: z.number().int(),
  timeLimitMinutes: z.number().int(),
  maxAttempts: z.number().int(),
  questionCount: z.number().int(),
  maxScore: z.number().int(),
});
export type Exam = z.infer<typeof examSchema>;

/** A question as the person sitting the exam sees it: no right answer. */
export const examPaperQuestionSchema = z.object({
  id: z.string(),
  kind: z.enum(QUESTION_KINDS),
  text: z.string(),
  options: z.array(z.string()),
  points: z.number().int(),
});
export const attemptAnswersSchema = z.record(
  z.string().regex(/^[a-z0-9_]{1,20}$/),
  z.union([z.array(z.number().int().min(0).max(7)).max(8), text(4000)]),
);
export const attemptSchema = z.object({
  id: z.uuid(),
  examId: z.uuid(),
  sessionId: z.uuid(),
  sessionTitle: z.string(),
  examTitle: z.string(),
  userId: z.uuid(),
  userName: z.string(),
  attemptNo: z.number().int(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.string(),
  deadlineAt: z.string(),
  submittedAt: z.string().nullable(),
  score: z.number().int().nullable(),
  maxScore: z.number().int(),
  percent: z.number().int().nullable(),
  passPercent: z.number().int(),
  questions: z.array(examPaperQuestionSchema),
  answers: z.record(z.string(), z.union([z.array(z.number().int()), z.string()])),
  /** Points per question once submitted; short answers once graded. */
  points: z.record(z.string(), z.number().int()),
  /** The right options, shown once the attempt is decided (passed or failed). */
  correct: z.record(z.string(), z.array(z.number().int())).nullable(),
  abilities: abilitiesSchema,
});
export type Attempt = z.infer<typeof attemptSchema>;
export const attemptSubmitSchema = z.object({ answers: attemptAnswersSchema });
export const attemptGradeSchema = z.object({ awards: z.record(z.string().regex(/^[a-z0-9_]{1,20}$/), z.number().int().min(0).max(100)) });

export const sessionDetailSchema = trainingSessionRowSchema.extend({
  planStatus: z.enum(['draft', 'published']),
  materials: z.array(trainingMaterialSchema),
  version: z.number().int(),
  /** People enrolled, as far as the caller may see them (trainers and managers: all; supervisors: their team; others: themselves). */
  enrolments: z.array(trainingEnrolmentSchema),
  myEnrolmentId: z.uuid().nullable(),
  exam: examSchema.nullable(),
  /** The caller's own attempts at this session's exam, and whether another may start (R-TRN-1 retakes). */
  myAttempts: z.array(
    z.object({ id: z.uuid(), attemptNo: z.number().int(), status: z.enum(ATTEMPT_STATUSES), percent: z.number().int().nullable() }),
  ),
  canStartAttempt: z.boolean(),
  attemptsLeft: z.number().int(),
  /** Attempts waiting for the trainer's grading (trainers and managers). */
  toGrade: z.array(z.object({ id: z.uuid(), userName: z.string(), attemptNo: z.number().int() })),
  /** Uploaded material files (slides, handouts), downloaded through the session. */
  files: z.array(trainingFileSchema),
  /** Practical tasks graded by a rubric (R-TRN-2), with the grades the caller may see. */
  tasks: z.array(practicalTaskSchema),
  abilities: abilitiesSchema,
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

export const enrolInputSchema = z.object({
  /** People to assign (supervisors, managers); empty or absent = enrol myself. */
  userIds: z.array(z.uuid()).max(200).optional(),
});
export const enrolResultSchema = z.object({
  enrolled: z.number().int(),
  waitlisted: z.number().int(),
  already: z.number().int(),
});
export const trainingCheckInInputSchema = z
  .object({
    /** The scanned QR code, or the 8-character code typed from under it. */
    token: z.string().trim().min(8).max(64).optional(),
    enrolmentId: z.uuid().optional(),
    /** When the phone scanned it (offline queue). */
    scannedAt: dateTimeSchema.optional(),
  })
  .refine((v) => v.token || v.enrolmentId, { path: ['token'], message: 'scan or type the code' });
export const trainingCheckInResultSchema = z.object({
  enrolmentId: z.uuid(),
  userName: z.string(),
  attendedAt: z.string(),
  already: z.boolean(),
});
export const enrolmentQrSchema = z.object({
  enrolmentId: z.uuid(),
  sessionTitle: z.string(),
  startsAt: z.string(),
  location: z.string(),
  userName: z.string(),
  code: z.string(),
  qrSvg: z.string(),
});
export const sessionFeedbackInputSchema = z.object({ rating: z.number().int().min(1).max(5), comment: text(2000).default('') });

export const certificationSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  name: z.string(),
  sessionId: z.uuid().nullable(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  state: z.enum(['valid', 'expiring', 'expired']),
});
export type Certification = z.infer<typeof certificationSchema>;

export const developmentGoalInputSchema = z.object({
  userId: z.uuid(),
  title: line(200).min(1),
  targetRole: roleSchema.nullable().default(null),
  topic: z.enum(TRAINING_TOPICS).nullable().default(null),
  dueOn: dateSchema.nullable().default(null),
});
export const developmentGoalUpdateSchema = z.object({ done: z.boolean() });
export const developmentGoalSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  targetRole: roleSchema.nullable(),
  topic: z.enum(TRAINING_TOPICS).nullable(),
  dueOn: z.string().nullable(),
  doneAt: z.string().nullable(),
  /** Sessions of the goal's topic the person passed or attended / still to come. */
  coursesDone: z.number().int(),
  coursesOpen: z.array(z.object({ id: z.uuid(), title: z.string(), startsAt: z.string() })),
});

export const readinessItemSchema = z.object({
  kind: z.enum(['certification', 'level_course', 'goals']),
  label: z.string(),
  met: z.boolean(),
});
/** Development record (001 培训评估.3, 职业发展规划): what the person did, holds and aims at. */
export const developmentRecordSchema = z.object({
  userId: z.uuid(),
  userName: z.string(),
  roles: z.array(roleSchema),
  sessions: z.array(
    z.object({
      sessionId: z.uuid(),
      title: z.string(),
      startsAt: z.string(),
      status: z.enum(ENROLMENT_STATUSES),
      enrolmentId: z.uuid(),
      attendedAt: z.string().nullable(),
      examStatus: z.enum(ATTEMPT_STATUSES).nullable(),
      examPercent: z.number().int().nullable(),
      hasExam: z.boolean(),
    }),
  ),
  certifications: z.array(certificationSchema),
  missingCertifications: z.array(z.string()),
  goals: z.array(developmentGoalSchema),
  /** The ladder step after the person's current one, and what readiness the record shows — never a decision. */
  career: z.object({
    track: z.enum(['management', 'professional']),
    current: roleSchema,
    next: roleSchema.nullable(),
    items: z.array(readinessItemSchema),
  }),
  /** The skills figure the reviews read: average of the best percent per decided exam (R-TRN-1) and per graded practical task (R-TRN-2); null = none. */
  skillsPercent: z.number().int().nullable(),
  /** Practical tasks graded by a rubric (R-TRN-2). */
  practicalTasks: z.array(
    z.object({
      taskId: z.uuid(),
      title: z.string(),
      sessionId: z.uuid(),
      percent: z.number().int(),
      passed: z.boolean(),
      gradedAt: z.string(),
    }),
  ),
  abilities: abilitiesSchema,
});
export type DevelopmentRecord = z.infer<typeof developmentRecordSchema>;

export const teamMemberSchema = z.object({
  userId: z.uuid(),
  userName: z.string(),
  roles: z.array(roleSchema),
  sessionsAttended: z.number().int(),
  examsPassed: z.number().int(),
  skillsPercent: z.number().int().nullable(),
  validCertifications: z.number().int(),
  expiringCertifications: z.number().int(),
  missingCertifications: z.array(z.string()),
  /** Upcoming sessions that grant a missing certification or serve a weak skill (issue 20 item 1: needs from gaps). */
  suggested: z.array(z.object({ id: z.uuid(), title: z.string(), startsAt: z.string() })),
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const trainingSettingsSchema = z.object({
  /** Certifications a role must hold (e.g. a product line a rep may sell). */
  requiredCertifications: z.array(z.object({ role: roleSchema, name: line(120).min(1) })).max(100),
  /** Days before expiry the holder (and their supervisor) are reminded to renew. */
  renewalReminderDays: z.number().int().min(1).max(365),
  /** Hours before a session its enrolled people are reminded. */
  sessionReminderHours: z.number().int().min(1).max(168),
  /** A skills percent below this suggests courses (needs from skill gaps). */
  skillGapPercent: z.number().int().min(1).max(100),
});
export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;
