import { and, eq, sql } from 'drizzle-orm';
import {
  certificationExpiry,
  message,
  retakeState,
  scoreAttempt,
  type Attempt,
  type Exam,
  type ExamQuestion,
  type QuestionBank,
  type attemptGradeSchema,
  type attemptSubmitSchema,
  type examInputSchema,
  type questionBankInputSchema,
  type questionBankUpdateSchema,
} from '@xiaoguan/shared';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { users } from '../../platform/identity/index.js';
import { trainingAccess } from './training.access.js';
import {
  trainingAttempts,
  trainingCertifications,
  trainingEnrolments,
  trainingExams,
  trainingQuestionBanks,
  trainingSessions,
} from './training.schema.js';

type ExamRow = typeof trainingExams.$inferSelect;
type AttemptRow = typeof trainingAttempts.$inferSelect;
/** A submission this long after the time limit still counts (the network, a slow phone). */
const GRACE_MS = 60_000;

export function presentExam(exam: ExamRow): Exam {
  return {
    id: exam.id,
    sessionId: exam.sessionId,
    bankId: exam.bankId,
    title: exam.title,
    passPercent: exam.passPercent,
    timeLimitMinutes: exam.timeLimitMinutes,
    maxAttempts: exam.maxAttempts,
    questionCount: exam.questions.length,
    maxScore: exam.questions.reduce((sum, q) => sum + q.points, 0),
  };
}

const presentBank = (row: typeof trainingQuestionBanks.$inferSelect): QuestionBank => ({
  id: row.id,
  title: row.title,
  topic: row.topic as QuestionBank['topic'],
  questions: row.questions,
  version: row.version,
});

/** Question banks hold the right answers: planners only. */
export async function listBanks(ctx: Ctx): Promise<QuestionBank[]> {
  trainingAccess.require(ctx.actor, 'manage');
  const rows = await ctx.db.select().from(trainingQuestionBanks).orderBy(trainingQuestionBanks.title, trainingQuestionBanks.id);
  return rows.map(presentBank);
}

export async function createBank(ctx: Ctx, input: z.infer<typeof questionBankInputSchema>): Promise<QuestionBank> {
  trainingAccess.require(ctx.actor, 'manage');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(trainingQuestionBanks).values(input).returning();
    await ctx.audit(tx, { action: 'create', entity: 'training_question_banks', entityId: row!.id, summary: `${input.title}` });
    return presentBank(row!);
  });
}

export async function updateBank(ctx: Ctx, id: string, input: z.infer<typeof questionBankUpdateSchema>): Promise<QuestionBank> {
  trainingAccess.require(ctx.actor, 'manage');
  const { version, ...changes } = input;
  return ctx.db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: trainingQuestionBanks.id }).from(trainingQuestionBanks).where(eq(trainingQuestionBanks.id, id));
    if (!exists) throw notFound('question bank');
    const [row] = await tx
      .update(trainingQuestionBanks)
      .set({ ...changes, updatedAt: ctx.now, version: sql`${trainingQuestionBanks.version} + 1` })
      .where(and(eq(trainingQuestionBanks.id, id), eq(trainingQuestionBanks.version, version)))
      .returning();
    if (!row) throw conflict();
    await ctx.audit(tx, { action: 'update', entity: 'training_question_banks', entityId: id, summary: `${input.title}` });
    return presentBank(row);
  });
}

/**
 * Sets the session's exam from a bank (the questions are copied, so a later bank edit never changes
 * a paper someone sat). Once someone has started it the paper is fixed (R-TRN-1: every attempt is
 * scored against the same questions and pass mark).
 */
export async function setExam(ctx: Ctx, sessionId: string, input: z.infer<typeof examInputSchema>): Promise<Exam> {
  trainingAccess.require(ctx.actor, 'manage');
  return ctx.db.transaction(async (tx) => {
    const [session] = await tx
      .select({ id: trainingSessions.id, title: trainingSessions.title })
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    if (!session) throw notFound('training session');
    const [bank] = await tx.select().from(trainingQuestionBanks).where(eq(trainingQuestionBanks.id, input.bankId));
    if (!bank) throw badRequest('body.bankId', 'no question bank with this id');
    const [existing] = await tx.select().from(trainingExams).where(eq(trainingExams.sessionId, sessionId)).for('update');
    const values = { ...input, questions: bank.questions, updatedAt: ctx.now };
    let exam: ExamRow;
    if (existing) {
      const started = await tx.execute(sql`select 1 from training_attempts where exam_id = ${existing.id} limit 1`);
      if (started.rows.length) throw ruleViolation('R-TRN-1', 'people have already sat this exam; its paper cannot change');
      [exam] = (await tx.update(trainingExams).set(values).where(eq(trainingExams.id, existing.id)).returning()) as [ExamRow];
    } else {
      [exam] = (await tx
        .insert(trainingExams)
        .values({ ...values, sessionId })
        .returning()) as [ExamRow];
    }
    await ctx.audit(tx, {
      action: existing ? 'update' : 'create',
      entity: 'training_exams',
      entityId: exam.id,
      summary: `${session.title}`,
    });
    return presentExam(exam);
  });
}

async function loadAttempt(ctx: Ctx, executor: Executor, id: string, lock = false) {
  const query = executor
    .select({ a: trainingAttempts, x: trainingExams, s: trainingSessions, userName: users.displayName })
    .from(trainingAttempts)
    .innerJoin(trainingExams, eq(trainingExams.id, trainingAttempts.examId))
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingExams.sessionId))
    .innerJoin(users, eq(users.id, trainingAttempts.userId))
    .where(eq(trainingAttempts.id, id));
  const [row] = lock ? await query.for('update', { of: trainingAttempts }) : await query;
  if (!row) throw notFound('attempt');
  const own = row.a.userId === ctx.actor.id;
  const grades = trainingAccess.can(ctx.actor, 'manage') || row.s.trainerId === ctx.actor.id;
  if (!own && !grades) {
    const reach = await executor.execute(sql`select 1 where ${trainingAccess.where(ctx.actor, 'read', sql`${row.a.userId}::uuid`)}`);
    if (!reach.rows.length) throw notFound('attempt');
  }
  return { ...row, own, grades };
}

function presentAttempt(
  row: { a: AttemptRow; x: ExamRow; s: { id: string; title: string }; userName: string },
  abilities: Record<string, boolean>,
): Attempt {
  const decided = row.a.status === 'passed' || row.a.status === 'failed';
  return {
    id: row.a.id,
    examId: row.x.id,
    sessionId: row.s.id,
    sessionTitle: row.s.title,
    examTitle: row.x.title,
    userId: row.a.userId,
    userName: row.userName,
    attemptNo: row.a.attemptNo,
    status: row.a.status,
    startedAt: iso(row.a.startedAt)!,
    deadlineAt: iso(row.a.deadlineAt)!,
    submittedAt: iso(row.a.submittedAt),
    score: row.a.score,
    maxScore: row.x.questions.reduce((sum, q) => sum + q.points, 0),
    percent: row.a.percent,
    passPercent: row.x.passPercent,
    questions: row.x.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      text: q.text,
      options: q.kind === 'true_false' ? [] : q.options,
      points: q.points,
    })),
    answers: row.a.answers,
    points: row.a.points,
    correct: decided ? Object.fromEntries(row.x.questions.filter((q) => q.kind !== 'short').map((q) => [q.id, q.correct])) : null,
    abilities,
  };
}

export async function getAttempt(ctx: Ctx, id: string): Promise<Attempt> {
  trainingAccess.require(ctx.actor, 'read');
  const row = await loadAttempt(ctx, ctx.db, id);
  return presentAttempt(row, {
    submit: row.own && row.a.status === 'in_progress',
    grade: row.grades && row.a.status === 'pending_grading',
  });
}

/** An attempt left open past its time limit is closed on the answers it has (none are saved before submit). */
async function closeExpired(executor: Executor, exam: ExamRow, userId: string, now: Date): Promise<void> {
  const late = await executor
    .select()
    .from(trainingAttempts)
    .where(
      and(
        eq(trainingAttempts.examId, exam.id),
        eq(trainingAttempts.userId, userId),
        eq(trainingAttempts.status, 'in_progress'),
        sql`${trainingAttempts.deadlineAt} < ${new Date(now.getTime() - GRACE_MS)}`,
      ),
    );
  for (const a of late) {
    const r = scoreAttempt(exam.questions, {}, {}, exam.passPercent);
    await executor
      .update(trainingAttempts)
      .set({
        status: r.outcome === 'passed' ? 'passed' : 'failed',
        submittedAt: a.deadlineAt,
        score: r.score,
        percent: r.percent,
        points: r.points,
      })
      .where(eq(trainingAttempts.id, a.id));
  }
}

/**
 * Starts an attempt at the session's exam (R-TRN-1): only an enrolled person who attended, while
 * `retakeState` allows one; the clock runs from now for the exam's time limit.
 */
export async function startAttempt(ctx: Ctx, sessionId: string): Promise<Attempt> {
  trainingAccess.require(ctx.actor, 'read');
  const id = await ctx.db.transaction(async (tx) => {
    const [enrolment] = await tx
      .select()
      .from(trainingEnrolments)
      .where(and(eq(trainingEnrolments.sessionId, sessionId), eq(trainingEnrolments.userId, ctx.actor.id)))
      .for('update');
    if (!enrolment || enrolment.status !== 'enrolled') throw notFound('enrolment');
    const [exam] = await tx.select().from(trainingExams).where(eq(trainingExams.sessionId, sessionId));
    if (!exam) throw notFound('exam');
    if (!enrolment.attendedAt) throw ruleViolation('R-TRN-1', 'the exam opens once your attendance is taken');
    await closeExpired(tx, exam, ctx.actor.id, ctx.now);
    const previous = await tx
      .select({ status: trainingAttempts.status })
      .from(trainingAttempts)
      .where(and(eq(trainingAttempts.examId, exam.id), eq(trainingAttempts.userId, ctx.actor.id)));
    const state = retakeState(previous, exam.maxAttempts);
    if (!state.allowed) {
      const why = {
        passed: 'you have passed this exam',
        open: 'your last attempt is still open or being graded',
        exhausted: 'no attempts left',
      };
      throw ruleViolation('R-TRN-1', why[state.reason!]);
    }
    const [row] = await tx
      .insert(trainingAttempts)
      .values({
        examId: exam.id,
        userId: ctx.actor.id,
        attemptNo: previous.length + 1,
        startedAt: ctx.now,
        deadlineAt: new Date(ctx.now.getTime() + exam.timeLimitMinutes * 60_000),
      })
      .returning({ id: trainingAttempts.id });
    return row!.id;
  });
  return getAttempt(ctx, id);
}

/** A pass of a session that grants a certification issues it (renewing: a new row with a new expiry). */
async function certifyOnPass(executor: Executor, row: { a: AttemptRow; s: typeof trainingSessions.$inferSelect }, at: Date): Promise<void> {
  if (!row.s.certification) return;
  await executor.insert(trainingCertifications).values({
    userId: row.a.userId,
    name: row.s.certification,
    sessionId: row.s.id,
    attemptId: row.a.id,
    issuedAt: at,
    expiresAt: certificationExpiry(at, row.s.certValidMonths),
  });
}

async function decide(
  ctx: Ctx,
  executor: Executor,
  row: Awaited<ReturnType<typeof loadAttempt>>,
  answers: AttemptRow['answers'],
  awards: AttemptRow['awards'],
  extra: Partial<AttemptRow>,
) {
  const r = scoreAttempt(row.x.questions, answers, awards, row.x.passPercent);
  const pending = r.outcome === 'pending_grading';
  await executor
    .update(trainingAttempts)
    .set({
      ...extra,
      answers,
      awards,
      status: r.outcome,
      points: r.points,
      score: pending ? null : r.score,
      percent: pending ? null : r.percent,
    })
    .where(eq(trainingAttempts.id, row.a.id));
  if (r.outcome === 'passed') await certifyOnPass(executor, row, ctx.now);
  return r;
}

export async function submitAttempt(ctx: Ctx, id: string, input: z.infer<typeof attemptSubmitSchema>): Promise<Attempt> {
  trainingAccess.require(ctx.actor, 'read');
  await ctx.db.transaction(async (tx) => {
    const row = await loadAttempt(ctx, tx, id, true);
    if (!row.own) throw notFound('attempt');
    if (row.a.status !== 'in_progress') throw new AppError('conflict', 'this attempt is already submitted');
    const known = new Map<string, ExamQuestion>(row.x.questions.map((q) => [q.id, q]));
    for (const [qid, answer] of Object.entries(input.answers)) {
      const q = known.get(qid);
      if (!q) throw badRequest(`body.answers.${qid}`, 'no such question on this paper');
      if ((q.kind === 'short') !== (typeof answer === 'string'))
        throw badRequest(`body.answers.${qid}`, 'answer a short question with text, a choice with option numbers');
    }
    // Past the time limit (and its grace) nothing sent now counts (R-TRN-1 time limits).
    const late = ctx.now.getTime() > row.a.deadlineAt.getTime() + GRACE_MS;
    await decide(ctx, tx, row, late ? {} : input.answers, {}, { submittedAt: late ? row.a.deadlineAt : ctx.now });
  });
  return getAttempt(ctx, id);
}

/** The trainer grades short answers; the attempt is decided once every written answer has its points. */
export async function gradeAttempt(ctx: Ctx, id: string, input: z.infer<typeof attemptGradeSchema>): Promise<Attempt> {
  trainingAccess.require(ctx.actor, 'read');
  await ctx.db.transaction(async (tx) => {
    const row = await loadAttempt(ctx, tx, id, true);
    if (!row.grades) throw notFound('attempt');
    if (row.a.status !== 'pending_grading') throw new AppError('conflict', 'this attempt is not waiting for grading');
    for (const [qid, points] of Object.entries(input.awards)) {
      const q = row.x.questions.find((question) => question.id === qid);
      if (!q || q.kind !== 'short') throw badRequest(`body.awards.${qid}`, 'not a short-answer question of this paper');
      if (points > q.points) throw badRequest(`body.awards.${qid}`, `at most ${q.points} points`);
    }
    const r = await decide(ctx, tx, row, row.a.answers, { ...row.a.awards, ...input.awards }, { gradedById: ctx.actor.id });
    if (r.outcome !== 'pending_grading') {
      await notify(tx, [
        {
          userId: row.a.userId,
          kind: 'training.graded',
          title: `${row.x.title} ${r.percent}%`,
          titleMessage: message(r.outcome === 'passed' ? 'training.notifications.passed' : 'training.notifications.failed', {
            title: row.x.title,
            percent: r.percent,
          }),
          link: `/training/attempts/${id}`,
        },
      ]);
    }
  });
  return getAttempt(ctx, id);
}
