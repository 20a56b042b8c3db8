import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spreadEvenly, type TargetGrid } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { MATRIX_ROLES, expectRefusedUnchanged } from './access-matrix-kit.js';

/**
 * R-SEC-1 access matrix: targets and the cockpit (M4/M5), every route. Its own file (and database)
 * beside access-matrix.test.ts, which names 'targets' in MATRIX_SECTIONS. A 2032 plan decomposed to
 * every person; each role reads its part, only the director writes, only holders acknowledge, and
 * every refusal leaves every table unchanged.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = MATRIX_ROLES;
const YEAR = 2032;
let grid: TargetGrid;

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
  grid = (await clients.director!.get(`/api/v1/targets?year=${YEAR}&metric=collections`)).json();
  const values: Record<string, number[]> = {};
  for (const node of grid.nodes) if (node.kind === 'user') values[node.id] = spreadEvenly(1200);
  const confirmations = grid.nodes.filter((n) => n.kind === 'unit').map((n) => ({ nodeId: n.id, reason: '矩阵' }));
  const saved = await clients.director!.put('/api/v1/targets', {
    year: YEAR,
    metric: 'collections',
    baseVersion: 0,
    values,
    confirmations,
  });
  expect(saved.statusCode, saved.body).toBe(200);
  grid = saved.json();
});
afterAll(() => t.close());

describe('R-SEC-1 access matrix: targets', () => {
  it('GET /targets: the whole tree, the unit’s subtree, one’s own row, or 403', async () => {
    const all = grid.nodes.map((n) => n.id).sort();
    for (const who of ROLES) {
      const response = await clients[who]!.get(`/api/v1/targets?year=${YEAR}&metric=collections`);
      if (['admin', 'support'].includes(who)) {
        expect(response.statusCode, who).toBe(403);
        continue;
      }
      expect(response.statusCode, who).toBe(200);
      const ids: string[] = response.json().nodes.map((n: { id: string }) => n.id);
      if (['director', 'ops', 'finance', 'auditor'].includes(who)) expect(ids.sort(), who).toEqual(all);
      else if (['manager', 'manager2', 'supervisor'].includes(who)) {
        expect(ids.length, who).toBeGreaterThan(1);
        expect(ids.length, who).toBeLessThan(all.length);
      } else expect(ids, who).toEqual(ids.length ? [t.ids[who]] : []);
      // Never a figure of a node outside what is listed.
      expect(
        Object.keys(response.json().values).every((id) => ids.includes(id)),
        who,
      ).toBe(true);
    }
    const manager = (await clients.manager!.get(`/api/v1/targets?year=${YEAR}&metric=collections`)).json();
    expect(manager.nodes.some((n: { id: string }) => n.id === t.ids.rep)).toBe(true);
    expect(manager.nodes.some((n: { id: string }) => n.id === t.ids.rep2)).toBe(false);
  });

  it('PUT /targets: the director only', async () => {
    for (const who of ROLES.filter((r) => r !== 'director')) {
      await expectDenied(() =>
        clients[who]!.put('/api/v1/targets', { year: YEAR, metric: 'collections', baseVersion: grid.version, values: {} }),
      );
    }
  });

  it('letters: holders read and acknowledge their own; the list follows the read scope', async () => {
    for (const who of ['director', 'manager', 'supervisor', 'ops', 'finance', 'auditor', 'admin', 'support']) {
      await expectDenied(() => clients[who]!.post('/api/v1/targets/letter/acknowledge', { year: YEAR }));
    }
    const rep = await clients.rep!.post('/api/v1/targets/letter/acknowledge', { year: YEAR });
    expect(rep.statusCode, rep.body).toBe(200);
    expect(rep.json().userId).toBe(t.ids.rep);
    for (const who of ROLES) {
      const response = await clients[who]!.get(`/api/v1/targets/letters?year=${YEAR}`);
      if (['admin', 'support'].includes(who)) {
        expect(response.statusCode, who).toBe(403);
        continue;
      }
      const users: string[] = response.json().rows.map((row: { userId: string }) => row.userId);
      if (['rep', 'rep2', 'key_account', 'channel'].includes(who)) expect(users, who).toEqual([t.ids[who]]);
      if (who === 'manager2') expect(users).not.toContain(t.ids.rep);
      if (who === 'manager') expect(users).toContain(t.ids.rep);
    }
    // Everyone may read their own letter (an empty one when they hold no target).
    for (const who of ROLES) expect((await clients[who]!.get(`/api/v1/targets/letter?year=${YEAR}`)).statusCode, who).toBe(200);
    // The letter's PDF: one's own only (there is no user parameter), 404 for someone who holds no target.
    for (const who of ROLES) {
      const pdf = await clients[who]!.get(`/api/v1/targets/letter/pdf?year=${YEAR}&lang=en-US`);
      const holds = grid.nodes.some((n) => n.id === t.ids[who]);
      expect(pdf.statusCode, who).toBe(holds ? 200 : 404);
      if (holds) expect(pdf.headers['content-type'], who).toBe('application/pdf');
    }
  });

  it('GET /cockpit: every role gets a home; figures only from what the role may read', async () => {
    for (const who of ROLES) {
      const response = await clients[who]!.get('/api/v1/cockpit');
      expect(response.statusCode, who).toBe(200);
    }
    const support = (await clients.support!.get('/api/v1/cockpit')).json();
    expect(support.scope.kind).toBe('self');
    const rep2 = (await clients.rep2!.get('/api/v1/cockpit?period=year&date=2032-06-01')).json();
    expect(rep2.scope.kind).toBe('self');
    // rep2's collections target is their own row, never the company's.
    expect(rep2.attainment.find((card: { metric: string }) => card.metric === 'collections').target).toBe(1200);
  });
});
