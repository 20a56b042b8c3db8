import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEFAULT_REP_TEMPLATE } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged } from './access-matrix-kit.js';

/**
 * R-SEC-1 access matrix: performance reviews (issue 19 items 1–3), every route. Its own file (and
 * database) beside access-matrix.test.ts, which names 'performance' in MATRIX_SECTIONS. A person sees
 * their own review, a supervisor the team's, a manager the region's, the director, ops and the auditor
 * everyone's; a peer only the rating form; every refusal leaves every table unchanged.
 */
let t: TestApp;
const c: Record<string, Client> = {};
const ROLES = [
  'admin',
  'director',
  'manager',
  'manager2',
  'supervisor',
  'rep',
  'rep2',
  'key_account',
  'support',
  'ops',
  'finance',
  'auditor',
];
let templateId: string;
let cycle: { id: string; version: number };
let repReview: string;
let rep2Review: string;
let peer: string;

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

beforeAll(async () => {
  t = await buildTestApp();
  const team = await t.ownerDb.execute<{ username: string }>(sql`
    select u.username from users u join users r on r.org_unit_id = u.org_unit_id
     where r.username = 'rep' and u.username like 'rep_%' order by u.username limit 1`);
  peer = team.rows[0]!.username;
  for (const who of [...ROLES, peer]) c[who] = await t.loginAs(who);
  templateId = (await c.ops!.post('/api/v1/kpi-templates', DEFAULT_REP_TEMPLATE)).json().id;
  cycle = (await c.ops!.post('/api/v1/review-cycles', { templateId, date: '2026-05-10' })).json();
  const ids = await t.ownerDb.execute<{ id: string; username: string }>(sql`
    select r.id, u.username from performance_reviews r join users u on u.id = r.person_id where r.cycle_id = ${cycle.id}`);
  repReview = ids.rows.find((r) => r.username === 'rep')!.id;
  rep2Review = ids.rows.find((r) => r.username === 'rep2')!.id;
});
afterAll(() => t.close());

describe('R-SEC-1 access matrix: performance', () => {
  it('templates, cycles and settings: manage for ops, admin and the director; read for those who give feedback', async () => {
    for (const who of ROLES) {
      const list = await c[who]!.get('/api/v1/kpi-templates');
      const cycles = await c[who]!.get('/api/v1/review-cycles');
      const canList = ['admin', 'director', 'ops', 'manager', 'manager2', 'supervisor'].includes(who);
      expect(list.statusCode, who).toBe(canList ? 200 : 403);
      expect(cycles.statusCode, who).toBe(canList ? 200 : 403);
      expect((await c[who]!.get(`/api/v1/review-cycles/${cycle.id}`)).statusCode, who).toBe(canList ? 200 : 403);
      expect((await c[who]!.get('/api/v1/performance-settings')).statusCode, who).toBe(200);
      if (['admin', 'director', 'ops'].includes(who)) continue;
      await expectDenied(() => c[who]!.post('/api/v1/kpi-templates', DEFAULT_REP_TEMPLATE));
      await expectDenied(() => c[who]!.put(`/api/v1/kpi-templates/${templateId}`, { template: DEFAULT_REP_TEMPLATE, version: 1 }));
      await expectDenied(() => c[who]!.post('/api/v1/review-cycles', { templateId, date: '2026-08-10' }));
      await expectDenied(() => c[who]!.post(`/api/v1/review-cycles/${cycle.id}/compute`));
      await expectDenied(() => c[who]!.post(`/api/v1/review-cycles/${cycle.id}/close`, { version: cycle.version }));
      const settings = (await c[who]!.get('/api/v1/performance-settings')).json();
      await expectDenied(() => c[who]!.put('/api/v1/performance-settings', settings));
    }
  });

  it('GET /performance-reviews and /:id: own, the team, the region, everyone', async () => {
    for (const who of ROLES) {
      const all = await c[who]!.get(`/api/v1/performance-reviews?scope=all&cycleId=${cycle.id}`);
      if (['admin'].includes(who)) {
        expect(all.statusCode, who).toBe(403);
        await expectDenied(() => c[who]!.get(`/api/v1/performance-reviews/${repReview}`));
        continue;
      }
      expect(all.statusCode, who).toBe(200);
      const people: string[] = all.json().rows.map((r: { personId: string }) => r.personId);
      const seesRep = people.includes(t.ids.rep!);
      const seesRep2 = people.includes(t.ids.rep2!);
      if (['director', 'ops', 'auditor'].includes(who)) expect([seesRep, seesRep2], who).toEqual([true, true]);
      else if (['manager', 'supervisor'].includes(who)) expect([seesRep, seesRep2], who).toEqual([true, false]);
      else if (who === 'manager2') expect([seesRep, seesRep2], who).toEqual([false, true]);
      else
        expect(
          people.every((id) => id === t.ids[who]),
          who,
        ).toBe(true);
      const detail = await c[who]!.get(`/api/v1/performance-reviews/${repReview}`);
      expect(detail.statusCode, who).toBe(seesRep ? 200 : 404);
      const radar = await c[who]!.get(`/api/v1/performance-reviews/${repReview}/comparison`);
      expect(radar.statusCode, who).toBe(seesRep ? 200 : 404);
    }
  });

  it('peers and feedback: the supervisor (or above) of the person only, never the person', async () => {
    const version = (await c.supervisor!.get(`/api/v1/performance-reviews/${repReview}`)).json().version;
    for (const who of ROLES.filter((r) => !['supervisor', 'manager', 'director'].includes(r))) {
      await expectDenied(() => c[who]!.put(`/api/v1/performance-reviews/${repReview}/peers`, { peerIds: [t.ids[peer]], version }));
      await expectDenied(() =>
        c[who]!.post(`/api/v1/performance-reviews/${repReview}/feedback`, { strengths: 'x', gaps: 'y', actions: [], version }),
      );
    }
    // manager2 (another region) and the supervisor on rep2's review.
    const v2 = (await c.director!.get(`/api/v1/performance-reviews/${rep2Review}`)).json().version;
    await expectDenied(() => c.supervisor!.put(`/api/v1/performance-reviews/${rep2Review}/peers`, { peerIds: [], version: v2 }));
    await expectDenied(() => c.manager!.put(`/api/v1/performance-reviews/${rep2Review}/peers`, { peerIds: [], version: v2 }));
    const set = await c.supervisor!.put(`/api/v1/performance-reviews/${repReview}/peers`, { peerIds: [t.ids[peer]], version });
    expect(set.statusCode, set.body).toBe(200);
  });

  it('rating: only the raters asked; the peer sees the form only', async () => {
    for (const who of ROLES.filter((r) => r !== 'supervisor')) {
      await expectDenied(() => c[who]!.post(`/api/v1/performance-reviews/${repReview}/rating`, { scores: { teamwork: 50, skills: 50 } }));
    }
    const form = await c[peer]!.get(`/api/v1/performance-reviews/${repReview}`);
    expect(form.statusCode).toBe(200);
    expect(form.json().figures).toEqual([]);
    expect(form.json().total).toBeNull();
    expect((await c[peer]!.get(`/api/v1/performance-reviews/${repReview}/comparison`)).statusCode).toBe(404);
    const queue = (await c[peer]!.get('/api/v1/performance-reviews?scope=rate')).json().rows;
    expect(queue.map((r: { id: string }) => r.id)).toEqual([repReview]);
    expect(queue[0].total).toBeNull();
    const rated = await c[peer]!.post(`/api/v1/performance-reviews/${repReview}/rating`, { scores: { teamwork: 80, skills: 70 } });
    expect(rated.statusCode, rated.body).toBe(200);
  });

  it('acknowledge and appeal: the person only; appeals decided by the next level up only; action toggles by owner or supervisor', async () => {
    const version = (await c.supervisor!.get(`/api/v1/performance-reviews/${repReview}`)).json().version;
    const fb = await c.supervisor!.post(`/api/v1/performance-reviews/${repReview}/feedback`, {
      strengths: '积极',
      gaps: '回款',
      actions: [{ action: '跟进回款', ownerId: t.ids.rep, dueOn: '2026-12-31' }],
      version,
    });
    expect(fb.statusCode, fb.body).toBe(200);
    const review = fb.json();
    for (const who of ROLES.filter((r) => r !== 'rep')) {
      await expectDenied(() => c[who]!.post(`/api/v1/performance-reviews/${repReview}/acknowledge`, { version: review.version }));
    }
    // An action of the plan: its owner, or the person's supervisor and those above, tick it.
    for (const who of ROLES.filter((r) => !['rep', 'supervisor', 'manager', 'director'].includes(r))) {
      await expectDenied(() => c[who]!.post(`/api/v1/review-actions/${review.actions[0].id}/done`, { done: true }));
    }
    expect((await c.rep!.post(`/api/v1/review-actions/${review.actions[0].id}/done`, { done: true })).statusCode).toBe(200);
    const closed = await c.ops!.post(`/api/v1/review-cycles/${cycle.id}/close`, { version: cycle.version });
    expect(closed.statusCode, closed.body).toBe(200);
    for (const who of ROLES.filter((r) => r !== 'rep')) {
      await expectDenied(() => c[who]!.post(`/api/v1/performance-reviews/${repReview}/appeals`, { itemKey: 'dso', reason: '不公平' }));
    }
    const appeal = await c.rep!.post(`/api/v1/performance-reviews/${repReview}/appeals`, { itemKey: 'dso', reason: '账期特殊' });
    expect(appeal.statusCode, appeal.body).toBe(200);
    const appealId = appeal.json().appeals[0].id;
    for (const who of ROLES.filter((r) => !['manager', 'director'].includes(r))) {
      await expectDenied(() => c[who]!.post(`/api/v1/review-appeals/${appealId}/decision`, { decision: 'rejected', note: '维持' }));
    }
    const decided = await c.manager!.post(`/api/v1/review-appeals/${appealId}/decision`, { decision: 'rejected', note: '维持原分' });
    expect(decided.statusCode, decided.body).toBe(200);
  });
});
