import { and, eq, sql } from 'drizzle-orm';
import { scoreRubric, type PracticalTask, type PracticalTaskInput, type TrainingFile, type taskGradeInputSchema } from '@xiaoguan/shared';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { badRequest, forbidden, notFound, ruleViolation } from '../../platform/errors.js';
import { checkUpload, storeFile, storedFilePath } from '../../platform/files/store.js';
import { trainingAccess } from './training.access.js';
import { trainingEnrolments, trainingMaterials, trainingTaskGrades, trainingTasks } from './training.schema.js';
import { loadSession, runsSession } from './training-sessions.service.js';

/** A session's material files, for whoever may see the session. */
export async function sessionFiles(executor: Executor, sessionId: string): Promise<TrainingFile[]> {
  const rows = await executor
    .select()
    .from(trainingMaterials)
    .where(eq(trainingMaterials.sessionId, sessionId))
    .orderBy(trainingMaterials.createdAt, trainingMaterials.id);
  return rows.map((r) => ({ id: r.id, fileName: r.fileName, mimeType: r.mimeType, size: r.size, createdAt: iso(r.createdAt)! }));
}

/**
 * A session's practical tasks with the grades the caller may see (R-SEC-1): the trainer and the
 * planners every grade, others those of the people in their `training.read` scope (own, team, region).
 */
export async function sessionTasks(ctx: Ctx, executor: Executor, sessionId: string, runs: boolean): Promise<PracticalTask[]> {
  const tasks = await executor
    .select()
    .from(trainingTasks)
    .where(eq(trainingTasks.sessionId, sessionId))
    .orderBy(trainingTasks.createdAt, trainingTasks.id);
  if (!tasks.length) return [];
  const grades = await executor.execute<{
    task_id: string;
    user_id: string;
    user_name: string;
    scores: number[];
    points: number;
    max_points: number;
    percent: number;
    passed: boolean;
    comment: string | null;
    graded_at: string;
  }>(sql`
    select g.task_id, g.user_id, u.display_name as user_name, g.scores, g.points, g.max_points, g.percent, g.passed, g.comment, g.graded_at
      from training_task_grades g join users u on u.id = g.user_id
     where g.task_id = any(${sql.param(tasks.map((t) => t.id))}::uuid[])
       and ${runs ? sql`true` : trainingAccess.where(ctx.actor, 'read', sql`g.user_id`)}
     order by u.display_name, g.user_id`);
  return tasks.map((task) => ({
    id: task.id,
    title: task.title,
    criteria: task.criteria,
    passPercent: task.passPercent,
    grades: grades.rows
      .filter((g) => g.task_id === task.id)
      .map((g) => ({
        userId: g.user_id,
        userName: g.user_name,
        scores: g.scores,
        points: g.points,
        maxPoints: g.max_points,
        percent: g.percent,
        passed: g.passed,
        comment: g.comment,
        gradedAt: iso(g.graded_at)!,
      })),
  }));
}

async function sessionRunBy(ctx: Ctx, executor: Executor, sessionId: string) {
  trainingAccess.require(ctx.actor, 'read');
  const row = await loadSession(ctx, executor, sessionId);
  if (!runsSession(ctx, row.s)) throw forbidden();
  return row.s;
}

/** A material file (issue 20 item 2), stored by content hash in the platform file store; the trainer or a planner uploads. */
export async function addMaterialFile(
  ctx: Ctx,
  dataDir: string,
  sessionId: string,
  file: { fileName: string; mimeType: string; content: Buffer },
): Promise<TrainingFile> {
  checkUpload(file.content);
  const session = await sessionRunBy(ctx, ctx.db, sessionId);
  const storageKey = await storeFile(dataDir, file.content);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(trainingMaterials)
      .values({
        sessionId,
        fileName: file.fileName.slice(0, 200),
        mimeType: file.mimeType,
        size: file.content.length,
        storageKey,
        uploadedById: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'training_materials',
      entityId: row!.id,
      summary: `${session.title}: ${row!.fileName}`,
    });
    return { id: row!.id, fileName: row!.fileName, mimeType: row!.mimeType, size: row!.size, createdAt: iso(row!.createdAt)! };
  });
}

/** A material file, for whoever may see its session (a draft plan's files only for the planners). */
export async function readMaterialFile(ctx: Ctx, dataDir: string, id: string) {
  trainingAccess.require(ctx.actor, 'read');
  const [row] = await ctx.db.select().from(trainingMaterials).where(eq(trainingMaterials.id, id));
  if (!row) throw notFound('material');
  await loadSession(ctx, ctx.db, row.sessionId).catch(() => {
    throw notFound('material');
  });
  return { file: row, storagePath: storedFilePath(dataDir, row.storageKey) };
}

/** A practical task with its rubric (R-TRN-2), set by the trainer or a planner. */
export async function createTask(ctx: Ctx, sessionId: string, input: PracticalTaskInput): Promise<PracticalTask> {
  const session = await sessionRunBy(ctx, ctx.db, sessionId);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(trainingTasks)
      .values({ sessionId, ...input, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await ctx.audit(tx, { action: 'create', entity: 'training_tasks', entityId: row!.id, summary: `${session.title}: ${input.title}` });
    return { id: row!.id, title: row!.title, criteria: row!.criteria, passPercent: row!.passPercent, grades: [] };
  });
}

/**
 * The trainer grades a person's practical task by its rubric (R-TRN-2): only someone who attended
 * the session; a grade again replaces the earlier one. The percent feeds the skills figure.
 */
export async function gradeTask(ctx: Ctx, taskId: string, input: z.infer<typeof taskGradeInputSchema>): Promise<PracticalTask> {
  const [task] = await ctx.db.select().from(trainingTasks).where(eq(trainingTasks.id, taskId));
  if (!task) throw notFound('practical task');
  await sessionRunBy(ctx, ctx.db, task.sessionId);
  const result = scoreRubric(task.criteria, input.scores, task.passPercent);
  if (!result.valid) {
    throw badRequest(
      `body.scores.${result.invalid}`,
      result.invalid < task.criteria.length ? `between 0 and ${task.criteria[result.invalid]!.points} points` : 'one score per criterion',
    );
  }
  return ctx.db.transaction(async (tx) => {
    const [enrolment] = await tx
      .select({ attendedAt: trainingEnrolments.attendedAt })
      .from(trainingEnrolments)
      .where(and(eq(trainingEnrolments.sessionId, task.sessionId), eq(trainingEnrolments.userId, input.userId)));
    if (!enrolment) throw badRequest('body.userId', 'this person is not enrolled in the session');
    if (!enrolment.attendedAt) throw ruleViolation('R-TRN-2', 'a practical task is graded once the person attended the session');
    const values = {
      scores: [...input.scores],
      points: result.points,
      maxPoints: result.maxPoints,
      percent: result.percent,
      passed: result.passed,
      comment: input.comment || null,
      gradedById: ctx.actor.id,
      gradedAt: ctx.now,
    };
    await tx
      .insert(trainingTaskGrades)
      .values({ taskId, userId: input.userId, ...values })
      .onConflictDoUpdate({ target: [trainingTaskGrades.taskId, trainingTaskGrades.userId], set: values });
    await ctx.audit(tx, {
      action: 'update',
      entity: 'training_tasks',
      entityId: taskId,
      summary: `${task.title}: ${result.percent}%${result.passed ? ' ✓' : ''}`,
    });
    const [presented] = (await sessionTasks(ctx, tx, task.sessionId, true)).filter((t) => t.id === taskId);
    return presented!;
  });
}
