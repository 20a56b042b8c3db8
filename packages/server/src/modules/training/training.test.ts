import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEFAULT_REP_TEMPLATE } from '@xiaoguan/shared';
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

describe('the training plan’s budget through the expense budgets (issue 20 item 1)', () => {
  it('R-EXP-2: a published plan draws on its expense budget with the shared rule; over it is refused with the figures and stays a draft', async () => {
    const budgetFor = async (status: string) =>
      (
        await t.ownerDb.execute<{ id: string }>(sql`
          insert into expense_budgets (category, org_unit_id, period_kind, period_start, period_end, amount_cents, status)
          select '市场推广', org_unit_id, 'year', '2031-01-01', '2031-12-31', 30000000, ${status} from users where id = ${t.ids['manager']}
          on conflict do nothing returning id`)
      ).rows[0]!.id;
    const budgetId = await budgetFor('approved');
    const plan = async (title: string, budgetCents: number) => {
      const created = await manager.post('/api/v1/training/plans', {
        year: 2031,
        title,
        goals: '',
        budgetCents,
        expenseBudgetId: budgetId,
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json();
    };
    const first = await plan('2031 骨干培训', 20_000_000);
    // A draft holds nothing yet.
    expect(first.expenseBudget).toMatchObject({ id: budgetId, budgetCents: 30_000_000, usedCents: 0, remainingCents: 30_000_000 });
    const published = await manager.patch(`/api/v1/training/plans/${first.id}`, { version: first.version, status: 'published' });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().expenseBudget).toMatchObject({ usedCents: 20_000_000, remainingCents: 10_000_000 });

    // One cent more than what is left is refused by R-EXP-2 with its figures, and nothing is written.
    const second = await plan('2031 新人培训', 10_000_001);
    const before = await t.snapshot();
    const over = await manager.patch(`/api/v1/training/plans/${second.id}`, { version: second.version, status: 'published' });
    expect(over.statusCode, over.body).toBe(422);
    expect(over.json().error).toMatchObject({ rule: 'R-EXP-2' });
    expect(over.json().error.data).toMatchObject({ remainingCents: 10_000_000, requestCents: 10_000_001, overByCents: 1 });
    expect(await t.snapshot()).toBe(before);
    // Exactly what is left passes.
    const fits = await manager.patch(`/api/v1/training/plans/${second.id}`, {
      version: second.version,
      budgetCents: 10_000_000,
      status: 'published',
    });
    expect(fits.statusCode, fits.body).toBe(200);
    expect(fits.json().expenseBudget).toMatchObject({ remainingCents: 0 });
    // Raising a published plan's budget is drawn again.
    const raise = await manager.patch(`/api/v1/training/plans/${first.id}`, { version: published.json().version, budgetCents: 20_000_100 });
    expect(raise.statusCode, raise.body).toBe(422);

    // Only an approved expense budget can be drawn on.
    const draftBudget = await t.ownerDb.execute<{ id: string }>(sql`
      insert into expense_budgets (category, org_unit_id, period_kind, period_start, period_end, amount_cents, status)
      select '差旅', org_unit_id, 'year', '2031-01-01', '2031-12-31', 100, 'draft' from users where id = ${t.ids['manager']} returning id`);
    const refused = await manager.post('/api/v1/training/plans', {
      year: 2031,
      title: '2031 草稿预算',
      goals: '',
      budgetCents: 0,
      expenseBudgetId: draftBudget.rows[0]!.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('body.expenseBudgetId');
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
    const practical = await t.ownerDb.execute<{ tasks: number; grades: number }>(sql`
      select (select count(*)::int from training_tasks) as tasks, (select count(*)::int from training_task_grades) as grades`);
    expect(practical.rows[0]!.tasks).toBeGreaterThan(0);
    expect(practical.rows[0]!.grades).toBeGreaterThan(practical.rows[0]!.tasks);
  });
});

describe('materials, practical tasks and the skills KPI (issue 20 items 2–3, R-TRN-2)', () => {
  let taskId = '';

  it('keeps uploaded material files with the session: the trainer uploads, attendees download, a draft plan’s files stay hidden', async () => {
    const upload = (client: Client) =>
      client.request({
        method: 'POST',
        url: `/api/v1/training/sessions/${sessionId}/files`,
        headers: { 'content-type': 'multipart/form-data; boundary=XB' },
        payload: [
          '--XB',
          'Content-Disposition: form-data; name="file"; filename="讲义.txt"',
          'Content-Type: text/plain',
          '',
          '滤芯更换周期：6 个月',
          '--XB--',
          '',
        ].join('\r\n'),
      });
    expect((await upload(rep)).statusCode).toBe(403);
    const added = await upload(supervisor);
    expect(added.statusCode, added.body).toBe(201);
    const detail = (await rep.get(`/api/v1/training/sessions/${sessionId}`)).json();
    expect(detail.files).toEqual([expect.objectContaining({ id: added.json().id, fileName: '讲义.txt' })]);
    const download = await rep.get(`/api/v1/training/files/${added.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('滤芯更换周期');
    expect((await rep.get(`/api/v1/training/files/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    // A draft plan's session files: the planners see them, the reps do not.
    const draft = await manager.post('/api/v1/training/plans', { year: 2027, title: '2027 草案', goals: '', budgetCents: 0 });
    const draftSession = await manager.post('/api/v1/training/sessions', {
      planId: draft.json().id,
      title: '草案课程',
      topic: 'product',
      method: 'internal',
      level: 'junior',
      audienceRoles: ['rep'],
      startsAt: inDays(40),
      endsAt: inDays(40, 2),
      location: '线上',
      capacity: 10,
    });
    expect(draftSession.statusCode, draftSession.body).toBe(201);
    const hidden = await manager.request({
      method: 'POST',
      url: `/api/v1/training/sessions/${draftSession.json().id}/files`,
      headers: { 'content-type': 'multipart/form-data; boundary=XB' },
      payload: [
        '--XB',
        'Content-Disposition: form-data; name="file"; filename="草案.txt"',
        'Content-Type: text/plain',
        '',
        '草案',
        '--XB--',
        '',
      ].join('\r\n'),
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    expect((await rep.get(`/api/v1/training/files/${hidden.json().id}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/v1/training/files/${hidden.json().id}`)).statusCode).toBe(200);
  });

  it('R-TRN-2: the trainer grades a practical task by its rubric; out-of-range points are refused naming the criterion; only attendees', async () => {
    const badTask = await supervisor.post(`/api/v1/training/sessions/${sessionId}/tasks`, { title: '演练', criteria: [], passPercent: 60 });
    expect(badTask.statusCode).toBe(400);
    expect(badTask.json().error.field).toBe('body.criteria');
    expect(
      (await rep.post(`/api/v1/training/sessions/${sessionId}/tasks`, { title: 'x', criteria: [{ name: 'x', points: 1 }], passPercent: 1 }))
        .statusCode,
    ).toBe(403);
    const task = await supervisor.post(`/api/v1/training/sessions/${sessionId}/tasks`, {
      title: '客户异议处理角色扮演',
      criteria: [
        { name: '倾听与确认需求', points: 30 },
        { name: '异议处理话术', points: 40 },
        { name: '促成下一步', points: 30 },
      ],
      passPercent: 60,
    });
    expect(task.statusCode, task.body).toBe(201);
    taskId = task.json().id;

    const before = await t.snapshot();
    const tooMany = await supervisor.post(`/api/v1/training/tasks/${taskId}/grades`, { userId: t.ids['rep'], scores: [30, 41, 30] });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe('body.scores.1');
    const short = await supervisor.post(`/api/v1/training/tasks/${taskId}/grades`, { userId: t.ids['rep'], scores: [30, 40] });
    expect(short.json().error.field).toBe('body.scores.2');
    expect((await rep.post(`/api/v1/training/tasks/${taskId}/grades`, { userId: t.ids['rep'], scores: [30, 40, 30] })).statusCode).toBe(
      403,
    );
    const notThere = await supervisor.post(`/api/v1/training/tasks/${taskId}/grades`, { userId: t.ids['supervisor'], scores: [1, 1, 1] });
    expect(notThere.statusCode).toBe(400);
    expect(await t.snapshot()).toBe(before);

    const graded = await supervisor.post(`/api/v1/training/tasks/${taskId}/grades`, {
      userId: t.ids['rep'],
      scores: [20, 10, 10],
      comment: '异议处理需加强',
    });
    expect(graded.statusCode, graded.body).toBe(200);
    expect(graded.json().grades[0]).toMatchObject({ points: 40, maxPoints: 100, percent: 40, passed: false });
    // Regrading replaces the grade.
    const regraded = await supervisor.post(`/api/v1/training/tasks/${taskId}/grades`, { userId: t.ids['rep'], scores: [25, 30, 25] });
    expect(regraded.json().grades).toEqual([expect.objectContaining({ percent: 80, passed: true })]);
    await supervisor.post(`/api/v1/training/tasks/${taskId}/grades`, { userId: t.ids['rep_sh1_2'], scores: [10, 10, 10] });

    // The person sees their own grade, not their colleague's; the record lists it.
    const asRep = (await rep.get(`/api/v1/training/sessions/${sessionId}`)).json();
    expect(asRep.tasks[0].grades.map((g: { userId: string }) => g.userId)).toEqual([t.ids['rep']]);
    const record = (await rep.get(`/api/v1/training/people/${t.ids['rep']}`)).json();
    expect(record.practicalTasks.filter((g: { taskId: string }) => g.taskId === taskId)).toEqual([
      expect.objectContaining({ taskId, percent: 80, passed: true }),
    ]);
  });

  it('the skills KPI of a review reads training’s skills figure: best exam percent and rubric grades of the quarter', async () => {
    const ops = await t.loginAs('ops');
    const items = DEFAULT_REP_TEMPLATE.items.map((item) =>
      item.key === 'skills'
        ? {
            ...item,
            name: '培训技能',
            source: 'training_skills' as const,
            curve: { kind: 'linear' as const, floor: 0, target: 100, cap: 100 },
          }
        : item,
    );
    const template = await ops.post('/api/v1/kpi-templates', { ...DEFAULT_REP_TEMPLATE, name: '含培训技能的模板', items });
    expect(template.statusCode, template.body).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const cycle = await ops.post('/api/v1/review-cycles', { templateId: template.json().id, date: today });
    expect(cycle.statusCode, cycle.body).toBe(201);
    const { periodFrom, periodTo } = cycle.json();
    const mine = (await rep.get(`/api/v1/performance-reviews?scope=mine&cycleId=${cycle.json().id}`)).json().rows;
    const review = (await rep.get(`/api/v1/performance-reviews/${mine[0].id}`)).json();
    const figure = review.figures.find((f: { key: string }) => f.key === 'skills');
    // By hand: the rep's best percent per exam and each rubric grade in the quarter (company days), averaged.
    const parts = await t.ownerDb.execute<{ percent: number }>(sql`
      select max(a.percent) as percent from training_attempts a
       where a.user_id = ${t.ids['rep']} and a.status in ('passed', 'failed')
         and (a.submitted_at at time zone 'Asia/Shanghai')::date between ${periodFrom}::date and ${periodTo}::date
       group by a.exam_id
      union all
      select g.percent from training_task_grades g
       where g.user_id = ${t.ids['rep']} and (g.graded_at at time zone 'Asia/Shanghai')::date between ${periodFrom}::date and ${periodTo}::date`);
    const percents = parts.rows.map((r) => Number(r.percent));
    expect(percents).toContain(100); // the exam passed above
    expect(percents).toContain(80); // the rubric grade above
    expect(figure).toMatchObject({ actual: Math.round(percents.reduce((a, b) => a + b, 0) / percents.length) });
    expect(figure.link).toBe(`/training/people/${t.ids['rep']}`);
  });
});
