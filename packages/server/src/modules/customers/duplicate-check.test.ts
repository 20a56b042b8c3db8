import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { DUPLICATE_CHECKS_PER_MINUTE } from './duplicate-check.js';

let t: TestApp;
let rep: Client;
let rep2: Client;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  rep2 = await t.loginAs('rep2');
});
afterAll(() => t.close());

async function probes(customerId: string) {
  const rows = await t.db.execute<{ actor_id: string }>(
    sql`select actor_id from audit_log where action = 'view' and entity = 'customers' and entity_id = ${customerId}`,
  );
  return rows.rows.map((row) => row.actor_id);
}

describe('R-CUS-3 duplicate check while typing (POST /customers/duplicates), R-SEC-1 probing', () => {
  it('a match by phone on a customer outside the caller`s scope is answered and written to the audit trail; one in scope is not', async () => {
    const created = await rep.post('/api/v1/customers', { kind: 'person', name: '探测测试甲', phone: '13700001111' });
    expect(created.statusCode, created.body).toBe(201);
    const customerId: string = created.json().id;

    const own = await rep.post('/api/v1/customers/duplicates', { kind: 'person', name: '别的名字', phone: '13700001111' });
    expect(own.json()).toMatchObject([{ id: customerId, matchedOn: ['phone'] }]);
    expect(await probes(customerId)).toEqual([]);

    const probe = await rep2.post('/api/v1/customers/duplicates', { kind: 'person', name: '别的名字', phone: '+86 137 0000 1111' });
    expect(probe.statusCode).toBe(200);
    expect(probe.json()).toMatchObject([{ id: customerId, matchedOn: ['phone'], inPool: false }]);
    expect(await probes(customerId)).toEqual([t.ids.rep2]);
  });

  it(`more than ${DUPLICATE_CHECKS_PER_MINUTE} checks a minute by one user → 429; another user is not held back`, async () => {
    const supervisor = await t.loginAs('supervisor');
    const statuses: number[] = [];
    for (let i = 0; i <= DUPLICATE_CHECKS_PER_MINUTE; i++) {
      statuses.push(
        (
          await supervisor.post('/api/v1/customers/duplicates', {
            kind: 'person',
            name: `号码${i}`,
            phone: `1390000${String(i).padStart(4, '0')}`,
          })
        ).statusCode,
      );
    }
    expect(statuses.slice(0, DUPLICATE_CHECKS_PER_MINUTE).every((status) => status === 200)).toBe(true);
    const refused = await supervisor.post('/api/v1/customers/duplicates', { kind: 'person', name: '再一个', phone: '13900009999' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(statuses.at(-1)).toBe(429);
    expect((await rep.post('/api/v1/customers/duplicates', { kind: 'person', name: '不受影响' })).statusCode).toBe(200);
  });
});
