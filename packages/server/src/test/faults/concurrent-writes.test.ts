import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../harness.js';
import { clearSettingsCache } from '../../platform/settings/settings.js';

/**
 * Fault suite (issue 14, items 1 and 9): many requests on the same rows at once, through a pool
 * smaller than the crowd. Before, a transaction holding a row lock asked the pool for a second
 * connection (settings read by the presenter) while every connection was held by requests queued
 * behind that lock: the server hung, /api/health included. Now every request answers, with exactly
 * one winner per row.
 */
let t: TestApp;
const POOL = 4;
/** A request that has not answered by then is hung (the whole file's requests take a few seconds). */
const HUNG_AFTER_MS = 45_000;

beforeAll(async () => {
  t = await buildTestApp({ poolSize: POOL });
});
afterAll(async () => {
  await t?.close();
});

function answered(request: Promise<LightMyRequestResponse>): Promise<number | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), HUNG_AFTER_MS)));
  return Promise.race([request.then((response) => response.statusCode), hung]).finally(() => clearTimeout(timer));
}

function tally(statuses: (number | 'hung')[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[String(status)] = (counts[String(status)] ?? 0) + 1;
  return counts;
}

describe('concurrent writes on the same rows with a small pool', () => {
  it("20 salespeople claiming one pool customer at once: one 200, nineteen refused (409, or 404 to those who cannot see the winner's customer), health answers meanwhile", async () => {
    const reps = (
      await t.db.execute<{ username: string }>(sql`
        select u.username from users u
         where u.roles && array['rep', 'key_account', 'channel', 'supervisor']::text[] and not u.disabled
         order by u.username limit 20`)
    ).rows.map((row) => row.username);
    expect(reps).toHaveLength(20);
    const clients = [];
    for (const username of reps) clients.push(await t.loginAs(username));
    const [customer] = (
      await t.db.execute<{ id: string; version: number }>(
        sql`select id, version from customers where owner_id is null and merged_into_id is null order by id limit 1`,
      )
    ).rows;
    // Settings expire from the cache every few seconds: the burst meets them expired.
    clearSettingsCache();
    const claims = clients.map((client) =>
      answered(client.post(`/api/v1/customers/${customer!.id}/claim`, { version: customer!.version })),
    );
    const health = answered(t.app.inject({ method: 'GET', url: '/api/health' }));
    const statuses = await Promise.all(claims);
    expect(await health).toBe(200);
    // A loser who may still read the customer hears 409; one outside the winner's line hears 404,
    // as for any customer outside their scope.
    const counts = tally(statuses);
    expect(counts['200']).toBe(1);
    expect((counts['409'] ?? 0) + (counts['404'] ?? 0)).toBe(19);
    const [after] = (
      await t.db.execute<{ owners: number }>(sql`select count(owner_id)::int as owners from customers where id = ${customer!.id}`)
    ).rows;
    expect(after!.owners).toBe(1);
  }, 120_000);

  it('100 same-version PATCHes on 50 customers at once: fifty 200 and fifty 409, health answers meanwhile', async () => {
    const director = await t.loginAs('director');
    const ops = await t.loginAs('ops');
    const targets = (
      await t.db.execute<{ id: string; version: number }>(sql`
        select id, version from customers where owner_id is not null and merged_into_id is null order by id limit 50`)
    ).rows;
    expect(targets).toHaveLength(50);
    clearSettingsCache();
    const patches = targets.flatMap((customer, i) => [
      answered(director.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, needs: `fault ${i} a` })),
      answered(ops.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, needs: `fault ${i} b` })),
    ]);
    const health = answered(t.app.inject({ method: 'GET', url: '/api/health' }));
    const statuses = await Promise.all(patches);
    expect(await health).toBe(200);
    expect(tally(statuses)).toEqual({ 200: 50, 409: 50 });
    // Each customer was written once: its version moved by exactly one.
    const after = (
      await t.db.execute<{ id: string; version: number }>(
        sql`select id, version from customers where id = any(${sql.param(targets.map((c) => c.id))}::uuid[])`,
      )
    ).rows;
    const moved = new Map(after.map((row) => [row.id, row.version]));
    expect(targets.filter((customer) => moved.get(customer.id) !== customer.version + 1)).toEqual([]);
  }, 120_000);
});
