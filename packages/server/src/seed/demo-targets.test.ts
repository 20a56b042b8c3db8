import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompositionMismatches, type TargetGrid } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../test/harness.js';
import { seedDemoTargets } from './demo-targets.js';

let t: TestApp;
let director: Client;
const now = new Date('2026-06-15T04:00:00Z');

beforeAll(async () => {
  t = await buildTestApp();
  expect(await seedDemoTargets(t.db, { now })).toEqual({ plans: 3, acknowledged: expect.any(Number) });
  director = await t.loginAs('director');
});
afterAll(() => t.close());

describe('demo targets', () => {
  it('every metric of the year is decomposed to every person and adds up (R-TGT-1)', async () => {
    for (const metric of ['bookings', 'collections', 'newCustomers']) {
      const grid = (await director.get(`/api/v1/targets?year=2026&metric=${metric}`)).json() as TargetGrid;
      expect(grid.version).toBe(1);
      const people = grid.nodes.filter((node) => node.kind === 'user');
      expect(people.length).toBeGreaterThan(10);
      for (const person of people)
        expect(
          grid.values[person.id]!.reduce((a, b) => a + b, 0),
          metric,
        ).toBeGreaterThan(0);
      expect(decompositionMismatches(grid.nodes, grid.values)).toEqual([]);
    }
  });

  it('some people have acknowledged their letter; rep has not', async () => {
    const letters = (await director.get('/api/v1/targets/letters?year=2026')).json();
    const statuses = letters.rows.map((row: { status: string }) => row.status);
    expect(statuses).toContain('acknowledged');
    expect(statuses).toContain('pending');
    expect(letters.rows.find((row: { userId: string }) => row.userId === t.ids.rep).status).toBe('pending');
  });
});
