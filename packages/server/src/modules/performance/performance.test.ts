import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEFAULT_REP_TEMPLATE, type PerformanceReview } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

/**
 * Issue 19 items 1–3 through the API: ops defines a template and opens a cycle, the figures are
 * computed from the other modules' metrics, the supervisor picks peers, supervisor and peers rate,
 * feedback with an improvement plan, the person acknowledges, the cycle closes (frozen), one appeal
 * decided by the next level up.
 */
let t: TestApp;
const c: Record<string, Client> = {};
let templateId: string;
let cycleId: string;
let reviewId: string;
let peers: string[];

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ['ops', 'supervisor', 'manager', 'rep', 'rep2', 'director', 'auditor']) c[who] = await t.loginAs(who);
  const team = await t.ownerDb.execute<{ username: string }>(sql`
    select u.username from users u join users r on r.org_unit_id = u.org_unit_id
     where r.username = 'rep' and u.username like 'rep_%' and u.username <> 'rep' order by u.username limit 2`);
  peers = team.rows.map((row) => row.username);
  for (const who of peers) c[who] = await t.loginAs(who);
});
afterAll(() => t.close());

async function review(who: string): Promise<PerformanceReview> {
  const response = await c[who]!.get(`/api/v1/performance-reviews/${reviewId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('performance reviews (issue 19 items 1–3)', () => {
  it('R-KPI-1 a template whose weights do not add up to 100 % is refused, naming the field; nothing is written', async () => {
    const before = await t.snapshot();
    const bad = { ...DEFAULT_REP_TEMPLATE, items: DEFAULT_REP_TEMPLATE.items.map((item, i) => (i === 0 ? { ...item, weight: 35 } : item)) };
    const response = await c.ops!.post('/api/v1/kpi-templates', bad);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.items');
    expect(await t.snapshot()).toBe(before);
  });

  it('ops defines a template and opens a quarter: a review per rep with computed figures and the supervisor as rater', async () => {
    const created = await c.ops!.post('/api/v1/kpi-templates', { ...DEFAULT_REP_TEMPLATE, name: '测试模板' });
    expect(created.statusCode, created.body).toBe(201);
    templateId = created.json().id;
    const opened = await c.ops!.post('/api/v1/review-cycles', { templateId, date: '2026-08-15' });
    expect(opened.statusCode, opened.body).toBe(201);
    const cycle = opened.json();
    cycleId = cycle.id;
    expect([cycle.periodFrom, cycle.periodTo]).toEqual(['2026-07-01', '2026-09-30']);
    const reps = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from users where 'rep' = any(roles) and not disabled`,
    );
    expect(cycle.reviews).toBe(reps.rows[0]!.n);
    // The same period twice is refused.
    expect((await c.ops!.post('/api/v1/review-cycles', { templateId, date: '2026-09-01' })).statusCode).toBe(400);

    const mine = (await c.rep!.get(`/api/v1/performance-reviews?scope=mine&cycleId=${cycleId}`)).json().rows;
    expect(mine).toHaveLength(1);
    reviewId = mine[0].id;
    const detail = await review('rep');
    expect(detail.supervisorId).toBe(t.ids.supervisor);
    // Collections figure = the receipts list's sum for the rep in the quarter (the drill-down shows the same list).
    const receipts = await t.ownerDb.execute<{ amount: string | null }>(sql`
      select sum(r.amount_cents)::bigint as amount from receipts r join payment_installments i on i.id = r.installment_id
       where i.owner_id = ${t.ids.rep} and r.received_on between '2026-07-01' and '2026-09-30'`);
    const collections = detail.figures.find((f) => f.key === 'collections')!;
    expect(collections.actual).toBe(Number(receipts.rows[0]!.amount ?? 0) / 100);
    expect(collections.goal).toBe(150000 * 3);
    expect(collections.link).toContain(`ownerId=${t.ids.rep}`);
    expect(detail.scores.map((s) => s.key)).toEqual(DEFAULT_REP_TEMPLATE.items.map((i) => i.key));
  });

  it('the supervisor chooses peers; peers see only the rating form; peers are anonymous to the person, not to the auditor', async () => {
    const before = await review('supervisor');
    expect(before.abilities.choosePeers).toBe(true);
    // Before being chosen, a peer cannot open the review.
    expect((await c[peers[0]!]!.get(`/api/v1/performance-reviews/${reviewId}`)).statusCode).toBe(404);
    const set = await c.supervisor!.put(`/api/v1/performance-reviews/${reviewId}/peers`, {
      peerIds: peers.map((p) => t.ids[p]),
      version: before.version,
    });
    expect(set.statusCode, set.body).toBe(200);
    const form = await review(peers[0]!);
    expect(form.abilities.rate).toBe(true);
    expect(form.figures).toEqual([]);
    expect(form.total).toBeNull();
    expect(form.scores.map((s) => s.key)).toEqual(['teamwork', 'skills']);
    expect(form.raters.map((r) => r.raterId)).toEqual([t.ids[peers[0]!]]);
    // A rating queue entry for the peer.
    const queue = (await c[peers[0]!]!.get('/api/v1/performance-reviews?scope=rate')).json().rows;
    expect(queue.map((r: { id: string }) => r.id)).toContain(reviewId);

    for (const [who, teamwork, skills] of [
      ['supervisor', 80, 90],
      [peers[0]!, 70, 60],
      [peers[1]!, 90, 60],
    ] as const) {
      const rated = await c[who]!.post(`/api/v1/performance-reviews/${reviewId}/rating`, { scores: { teamwork, skills }, comment: '好' });
      expect(rated.statusCode, rated.body).toBe(200);
    }
    // A score for a KPI that is not rated is refused, naming it.
    const wrong = await c.supervisor!.post(`/api/v1/performance-reviews/${reviewId}/rating`, {
      scores: { teamwork: 1, skills: 1, dso: 5 },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('body.scores.dso');

    const asPerson = await review('rep');
    const peerEntries = asPerson.raters.filter((r) => r.kind === 'peer');
    expect(peerEntries).toHaveLength(2);
    expect(peerEntries.every((r) => r.raterId === null && r.raterName === null)).toBe(true);
    const asAuditor = await review('auditor');
    expect(
      asAuditor.raters
        .filter((r) => r.kind === 'peer')
        .map((r) => r.raterId)
        .sort(),
    ).toEqual(peers.map((p) => t.ids[p]).sort());
    // teamwork: supervisor 80, peers (70 + 90) ÷ 2 = 80 → 80 (customers below the minimum drop out)
    const teamwork = asPerson.scores.find((s) => s.key === 'teamwork')!;
    expect(teamwork.raters?.peer).toBe(80);
    if (teamwork.raters?.customer === null) expect(teamwork.score).toBe(80);
    // skills: supervisor 90, peers 60 → (90 × 60 + 60 × 25) ÷ 85 = 81.2
    const skills = asPerson.scores.find((s) => s.key === 'skills')!;
    if (skills.raters?.customer === null) expect(skills.score).toBe(81.2);
  });

  it('feedback with an improvement plan; the person acknowledges with a comment; someone else cannot', async () => {
    const current = await review('supervisor');
    const saved = await c.supervisor!.post(`/api/v1/performance-reviews/${reviewId}/feedback`, {
      strengths: '新客户开发积极',
      gaps: '回款周期偏长',
      actions: [{ action: '每周跟进逾期回款', ownerId: t.ids.rep, dueOn: '2026-12-31' }],
      version: current.version,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().actions).toHaveLength(1);
    // A stale version is a conflict.
    const stale = await c.supervisor!.post(`/api/v1/performance-reviews/${reviewId}/feedback`, {
      strengths: 'x',
      gaps: 'y',
      actions: [],
      version: current.version,
    });
    expect(stale.statusCode).toBe(409);
    const mine = await review('rep');
    expect(mine.abilities.acknowledge).toBe(true);
    const before = await t.snapshot();
    expect((await c.supervisor!.post(`/api/v1/performance-reviews/${reviewId}/acknowledge`, { version: mine.version })).statusCode).toBe(
      403,
    );
    expect(await t.snapshot()).toBe(before);
    const ack = await c.rep!.post(`/api/v1/performance-reviews/${reviewId}/acknowledge`, {
      comment: '认可，会改进',
      version: mine.version,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedAt).not.toBeNull();
    expect(ack.json().personComment).toBe('认可，会改进');
  });

  it('closing freezes the scores; one appeal per score, decided by the next level up', async () => {
    const cycle = (await c.ops!.get(`/api/v1/review-cycles/${cycleId}`)).json();
    const closed = await c.ops!.post(`/api/v1/review-cycles/${cycleId}/close`, { version: cycle.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    // Closed: no more ratings or recomputation.
    expect(
      (await c.supervisor!.post(`/api/v1/performance-reviews/${reviewId}/rating`, { scores: { teamwork: 1, skills: 1 } })).statusCode,
    ).toBe(400);
    expect((await c.ops!.post(`/api/v1/review-cycles/${cycleId}/compute`)).statusCode).toBe(400);

    const frozen = await review('rep');
    expect(frozen.status).toBe('closed');
    expect(frozen.abilities.appeal).toBe(true);
    const appealed = await c.rep!.post(`/api/v1/performance-reviews/${reviewId}/appeals`, {
      itemKey: 'dso',
      reason: '大客户合同约定 90 天账期',
    });
    expect(appealed.statusCode, appealed.body).toBe(200);
    const again = await c.rep!.post(`/api/v1/performance-reviews/${reviewId}/appeals`, { itemKey: 'dso', reason: '再次申诉' });
    expect(again.statusCode).toBe(422);
    const appealId = appealed.json().appeals[0].id;

    // Not the supervisor (the level that scored), not another region's manager: the supervisor's manager decides.
    expect((await review('supervisor')).abilities.decide).toBe(false);
    const before = await t.snapshot();
    const bySupervisor = await c.supervisor!.post(`/api/v1/review-appeals/${appealId}/decision`, {
      decision: 'upheld',
      note: 'x',
      newScore: 100,
    });
    expect([403, 404]).toContain(bySupervisor.statusCode);
    expect(await t.snapshot()).toBe(before);
    const decided = await c.manager!.post(`/api/v1/review-appeals/${appealId}/decision`, {
      decision: 'upheld',
      note: '账期经总监批准，回款周期按 100 分计',
      newScore: 100,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const after = decided.json() as PerformanceReview;
    expect(after.scores.find((s) => s.key === 'dso')!.score).toBe(100);
    const dsoBefore = frozen.scores.find((s) => s.key === 'dso')!.score ?? 0;
    expect(after.total).toBeCloseTo((frozen.total ?? 0) + ((100 - dsoBefore) * 10) / 100, 1);
    expect(after.appeals[0]!.status).toBe('upheld');
  });

  it('the radar compares with the team average and the top performer', async () => {
    const response = await c.rep!.get(`/api/v1/performance-reviews/${reviewId}/comparison`);
    expect(response.statusCode, response.body).toBe(200);
    const radar = response.json();
    expect(radar.keys).toHaveLength(DEFAULT_REP_TEMPLATE.items.length);
    expect(radar.person).toHaveLength(radar.keys.length);
    expect(radar.teamAverage).toHaveLength(radar.keys.length);
  });
});
