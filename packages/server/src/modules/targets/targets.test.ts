import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { spreadEvenly, type Letter, type LetterStatusList, type TargetGrid } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

/**
 * Targets (M4): the decomposition grid with R-TGT-1 on save, versions, responsibility letters and
 * who has acknowledged. Year 2031 so nothing else in the template touches it.
 */
let t: TestApp;
const c: Record<string, Client> = {};
const YEAR = 2031;

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ['director', 'manager', 'supervisor', 'rep', 'rep2', 'finance', 'admin']) c[who] = await t.loginAs(who);
});
afterAll(() => t.close());

/** A consistent decomposition: every person 12,000.00 a year, every unit the sum of its children. */
function consistentValues(grid: TargetGrid, perPerson = 12_000_00): Record<string, number[]> {
  const values: Record<string, number[]> = {};
  const children = new Map<string, string[]>();
  for (const node of grid.nodes) if (node.parentId) children.set(node.parentId, [...(children.get(node.parentId) ?? []), node.id]);
  const fill = (id: string): number[] => {
    const node = grid.nodes.find((n) => n.id === id)!;
    const own =
      node.kind === 'user'
        ? spreadEvenly(perPerson)
        : (children.get(id) ?? []).map(fill).reduce((sum, months) => sum.map((v, m) => v + months[m]!), new Array<number>(12).fill(0));
    values[id] = own;
    return own;
  };
  fill(grid.nodes.find((n) => n.parentId === null)!.id);
  return values;
}

const grid = async (who = 'director', metric = 'bookings') => {
  const response = await c[who]!.get(`/api/v1/targets?year=${YEAR}&metric=${metric}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TargetGrid;
};

describe('R-TGT-1 targets decomposition on save', () => {
  it('a consistent decomposition saves as version 1; the tree has the company, regions, teams and people', async () => {
    const g = await grid();
    expect(g.version).toBe(0);
    expect(g.canEdit).toBe(true);
    const kinds = new Set(g.nodes.map((n) => n.kind));
    expect(kinds).toEqual(new Set(['unit', 'user']));
    expect(g.nodes.find((n) => n.id === t.ids.rep)).toBeTruthy();
    const values = consistentValues(g);
    const saved = await c.director!.put('/api/v1/targets', { year: YEAR, metric: 'bookings', baseVersion: 0, values });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(1);
    expect(saved.json().values[t.ids.rep!]).toEqual(values[t.ids.rep!]);
  });

  it('a cent off is refused until confirmed with a reason; nothing is written meanwhile; the old version stays', async () => {
    const g = await grid();
    const values = { ...g.values, [t.ids.rep!]: g.values[t.ids.rep!]!.map((v, m) => (m === 0 ? v - 1 : v)) };
    const before = await t.snapshot();
    const refused = await c.director!.put('/api/v1/targets', { year: YEAR, metric: 'bookings', baseVersion: 1, values });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('body.confirmations');
    expect(refused.json().error.rule).toBe('R-TGT-1');
    expect(await t.snapshot()).toBe(before);
    const team = g.nodes.find((n) => n.id === t.ids.rep)!.parentId!;
    const saved = await c.director!.put('/api/v1/targets', {
      year: YEAR,
      metric: 'bookings',
      baseVersion: 1,
      values,
      confirmations: [{ nodeId: team, reason: '新人试用期少一分' }],
      note: '年中调整',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const v2 = saved.json() as TargetGrid;
    expect(v2.version).toBe(2);
    expect(v2.confirmations).toEqual([{ nodeId: team, reason: '新人试用期少一分' }]);
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(v2.versions[0]!.changedByName).toBeTruthy();
    const kept = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from target_plans where year = ${YEAR} and metric = 'bookings'`,
    );
    expect(kept.rows[0]!.n).toBe(2);
    const audit = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where entity = 'target_plan'`);
    expect(audit.rows[0]!.n).toBe(2);
  });

  it('a save from a stale version is 409 and writes nothing', async () => {
    const g = await grid();
    const before = await t.snapshot();
    const stale = await c.director!.put('/api/v1/targets', { year: YEAR, metric: 'bookings', baseVersion: 1, values: consistentValues(g) });
    expect(stale.statusCode).toBe(409);
    expect(await t.snapshot()).toBe(before);
  });

  it('an unknown node is 400 naming it; only the director writes', async () => {
    const g = await grid();
    const bad = await c.director!.put('/api/v1/targets', {
      year: YEAR,
      metric: 'bookings',
      baseVersion: g.version,
      values: { '00000000-0000-4000-8000-000000000001': new Array(12).fill(0) },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.values.00000000-0000-4000-8000-000000000001');
    for (const who of ['manager', 'rep', 'finance', 'admin']) {
      const response = await c[who]!.put('/api/v1/targets', { year: YEAR, metric: 'bookings', baseVersion: g.version, values: {} });
      expect(response.statusCode, who).toBe(403);
    }
  });

  it('a manager reads the region’s part of the tree, a rep only their own row', async () => {
    const region = await grid('manager');
    expect(region.nodes.length).toBeGreaterThan(1);
    expect(region.nodes.some((n) => n.id === t.ids.rep)).toBe(true);
    expect(region.nodes.some((n) => n.id === t.ids.rep2)).toBe(false);
    expect(region.canEdit).toBe(false);
    const own = await grid('rep');
    expect(own.nodes.map((n) => n.id)).toEqual([t.ids.rep]);
    expect(Object.keys(own.values)).toEqual([t.ids.rep]);
    expect((await c.admin!.get(`/api/v1/targets?year=${YEAR}&metric=bookings`)).statusCode).toBe(403);
  });
});

describe('responsibility letters (责任书)', () => {
  it('a rep sees the letter, acknowledges it, the manager sees who has not; a change of the rep’s figures asks again', async () => {
    const letter = (await c.rep!.get(`/api/v1/targets/letter?year=${YEAR}`)).json();
    expect(letter.status).toBe('pending');
    expect(letter.terms.map((term: { metric: string }) => term.metric)).toEqual(['bookings']);
    expect(letter.terms[0].target).toBe(12_000_00 - 1);
    expect(letter.terms[0].stretch).toBe(Math.round((12_000_00 - 1) * 1.1));
    const acked = await c.rep!.post('/api/v1/targets/letter/acknowledge', { year: YEAR });
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json().status).toBe('acknowledged');
    // Twice is once.
    await c.rep!.post('/api/v1/targets/letter/acknowledge', { year: YEAR });
    const rows = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from target_acknowledgements where user_id = ${t.ids.rep}`,
    );
    expect(rows.rows[0]!.n).toBe(1);

    const list = (await c.manager!.get(`/api/v1/targets/letters?year=${YEAR}`)).json();
    const byUser = new Map(list.rows.map((row: { userId: string; status: string }) => [row.userId, row.status]));
    expect(byUser.get(t.ids.rep)).toBe('acknowledged');
    expect([...byUser.values()].filter((s) => s === 'pending').length).toBeGreaterThan(0);
    expect(byUser.has(t.ids.rep2)).toBe(false);

    // Someone else's change leaves the rep's letter acknowledged; a change of the rep's own row does not.
    const g = await grid();
    const other = g.nodes.find(
      (n) => n.kind === 'user' && n.id !== t.ids.rep && n.parentId === g.nodes.find((x) => x.id === t.ids.rep)!.parentId,
    )!;
    const team = g.nodes.find((n) => n.id === t.ids.rep)!.parentId!;
    const moved = { ...g.values, [other.id]: g.values[other.id]!.map((v, m) => (m === 0 ? v + 1 : v)) };
    const save1 = await c.director!.put('/api/v1/targets', { year: YEAR, metric: 'bookings', baseVersion: g.version, values: moved });
    expect(save1.statusCode, save1.body).toBe(200);
    expect((await c.rep!.get(`/api/v1/targets/letter?year=${YEAR}`)).json().status).toBe('acknowledged');
    const raised = { ...moved, [t.ids.rep!]: moved[t.ids.rep!]!.map((v) => v + 100) };
    const save2 = await c.director!.put('/api/v1/targets', {
      year: YEAR,
      metric: 'bookings',
      baseVersion: save1.json().version,
      values: raised,
      confirmations: [{ nodeId: team, reason: '上调' }],
    });
    expect(save2.statusCode, save2.body).toBe(200);
    const again = (await c.rep!.get(`/api/v1/targets/letter?year=${YEAR}`)).json();
    expect(again.status).toBe('pending');
    expect(again.changedSinceAcknowledged).toBe(true);
  });

  it('someone without a target has no letter to acknowledge', async () => {
    expect((await c.rep2!.get(`/api/v1/targets/letter?year=${YEAR - 1}`)).json().status).toBe('none');
    expect((await c.rep2!.post('/api/v1/targets/letter/acknowledge', { year: YEAR - 1 })).statusCode).toBe(404);
    expect((await c.director!.post('/api/v1/targets/letter/acknowledge', { year: YEAR })).statusCode).toBe(403);
  });
});

describe('responsibility letters with product-line targets (issue 18 item 1)', () => {
  const LINE_YEAR = 2033;
  const lines: Record<'a' | 'b', string> = {} as never;

  /** Saves a plan giving only the rep a target (units confirmed: the plan is not decomposed through them). */
  async function saveRepOnly(productLineId: string, yearCents: number, extra: { stretchPct?: number } = {}) {
    const url = `/api/v1/targets?year=${LINE_YEAR}&metric=bookings&productLineId=${productLineId}`;
    const g = (await c.director!.get(url)).json() as TargetGrid;
    const root = g.nodes.find((n) => n.parentId === null)!;
    const values = { [root.id]: spreadEvenly(yearCents), [t.ids.rep!]: spreadEvenly(yearCents) };
    const confirmations = g.nodes.filter((n) => n.kind === 'unit').map((n) => ({ nodeId: n.id, reason: '产品线只分解到人' }));
    const saved = await c.director!.put('/api/v1/targets', {
      year: LINE_YEAR,
      metric: 'bookings',
      productLineId,
      baseVersion: g.version,
      values,
      confirmations,
      ...extra,
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }

  beforeAll(async () => {
    for (const [key, sort] of [
      ['a', 1],
      ['b', 2],
    ] as const) {
      const row = await t.db.execute<{ id: string }>(
        sql`insert into product_lines (code, name, sort) values (${`LTR-${key}`}, ${`责任书产品线${key}`}, ${sort}) returning id`,
      );
      lines[key] = row.rows[0]!.id;
    }
    // All lines: every person 12,000.00 a year. Line a: the rep 6,000.00 (stretch 115 %); line b: the rep 2,400.00.
    const g = (await c.director!.get(`/api/v1/targets?year=${LINE_YEAR}&metric=bookings`)).json() as TargetGrid;
    const all = await c.director!.put('/api/v1/targets', {
      year: LINE_YEAR,
      metric: 'bookings',
      baseVersion: 0,
      values: consistentValues(g),
    });
    expect(all.statusCode, all.body).toBe(200);
    await saveRepOnly(lines.a, 6_000_00, { stretchPct: 115 });
    await saveRepOnly(lines.b, 2_400_00);
  });

  it('one letter lists the all-lines bookings target and each product line’s own, with its levels and months', async () => {
    const letter = (await c.rep!.get(`/api/v1/targets/letter?year=${LINE_YEAR}`)).json() as Letter;
    expect(letter.status).toBe('pending');
    expect(letter.terms.map((term) => [term.metric, term.productLineName ?? null, term.target, term.stretch, term.challenge])).toEqual([
      ['bookings', null, 12_000_00, 13_200_00, 14_400_00],
      ['bookings', '责任书产品线a', 6_000_00, 6_900_00, 7_200_00],
      ['bookings', '责任书产品线b', 2_400_00, 2_640_00, 2_880_00],
    ]);
    expect(letter.terms[1]!.productLineId).toBe(lines.a);
    expect(letter.terms[1]!.months).toEqual(spreadEvenly(6_000_00));
    // Someone without a product-line target: the all-lines term only, as before.
    const other = (await c.rep2!.get(`/api/v1/targets/letter?year=${LINE_YEAR}`)).json() as Letter;
    expect(other.terms).toHaveLength(1);
    expect(other.terms[0]).not.toHaveProperty('productLineId');
  });

  it('acknowledging covers the product lines; the manager sees them; a change of a line’s figure asks again, a rename does not', async () => {
    const acked = await c.rep!.post('/api/v1/targets/letter/acknowledge', { year: LINE_YEAR });
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json().status).toBe('acknowledged');
    const stored = await t.db.execute<{ terms: Letter['terms'] }>(
      sql`select terms from target_acknowledgements where user_id = ${t.ids.rep} and year = ${LINE_YEAR}`,
    );
    expect(stored.rows[0]!.terms.map((term) => term.target)).toEqual([12_000_00, 6_000_00, 2_400_00]);
    const row = async () =>
      ((await c.manager!.get(`/api/v1/targets/letters?year=${LINE_YEAR}`)).json() as LetterStatusList).rows.find(
        (r) => r.userId === t.ids.rep,
      )!;
    expect(await row()).toMatchObject({ status: 'acknowledged', productLines: ['责任书产品线a', '责任书产品线b'] });

    await t.db.execute(sql`update product_lines set name = '责任书产品线甲' where id = ${lines.a}`);
    const renamed = (await c.rep!.get(`/api/v1/targets/letter?year=${LINE_YEAR}`)).json() as Letter;
    expect(renamed.status).toBe('acknowledged');
    expect(renamed.terms[1]!.productLineName).toBe('责任书产品线甲');

    await saveRepOnly(lines.b, 3_000_00);
    const changed = (await c.rep!.get(`/api/v1/targets/letter?year=${LINE_YEAR}`)).json() as Letter;
    expect(changed).toMatchObject({ status: 'pending', changedSinceAcknowledged: true });
    expect(changed.terms[2]!.target).toBe(3_000_00);
    expect((await row()).status).toBe('pending');
  });

  it('the letter prints as a PDF in Chinese and English; no target, no letter', async () => {
    for (const lang of ['zh-CN', 'en-US']) {
      const response = await c.rep!.get(`/api/v1/targets/letter/pdf?year=${LINE_YEAR}&lang=${lang}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect((await c.rep2!.get(`/api/v1/targets/letter/pdf?year=${LINE_YEAR + 1}`)).statusCode).toBe(404);
    expect((await c.rep!.get(`/api/v1/targets/letter/pdf?year=${LINE_YEAR}&lang=fr`)).json().error.field).toBe('querystring.lang');
  });
});
