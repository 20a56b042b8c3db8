import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { sendTrainingReminders } from './training-people.service.js';
import { seedDemoTraining } from '../../seed/demo-training.js';

let t: TestApp;
let manager: Client;
let supervisor: Client;
let rep: Client;
let rep2: Client;
let planId = '';
let sessionId = '';
let bankId = '';
const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

const QUESTIONS = [
  { id: 'q1', kind: 'single', text: '净水器滤芯建议多久更换？', options: ['1 个月', '6 个月', '3 年'], correct: [1], points: 40 },
  {
    id: 'q2',
    kind: 'multiple',
    text: '哪些属于产品卖点？',
    options: ['节能', '静音', '价格最高', '易安装'],
    correct: [0, 1, 3],
    points: 30,
  },
  { id: 'q3', kind: 'true_false', text: '可以向客户承诺合同外赠品', options: [], correct: [1], points: 30 },
];

async function newSession(title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await manager.post('/api/v1/training/sessions', {
    planId,
    title,
    topic: 'product',
    method: 'internal',
    level: 'junior',
    audienceRoles: ['rep'],
    startsAt: inDays(3),
    endsAt: inDays(3, 3),
    location: '上海总部 3 楼培训室',
    capacity: 30,
    trainerId: t.ids['supervisor'],
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

beforeAll(async () => {
  t = await buildTestApp();
  manager = await t.loginAs('manager');
  supervisor = await t.loginAs('supervisor');
  rep = await t.loginAs('rep');
  rep2 = await t.loginAs('rep_sh1_2');
  const plan = await manager.post('/api/v1/training/plans', {
    year: 2026,
    title: '2026 年度销售培训计划',
    goals: '新品上市全员考核通过',
    budgetCents: 20_000_000,
  });
  expect(plan.statusCode, plan.body).toBe(201);
  planId = plan.json().id;
  sessionId = await newSession('净水器新品知识', { certification: '净水器考核认证（测试）', certValidMonths: 12 });
  const bank = await manager.post('/api/v1/training/question-banks', { title: '净水器题库', topic: 'product', questions: QUESTIONS });
  expect(bank.statusCode, bank.body).toBe(201);
  bankId = bank.json().id;
});
afterAll(() => t.close());

describe('training plan and sessions (issue 20 items 1–2)', () => {
  it('keeps a draft plan from the reps; once published they see it and its sessions', async () => {
    expect((await rep.get('/api/v1/training/plans')).json().map((p: { id: string }) => p.id)).not.toContain(planId);
    expect((await rep.get(`/api/v1/training/sessions/${sessionId}`)).statusCode).toBe(404);
    expect((await rep.post(`/api/v1/training/sessions/${sessionId}/enrol`, {})).statusCode).toBe(404);
    const published = await manager.patch(`/api/v1/training/plans/${planId}`, { status: 'published', version: 1 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', sessions: 1, version: 2 });
    const stale = await manager.patch(`/api/v1/training/plans/${planId}`, { title: '旧版本', version: 1 });
    expect(stale.statusCode).toBe(409);
    const sessions = (await rep.get('/api/v1/training/sessions?year=2026')).json();
    expect(sessions.map((s: { id: string }) => s.id)).toContain(sessionId);
  });

  it('refuses a bad session naming the field and writes nothing; only planners create sessions', async () => {
    const before = await t.snapshot();
    const backwards = await manager.post('/api/v1/training/sessions', {
      planId,
      title: 'x',
      topic: 'product',
      method: 'internal',
      level: 'junior',
      startsAt: inDays(2, 2),
      endsAt: inDays(2),
      capacity: 5,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.field).toBe('body.endsAt');
    const noTrainer = await manager.post('/api/v1/training/sessions', {
      planId,
      title: 'x',
      topic: 'product',
      method: 'internal',
      level: 'junior',
      startsAt: inDays(2),
      endsAt: inDays(2, 2),
      capacity: 5,
      trainerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noTrainer.statusCode).toBe(400);
    expect(noTrainer.json().error.field).toBe('body.trainerId');
    expect((await supervisor.post('/api/v1/training/plans', { year: 2026, title: 'x' })).statusCode).toBe(403);
    expect(await t.snapshot()).toBe(before);
  });

  it('fills the capacity in order, then a waiting list; a cancellation moves the first waiting person up', async () => {
    const small = await newSession('小班演练', { capacity: 1, method: 'role_play' });
    const assigned = await supervisor.post(`/api/v1/training/sessions/${small}/enrol`, { userIds: [t.ids['rep'], t.ids['rep_sh1_2']] });
    expect(assigned.json()).toEqual({ enrolled: 1, waitlisted: 1, already: 0 });
    const detail = (await supervisor.get(`/api/v1/training/sessions/${small}`)).json();
    const first = detail.enrolments.find((e: { status: string }) => e.status === 'enrolled');
    const waiting = detail.enrolments.find((e: { status: string }) => e.status === 'waitlisted');
    expect(waiting.assignedByName).toBeTruthy();
    expect((await t.loginAs('rep2').then((c) => c.post(`/api/v1/training/enrolments/${first.id}/cancel`))).statusCode).toBe(404);
    const cancelled = await supervisor.post(`/api/v1/training/enrolments/${first.id}/cancel`);
    expect(cancelled.json()).toEqual({ promoted: waiting.userId });
    const after = (await supervisor.get(`/api/v1/training/sessions/${small}`)).json();
    expect(after.enrolments.find((e: { id: string }) => e.id === waiting.id).status).toBe('enrolled');
  });

  it('lets a supervisor assign only their own team', async () => {
    const response = await supervisor.post(`/api/v1/training/sessions/${sessionId}/enrol`, { userIds: [t.ids['rep2']] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.userIds');
    expect((await rep.post(`/api/v1/training/sessions/${sessionId}/enrol`, { userIds: [t.ids['rep_sh1_2']] })).statusCode).toBe(403);
  });
});

describe('attendance by QR and the exam (issue 20 items 2–3, R-TRN-1)', () => {
  let repEnrolment = '';
  let attemptId = '';

  it('takes attendance from the scanned QR token or the typed code, once; a code of another session is refused', async () => {
    expect(
      (await supervisor.post(`/api/v1/training/sessions/${sessionId}/enrol`, { userIds: [t.ids['rep'], t.ids['rep_sh1_2']] })).json(),
    ).toEqual({
      enrolled: 2,
      waitlisted: 0,
      already: 0,
    });
    const mine = (await rep.get(`/api/v1/training/sessions/${sessionId}`)).json();
    expect(mine.enrolments).toHaveLength(1); // a rep sees only their own place
    repEnrolment = mine.myEnrolmentId;
    const pass = await rep.get(`/api/v1/training/enrolments/${repEnrolment}/qr`);
    expect(pass.statusCode, pass.body).toBe(200);
    expect(pass.json().qrSvg).toContain('<svg');
    expect(pass.json().code).toMatch(/^[0-9A-F]{8}$/);
    const token = (await t.ownerDb.execute<{ qr_token: string }>(sql`select qr_token from training_enrolments where id = ${repEnrolment}`))
      .rows[0]!.qr_token;

    expect((await rep.post(`/api/v1/training/sessions/${sessionId}/check-in`, { token })).statusCode).toBe(403);
    const scanned = await supervisor.post(`/api/v1/training/sessions/${sessionId}/check-in`, { token });
    expect(scanned.statusCode, scanned.body).toBe(200);
    expect(scanned.json()).toMatchObject({ enrolmentId: repEnrolment, already: false });
    expect((await supervisor.post(`/api/v1/training/sessions/${sessionId}/check-in`, { token })).json().already).toBe(true);

    const other = await newSession('另一场');
    const wrong = await manager.post(`/api/v1/training/sessions/${other}/check-in`, { token });
    expect(wrong.statusCode).toBe(422);
    expect((await manager.post(`/api/v1/training/sessions/${other}/check-in`, { token: 'ZZZZZZZZ' })).statusCode).toBe(404);

    const rep2Pass = (
      await rep2.get(`/api/v1/training/enrolments/${(await rep2.get(`/api/v1/training/sessions/${sessionId}`)).json().myEnrolmentId}/qr`)
    ).json();
    const typed = await supervisor.post(`/api/v1/training/sessions/${sessionId}/check-in`, { token: rep2Pass.code.toLowerCase() });
    expect(typed.statusCode, typed.body).toBe(200);
  });

  it('opens the exam only after attendance; a fail allows a retake, a pass issues the certification (R-TRN-1)', async () => {
    const exam = await manager.put(`/api/v1/training/sessions/${sessionId}/exam`, {
      bankId,
      title: '净水器新品考试',
      passPercent: 70,
      timeLimitMinutes: 20,
      maxAttempts: 2,
    });
    expect(exam.statusCode, exam.body).toBe(200);
    expect(exam.json()).toMatchObject({ questionCount: 3, maxScore: 100 });

    const first = await rep.post(`/api/v1/training/sessions/${sessionId}/attempts`);
    expect(first.statusCode, first.body).toBe(201);
    attemptId = first.json().id;
    expect(JSON.stringify(first.json().questions)).not.toContain('correct');
    expect((await rep.post(`/api/v1/training/sessions/${sessionId}/attempts`)).statusCode).toBe(422); // one open at a time
    const failed = await rep.post(`/api/v1/training/attempts/${attemptId}/submit`, { answers: { q1: [1], q2: [0], q3: [0] } });
    expect(failed.json()).toMatchObject({ status: 'failed', score: 40, percent: 40 });
    expect(failed.json().correct).toEqual({ q1: [1], q2: [0, 1, 3], q3: [1] });
    expect((await rep.post(`/api/v1/training/attempts/${attemptId}/submit`, { answers: {} })).statusCode).toBe(409);

    // The paper is fixed once sat.
    expect(
      (
        await manager.put(`/api/v1/training/sessions/${sessionId}/exam`, {
          bankId,
          title: 'x',
          passPercent: 10,
          timeLimitMinutes: 5,
          maxAttempts: 1,
        })
      ).statusCode,
    ).toBe(422);

    const retake = await rep.post(`/api/v1/training/sessions/${sessionId}/attempts`);
    expect(retake.statusCode, retake.body).toBe(201);
    expect(retake.json().attemptNo).toBe(2);
    const passed = await rep.post(`/api/v1/training/attempts/${retake.json().id}/submit`, { answers: { q1: [1], q2: [3, 1, 0], q3: [1] } });
    expect(passed.json()).toMatchObject({ status: 'passed', percent: 100 });
    expect((await rep.post(`/api/v1/training/sessions/${sessionId}/attempts`)).statusCode).toBe(422);

    const record = (await rep.get(`/api/v1/training/people/${t.ids['rep']}`)).json();
    expect(record.sessions.find((s: { sessionId: string }) => s.sessionId === sessionId)).toMatchObject({
      examStatus: 'passed',
      examPercent: 100,
    });
    expect(record.certifications.find((c: { name: string }) => c.name === '净水器考核认证（测试）')).toMatchObject({ state: 'valid' });
    expect(record.skillsPercent).toBeGreaterThan(0);
    // The supervisor sees the team member's record; another team's rep does not.
    expect((await supervisor.get(`/api/v1/training/people/${t.ids['rep']}`)).statusCode).toBe(200);
    expect((await (await t.loginAs('rep2')).get(`/api/v1/training/people/${t.ids['rep']}`)).statusCode).toBe(404);
    expect((await rep2.get(`/api/v1/training/attempts/${attemptId}`)).statusCode).toBe(404);
  });

  it('keeps an attempt with a written answer pending until the trainer grades it', async () => {
    const shortBank = await manager.post('/api/v1/training/question-banks', {
      title: '沟通技巧题库',
      topic: 'communication',
      questions: [
        { id: 'q1', kind: 'single', text: '客户抱怨时首先应？', options: ['解释', '倾听'], correct: [1], points: 50 },
        { id: 'q2', kind: 'short', text: '写出处理异议的三个步骤', points: 50 },
      ],
    });
    const session = await newSession('异议处理', { topic: 'communication', method: 'case_study' });
    await manager.put(`/api/v1/training/sessions/${session}/exam`, {
      bankId: shortBank.json().id,
      title: '异议处理测验',
      passPercent: 60,
      timeLimitMinutes: 10,
      maxAttempts: 1,
    });
    await supervisor.post(`/api/v1/training/sessions/${session}/enrol`, { userIds: [t.ids['rep_sh1_2']] });
    const enrolment = (await rep2.get(`/api/v1/training/sessions/${session}`)).json().myEnrolmentId;
    expect((await rep2.post(`/api/v1/training/sessions/${session}/attempts`)).statusCode).toBe(422); // not attended yet
    await supervisor.post(`/api/v1/training/sessions/${session}/check-in`, { enrolmentId: enrolment });
    const attempt = (await rep2.post(`/api/v1/training/sessions/${session}/attempts`)).json();
    const submitted = await rep2.post(`/api/v1/training/attempts/${attempt.id}/submit`, { answers: { q1: [1], q2: '倾听、确认、解决' } });
    expect(submitted.json()).toMatchObject({ status: 'pending_grading', score: null });
    const detail = (await supervisor.get(`/api/v1/training/sessions/${session}`)).json();
    expect(detail.toGrade.map((a: { id: string }) => a.id)).toEqual([attempt.id]);
    expect((await rep2.post(`/api/v1/training/attempts/${attempt.id}/grade`, { awards: { q2: 50 } })).statusCode).toBe(404);
    const tooMany = await supervisor.post(`/api/v1/training/attempts/${attempt.id}/grade`, { awards: { q2: 51 } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe('body.awards.q2');
    const graded = await supervisor.post(`/api/v1/training/attempts/${attempt.id}/grade`, { awards: { q2: 30 } });
    expect(graded.json()).toMatchObject({ status: 'passed', score: 80, percent: 80 });
    const feedback = await rep2.post(`/api/v1/training/enrolments/${enrolment}/feedback`, { rating: 5, comment: '案例很实用' });
    expect(feedback.statusCode, feedback.body).toBe(200);
  });
});

describe('certifications, team development and reminders (issue 20 items 3–4)', () => {
  it('shows a required certification missing on the team page with a session that grants it suggested', async () => {
    const settings = (await manager.get('/api/v1/training-settings')).json();
    const saved = await manager.put('/api/v1/training-settings', {
      ...settings,
      requiredCertifications: [{ role: 'rep', name: '净水器考核认证（测试）' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await newSession('净水器新品知识（第二期）', {
      certification: '净水器考核认证（测试）',
      certValidMonths: 12,
      startsAt: inDays(10),
      endsAt: inDays(10, 2),
    });
    const team = (await supervisor.get('/api/v1/training/team')).json();
    const holder = team.find((m: { userId: string }) => m.userId === t.ids['rep']);
    const other = team.find((m: { userId: string }) => m.userId === t.ids['rep_sh1_2']);
    expect(holder.missingCertifications).toEqual([]);
    expect(other.missingCertifications).toEqual(['净水器考核认证（测试）']);
    expect(other.suggested.map((s: { title: string }) => s.title)).toContain('净水器新品知识（第二期）');
    expect(team.map((m: { userId: string }) => m.userId)).not.toContain(t.ids['rep2']);
    expect((await rep.get('/api/v1/training/team')).statusCode).toBe(403);
  });

  it('puts the career path next step and a goal on the record; readiness is shown, never decided', async () => {
    const goal = await supervisor.post('/api/v1/training/goals', {
      userId: t.ids['rep'],
      title: '一年内具备带新人能力',
      targetRole: 'supervisor',
      topic: 'sales_skills',
    });
    expect(goal.statusCode, goal.body).toBe(201);
    const record = goal.json();
    expect(record.career).toMatchObject({ track: 'management', current: 'rep', next: 'supervisor' });
    expect(record.career.items.map((i: { kind: string }) => i.kind)).toEqual(['level_course', 'goals']);
    expect(record.career.items.find((i: { kind: string }) => i.kind === 'goals').met).toBe(false);
    const done = await rep.patch(`/api/v1/training/goals/${record.goals[0].id}`, { done: true });
    expect(done.json().career.items.find((i: { kind: string }) => i.kind === 'goals').met).toBe(true);
    expect((await rep2.post('/api/v1/training/goals', { userId: t.ids['rep'], title: 'x' })).statusCode).toBe(403);
  });

  it('reminds enrolled people before a session and holders before a certificate expires, once each', async () => {
    await t.ownerDb.execute(
      sql`update training_certifications set expires_at = now() + interval '10 days' where user_id = ${t.ids['rep']}`,
    );
    const count = async (kind: string) =>
      (await t.ownerDb.execute<{ n: number }>(sql`select count(*)::int as n from notifications where kind = ${kind}`)).rows[0]!.n;
    const first = await sendTrainingReminders(t.ownerDb, new Date(Date.now() + 2.5 * 86_400_000));
    expect(first.sessions).toBeGreaterThanOrEqual(2);
    expect(first.renewals).toBeGreaterThanOrEqual(1);
    const toRep = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where kind = 'training.renewal' and user_id in (${t.ids['rep']}, ${t.ids['supervisor']})`,
    );
    expect(toRep.rows[0]!.n).toBeGreaterThanOrEqual(2); // the holder and their supervisor
    expect(await count('training.renewal')).toBeGreaterThanOrEqual(2);
    const mails = await t.ownerDb.execute<{ n: number }>(sql`select count(*)::int as n from outbound_messages where ref like 'training-%'`);
    expect(mails.rows[0]!.n).toBeGreaterThanOrEqual(3);
    const again = await sendTrainingReminders(t.ownerDb, new Date(Date.now() + 2.5 * 86_400_000));
    expect(again).toEqual({ sessions: 0, renewals: 0 });
  });
});

describe('demo training data (issue 20)', () => {
  it('has this year’s published plan with past sessions, attendance, exam results (retakes too) and certifications', async () => {
    const seeded = await seedDemoTraining(t.ownerDb, { now: new Date() });
    expect(seeded.sessions).toBe(12);
    const rows = await t.ownerDb.execute<{
      plans: number;
      past: number;
      attended: number;
      passed: number;
      retakes: number;
      certs: number;
      feedback: number;
    }>(sql`
      select (select count(*)::int from training_plans where status = 'published' and created_by_id is not null) as plans,
             (select count(*)::int from training_sessions where ends_at < now()) as past,
             (select count(*)::int from training_enrolments where attended_at is not null) as attended,
             (select count(*)::int from training_attempts where status = 'passed') as passed,
             (select count(*)::int from training_attempts where attempt_no = 2) as retakes,
             (select count(*)::int from training_certifications) as certs,
             (select count(*)::int from training_enrolments where feedback_rating is not null) as feedback`);
    const demo = rows.rows[0]!;
    expect(demo.plans).toBeGreaterThanOrEqual(1);
    expect(demo.past).toBeGreaterThanOrEqual(1);
    expect(demo.attended).toBeGreaterThan(10);
    expect(demo.passed).toBeGreaterThan(5);
    expect(demo.retakes).toBeGreaterThan(0);
    expect(demo.certs).toBeGreaterThan(3);
    expect(demo.feedback).toBeGreaterThan(5);
  });
});
