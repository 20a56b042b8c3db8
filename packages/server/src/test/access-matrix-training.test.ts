import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged } from './access-matrix-kit.js';
import { multipartFile } from './multipart.js';

/**
 * R-SEC-1 access matrix: training (issue 20 items 1–4), every route. Its own file (and database)
 * beside access-matrix.test.ts, which names 'training' in MATRIX_SECTIONS. Session S (trainer:
 * supervisor2, a published plan) has `rep` (team sh1) and `rep2` (region 2) enrolled and attended;
 * `rep` has a submitted attempt at its exam. A draft plan's session D is the planners' only.
 * Every refusal leaves every table unchanged.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = [
  'admin',
  'director',
  'manager',
  'manager2',
  'supervisor',
  'supervisor2',
  'rep',
  'rep2',
  'key_account',
  'channel',
  'support',
  'ops',
  'finance',
  'auditor',
];
const ids = { plan: '', draftPlan: '', S: '', D: '', bank: '', repEnrolment: '', rep2Enrolment: '', attempt: '', goal: '' };

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

const soon = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
  const manager = clients.manager!;
  ids.plan = (await manager.post('/api/v1/training/plans', { year: 2026, title: '矩阵计划' })).json().id;
  ids.draftPlan = (await manager.post('/api/v1/training/plans', { year: 2026, title: '矩阵草稿' })).json().id;
  expect((await manager.patch(`/api/v1/training/plans/${ids.plan}`, { status: 'published', version: 1 })).statusCode).toBe(200);
  const session = (planId: string, title: string) =>
    manager.post('/api/v1/training/sessions', {
      planId,
      title,
      topic: 'sales_skills',
      method: 'role_play',
      level: 'junior',
      startsAt: soon(2),
      endsAt: soon(2, 2),
      capacity: 10,
      trainerId: t.ids['supervisor2'],
      certification: '矩阵证书',
      certValidMonths: 12,
    });
  ids.S = (await session(ids.plan, '矩阵课程')).json().id;
  ids.D = (await session(ids.draftPlan, '矩阵草稿课程')).json().id;
  const bank = await manager.post('/api/v1/training/question-banks', {
    title: '矩阵题库',
    topic: 'sales_skills',
    questions: [{ id: 'q1', kind: 'true_false', text: '客户永远是对的', correct: [0], points: 10 }],
  });
  ids.bank = bank.json().id;
  await manager.put(`/api/v1/training/sessions/${ids.S}/exam`, {
    bankId: ids.bank,
    title: '矩阵考试',
    passPercent: 60,
    timeLimitMinutes: 10,
    maxAttempts: 3,
  });
  expect((await clients.rep!.post(`/api/v1/training/sessions/${ids.S}/enrol`, {})).statusCode).toBe(200);
  expect((await clients.rep2!.post(`/api/v1/training/sessions/${ids.S}/enrol`, {})).statusCode).toBe(200);
  ids.repEnrolment = (await clients.rep!.get(`/api/v1/training/sessions/${ids.S}`)).json().myEnrolmentId;
  ids.rep2Enrolment = (await clients.rep2!.get(`/api/v1/training/sessions/${ids.S}`)).json().myEnrolmentId;
  for (const enrolmentId of [ids.repEnrolment, ids.rep2Enrolment]) {
    expect((await clients.supervisor2!.post(`/api/v1/training/sessions/${ids.S}/check-in`, { enrolmentId })).statusCode).toBe(200);
  }
  const attempt = await clients.rep!.post(`/api/v1/training/sessions/${ids.S}/attempts`);
  ids.attempt = attempt.json().id;
  await clients.rep!.post(`/api/v1/training/attempts/${ids.attempt}/submit`, { answers: { q1: [1] } });
  ids.goal = (await clients.rep!.post('/api/v1/training/goals', { userId: t.ids['rep'], title: '矩阵目标' })).json().goals[0].id;
});
afterAll(() => t.close());

describe('R-SEC-1 access matrix: training', () => {
  it('plans and sessions: everyone with training.read sees published ones; drafts only the planners', async () => {
    for (const who of ROLES) {
      const plans = await clients[who]!.get('/api/v1/training/plans?year=2026');
      expect(plans.statusCode, who).toBe(200);
      const titles = plans.json().map((p: { title: string }) => p.title);
      expect(titles, who).toContain('矩阵计划');
      expect(titles.includes('矩阵草稿'), who).toBe(['director', 'manager', 'manager2'].includes(who));
      expect((await clients[who]!.get(`/api/v1/training/sessions/${ids.S}`)).statusCode, who).toBe(200);
      expect((await clients[who]!.get(`/api/v1/training/sessions/${ids.D}`)).statusCode, who).toBe(
        ['director', 'manager', 'manager2'].includes(who) ? 200 : 404,
      );
      const sessions = (await clients[who]!.get('/api/v1/training/sessions?year=2026')).json();
      expect(
        sessions.some((s: { id: string }) => s.id === ids.D),
        who,
      ).toBe(['director', 'manager', 'manager2'].includes(who));
    }
  });

  it('a session’s people: the trainer and planners see all, a supervisor their team, a person themselves', async () => {
    const expected: Record<string, string[]> = {
      admin: [],
      director: ['rep', 'rep2'],
      manager: ['rep', 'rep2'],
      manager2: ['rep', 'rep2'],
      supervisor: ['rep'],
      supervisor2: ['rep', 'rep2'], // the trainer
      rep: ['rep'],
      rep2: ['rep2'],
      key_account: [],
      channel: [],
      support: [],
      ops: ['rep', 'rep2'],
      finance: [],
      auditor: ['rep', 'rep2'],
    };
    const names = { [t.ids['rep']!]: 'rep', [t.ids['rep2']!]: 'rep2' };
    for (const who of ROLES) {
      const detail = (await clients[who]!.get(`/api/v1/training/sessions/${ids.S}`)).json();
      const seen = detail.enrolments.map((e: { userId: string }) => names[e.userId]).sort();
      expect(seen, who).toEqual(expected[who]);
    }
  });

  it('writing plans, sessions, banks, exams and settings: planners only', async () => {
    for (const who of ['admin', 'supervisor', 'supervisor2', 'rep', 'ops', 'finance', 'auditor', 'key_account']) {
      const c = clients[who]!;
      await expectDenied(() => c.post('/api/v1/training/plans', { year: 2026, title: 'x' }));
      await expectDenied(() => c.patch(`/api/v1/training/plans/${ids.plan}`, { title: 'x', version: 2 }));
      await expectDenied(() =>
        c.post('/api/v1/training/sessions', {
          planId: ids.plan,
          title: 'x',
          topic: 'product',
          method: 'online',
          level: 'junior',
          startsAt: soon(3),
          endsAt: soon(3, 1),
          capacity: 1,
        }),
      );
      await expectDenied(() => c.get('/api/v1/training/question-banks'));
      await expectDenied(() =>
        c.post('/api/v1/training/question-banks', {
          title: 'x',
          topic: 'product',
          questions: [{ id: 'q1', kind: 'true_false', text: 'x', correct: [0], points: 1 }],
        }),
      );
      await expectDenied(() =>
        c.put(`/api/v1/training/question-banks/${ids.bank}`, {
          title: 'x',
          topic: 'product',
          questions: [{ id: 'q1', kind: 'true_false', text: 'x', correct: [0], points: 1 }],
          version: 1,
        }),
      );
      await expectDenied(() =>
        c.put(`/api/v1/training/sessions/${ids.S}/exam`, {
          bankId: ids.bank,
          title: 'x',
          passPercent: 1,
          timeLimitMinutes: 1,
          maxAttempts: 1,
        }),
      );
      const settings = (await c.get('/api/v1/training-settings')).json();
      await expectDenied(() => c.put('/api/v1/training-settings', settings));
    }
    expect((await clients.director!.get('/api/v1/training/question-banks')).statusCode).toBe(200);
  });

  it('enrolling others, attendance and grading: within assign reach, or the session’s trainer', async () => {
    // A supervisor assigns only their team; a rep assigns nobody.
    await expectDenied(() => clients.supervisor!.post(`/api/v1/training/sessions/${ids.S}/enrol`, { userIds: [t.ids['rep2']] }), [400]);
    await expectDenied(() => clients.rep!.post(`/api/v1/training/sessions/${ids.S}/enrol`, { userIds: [t.ids['rep_sh1_2']] }));
    await expectDenied(() => clients.rep!.post(`/api/v1/training/sessions/${ids.D}/enrol`, {}));
    for (const who of ['rep', 'rep2', 'supervisor', 'ops', 'auditor', 'admin']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/training/sessions/${ids.S}/check-in`, { enrolmentId: ids.repEnrolment }));
    }
    // Someone else's enrolment: no pass, no cancelling, no feedback.
    for (const who of ['rep2', 'supervisor2', 'key_account', 'admin']) {
      if (who !== 'supervisor2') await expectDenied(() => clients[who]!.get(`/api/v1/training/enrolments/${ids.repEnrolment}/qr`));
      await expectDenied(() => clients[who]!.post(`/api/v1/training/enrolments/${ids.repEnrolment}/feedback`, { rating: 1 }), [404]);
    }
    for (const who of ['rep2', 'supervisor2', 'key_account', 'admin']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/training/enrolments/${ids.repEnrolment}/cancel`), [403, 404, 422]);
    }
    expect((await clients.supervisor!.get(`/api/v1/training/enrolments/${ids.repEnrolment}/qr`)).statusCode).toBe(200);
    expect((await clients.rep!.post(`/api/v1/training/enrolments/${ids.repEnrolment}/feedback`, { rating: 4 })).statusCode).toBe(200);
  });

  it('attempts: the person, their line, the trainer and planners read; only the person sits it; graders grade', async () => {
    const read: Record<string, number> = {
      admin: 404,
      director: 200,
      manager: 200,
      manager2: 200,
      supervisor: 200,
      supervisor2: 200,
      rep: 200,
      rep2: 404,
      key_account: 404,
      channel: 404,
      support: 404,
      ops: 200,
      finance: 404,
      auditor: 200,
    };
    for (const who of ROLES) expect((await clients[who]!.get(`/api/v1/training/attempts/${ids.attempt}`)).statusCode, who).toBe(read[who]);
    for (const who of ['supervisor', 'manager', 'rep2', 'admin']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/training/attempts/${ids.attempt}/submit`, { answers: {} }), [404, 409]);
    }
    for (const who of ['rep', 'rep2', 'supervisor', 'ops', 'auditor']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/training/attempts/${ids.attempt}/grade`, { awards: {} }), [404, 409]);
    }
    for (const who of ['supervisor', 'ops', 'admin']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/training/sessions/${ids.S}/attempts`), [404]);
    }
  });

  it('development records, goals and team: own, the line (supervisor team, manager region), director/ops/auditor all', async () => {
    const read: Record<string, number> = {
      admin: 404,
      director: 200,
      manager: 200,
      manager2: 404,
      supervisor: 200,
      supervisor2: 404,
      rep: 200,
      rep2: 404,
      key_account: 404,
      channel: 404,
      support: 404,
      ops: 200,
      finance: 404,
      auditor: 200,
    };
    for (const who of ROLES) expect((await clients[who]!.get(`/api/v1/training/people/${t.ids['rep']}`)).statusCode, who).toBe(read[who]);
    const team: Record<string, number> = { director: 200, manager: 200, manager2: 200, supervisor: 200, supervisor2: 200 };
    for (const who of ROLES) expect((await clients[who]!.get('/api/v1/training/team')).statusCode, who).toBe(team[who] ?? 403);
    const supervisorTeam = (await clients.supervisor!.get('/api/v1/training/team')).json().map((m: { userId: string }) => m.userId);
    expect(supervisorTeam).toContain(t.ids['rep']);
    expect(supervisorTeam).not.toContain(t.ids['rep2']);
    for (const who of ['rep2', 'supervisor2', 'manager2', 'ops', 'auditor', 'admin']) {
      await expectDenied(() => clients[who]!.post('/api/v1/training/goals', { userId: t.ids['rep'], title: 'x' }));
      await expectDenied(() => clients[who]!.patch(`/api/v1/training/goals/${ids.goal}`, { done: true }));
    }
    expect((await clients.supervisor!.patch(`/api/v1/training/goals/${ids.goal}`, { done: true })).statusCode).toBe(200);
    const rows = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from training_goals where done_at is not null and id = ${ids.goal}`,
    );
    expect(rows.rows[0]!.n).toBe(1);
  });

  it('material files and practical tasks: the trainer and planners upload, set and grade; files follow the session; grades the person’s line', async () => {
    const upload = (who: string, sessionId: string) => {
      const file = multipartFile('矩阵讲义.txt', '矩阵讲义内容');
      return clients[who]!.request({
        method: 'POST',
        url: `/api/v1/training/sessions/${sessionId}/files`,
        payload: file.payload,
        headers: file.headers,
      });
    };
    for (const who of ['admin', 'supervisor', 'rep', 'rep2', 'ops', 'finance', 'auditor', 'key_account']) {
      await expectDenied(() => upload(who, ids.S));
    }
    const added = await upload('supervisor2', ids.S);
    expect(added.statusCode, added.body).toBe(201);
    const draftFile = await upload('manager', ids.D);
    expect(draftFile.statusCode, draftFile.body).toBe(201);
    for (const who of ROLES) {
      expect((await clients[who]!.get(`/api/v1/training/files/${added.json().id}`)).statusCode, who).toBe(200);
      expect((await clients[who]!.get(`/api/v1/training/files/${draftFile.json().id}`)).statusCode, who).toBe(
        ['director', 'manager', 'manager2'].includes(who) ? 200 : 404,
      );
    }

    const task = { title: '矩阵演练', criteria: [{ name: '话术', points: 10 }], passPercent: 60 };
    for (const who of ['admin', 'supervisor', 'rep', 'ops', 'finance', 'auditor']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/training/sessions/${ids.S}/tasks`, task));
    }
    await expectDenied(() => clients.supervisor2!.post(`/api/v1/training/sessions/${ids.D}/tasks`, task), [404]);
    const created = await clients.supervisor2!.post(`/api/v1/training/sessions/${ids.S}/tasks`, task);
    expect(created.statusCode, created.body).toBe(201);
    const taskId = created.json().id;
    for (const who of ['admin', 'supervisor', 'rep', 'rep2', 'ops', 'finance', 'auditor']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/training/tasks/${taskId}/grades`, { userId: t.ids['rep'], scores: [10] }));
    }
    for (const userId of [t.ids['rep'], t.ids['rep2']]) {
      expect((await clients.supervisor2!.post(`/api/v1/training/tasks/${taskId}/grades`, { userId, scores: [7] })).statusCode).toBe(200);
    }
    const expected: Record<string, string[]> = {
      admin: [],
      director: ['rep', 'rep2'],
      manager: ['rep', 'rep2'],
      manager2: ['rep', 'rep2'],
      supervisor: ['rep'],
      supervisor2: ['rep', 'rep2'],
      rep: ['rep'],
      rep2: ['rep2'],
      key_account: [],
      channel: [],
      support: [],
      ops: ['rep', 'rep2'],
      finance: [],
      auditor: ['rep', 'rep2'],
    };
    const names = { [t.ids['rep']!]: 'rep', [t.ids['rep2']!]: 'rep2' };
    for (const who of ROLES) {
      const detail = (await clients[who]!.get(`/api/v1/training/sessions/${ids.S}`)).json();
      const seen = detail.tasks[0].grades.map((g: { userId: string }) => names[g.userId]).sort();
      expect(seen, who).toEqual(expected[who]);
    }
  });
});
