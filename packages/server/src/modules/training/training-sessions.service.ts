import { and, eq, sql, type SQL } from 'drizzle-orm';
import {
  message,
  type SessionDetail,
  type TrainingEnrolment,
  type TrainingPlan,
  type TrainingSessionRow,
  type trainingCheckInInputSchema,
  type enrolInputSchema,
  type sessionFeedbackInputSchema,
  type trainingPlanInputSchema,
  type trainingPlanUpdateSchema,
  type trainingSessionInputSchema,
  type trainingSessionListQuerySchema,
  retakeState,
} from '@xiaoguan/shared';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound, ruleViolation } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { users } from '../../platform/identity/index.js';
import { checkInTime, qrSvg } from '../events/index.js';
import { trainingAccess } from './training.access.js';
import { trainingAttempts, trainingEnrolments, trainingExams, trainingPlans, trainingSessions } from './training.schema.js';
import { presentExam } from './training-exams.service.js';
import { sessionFiles, sessionTasks } from './training-practice.service.js';
import { checkPlanBudget, planExpenseBudget, requireDrawableBudget } from './training-budget.js';

type SessionRow = typeof trainingSessions.$inferSelect;
const canManage = (ctx: Ctx) => trainingAccess.can(ctx.actor, 'manage');
/** The check-in code typed when the QR cannot be scanned: the token's first 8 characters, upper case. */
export const typedCode = (token: string) => token.slice(0, 8).toUpperCase();

/** Drafts are the planners' own; everyone with `training.read` sees published plans. */
function visiblePlans(ctx: Ctx): SQL {
  return canManage(ctx) ? sql`true` : sql`${trainingPlans.status} = 'published'`;
}

export async function listPlans(ctx: Ctx, query: { year?: number | undefined }): Promise<TrainingPlan[]> {
  trainingAccess.require(ctx.actor, 'read');
  const rows = await ctx.db
    .select({
      p: trainingPlans,
      sessions: sql<number>`(select count(*)::int from training_sessions s where s.plan_id = training_plans.id)`,
      sessionBudget: sql<number>`(select coalesce(sum(s.budget_cents), 0)::bigint from training_sessions s where s.plan_id = training_plans.id)`,
    })
    .from(trainingPlans)
    .where(and(visiblePlans(ctx), query.year ? eq(trainingPlans.year, query.year) : undefined))
    .orderBy(sql`${trainingPlans.year} desc`, trainingPlans.createdAt);
  const budgets = await Promise.all(rows.map(({ p }) => planExpenseBudget(ctx.db, p)));
  return rows.map(({ p, sessions, sessionBudget }, index) => ({
    id: p.id,
    year: p.year,
    title: p.title,
    goals: p.goals,
    budgetCents: p.budgetCents,
    sessionBudgetCents: Number(sessionBudget),
    expenseBudget: budgets[index]!,
    status: p.status,
    sessions,
    version: p.version,
    abilities: { update: canManage(ctx) },
  }));
}

export async function createPlan(ctx: Ctx, input: z.infer<typeof trainingPlanInputSchema>): Promise<TrainingPlan> {
  trainingAccess.require(ctx.actor, 'manage');
  const id = await ctx.db.transaction(async (tx) => {
    await requireDrawableBudget(tx, input.expenseBudgetId);
    const [row] = await tx
      .insert(trainingPlans)
      .values({ ...input, createdById: ctx.actor.id })
      .returning({ id: trainingPlans.id });
    await ctx.audit(tx, { action: 'create', entity: 'training_plans', entityId: row!.id, summary: `${input.year} ${input.title}` });
    return row!.id;
  });
  return (await listPlans(ctx, {})).find((p) => p.id === id)!;
}

export async function updatePlan(ctx: Ctx, id: string, input: z.infer<typeof trainingPlanUpdateSchema>): Promise<TrainingPlan> {
  trainingAccess.require(ctx.actor, 'manage');
  const { version, ...changes } = input;
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(trainingPlans).where(eq(trainingPlans.id, id));
    if (!before) throw notFound('training plan');
    if (changes.expenseBudgetId !== undefined && changes.expenseBudgetId !== before.expenseBudgetId) {
      await requireDrawableBudget(tx, changes.expenseBudgetId);
    }
    const [row] = await tx
      .update(trainingPlans)
      .set({ ...changes, updatedAt: ctx.now, version: sql`${trainingPlans.version} + 1` })
      .where(and(eq(trainingPlans.id, id), eq(trainingPlans.version, version)))
      .returning();
    if (!row) throw conflict();
    // R-EXP-2: publishing, or a published plan's budget or source changing, draws on the expense budget.
    if (
      row.status === 'published' &&
      (before.status !== 'published' || row.budgetCents !== before.budgetCents || row.expenseBudgetId !== before.expenseBudgetId)
    ) {
      await checkPlanBudget(tx, row);
    }
    const diff = Object.fromEntries(
      Object.entries(changes)
        .filter(([key, value]) => before[key as keyof typeof before] !== value)
        .map(([key, value]) => [key, [before[key as keyof typeof before], value]]),
    ) as Record<string, [unknown, unknown]>;
    await ctx.audit(tx, {
      action: 'update',
      entity: 'training_plans',
      entityId: id,
      changes: diff,
      summary: `${before.year} ${before.title}`,
    });
  });
  return (await listPlans(ctx, {})).find((p) => p.id === id)!;
}

const sessionColumns = (ctx: Ctx) => ({
  s: trainingSessions,
  planTitle: trainingPlans.title,
  planStatus: trainingPlans.status,
  trainerName: users.displayName,
  enrolled: sql<number>`(select count(*)::int from training_enrolments e where e.session_id = training_sessions.id and e.status = 'enrolled')`,
  waitlisted: sql<number>`(select count(*)::int from training_enrolments e where e.session_id = training_sessions.id and e.status = 'waitlisted')`,
  attended: sql<number>`(select count(*)::int from training_enrolments e where e.session_id = training_sessions.id and e.attended_at is not null)`,
  myStatus: sql<
    TrainingSessionRow['myStatus']
  >`(select e.status from training_enrolments e where e.session_id = training_sessions.id and e.user_id = ${ctx.actor.id})`,
});

function presentRow(row: {
  s: SessionRow;
  planTitle: string;
  trainerName: string | null;
  enrolled: number;
  waitlisted: number;
  attended: number;
  myStatus: TrainingSessionRow['myStatus'];
}): TrainingSessionRow {
  const s = row.s;
  return {
    id: s.id,
    planId: s.planId,
    planTitle: row.planTitle,
    title: s.title,
    topic: s.topic as TrainingSessionRow['topic'],
    method: s.method as TrainingSessionRow['method'],
    level: s.level as TrainingSessionRow['level'],
    audienceRoles: s.audienceRoles as TrainingSessionRow['audienceRoles'],
    startsAt: iso(s.startsAt)!,
    endsAt: iso(s.endsAt)!,
    location: s.location,
    capacity: s.capacity,
    enrolled: row.enrolled,
    waitlisted: row.waitlisted,
    attended: row.attended,
    trainerId: s.trainerId,
    trainerName: row.trainerName,
    externalTrainer: s.externalTrainer,
    budgetCents: s.budgetCents,
    certification: s.certification,
    certValidMonths: s.certValidMonths,
    myStatus: row.myStatus ?? null,
  };
}

/** The session calendar: sessions of visible plans, optionally of a year or one plan, by start. */
export async function listSessions(ctx: Ctx, query: z.infer<typeof trainingSessionListQuerySchema>): Promise<TrainingSessionRow[]> {
  trainingAccess.require(ctx.actor, 'read');
  const rows = await ctx.db
    .select(sessionColumns(ctx))
    .from(trainingSessions)
    .innerJoin(trainingPlans, eq(trainingPlans.id, trainingSessions.planId))
    .leftJoin(users, eq(users.id, trainingSessions.trainerId))
    .where(
      and(
        visiblePlans(ctx),
        query.year ? eq(trainingPlans.year, query.year) : undefined,
        query.planId ? eq(trainingSessions.planId, query.planId) : undefined,
      ),
    )
    .orderBy(trainingSessions.startsAt, trainingSessions.id)
    .limit(2000);
  return rows.map(presentRow);
}

async function checkTrainer(executor: Executor, trainerId: string | null): Promise<void> {
  if (!trainerId) return;
  const found = await executor.execute(sql`select 1 from users where id = ${trainerId} and not disabled`);
  if (!found.rows.length) throw badRequest('body.trainerId', 'no active user with this id');
}

export async function createSession(ctx: Ctx, input: z.infer<typeof trainingSessionInputSchema>): Promise<SessionDetail> {
  trainingAccess.require(ctx.actor, 'manage');
  const id = await ctx.db.transaction(async (tx) => {
    const [plan] = await tx.select({ id: trainingPlans.id }).from(trainingPlans).where(eq(trainingPlans.id, input.planId));
    if (!plan) throw badRequest('body.planId', 'no training plan with this id');
    await checkTrainer(tx, input.trainerId);
    const [row] = await tx
      .insert(trainingSessions)
      .values({ ...input, startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) })
      .returning({ id: trainingSessions.id });
    await ctx.audit(tx, { action: 'create', entity: 'training_sessions', entityId: row!.id, summary: `${input.title}` });
    return row!.id;
  });
  return getSession(ctx, id);
}

/** The session with what the caller may see of it; 404 when its plan is a draft the caller may not see. */
export async function loadSession(ctx: Ctx, executor: Executor, id: string, lock = false) {
  const query = executor
    .select({ s: trainingSessions, planStatus: trainingPlans.status })
    .from(trainingSessions)
    .innerJoin(trainingPlans, eq(trainingPlans.id, trainingSessions.planId))
    .where(and(eq(trainingSessions.id, id), visiblePlans(ctx)));
  const [row] = lock ? await query.for('update', { of: trainingSessions }) : await query;
  if (!row) throw notFound('training session');
  return row;
}

/** Trainers and planners run the session: attendance, every enrolment, grading. */
export const runsSession = (ctx: Ctx, session: SessionRow) => canManage(ctx) || session.trainerId === ctx.actor.id;

export async function getSession(ctx: Ctx, id: string): Promise<SessionDetail> {
  trainingAccess.require(ctx.actor, 'read');
  const [row] = await ctx.db
    .select(sessionColumns(ctx))
    .from(trainingSessions)
    .innerJoin(trainingPlans, eq(trainingPlans.id, trainingSessions.planId))
    .leftJoin(users, eq(users.id, trainingSessions.trainerId))
    .where(and(eq(trainingSessions.id, id), visiblePlans(ctx)));
  if (!row) throw notFound('training session');
  const runs = runsSession(ctx, row.s);
  const [exam] = await ctx.db.select().from(trainingExams).where(eq(trainingExams.sessionId, id));
  const assigner = sql`(select a.display_name from users a where a.id = e.assigned_by_id)`;
  const people = await ctx.db.execute<{
    id: string;
    user_id: string;
    user_name: string;
    status: TrainingEnrolment['status'];
    assigned_by_name: string | null;
    attended_at: string | null;
    feedback_rating: number | null;
    feedback_comment: string | null;
    exam_status: TrainingEnrolment['examStatus'];
    exam_percent: number | null;
  }>(sql`
    select e.id, e.user_id, u.display_name as user_name, e.status, ${assigner} as assigned_by_name, e.attended_at,
           e.feedback_rating, e.feedback_comment, best.status as exam_status, best.percent as exam_percent
      from training_enrolments e join users u on u.id = e.user_id
      left join lateral (
        select a.status, a.percent from training_attempts a
         where a.exam_id = ${exam?.id ?? null}::uuid and a.user_id = e.user_id
         order by (a.status = 'passed') desc, a.percent desc nulls last, a.attempt_no desc limit 1) best on true
     where e.session_id = ${id} and ${runs ? sql`true` : trainingAccess.where(ctx.actor, 'read', sql`e.user_id`)}
     order by e.status, u.display_name, e.id`);
  const enrolments: TrainingEnrolment[] = people.rows.map((p) => ({
    id: p.id,
    sessionId: id,
    userId: p.user_id,
    userName: p.user_name,
    status: p.status,
    assignedByName: p.assigned_by_name,
    attendedAt: iso(p.attended_at),
    feedbackRating: p.feedback_rating,
    feedbackComment: p.feedback_comment,
    examStatus: p.exam_status ?? null,
    examPercent: p.exam_percent,
  }));
  const mine = enrolments.find((e) => e.userId === ctx.actor.id) ?? null;
  const myAttempts = exam
    ? await ctx.db
        .select({
          id: trainingAttempts.id,
          attemptNo: trainingAttempts.attemptNo,
          status: trainingAttempts.status,
          percent: trainingAttempts.percent,
        })
        .from(trainingAttempts)
        .where(and(eq(trainingAttempts.examId, exam.id), eq(trainingAttempts.userId, ctx.actor.id)))
        .orderBy(trainingAttempts.attemptNo)
    : [];
  const retake = exam ? retakeState(myAttempts, exam.maxAttempts) : { allowed: false, left: 0 };
  const toGrade =
    exam && runs
      ? (
          await ctx.db.execute<{ id: string; user_name: string; attempt_no: number }>(sql`
            select a.id, u.display_name as user_name, a.attempt_no from training_attempts a join users u on u.id = a.user_id
             where a.exam_id = ${exam.id} and a.status = 'pending_grading' order by a.submitted_at, a.id`)
        ).rows.map((a) => ({ id: a.id, userName: a.user_name, attemptNo: a.attempt_no }))
      : [];
  return {
    ...presentRow(row),
    planStatus: row.planStatus,
    materials: row.s.materials,
    version: row.s.version,
    enrolments,
    myEnrolmentId: mine?.id ?? null,
    exam: exam ? presentExam(exam) : null,
    myAttempts,
    canStartAttempt: Boolean(mine && mine.status === 'enrolled' && mine.attendedAt && retake.allowed),
    attemptsLeft: retake.left,
    toGrade,
    files: await sessionFiles(ctx.db, id),
    tasks: await sessionTasks(ctx, ctx.db, id, runs),
    abilities: {
      manage: canManage(ctx),
      checkIn: runs,
      grade: runs,
      assign: trainingAccess.can(ctx.actor, 'assign'),
      enrol: row.planStatus === 'published' && (!mine || mine.status === 'cancelled'),
    },
  };
}

/**
 * Enrolment (issue 20 item 2): by the person, or assigned by their supervisor/manager within
 * `training.assign`. Places are taken in order under the session's row lock; beyond capacity a
 * person goes on the waiting list. A cancelled enrolment is taken up again.
 */
export async function enrol(
  ctx: Ctx,
  sessionId: string,
  input: z.infer<typeof enrolInputSchema>,
): Promise<{ enrolled: number; waitlisted: number; already: number }> {
  trainingAccess.require(ctx.actor, 'read');
  const assigning = Boolean(input.userIds?.length);
  if (assigning) trainingAccess.require(ctx.actor, 'assign');
  return ctx.db.transaction(async (tx) => {
    const { s, planStatus } = await loadSession(ctx, tx, sessionId, true);
    if (planStatus !== 'published') throw ruleViolation('R-TRN-1', 'the training plan is not published yet');
    if (s.endsAt <= ctx.now) throw new AppError('rule', 'the session is over', { field: 'sessionId' });
    const wanted = assigning ? [...new Set(input.userIds)] : [ctx.actor.id];
    if (assigning) {
      const reachable = await tx.execute<{ id: string }>(sql`
        select u.id from users u where u.id = any(${sql.param(wanted)}::uuid[]) and not u.disabled
           and ${trainingAccess.where(ctx.actor, 'assign', sql`u.id`)}`);
      if (reachable.rows.length !== wanted.length) throw badRequest('body.userIds', 'someone here is not in your team or not active');
    }
    const existing = await tx
      .select({ id: trainingEnrolments.id, userId: trainingEnrolments.userId, status: trainingEnrolments.status })
      .from(trainingEnrolments)
      .where(eq(trainingEnrolments.sessionId, sessionId));
    let taken = existing.filter((e) => e.status === 'enrolled').length;
    const result = { enrolled: 0, waitlisted: 0, already: 0 };
    const notes: { userId: string; status: 'enrolled' | 'waitlisted' }[] = [];
    for (const userId of wanted) {
      const found = existing.find((e) => e.userId === userId);
      if (found && found.status !== 'cancelled') {
        result.already += 1;
        continue;
      }
      const status = taken < s.capacity ? ('enrolled' as const) : ('waitlisted' as const);
      if (status === 'enrolled') taken += 1;
      result[status] += 1;
      const assignedById = assigning ? ctx.actor.id : null;
      if (found) {
        await tx.update(trainingEnrolments).set({ status, assignedById, createdAt: ctx.now }).where(eq(trainingEnrolments.id, found.id));
      } else {
        await tx.insert(trainingEnrolments).values({ sessionId, userId, status, assignedById, createdAt: ctx.now });
      }
      if (assigning && userId !== ctx.actor.id) notes.push({ userId, status });
    }
    await notify(
      tx,
      notes.map((n) => ({
        userId: n.userId,
        kind: 'training.assigned',
        title: `${s.title}`,
        titleMessage: message(n.status === 'enrolled' ? 'training.notifications.assigned' : 'training.notifications.waitlisted', {
          title: s.title,
        }),
        link: `/training/sessions/${sessionId}`,
      })),
    );
    return result;
  });
}

async function loadEnrolment(ctx: Ctx, executor: Executor, enrolmentId: string) {
  const [row] = await executor
    .select({ e: trainingEnrolments, s: trainingSessions, userName: users.displayName })
    .from(trainingEnrolments)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingEnrolments.sessionId))
    .innerJoin(users, eq(users.id, trainingEnrolments.userId))
    .where(eq(trainingEnrolments.id, enrolmentId));
  if (!row) throw notFound('enrolment');
  const own = row.e.userId === ctx.actor.id;
  const inReach = own || runsSession(ctx, row.s);
  if (!inReach) {
    const reach = await executor.execute(sql`select 1 where ${trainingAccess.where(ctx.actor, 'assign', sql`${row.e.userId}::uuid`)}`);
    if (!trainingAccess.can(ctx.actor, 'assign') || !reach.rows.length) throw notFound('enrolment');
  }
  return row;
}

/** Cancels a place; the first on the waiting list moves up and is told. */
export async function cancelEnrolment(ctx: Ctx, enrolmentId: string): Promise<{ promoted: string | null }> {
  trainingAccess.require(ctx.actor, 'read');
  return ctx.db.transaction(async (tx) => {
    const { e } = await loadEnrolment(ctx, tx, enrolmentId);
    const { s } = await loadSession(ctx, tx, e.sessionId, true);
    if (e.status === 'cancelled') return { promoted: null };
    if (e.attendedAt) throw new AppError('rule', 'attendance is already taken for this place', { field: 'enrolmentId' });
    await tx.update(trainingEnrolments).set({ status: 'cancelled' }).where(eq(trainingEnrolments.id, enrolmentId));
    if (e.status !== 'enrolled') return { promoted: null };
    const [next] = await tx
      .select({ id: trainingEnrolments.id, userId: trainingEnrolments.userId })
      .from(trainingEnrolments)
      .where(and(eq(trainingEnrolments.sessionId, s.id), eq(trainingEnrolments.status, 'waitlisted')))
      .orderBy(trainingEnrolments.createdAt, trainingEnrolments.id)
      .limit(1);
    if (!next) return { promoted: null };
    await tx.update(trainingEnrolments).set({ status: 'enrolled' }).where(eq(trainingEnrolments.id, next.id));
    await notify(tx, [
      {
        userId: next.userId,
        kind: 'training.promoted',
        title: s.title,
        titleMessage: message('training.notifications.promoted', { title: s.title }),
        link: `/training/sessions/${s.id}`,
      },
    ]);
    return { promoted: next.userId };
  });
}

/** The person's check-in pass: the QR of the enrolment token (the events mechanism) and the typed code. */
export async function enrolmentQr(ctx: Ctx, enrolmentId: string) {
  trainingAccess.require(ctx.actor, 'read');
  const { e, s, userName } = await loadEnrolment(ctx, ctx.db, enrolmentId);
  if (e.status !== 'enrolled') throw new AppError('rule', 'only an enrolled place has a check-in code', { field: 'enrolmentId' });
  return {
    enrolmentId: e.id,
    sessionTitle: s.title,
    startsAt: iso(s.startsAt)!,
    location: s.location,
    userName,
    code: typedCode(e.qrToken),
    qrSvg: await qrSvg(e.qrToken),
  };
}

/**
 * Attendance by QR (issue 20 item 2, the events check-in mechanism): the trainer scans the person's
 * code — or types the 8 characters under it — on a phone. The time is the phone's scan time when it
 * queued the scan offline (events' `checkInTime` rule). Scanning twice is harmless.
 */
export async function checkIn(ctx: Ctx, sessionId: string, input: z.infer<typeof trainingCheckInInputSchema>) {
  trainingAccess.require(ctx.actor, 'read');
  return ctx.db.transaction(async (tx) => {
    const { s } = await loadSession(ctx, tx, sessionId);
    if (!runsSession(ctx, s)) throw forbidden('only the trainer or a planner takes attendance');
    const token = input.token?.trim() ?? '';
    const match = input.enrolmentId
      ? eq(trainingEnrolments.id, input.enrolmentId)
      : token.length === 8
        ? sql`upper(left(${trainingEnrolments.qrToken}, 8)) = ${token.toUpperCase()}`
        : eq(trainingEnrolments.qrToken, token);
    const [row] = await tx
      .select({ e: trainingEnrolments, userName: users.displayName })
      .from(trainingEnrolments)
      .innerJoin(users, eq(users.id, trainingEnrolments.userId))
      .where(and(eq(trainingEnrolments.sessionId, sessionId), match))
      .for('update', { of: trainingEnrolments });
    if (!row) {
      const other = token
        ? await tx.execute(
            sql`select 1 from training_enrolments where qr_token = ${token} or upper(left(qr_token, 8)) = ${token.toUpperCase()}`,
          )
        : { rows: [] };
      if (other.rows.length) throw new AppError('rule', 'this check-in code is for another session', { field: 'token' });
      throw new AppError('not_found', 'unknown check-in code: no enrolment has it', { field: 'token' });
    }
    if (row.e.status !== 'enrolled')
      throw new AppError('rule', `this person is ${row.e.status === 'waitlisted' ? 'on the waiting list' : 'not enrolled'}`, {
        field: 'token',
      });
    if (row.e.attendedAt) return { enrolmentId: row.e.id, userName: row.userName, attendedAt: iso(row.e.attendedAt)!, already: true };
    const at = checkInTime(input.scannedAt, ctx.now, s.startsAt);
    await tx.update(trainingEnrolments).set({ attendedAt: at }).where(eq(trainingEnrolments.id, row.e.id));
    return { enrolmentId: row.e.id, userName: row.userName, attendedAt: at.toISOString(), already: false };
  });
}

/** The feedback survey per session (001 培训评估): the attendee rates it once attended. */
export async function giveFeedback(ctx: Ctx, enrolmentId: string, input: z.infer<typeof sessionFeedbackInputSchema>) {
  trainingAccess.require(ctx.actor, 'read');
  const { e } = await loadEnrolment(ctx, ctx.db, enrolmentId);
  if (e.userId !== ctx.actor.id) throw notFound('enrolment');
  if (!e.attendedAt) throw new AppError('rule', 'feedback comes after attending the session', { field: 'rating' });
  await ctx.db
    .update(trainingEnrolments)
    .set({ feedbackRating: input.rating, feedbackComment: input.comment || null })
    .where(eq(trainingEnrolments.id, enrolmentId));
  return { ok: true as const };
}
