import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AttemptAnswers, ExamQuestion, RubricCriterion, ShortAwards } from '@xiaoguan/shared';
import { ATTEMPT_STATUSES, ENROLMENT_STATUSES } from '@xiaoguan/shared';
import { users } from '../../platform/identity/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

/** The annual training plan (001 培训计划) by the sales manager; published plans are visible to everyone. */
export const trainingPlans = pgTable('training_plans', {
  id: id(),
  year: integer('year').notNull(),
  title: text('title').notNull(),
  goals: text('goals').notNull().default(''),
  budgetCents: bigint('budget_cents', { mode: 'number' }).notNull().default(0),
  /** The expense budget the plan's money is drawn from (R-EXP-2 via the expenses module); null: none chosen. */
  expenseBudgetId: uuid('expense_budget_id'),
  status: text('status', { enum: ['draft', 'published'] })
    .notNull()
    .default('draft'),
  createdById: uuid('created_by_id').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => trainingPlans.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    topic: text('topic').notNull(),
    method: text('method').notNull(),
    level: text('level').notNull(),
    audienceRoles: text('audience_roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    location: text('location').notNull().default(''),
    capacity: integer('capacity').notNull(),
    trainerId: uuid('trainer_id').references(() => users.id),
    externalTrainer: text('external_trainer'),
    budgetCents: bigint('budget_cents', { mode: 'number' }).notNull().default(0),
    materials: jsonb('materials')
      .$type<{ title: string; url: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    certification: text('certification'),
    certValidMonths: integer('cert_valid_months'),
    remindedAt: timestamptz('reminded_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('training_sessions_plan_idx').on(t.planId, t.startsAt)],
);

/** One person on one session; `qr_token` is their check-in code (the events QR mechanism). */
export const trainingEnrolments = pgTable(
  'training_enrolments',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ENROLMENT_STATUSES }).notNull().default('enrolled'),
    assignedById: uuid('assigned_by_id').references(() => users.id),
    qrToken: text('qr_token')
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    attendedAt: timestamptz('attended_at'),
    feedbackRating: smallint('feedback_rating'),
    feedbackComment: text('feedback_comment'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('training_enrolments_person_idx').on(t.sessionId, t.userId)],
);

export const trainingQuestionBanks = pgTable('training_question_banks', {
  id: id(),
  title: text('title').notNull(),
  topic: text('topic').notNull(),
  questions: jsonb('questions').$type<ExamQuestion[]>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

/** A session's exam; its questions are copied from the bank when set, so a later bank edit never changes a sat paper. */
export const trainingExams = pgTable('training_exams', {
  id: id(),
  sessionId: uuid('session_id')
    .notNull()
    .references(() => trainingSessions.id, { onDelete: 'cascade' }),
  bankId: uuid('bank_id').references(() => trainingQuestionBanks.id, { onDelete: 'set null' }),
  title: text('title').notNull(),
  passPercent: integer('pass_percent').notNull(),
  timeLimitMinutes: integer('time_limit_minutes').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  questions: jsonb('questions').$type<ExamQuestion[]>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const trainingAttempts = pgTable('training_attempts', {
  id: id(),
  examId: uuid('exam_id')
    .notNull()
    .references(() => trainingExams.id, { onDelete: 'cascade' }),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  attemptNo: integer('attempt_no').notNull(),
  status: text('status', { enum: ATTEMPT_STATUSES }).notNull().default('in_progress'),
  startedAt: timestamptz('started_at').notNull(),
  deadlineAt: timestamptz('deadline_at').notNull(),
  submittedAt: timestamptz('submitted_at'),
  answers: jsonb('answers')
    .$type<AttemptAnswers>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  awards: jsonb('awards')
    .$type<ShortAwards>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  points: jsonb('points')
    .$type<Record<string, number>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  score: integer('score'),
  percent: integer('percent'),
  gradedById: uuid('graded_by_id').references(() => users.id),
});

export const trainingCertifications = pgTable('training_certifications', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  name: text('name').notNull(),
  sessionId: uuid('session_id').references(() => trainingSessions.id, { onDelete: 'set null' }),
  attemptId: uuid('attempt_id').references(() => trainingAttempts.id, { onDelete: 'set null' }),
  issuedAt: timestamptz('issued_at').notNull(),
  expiresAt: timestamptz('expires_at'),
  remindedAt: timestamptz('reminded_at'),
  createdAt: createdAt(),
});

export const trainingGoals = pgTable('training_goals', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  title: text('title').notNull(),
  targetRole: text('target_role'),
  topic: text('topic'),
  dueOn: date('due_on', { mode: 'string' }),
  doneAt: timestamptz('done_at'),
  createdById: uuid('created_by_id').references(() => users.id),
  createdAt: createdAt(),
});

/** Material files of a session (slides, handouts) in the platform file store; read through the session. */
export const trainingMaterials = pgTable('training_materials', {
  id: id(),
  sessionId: uuid('session_id')
    .notNull()
    .references(() => trainingSessions.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  size: integer('size').notNull(),
  storageKey: text('storage_key').notNull(),
  uploadedById: uuid('uploaded_by_id').references(() => users.id),
  createdAt: createdAt(),
});

/** A practical task of a session graded by a rubric (R-TRN-2). */
export const trainingTasks = pgTable('training_tasks', {
  id: id(),
  sessionId: uuid('session_id')
    .notNull()
    .references(() => trainingSessions.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  criteria: jsonb('criteria').$type<RubricCriterion[]>().notNull(),
  passPercent: integer('pass_percent').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

/** One person's rubric grade on a task (regrading replaces it). */
export const trainingTaskGrades = pgTable(
  'training_task_grades',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => trainingTasks.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    scores: jsonb('scores').$type<number[]>().notNull(),
    points: integer('points').notNull(),
    maxPoints: integer('max_points').notNull(),
    percent: integer('percent').notNull(),
    passed: boolean('passed').notNull(),
    comment: text('comment'),
    gradedById: uuid('graded_by_id').references(() => users.id),
    gradedAt: timestamptz('graded_at').notNull(),
  },
  (t) => [uniqueIndex('training_task_grades_task_user_idx').on(t.taskId, t.userId)],
);
