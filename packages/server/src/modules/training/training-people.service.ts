import { and, eq, sql } from 'drizzle-orm';
import {
  CAREER_LADDER,
  TRAINING_LEVELS,
  message,
  type Certification,
  type DevelopmentRecord,
  type Role,
  type TeamMember,
  type developmentGoalInputSchema,
} from '@xiaoguan/shared';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { enqueueMessage } from '../../platform/notifications/senders/index.js';
import { trainingAccess } from './training.access.js';
import { trainingGoals } from './training.schema.js';
import { getTrainingSettings } from './training.settings.js';

const DAY_MS = 86_400_000;

/** A certification's state for a reader: expired, expiring within the reminder window, or valid. */
export function certificationState(expiresAt: Date | null, now: Date, reminderDays: number): Certification['state'] {
  if (!expiresAt) return 'valid';
  if (expiresAt <= now) return 'expired';
  return expiresAt.getTime() - now.getTime() <= reminderDays * DAY_MS ? 'expiring' : 'valid';
}

/**
 * The skills figure training feeds into reviews (001 培训评估.3): per person, the average of their best
 * percent on each decided exam (R-TRN-1) and of each practical task graded by its rubric (R-TRN-2) in
 * the period. The performance module reads this (through the training index) as its `training_skills`
 * KPI source; absent when the person has neither.
 */
export async function skillsPercentByUser(db: Executor, userIds: string[], from: Date, to: Date): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await db.execute<{ user_id: string; percent: number }>(sql`
    select user_id, round(avg(best))::int as percent from (
      select a.user_id, a.exam_id, max(a.percent) as best from training_attempts a
       where a.user_id = any(${sql.param(userIds)}::uuid[]) and a.status in ('passed', 'failed')
         and a.submitted_at >= ${from} and a.submitted_at < ${to}
       group by a.user_id, a.exam_id
      union all
      select g.user_id, g.task_id, g.percent from training_task_grades g
       where g.user_id = any(${sql.param(userIds)}::uuid[]) and g.graded_at >= ${from} and g.graded_at < ${to}) b
     group by user_id`);
  return new Map(rows.rows.map((r) => [r.user_id, r.percent]));
}

/** The ladder step after the person's highest rung (001 职业发展规划); the key-account track is the professional one. */
export function careerStep(roles: readonly Role[]): { track: 'management' | 'professional'; current: Role; next: Role | null } {
  const rungs = CAREER_LADDER.filter((r) => roles.includes(r));
  if (roles.includes('key_account') && !rungs.some((r) => r !== 'rep'))
    return { track: 'professional', current: 'key_account', next: null };
  const current = rungs.at(-1) ?? roles[0] ?? 'rep';
  const index = CAREER_LADDER.indexOf(current as (typeof CAREER_LADDER)[number]);
  if (index === -1) return { track: 'management', current, next: null };
  return { track: 'management', current, next: CAREER_LADDER[index + 1] ?? null };
}

/** The course level a step up asks for: a rep moving up takes a mid-level course, above that senior. */
const levelFor = (next: Role): (typeof TRAINING_LEVELS)[number] => (next === 'supervisor' || next === 'key_account' ? 'mid' : 'senior');

async function requirePerson(ctx: Ctx, userId: string): Promise<{ id: string; display_name: string; roles: Role[] }> {
  trainingAccess.require(ctx.actor, 'read');
  const rows = await ctx.db.execute<{ id: string; display_name: string; roles: Role[] }>(sql`
    select u.id, u.display_name, u.roles from users u
     where u.id = ${userId} and ${trainingAccess.where(ctx.actor, 'read', sql`u.id`)}`);
  if (!rows.rows[0]) throw notFound('person');
  return rows.rows[0];
}

async function certificationsOf(db: Executor, userIds: string[], now: Date, reminderDays: number): Promise<Certification[]> {
  const rows = await db.execute<{
    id: string;
    user_id: string;
    user_name: string;
    name: string;
    session_id: string | null;
    issued_at: string;
    expires_at: string | null;
  }>(sql`
    select distinct on (c.user_id, c.name) c.id, c.user_id, u.display_name as user_name, c.name, c.session_id, c.issued_at, c.expires_at
      from training_certifications c join users u on u.id = c.user_id
     where c.user_id = any(${sql.param(userIds)}::uuid[])
     order by c.user_id, c.name, c.expires_at desc nulls first, c.issued_at desc`);
  return rows.rows.map((c) => ({
    id: c.id,
    userId: c.user_id,
    userName: c.user_name,
    name: c.name,
    sessionId: c.session_id,
    issuedAt: iso(c.issued_at)!,
    expiresAt: iso(c.expires_at),
    state: certificationState(c.expires_at ? new Date(iso(c.expires_at)!) : null, now, reminderDays),
  }));
}

const required = (settings: { requiredCertifications: { role: Role; name: string }[] }, roles: readonly Role[]) => [
  ...new Set(settings.requiredCertifications.filter((r) => roles.includes(r.role)).map((r) => r.name)),
];

/** The person's development record and career path (issue 20 items 3–4): own, or within `training.read`. */
export async function developmentRecord(ctx: Ctx, userId: string): Promise<DevelopmentRecord> {
  const person = await requirePerson(ctx, userId);
  const settings = await getTrainingSettings(ctx.db);
  const sessions = await ctx.db.execute<{
    session_id: string;
    title: string;
    starts_at: string;
    level: string;
    topic: string;
    status: 'enrolled' | 'waitlisted' | 'cancelled';
    enrolment_id: string;
    attended_at: string | null;
    exam_id: string | null;
    exam_status: DevelopmentRecord['sessions'][number]['examStatus'];
    exam_percent: number | null;
  }>(sql`
    select s.id as session_id, s.title, s.starts_at, s.level, s.topic, e.status, e.id as enrolment_id, e.attended_at, x.id as exam_id,
           best.status as exam_status, best.percent as exam_percent
      from training_enrolments e join training_sessions s on s.id = e.session_id
      left join training_exams x on x.session_id = s.id
      left join lateral (select a.status, a.percent from training_attempts a where a.exam_id = x.id and a.user_id = e.user_id
                          order by (a.status = 'passed') desc, a.percent desc nulls last, a.attempt_no desc limit 1) best on true
     where e.user_id = ${userId}
     order by s.starts_at desc, s.id`);
  const certifications = await certificationsOf(ctx.db, [userId], ctx.now, settings.renewalReminderDays);
  const held = new Set(certifications.filter((c) => c.state !== 'expired').map((c) => c.name));
  const goalsRows = await ctx.db
    .select()
    .from(trainingGoals)
    .where(eq(trainingGoals.userId, userId))
    .orderBy(trainingGoals.createdAt, trainingGoals.id);
  const upcoming = await ctx.db.execute<{ id: string; title: string; starts_at: string; topic: string }>(sql`
    select s.id, s.title, s.starts_at, s.topic from training_sessions s join training_plans p on p.id = s.plan_id
     where p.status = 'published' and s.starts_at > ${ctx.now} order by s.starts_at limit 200`);
  const done = (topic: string | null) =>
    sessions.rows.filter((s) => s.attended_at && (!topic || s.topic === topic) && (!s.exam_id || s.exam_status === 'passed')).length;
  const goals = goalsRows.map((g) => ({
    id: g.id,
    title: g.title,
    targetRole: g.targetRole as Role | null,
    topic: g.topic as DevelopmentRecord['goals'][number]['topic'],
    dueOn: g.dueOn,
    doneAt: iso(g.doneAt),
    coursesDone: done(g.topic),
    coursesOpen: upcoming.rows
      .filter((s) => !g.topic || s.topic === g.topic)
      .filter((s) => !sessions.rows.some((mine) => mine.session_id === s.id && mine.status !== 'cancelled'))
      .slice(0, 3)
      .map((s) => ({ id: s.id, title: s.title, startsAt: iso(s.starts_at)! })),
  }));
  const step = careerStep(person.roles);
  const items: DevelopmentRecord['career']['items'] = [];
  if (step.next) {
    for (const name of required(settings, [step.next])) items.push({ kind: 'certification', label: name, met: held.has(name) });
    const level = levelFor(step.next);
    items.push({
      kind: 'level_course',
      label: level,
      met: sessions.rows.some((s) => s.level === level && s.attended_at && (!s.exam_id || s.exam_status === 'passed')),
    });
    const open = goals.filter((g) => !g.doneAt).length;
    items.push({ kind: 'goals', label: `${goals.length - open}/${goals.length}`, met: goals.length > 0 && open === 0 });
  }
  const skills = await skillsPercentByUser(ctx.db, [userId], new Date(0), new Date(ctx.now.getTime() + DAY_MS));
  const practical = await ctx.db.execute<{
    task_id: string;
    title: string;
    session_id: string;
    percent: number;
    passed: boolean;
    graded_at: string;
  }>(sql`
    select g.task_id, t.title, t.session_id, g.percent, g.passed, g.graded_at
      from training_task_grades g join training_tasks t on t.id = g.task_id
     where g.user_id = ${userId} order by g.graded_at desc, g.id`);
  const own = userId === ctx.actor.id;
  return {
    userId,
    userName: person.display_name,
    roles: person.roles,
    sessions: sessions.rows.map((s) => ({
      sessionId: s.session_id,
      title: s.title,
      startsAt: iso(s.starts_at)!,
      status: s.status,
      enrolmentId: s.enrolment_id,
      attendedAt: iso(s.attended_at),
      examStatus: s.exam_status ?? null,
      examPercent: s.exam_percent,
      hasExam: Boolean(s.exam_id),
    })),
    certifications,
    missingCertifications: required(settings, person.roles).filter((name) => !held.has(name)),
    goals,
    career: { ...step, items },
    skillsPercent: skills.get(userId) ?? null,
    practicalTasks: practical.rows.map((g) => ({
      taskId: g.task_id,
      title: g.title,
      sessionId: g.session_id,
      percent: g.percent,
      passed: g.passed,
      gradedAt: iso(g.graded_at)!,
    })),
    abilities: { addGoal: own || trainingAccess.can(ctx.actor, 'assign'), checkIn: own },
  };
}

/** Team development (issue 20, the supervisor's page): the people under `training.assign`, their figures and gaps. */
export async function teamDevelopment(ctx: Ctx): Promise<TeamMember[]> {
  trainingAccess.require(ctx.actor, 'assign');
  const settings = await getTrainingSettings(ctx.db);
  const people = await ctx.db.execute<{ id: string; display_name: string; roles: Role[]; attended: number; passed: number }>(sql`
    select u.id, u.display_name, u.roles,
           (select count(*)::int from training_enrolments e where e.user_id = u.id and e.attended_at is not null) as attended,
           (select count(distinct a.exam_id)::int from training_attempts a where a.user_id = u.id and a.status = 'passed') as passed
      from users u
     where not u.disabled and u.id <> ${ctx.actor.id} and ${trainingAccess.where(ctx.actor, 'assign', sql`u.id`)}
       and u.roles && array['rep', 'supervisor', 'key_account', 'channel', 'support', 'manager']::text[]
     order by u.display_name, u.id limit 500`);
  const ids = people.rows.map((p) => p.id);
  const certs = await certificationsOf(ctx.db, ids, ctx.now, settings.renewalReminderDays);
  const skills = await skillsPercentByUser(ctx.db, ids, new Date(0), new Date(ctx.now.getTime() + DAY_MS));
  const upcoming = await ctx.db.execute<{
    id: string;
    title: string;
    starts_at: string;
    certification: string | null;
    enrolled: string[];
  }>(sql`
    select s.id, s.title, s.starts_at, s.certification,
           coalesce((select array_agg(e.user_id) from training_enrolments e where e.session_id = s.id and e.status <> 'cancelled'), '{}') as enrolled
      from training_sessions s join training_plans p on p.id = s.plan_id
     where p.status = 'published' and s.starts_at > ${ctx.now} order by s.starts_at limit 200`);
  return people.rows.map((p) => {
    const mine = certs.filter((c) => c.userId === p.id);
    const held = new Set(mine.filter((c) => c.state !== 'expired').map((c) => c.name));
    const missing = required(settings, p.roles).filter((name) => !held.has(name));
    const skill = skills.get(p.id) ?? null;
    const weak = skill !== null && skill < settings.skillGapPercent;
    // Needs from gaps (001 培训计划.1): a session granting a missing certification, or — below the skills threshold — the next sessions.
    const suggested = upcoming.rows
      .filter((s) => !s.enrolled.includes(p.id))
      .filter((s) => (s.certification && missing.includes(s.certification)) || weak)
      .slice(0, 3)
      .map((s) => ({ id: s.id, title: s.title, startsAt: iso(s.starts_at)! }));
    return {
      userId: p.id,
      userName: p.display_name,
      roles: p.roles,
      sessionsAttended: p.attended,
      examsPassed: p.passed,
      skillsPercent: skill,
      validCertifications: mine.filter((c) => c.state === 'valid').length,
      expiringCertifications: mine.filter((c) => c.state === 'expiring').length,
      missingCertifications: missing,
      suggested,
    };
  });
}

/** A development goal (001 职业发展规划): set by the person or within `training.assign`. */
export async function addGoal(ctx: Ctx, input: z.infer<typeof developmentGoalInputSchema>): Promise<DevelopmentRecord> {
  if (input.userId !== ctx.actor.id) {
    trainingAccess.require(ctx.actor, 'assign');
    const reach = await ctx.db.execute(
      sql`select 1 from users u where u.id = ${input.userId} and ${trainingAccess.where(ctx.actor, 'assign', sql`u.id`)}`,
    );
    if (!reach.rows.length) throw notFound('person');
  } else trainingAccess.require(ctx.actor, 'read');
  await ctx.db.insert(trainingGoals).values({ ...input, createdById: ctx.actor.id, createdAt: ctx.now });
  return developmentRecord(ctx, input.userId);
}

export async function setGoalDone(ctx: Ctx, goalId: string, done: boolean): Promise<DevelopmentRecord> {
  trainingAccess.require(ctx.actor, 'read');
  const [goal] = await ctx.db.select().from(trainingGoals).where(eq(trainingGoals.id, goalId));
  if (!goal) throw notFound('goal');
  if (goal.userId !== ctx.actor.id) {
    const reach = await ctx.db.execute(sql`select 1 where ${trainingAccess.where(ctx.actor, 'assign', sql`${goal.userId}::uuid`)}`);
    if (!trainingAccess.can(ctx.actor, 'assign') || !reach.rows.length) throw notFound('goal');
  }
  await ctx.db
    .update(trainingGoals)
    .set({ doneAt: done ? ctx.now : null })
    .where(and(eq(trainingGoals.id, goalId)));
  return developmentRecord(ctx, goal.userId);
}

/**
 * Reminders through the platform (issue 20 items 2–3): people enrolled in a session starting within
 * the reminder window, and holders of a certification expiring within the renewal window (with
 * their supervisor) — in-app, and by e-mail through the outbox when the person has an address.
 * Each is sent once (`reminded_at`).
 */
export async function sendTrainingReminders(db: Executor, now: Date): Promise<{ sessions: number; renewals: number }> {
  const settings = await getTrainingSettings(db);
  return db.transaction(async (tx) => {
    const due = await tx.execute<{ id: string; title: string; starts_at: string; location: string }>(sql`
      update training_sessions set reminded_at = ${now}
       where reminded_at is null and starts_at > ${now} and starts_at <= ${new Date(now.getTime() + settings.sessionReminderHours * 3_600_000)}
       returning id, title, starts_at, location`);
    let reminded = 0;
    for (const s of due.rows) {
      const people = await tx.execute<{ user_id: string; email: string | null }>(sql`
        select e.user_id, u.email from training_enrolments e join users u on u.id = e.user_id where e.session_id = ${s.id} and e.status = 'enrolled'`);
      await notify(
        tx,
        people.rows.map((p) => ({
          userId: p.user_id,
          kind: 'training.reminder',
          title: s.title,
          titleMessage: message('training.notifications.reminder', { title: s.title, location: s.location }),
          link: `/training/sessions/${s.id}`,
        })),
      );
      for (const p of people.rows) {
        if (p.email)
          await enqueueMessage(tx, {
            channel: 'email',
            recipient: p.email,
            subject: `培训提醒：${s.title}`,
            body: `${s.title} · ${iso(s.starts_at)} · ${s.location}`,
            ref: `training-session:${s.id}:${p.user_id}`,
            now,
          });
      }
      reminded += people.rows.length;
    }
    const expiring = await tx.execute<{
      id: string;
      user_id: string;
      name: string;
      expires_at: string;
      email: string | null;
      manager_id: string | null;
    }>(sql`
      update training_certifications c set reminded_at = ${now}
        from users u
       where u.id = c.user_id and c.reminded_at is null and c.expires_at is not null
         and c.expires_at <= ${new Date(now.getTime() + settings.renewalReminderDays * DAY_MS)}
         and not exists (select 1 from training_certifications newer where newer.user_id = c.user_id and newer.name = c.name and newer.issued_at > c.issued_at)
       returning c.id, c.user_id, c.name, c.expires_at, u.email, u.manager_id`);
    for (const c of expiring.rows) {
      const date = iso(c.expires_at)!.slice(0, 10);
      const item = {
        kind: 'training.renewal',
        title: c.name,
        titleMessage: message('training.notifications.renewal', { name: c.name, date }),
      };
      await notify(tx, [
        { ...item, userId: c.user_id, link: `/training/my` },
        ...(c.manager_id ? [{ ...item, userId: c.manager_id, link: `/training/people/${c.user_id}` }] : []),
      ]);
      if (c.email)
        await enqueueMessage(tx, {
          channel: 'email',
          recipient: c.email,
          subject: `证书续期提醒：${c.name}`,
          body: `${c.name} · ${date}`,
          ref: `training-cert:${c.id}`,
          now,
        });
    }
    return { sessions: reminded, renewals: expiring.rows.length };
  });
}
