import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged } from './access-matrix-kit.js';
import { multipartFile } from './multipart.js';
import { insertContract, insertCustomer } from '../modules/receivables/test-fixtures.js';
import { contactVisibility } from '../platform/access/masking.js';
import { MODULES } from '../modules/index.js';

/**
 * R-SEC-1 access matrix for every platform route. Each later module adds its routes here.
 * For each role: what it may list, read, change and export; attempts on records outside its
 * scope answer 403/404 and leave every table unchanged.
 */
// A case here makes hundreds of requests, each refusal between two whole-database snapshots: on a
// loaded 2-core machine that outlasts the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = [
  'admin',
  'director',
  'manager',
  'supervisor',
  'rep',
  'rep2',
  'key_account',
  'channel',
  'support',
  'ops',
  'finance',
  'auditor',
];

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
});
afterAll(() => t.close());

async function visibleUsers(username: string): Promise<string[]> {
  const response = await clients[username]!.get('/api/v1/users?pageSize=200');
  expect(response.statusCode).toBe(200);
  return response.json().items.map((u: { username: string }) => u.username);
}

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

/**
 * The access declarations that have their section in this file. A module added to MODULES with an
 * access declaration fails the first test below until its section is written and named here.
 */
const MATRIX_SECTIONS = [
  'users',
  'orgUnits',
  'customers',
  'products',
  'opportunities',
  'quotes',
  'contracts',
  'receivables',
  'orders',
  'events', // its section is access-matrix-events.test.ts (own database)
  'targets', // its section is access-matrix-targets.test.ts (own database)
  'alerts', // its section is access-matrix-alerts.test.ts (own database)
  'complaints', // its section is access-matrix-service.test.ts (own database)
  'surveys', // access-matrix-service.test.ts
  'expenses', // its section is access-matrix-expenses.test.ts (own database)
  'performance', // its section is access-matrix-performance.test.ts (own database)
  'incentives', // its section is access-matrix-incentives.test.ts (own database)
  'training', // its section is access-matrix-training.test.ts (own database)
  'reports', // its section is access-matrix-reports.test.ts (own database)
  'market', // its section is access-matrix-market-channels.test.ts (own database)
  'channels', // access-matrix-market-channels.test.ts
  'teamwork', // its section is access-matrix-teamwork-audit.test.ts (own database)
  'internalaudit', // access-matrix-teamwork-audit.test.ts
];

describe('R-SEC-1 access matrix: covers the module list', () => {
  it('every access declaration of every module has its section here', () => {
    const declared = MODULES.flatMap((module) => module.access.map((access) => access.module));
    expect(
      declared.filter((name) => !MATRIX_SECTIONS.includes(name)),
      'access declarations without a matrix section',
    ).toEqual([]);
  });

  it('/auth/me tells every role, for every declared action of every module, whether it may', async () => {
    const keys = MODULES.flatMap((module) =>
      module.access.flatMap((access) => access.actions.map((action) => `${access.module}.${action}`)),
    );
    for (const who of ROLES) {
      const me = (await clients[who]!.get('/api/v1/auth/me')).json() as { permissions: Record<string, boolean> };
      expect(Object.keys(me.permissions), who).toEqual(expect.arrayContaining(keys));
    }
  });
});

describe('R-SEC-1 access matrix: users', () => {
  it('list scope per role: rep → own team, supervisor → team, manager → region, director/ops/finance/auditor/admin → all', async () => {
    const all = Object.keys(t.ids);
    const rep = await visibleUsers('rep');
    expect(rep).toContain('supervisor');
    expect(rep).not.toContain('rep2');
    expect(rep).not.toContain('rep_hz_1');
    const supervisor = await visibleUsers('supervisor');
    expect(supervisor).toContain('rep');
    expect(supervisor).not.toContain('rep2');
    const manager = await visibleUsers('manager');
    expect(manager).toEqual(expect.arrayContaining(['rep', 'rep_hz_1', 'supervisor', 'support', 'key_account']));
    expect(manager).not.toContain('rep2');
    const rep2 = await visibleUsers('rep2');
    expect(rep2).not.toContain('rep');
    for (const role of ['director', 'ops', 'finance', 'auditor', 'admin']) {
      expect((await visibleUsers(role)).sort()).toEqual(all.sort());
    }
  });

  it('reading a user outside scope is 404 for every narrower role', async () => {
    for (const [who, target] of [
      ['rep', 'rep2'],
      ['supervisor', 'rep2'],
      ['manager', 'rep2'],
      ['rep2', 'rep'],
      ['support', 'rep2'],
      ['key_account', 'rep2'],
    ] as const) {
      const response = await clients[who]!.get(`/api/v1/users/${t.ids[target]}`);
      expect(response.statusCode, `${who} reading ${target}`).toBe(404);
    }
    expect((await clients.director!.get(`/api/v1/users/${t.ids.rep2}`)).statusCode).toBe(200);
  });

  it('only admin changes users; every other role is refused and nothing is written', async () => {
    for (const who of ROLES.filter((r) => r !== 'admin')) {
      await expectDenied(() => clients[who]!.patch(`/api/v1/users/${t.ids.rep2}`, { version: 1, displayName: 'x' }));
      await expectDenied(() => clients[who]!.patch(`/api/v1/users/${t.ids[who]}`, { version: 1, roles: ['admin'] }));
      await expectDenied(() => clients[who]!.post(`/api/v1/users/${t.ids.rep2}/reset-password`, { newPassword: 'abcdefgh1' }));
      await expectDenied(() =>
        clients[who]!.post('/api/v1/users', {
          username: `x_${who}`,
          displayName: 'x',
          password: 'Orchid-Lake-52',
          roles: ['rep'],
          orgUnitId: '00000000-0000-4000-8000-000000000000',
        }),
      );
      await expectDenied(() => clients[who]!.put(`/api/v1/users/${t.ids.support}/support-assignments`, { repIds: [] }));
    }
  });

  it('export: admin, director and auditor only, within their scope, logged; others refused without a trace', async () => {
    for (const who of ROLES) {
      const allowed = ['admin', 'director', 'auditor'].includes(who);
      if (!allowed) {
        await expectDenied(() => clients[who]!.get('/api/v1/users/export.csv'), [403]);
        continue;
      }
      const response = await clients[who]!.get('/api/v1/users/export.csv');
      expect(response.statusCode, who).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      expect(response.body.trim().split('\n')).toHaveLength(Object.keys(t.ids).length + 1);
    }
    const logged = await clients.auditor!.get('/api/v1/audit?action=export');
    expect(logged.json().total).toBe(3);
  });

  it('only admin changes the org tree', async () => {
    const units = (await clients.admin!.get('/api/v1/org-units')).json() as { id: string; version: number; kind: string }[];
    const team = units.find((u) => u.kind === 'team')!;
    const region = units.find((u) => u.kind === 'region')!;
    for (const who of ROLES.filter((r) => r !== 'admin')) {
      expect((await clients[who]!.get('/api/v1/org-units')).statusCode).toBe(200);
      await expectDenied(() => clients[who]!.patch(`/api/v1/org-units/${team.id}`, { version: team.version, name: 'x' }));
      await expectDenied(() => clients[who]!.post('/api/v1/org-units', { parentId: region.id, name: 'x', kind: 'team' }));
    }
  });
});

describe('R-SEC-1 access matrix: audit, settings, approvals config', () => {
  it('the audit trail is for auditor, admin and director only', async () => {
    for (const who of ROLES) {
      const response = await clients[who]!.get('/api/v1/audit');
      expect(response.statusCode, who).toBe(['auditor', 'admin', 'director'].includes(who) ? 200 : 403);
    }
  });
  it('settings: admin writes; director and auditor read; others neither', async () => {
    for (const who of ROLES) {
      const read = await clients[who]!.get('/api/v1/settings');
      expect(read.statusCode, who).toBe(['admin', 'director', 'auditor'].includes(who) ? 200 : 403);
      if (who !== 'admin') await expectDenied(() => clients[who]!.patch('/api/v1/settings', { companyName: 'x' }));
    }
    expect((await clients.admin!.patch('/api/v1/settings', { loginMaxFailures: 6 })).json().loginMaxFailures).toBe(6);
  });
  it('scheduled jobs: admin runs them; director and auditor see them; others neither', async () => {
    await t.db.execute(
      sql`insert into scheduled_jobs (name, cron, next_run_at) values ('matrix.job', '0 3 * * *', now() + interval '1 day') on conflict do nothing`,
    );
    for (const who of ROLES) {
      const read = await clients[who]!.get('/api/v1/scheduled-jobs');
      expect(read.statusCode, who).toBe(['admin', 'director', 'auditor'].includes(who) ? 200 : 403);
      if (who !== 'admin') await expectDenied(() => clients[who]!.post('/api/v1/scheduled-jobs/matrix.job/run'));
    }
    expect((await clients.admin!.post('/api/v1/scheduled-jobs/matrix.job/run')).statusCode).toBe(202);
  });
  it('the approval matrix is configured by admin only', async () => {
    for (const who of ROLES.filter((r) => r !== 'admin')) {
      await expectDenied(() =>
        clients[who]!.post('/api/v1/approval-policies', { subjectType: 'x', name: 'x', steps: [{ role: 'manager' }] }),
      );
    }
    expect(
      (await clients.admin!.post('/api/v1/approval-policies', { subjectType: 'x', name: 'x', steps: [{ role: 'manager' }] })).statusCode,
    ).toBe(201);
  });
  it('notifications are the recipient’s own', async () => {
    await expectDenied(() => clients.rep!.post('/api/v1/notifications/00000000-0000-4000-8000-000000000000/read'));
  });
});

describe('R-SEC-1 access matrix: customers', () => {
  const made: Record<string, { id: string; version: number }> = {};
  beforeAll(async () => {
    clients.rep_hz_1 = await t.loginAs('rep_hz_1');
    for (const owner of ['rep', 'rep2', 'rep_hz_1']) {
      const response = await clients[owner]!.post('/api/v1/customers', {
        kind: 'organization',
        name: `矩阵客户-${owner}`,
        phone: '13900000000',
        ignoreDuplicates: true,
      });
      expect(response.statusCode, response.body).toBe(201);
      made[owner] = response.json();
    }
  });
  const sees = async (who: string, owner: string) => (await clients[who]!.get(`/api/v1/customers/${made[owner]!.id}`)).statusCode === 200;
  const listed = async (who: string) => {
    const response = await clients[who]!.get('/api/v1/customers?pageSize=200&q=' + encodeURIComponent('矩阵客户'));
    return response.statusCode === 200
      ? response
          .json()
          .items.map((c: { name: string }) => c.name.replace('矩阵客户-', ''))
          .sort()
      : response.statusCode;
  };

  it('list and read scope per role', async () => {
    expect(await listed('rep')).toEqual(['rep']);
    expect(await listed('rep2')).toEqual(['rep2']);
    expect(await listed('supervisor')).toEqual(['rep']);
    expect(await listed('manager')).toEqual(['rep', 'rep_hz_1']);
    expect(await listed('support')).toEqual(['rep', 'rep_hz_1']);
    for (const who of ['director', 'ops', 'finance', 'auditor']) expect(await listed(who)).toEqual(['rep', 'rep2', 'rep_hz_1']);
    expect(await listed('admin')).toBe(403);
    expect(await listed('key_account')).toEqual([]);
    for (const [who, owner] of [
      ['rep', 'rep2'],
      ['rep2', 'rep'],
      ['supervisor', 'rep2'],
      ['manager', 'rep2'],
      ['support', 'rep2'],
      ['channel', 'rep'],
    ] as const) {
      expect(await sees(who, owner), `${who} → ${owner}`).toBe(false);
    }
  });

  it('activity feed of a customer: visible exactly where the customer is, 404 outside, 403 for admin', async () => {
    for (const who of ROLES) {
      for (const owner of ['rep', 'rep2', 'rep_hz_1']) {
        const read = (await clients[who]!.get(`/api/v1/customers/${made[owner]!.id}`)).statusCode;
        expect((await clients[who]!.get(`/api/v1/customers/${made[owner]!.id}/feed`)).statusCode, `${who} → ${owner} feed`).toBe(read);
      }
    }
  });

  it('outside scope, every write is refused and nothing changes', async () => {
    const target = made.rep2!;
    for (const who of ['rep', 'supervisor', 'manager', 'support', 'finance', 'auditor', 'key_account', 'admin']) {
      const c = clients[who]!;
      await expectDenied(() => c.patch(`/api/v1/customers/${target.id}`, { version: target.version, name: 'x' }));
      await expectDenied(() => c.post(`/api/v1/customers/${target.id}/reveal`));
      await expectDenied(() =>
        c.post(`/api/v1/customers/${target.id}/interactions`, { type: 'call', occurredAt: new Date().toISOString() }),
      );
      await expectDenied(() => c.post(`/api/v1/customers/${target.id}/contacts`, { name: 'x' }));
      await expectDenied(() => c.post(`/api/v1/customers/${target.id}/release`, { reason: 'x', version: target.version }));
      await expectDenied(() => c.post(`/api/v1/customers/${target.id}/claim`, { version: target.version }), [403, 404]);
      await expectDenied(
        () => c.post(`/api/v1/customers/${target.id}/assign`, { ownerId: t.ids[who]!, version: target.version }),
        [400, 403, 404],
      );
      await expectDenied(() => c.post(`/api/v1/customers/${target.id}/points`, { kind: 'earned', points: 10, reason: 'x' }));
      await expectDenied(() => c.post('/api/v1/tasks', { customerId: target.id, title: 'x', dueAt: new Date().toISOString() }));
      if (!['finance', 'auditor'].includes(who)) {
        await expectDenied(() => c.get(`/api/v1/customers/${target.id}/interactions`));
        await expectDenied(() => c.get(`/api/v1/customers/${target.id}/contacts`));
        await expectDenied(() => c.get(`/api/v1/customers/${target.id}/orders`));
      }
    }
  });

  it('import owner picker: each role is offered only the users it may import customers for; roles without import get 403', async () => {
    const offered = async (who: string) => {
      const response = await clients[who]!.get('/api/v1/customer-imports/owners?limit=50&q=rep');
      return response.statusCode === 200
        ? (response.json().items as { username: string }[]).map((u) => u.username).sort()
        : response.statusCode;
    };
    expect(await offered('rep')).toEqual(['rep']);
    expect(await offered('rep2')).toEqual(['rep2']);
    const team = await offered('supervisor');
    expect(team).toEqual(expect.arrayContaining(['rep', 'rep_sh1_2']));
    expect(team).not.toContain('rep2');
    expect(team).not.toContain('rep_hz_1');
    expect(await offered('manager')).toEqual(expect.arrayContaining(['rep', 'rep_hz_1']));
    expect(await offered('manager')).not.toContain('rep2');
    expect(await offered('director')).toEqual(expect.arrayContaining(['rep', 'rep2', 'rep_hz_1']));
    for (const who of ROLES) {
      const response = await clients[who]!.get('/api/v1/customer-imports/owners');
      expect(response.statusCode, who).toBe(['admin', 'finance', 'auditor'].includes(who) ? 403 : 200);
    }
  });

  it('read-only roles cannot write even inside their scope; configure is for admin, director, ops', async () => {
    for (const who of ['finance', 'auditor']) {
      await expectDenied(() => clients[who]!.patch(`/api/v1/customers/${made.rep!.id}`, { version: made.rep!.version, name: 'x' }));
      await expectDenied(() => clients[who]!.post('/api/v1/customers', { kind: 'person', name: '只读用户新建' }));
    }
    for (const who of ROLES) {
      const allowed = ['admin', 'director', 'ops'].includes(who);
      const response = await clients[who]!.post('/api/v1/tier-proposals/generate');
      expect(response.statusCode, who).toBe(allowed ? 200 : 403);
    }
  });
});

describe('R-SEC-1 access matrix: search, filters, sort and export never match a masked field', () => {
  // A customer of rep's (line: director → manager → supervisor → rep) and one in the pool, with
  // contact details nobody else has. Finance, auditor, ops and support read rep's customers but see
  // them masked; in the pool everyone sees them masked.
  const PHONE = '19955501234';
  const POOL_PHONE = '19955505678';
  let owned: { id: string };
  let pooled: { id: string };
  beforeAll(async () => {
    const a = await clients.rep!.post('/api/v1/customers', {
      kind: 'organization',
      name: '掩码矩阵客户',
      phone: PHONE,
      email: 'mask.matrix@example.cn',
      wechat: 'mask_matrix_wx',
      ignoreDuplicates: true,
    });
    expect(a.statusCode, a.body).toBe(201);
    owned = a.json();
    const b = await clients.supervisor!.post('/api/v1/customers', {
      kind: 'organization',
      name: '掩码矩阵公海客户',
      ownerId: null,
      phone: POOL_PHONE,
      email: 'mask.pool@example.cn',
      ignoreDuplicates: true,
    });
    expect(b.statusCode, b.body).toBe(201);
    pooled = b.json();
  });
  const ids = async (who: string, url: string) => {
    const response = await clients[who]!.get(url);
    expect(response.statusCode, `${who} ${url}`).toBe(200);
    return response.json().items.map((c: { id: string }) => c.id) as string[];
  };
  const terms = (phone: string) => [
    phone,
    phone.slice(2, 9),
    phone.slice(-5),
    `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
  ];
  const search = (base: string, term: string) => `${base}?pageSize=200&q=${encodeURIComponent(term)}`;

  it('list: the reporting line finds a customer by whole or partial phone; those who see it masked find nothing, though they find it by name', async () => {
    for (const who of ['rep', 'supervisor', 'manager', 'director']) {
      for (const term of terms(PHONE)) expect(await ids(who, search('/api/v1/customers', term)), `${who} q=${term}`).toContain(owned.id);
    }
    for (const who of ['finance', 'auditor', 'ops', 'support']) {
      expect(await ids(who, search('/api/v1/customers', '掩码矩阵客户')), `${who} by name`).toContain(owned.id);
      const shown = (await clients[who]!.get(`/api/v1/customers/${owned.id}`)).json();
      expect(shown.phone, who).toBe('199****1234');
      for (const term of [...terms(PHONE), 'mask.matrix@example.cn', 'mask.matrix', 'mask_matrix_wx']) {
        expect(await ids(who, search('/api/v1/customers', term)), `${who} q=${term}`).not.toContain(owned.id);
      }
    }
  });

  it('pool: everyone sees pool phones masked, so no claimer finds a pool customer by its phone, only by its name', async () => {
    for (const who of ['rep', 'rep2', 'supervisor', 'manager', 'director', 'key_account', 'channel']) {
      expect(await ids(who, search('/api/v1/customers/pool', '掩码矩阵公海')), `${who} by name`).toContain(pooled.id);
      for (const term of [...terms(POOL_PHONE), 'mask.pool@example.cn']) {
        expect(await ids(who, search('/api/v1/customers/pool', term)), `${who} pool q=${term}`).not.toContain(pooled.id);
      }
    }
  });

  it('export: the same rule as the list — ops (all customers, masked) exports nothing for the phone, the director finds it', async () => {
    const exported = async (who: string, term: string) => {
      const response = await clients[who]!.get(`/api/v1/customers/export?format=csv&q=${encodeURIComponent(term)}`);
      expect(response.statusCode, who).toBe(200);
      return response.body;
    };
    expect(await exported('ops', '掩码矩阵客户')).toContain('199****1234');
    for (const term of terms(PHONE)) {
      expect(await exported('ops', term), `ops q=${term}`).not.toContain('掩码矩阵客户');
      expect(await exported('director', term), `director q=${term}`).toContain(PHONE);
      expect(await exported('supervisor', term), `supervisor q=${term}`).toContain(PHONE);
    }
  });

  it('no sort or filter on a masked field: sort=phone and sort=email are refused, a phone= parameter filters nothing', async () => {
    for (const sort of ['phone', '-phone', 'email', 'wechat']) {
      const response = await clients.finance!.get(`/api/v1/customers?sort=${sort}`);
      expect(response.statusCode, sort).toBe(400);
      expect(response.json().error.field).toBe('querystring.sort');
    }
    const all = (await clients.finance!.get('/api/v1/customers?q=' + encodeURIComponent('掩码矩阵'))).json().total;
    for (const param of [`phone=${PHONE}`, 'email=mask.matrix%40example.cn', 'wechat=mask_matrix_wx']) {
      const filtered = await clients.finance!.get(`/api/v1/customers?q=${encodeURIComponent('掩码矩阵')}&${param}`);
      expect([200, 400]).toContain(filtered.statusCode);
      if (filtered.statusCode === 200) expect(filtered.json().total, param).toBe(all);
    }
  });

  it('the presenter and the SQL predicate are one rule: for every pair of users they agree on who sees whose contact details', async () => {
    const users = (await t.db.execute<{ username: string; id: string; line_path: string }>(sql`select username, id, line_path from users`))
      .rows;
    let unmasked = 0;
    for (const { username } of users) {
      const { actor } = await t.ctxAs(username);
      const rule = contactVisibility(actor);
      const rows = (
        await t.db.execute<{ id: string; line_path: string; visible: boolean }>(
          sql`select u.id, u.line_path, ${rule.where(sql`u.id`)} as visible from users u`,
        )
      ).rows;
      for (const row of rows) {
        expect(row.visible, `${username} → ${row.id}`).toBe(rule.visible(row.line_path));
        if (row.visible) unmasked++;
      }
      expect(
        (await t.db.execute<{ visible: boolean }>(sql`select ${rule.where(sql`null::uuid`)} as visible`)).rows[0]!.visible,
        'the pool',
      ).toBe(false);
      expect(rule.visible(null)).toBe(false);
    }
    expect(unmasked).toBeGreaterThan(users.length);
  });
});

describe('R-SEC-1 access matrix: contracts and orders', () => {
  const customersOf: Record<string, string> = {};
  const contractsOf: Record<string, { id: string; version: number }> = {};
  const ordersOf: Record<string, { id: string; version: number }> = {};
  let productId: string;
  let templateId: string;
  let attachmentId: string;
  let quoteId: string;
  beforeAll(async () => {
    clients.rep_hz_1 ??= await t.loginAs('rep_hz_1');
    const [product] = (
      await t.db.execute<{ id: string }>(
        sql`insert into products (code, name, list_price_cents, floor_price_cents) values ('MATRIX-1', '矩阵产品', 10000, 5000) returning id`,
      )
    ).rows;
    productId = product!.id;
    templateId = (await clients.admin!.post('/api/v1/contract-templates', { name: '矩阵模板', body: '{{customer.name}}' })).json().id;
    for (const owner of ['rep', 'rep2', 'rep_hz_1']) {
      const c = await clients[owner]!.post('/api/v1/customers', {
        kind: 'organization',
        name: `矩阵合同客户-${owner}`,
        ignoreDuplicates: true,
      });
      customersOf[owner] = c.json().id;
      const contract = await clients[owner]!.post('/api/v1/contracts', {
        customerId: customersOf[owner],
        title: `矩阵合同-${owner}`,
        amountCents: 100_000,
        templateId,
      });
      expect(contract.statusCode, contract.body).toBe(201);
      contractsOf[owner] = contract.json();
      const order = await clients[owner]!.post('/api/v1/orders', { customerId: customersOf[owner], lines: [{ productId, quantity: 1 }] });
      expect(order.statusCode, order.body).toBe(201);
      ordersOf[owner] = order.json();
    }
    const quote = (
      await clients.rep2!.post('/api/v1/quotes', { customerId: customersOf.rep2, lines: [{ productId, quantity: 1 }] })
    ).json();
    quoteId = (await clients.rep2!.post(`/api/v1/quotes/${quote.id}/submit`, { version: quote.version })).json().id;
    const file = multipartFile('scan.pdf', 'scan');
    attachmentId = (
      await clients.rep2!.request({
        method: 'POST',
        url: `/api/v1/contracts/${contractsOf.rep2!.id}/attachments`,
        payload: file.payload,
        headers: file.headers,
      })
    ).json().id;
  });
  const owners = (items: { title?: string; customerName: string }[]) =>
    items.map((c) => c.customerName.replace('矩阵合同客户-', '')).sort();
  const listedContracts = async (who: string) => {
    const response = await clients[who]!.get(`/api/v1/contracts?pageSize=200&q=${encodeURIComponent('矩阵合同客户')}`);
    return response.statusCode === 200 ? owners(response.json().items) : response.statusCode;
  };
  const listedOrders = async (who: string) => {
    const response = await clients[who]!.get(`/api/v1/orders?pageSize=200&q=${encodeURIComponent('矩阵合同客户')}`);
    return response.statusCode === 200 ? owners(response.json().items) : response.statusCode;
  };

  it('list and read scope per role, for contracts and orders alike', async () => {
    const expected: Record<string, string[] | number> = {
      rep: ['rep'],
      rep2: ['rep2'],
      supervisor: ['rep'],
      manager: ['rep', 'rep_hz_1'],
      support: ['rep', 'rep_hz_1'],
      key_account: [],
      channel: [],
      director: ['rep', 'rep2', 'rep_hz_1'],
      ops: ['rep', 'rep2', 'rep_hz_1'],
      finance: ['rep', 'rep2', 'rep_hz_1'],
      auditor: ['rep', 'rep2', 'rep_hz_1'],
      admin: 403,
    };
    for (const [who, owners] of Object.entries(expected)) {
      expect(await listedContracts(who), `contracts of ${who}`).toEqual(owners);
      expect(await listedOrders(who), `orders of ${who}`).toEqual(owners);
    }
    for (const [who, owner] of [
      ['rep', 'rep2'],
      ['rep2', 'rep'],
      ['supervisor', 'rep2'],
      ['manager', 'rep2'],
      ['support', 'rep2'],
      ['key_account', 'rep'],
    ] as const) {
      expect((await clients[who]!.get(`/api/v1/contracts/${contractsOf[owner]!.id}`)).statusCode, `${who} → contract of ${owner}`).toBe(
        404,
      );
      expect((await clients[who]!.get(`/api/v1/orders/${ordersOf[owner]!.id}`)).statusCode, `${who} → order of ${owner}`).toBe(404);
    }
    expect((await clients.rep!.get(`/api/v1/contract-attachments/${attachmentId}`)).statusCode).toBe(404);
    expect((await clients.auditor!.get(`/api/v1/contract-attachments/${attachmentId}`)).statusCode).toBe(200);
    for (const who of ROLES) {
      const metrics = await clients[who]!.get('/api/v1/contracts/metrics?from=2026-01-01&to=2026-12-31');
      expect(metrics.statusCode, `metrics ${who}`).toBe(who === 'admin' ? 403 : 200);
    }
  });

  it('outside scope, every contract and order write is refused and nothing changes', async () => {
    const contract = contractsOf.rep2!;
    const order = ordersOf.rep2!;
    for (const who of ['rep', 'supervisor', 'manager', 'support', 'key_account', 'channel', 'finance', 'auditor', 'ops', 'admin']) {
      const c = clients[who]!;
      await expectDenied(() => c.patch(`/api/v1/contracts/${contract.id}`, { version: contract.version, title: 'x' }));
      await expectDenied(() =>
        c.put(`/api/v1/contracts/${contract.id}/plan`, {
          version: contract.version,
          installments: [{ dueOn: '2026-12-31', amountCents: 100_000 }],
        }),
      );
      await expectDenied(() => c.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version }));
      await expectDenied(() => c.post(`/api/v1/contracts/${contract.id}/withdraw`, { version: contract.version }));
      await expectDenied(() =>
        c.post(`/api/v1/contracts/${contract.id}/status`, { version: contract.version, status: 'terminated', reason: 'x' }),
      );
      const file = multipartFile('x.pdf', 'x');
      await expectDenied(() =>
        c.request({ method: 'POST', url: `/api/v1/contracts/${contract.id}/attachments`, payload: file.payload, headers: file.headers }),
      );
      await expectDenied(() => c.delete(`/api/v1/contract-attachments/${attachmentId}`));
      await expectDenied(() => c.post('/api/v1/contracts', { customerId: customersOf.rep2, title: 'x', amountCents: 100 }), [400, 403]);
      await expectDenied(() => c.post(`/api/v1/contracts/from-quote/${quoteId}`, {}));
      await expectDenied(() => c.post(`/api/v1/orders/${order.id}/status`, { version: order.version, status: 'in_production' }));
      await expectDenied(() => c.post('/api/v1/orders', { customerId: customersOf.rep2, lines: [{ productId, quantity: 1 }] }), [400, 403]);
    }
  });

  it('read-only roles cannot write inside their scope; support may move delivery status but not write', async () => {
    for (const who of ['finance', 'auditor', 'ops']) {
      const c = clients[who]!;
      await expectDenied(
        () => c.patch(`/api/v1/contracts/${contractsOf.rep!.id}`, { version: contractsOf.rep!.version, title: 'x' }),
        [403],
      );
      await expectDenied(() => c.post('/api/v1/contracts', { customerId: customersOf.rep, title: 'x', amountCents: 100 }), [403]);
      await expectDenied(
        () => c.post(`/api/v1/orders/${ordersOf.rep!.id}/status`, { version: ordersOf.rep!.version, status: 'in_production' }),
        [403],
      );
      await expectDenied(() => c.post('/api/v1/orders/price', { customerId: customersOf.rep, lines: [{ productId, quantity: 1 }] }), [403]);
    }
    await expectDenied(
      () => clients.support!.post('/api/v1/orders', { customerId: customersOf.rep, lines: [{ productId, quantity: 1 }] }),
      [403],
    );
    expect((await clients.rep2!.post(`/api/v1/contracts/from-quote/${quoteId}`, {})).statusCode).toBe(201);
    const moved = await clients.support!.post(`/api/v1/orders/${ordersOf.rep!.id}/status`, {
      version: ordersOf.rep!.version,
      status: 'in_production',
    });
    expect(moved.statusCode).toBe(200);
    const edited = await clients.support!.patch(`/api/v1/contracts/${contractsOf.rep!.id}`, {
      version: contractsOf.rep!.version,
      title: '助理修改',
    });
    expect(edited.statusCode).toBe(200);
  });

  it('ledger export: management, ops, finance and audit; others refused without a trace', async () => {
    for (const who of ROLES) {
      const allowed = ['director', 'manager', 'supervisor', 'ops', 'finance', 'auditor'].includes(who);
      if (!allowed) {
        await expectDenied(() => clients[who]!.get('/api/v1/contracts/export?format=csv'), [403]);
        continue;
      }
      const response = await clients[who]!.get(`/api/v1/contracts/export?format=csv&q=${encodeURIComponent('矩阵合同客户')}`);
      expect(response.statusCode, who).toBe(200);
      const expectedRows = (await listedContracts(who)) as string[];
      expect(response.body.trim().split('\n'), who).toHaveLength(expectedRows.length + 2);
    }
  });

  it('templates and numbering/ceiling settings are configured by admin, director and ops only', async () => {
    const template = (await clients.admin!.post('/api/v1/contract-templates', { name: '矩阵模板二', body: '{{today}}' })).json();
    for (const who of ROLES) {
      const configures = ['admin', 'director', 'ops'].includes(who);
      expect((await clients[who]!.get('/api/v1/contract-templates')).statusCode, who).toBe(200);
      expect((await clients[who]!.get('/api/v1/contract-settings')).statusCode, who).toBe(200);
      if (configures) continue;
      await expectDenied(() => clients[who]!.post('/api/v1/contract-templates', { name: 'x', body: 'x' }), [403]);
      await expectDenied(
        () => clients[who]!.patch(`/api/v1/contract-templates/${template.id}`, { version: template.version, name: 'x' }),
        [403],
      );
      await expectDenied(() => clients[who]!.delete(`/api/v1/contract-templates/${template.id}`), [403]);
      await expectDenied(
        () => clients[who]!.put('/api/v1/contract-settings', { numberPattern: 'X-{SEQ}', renewalReminderDays: 10 }),
        [403],
      );
      await expectDenied(() => clients[who]!.put('/api/v1/order-settings', { numberPattern: 'X-{SEQ}', directOrderMaxCents: 1 }), [403]);
    }
    for (const who of ['admin', 'director', 'ops']) {
      expect(
        (await clients[who]!.put('/api/v1/order-settings', { numberPattern: 'DD-{YYYY}-{SEQ:6}', directOrderMaxCents: 5_000_000 }))
          .statusCode,
        who,
      ).toBe(200);
    }
  });
});

describe('R-SEC-1 access matrix: receivables', () => {
  const made: Record<string, { customerId: string; contractId: string; number: string; installmentId: string }> = {};
  const OWNERS = ['rep', 'rep2', 'rep_hz_1'] as const;
  beforeAll(async () => {
    clients.rep_hz_1 ??= await t.loginAs('rep_hz_1');
    for (const owner of OWNERS) {
      const customer = await insertCustomer(t.db, { ownerId: t.ids[owner]!, name: `应收矩阵-${owner}`, creditLimitCents: 1_000_000 });
      const contract = await insertContract(t.db, {
        customerId: customer.id,
        ownerId: t.ids[owner]!,
        number: `YSJZ-${owner}`,
        installments: [{ dueOn: '2020-01-01', amountCents: 100_000 }],
      });
      made[owner] = {
        customerId: customer.id,
        contractId: contract.id,
        number: contract.number,
        installmentId: contract.installmentIds[0]!,
      };
    }
    // One receipt each, recorded by finance.
    for (const owner of OWNERS) {
      const response = await clients.finance!.post('/api/v1/receipts', {
        installmentId: made[owner]!.installmentId,
        amountCents: 1_000,
        receivedOn: '2020-02-01',
        method: 'cash',
        idempotencyKey: `matrix-${owner}`,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  const SCOPE: Record<string, string[] | 403> = {
    finance: ['rep', 'rep2', 'rep_hz_1'],
    director: ['rep', 'rep2', 'rep_hz_1'],
    auditor: ['rep', 'rep2', 'rep_hz_1'],
    manager: ['rep', 'rep_hz_1'],
    supervisor: ['rep'],
    support: ['rep', 'rep_hz_1'],
    rep: ['rep'],
    rep2: ['rep2'],
    key_account: [],
    channel: [],
    ops: 403,
    admin: 403,
  };
  const ownersOf = (numbers: string[]) => OWNERS.filter((owner) => numbers.includes(made[owner]!.number));

  it('read scope per role: installments, receipts, overdue, aging, contract tab, customer credit', async () => {
    for (const [who, expected] of Object.entries(SCOPE)) {
      const c = clients[who]!;
      const installments = await c.get('/api/v1/installments?q=YSJZ-&pageSize=200');
      const receipts = await c.get('/api/v1/receipts?q=YSJZ-&pageSize=200');
      const overdue = await c.get('/api/v1/receivables/overdue?q=YSJZ-&pageSize=200');
      const aging = await c.get('/api/v1/receivables/aging?groupBy=owner&limit=500');
      const summary = await c.get('/api/v1/receivables/summary');
      if (expected === 403) {
        for (const response of [installments, receipts, overdue, aging, summary]) expect(response.statusCode, who).toBe(403);
        continue;
      }
      expect(ownersOf(installments.json().items.map((i: { contractNumber: string }) => i.contractNumber)), `${who} installments`).toEqual(
        expected,
      );
      expect(ownersOf(receipts.json().items.map((i: { contractNumber: string }) => i.contractNumber)), `${who} receipts`).toEqual(expected);
      expect(ownersOf(overdue.json().items.map((i: { contractNumber: string }) => i.contractNumber)), `${who} overdue`).toEqual(expected);
      const agingOwners = aging.json().rows.map((row: { key: string }) => row.key);
      for (const owner of OWNERS) expect(agingOwners.includes(t.ids[owner]), `${who} aging ${owner}`).toBe(expected.includes(owner));
      for (const owner of OWNERS) {
        const tab = await c.get(`/api/v1/contracts/${made[owner]!.contractId}/receivables`);
        expect(tab.statusCode, `${who} → contract of ${owner}`).toBe(expected.includes(owner) ? 200 : 404);
        const invoices = await c.get(`/api/v1/contracts/${made[owner]!.contractId}/invoices`);
        expect(invoices.statusCode, `${who} → invoices of ${owner}`).toBe(expected.includes(owner) ? 200 : 404);
        const credit = await c.get(`/api/v1/customers/${made[owner]!.customerId}/credit`);
        expect(credit.statusCode, `${who} → credit of ${owner}`).toBe(expected.includes(owner) ? 200 : 404);
      }
    }
  });

  it('recording receipts, invoices, write-offs, credit limits and settings is for finance and the director; every denial writes nothing', async () => {
    const target = made.rep!;
    for (const who of ROLES.filter((r) => !['finance', 'director'].includes(r))) {
      const c = clients[who]!;
      await expectDenied(() =>
        c.post('/api/v1/receipts', {
          installmentId: target.installmentId,
          amountCents: 100,
          receivedOn: '2020-02-02',
          method: 'cash',
          idempotencyKey: `deny-${who}`,
        }),
      );
      await expectDenied(() =>
        c.post('/api/v1/invoices', { contractId: target.contractId, number: `FP-deny-${who}`, issuedOn: '2020-02-02', amountCents: 100 }),
      );
      await expectDenied(() => c.post('/api/v1/write-offs', { installmentId: target.installmentId, reason: 'x' }));
      await expectDenied(() => c.put(`/api/v1/customers/${target.customerId}/credit-limit`, { creditLimitCents: 1 }));
      await expectDenied(() => c.get('/api/v1/receipts/export?format=csv'), [403]);
      if (who !== 'admin') await expectDenied(() => c.put('/api/v1/receivables/settings', { overdueWarningDays: [2] }));
    }
    for (const who of ['finance', 'director']) {
      const c = clients[who]!;
      expect(
        (
          await c.post('/api/v1/receipts', {
            installmentId: target.installmentId,
            amountCents: 100,
            receivedOn: '2020-02-02',
            method: 'cash',
            idempotencyKey: `allow-${who}`,
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await c.post('/api/v1/invoices', {
            contractId: target.contractId,
            number: `FP-allow-${who}`,
            issuedOn: '2020-02-02',
            amountCents: 100,
          })
        ).statusCode,
      ).toBe(201);
      expect((await c.put(`/api/v1/customers/${target.customerId}/credit-limit`, { creditLimitCents: 2_000_000 })).statusCode).toBe(200);
      expect((await c.get('/api/v1/receipts/export?format=csv')).statusCode).toBe(200);
    }
  });

  it('credit overrides: asked by whoever reads the customer; others get 404 and nothing is written; lists show only what one may see', async () => {
    const target = made.rep2!;
    for (const who of ['rep', 'supervisor', 'manager', 'support', 'key_account', 'channel', 'admin']) {
      await expectDenied(() =>
        clients[who]!.post('/api/v1/credit-overrides', { customerId: target.customerId, amountCents: 5_000_000, reason: 'x' }),
      );
    }
    const asked = await clients.rep2!.post('/api/v1/credit-overrides', {
      customerId: target.customerId,
      amountCents: 5_000_000,
      reason: '大单',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    for (const [who, visible] of [
      ['rep2', true],
      ['rep', false],
      ['supervisor', false],
      ['finance', true],
      ['director', true],
      ['auditor', true],
      ['ops', false],
    ] as const) {
      const list = (await clients[who]!.get(`/api/v1/credit-overrides?customerId=${target.customerId}`)).json();
      expect(list.items.length > 0, who).toBe(visible);
    }
  });
});

describe('R-SEC-1 access matrix: products and pricing', () => {
  let product: { id: string; version: number };
  beforeAll(async () => {
    const response = await clients.ops!.post('/api/v1/products', {
      code: 'MX-1',
      name: '矩阵产品',
      listPriceCents: 10_000,
      floorPriceCents: 5_000,
    });
    expect(response.statusCode, response.body).toBe(201);
    product = response.json();
  });
  it('every role reads the catalogue, price lists and promotions', async () => {
    for (const who of ROLES) {
      for (const url of [
        '/api/v1/products',
        `/api/v1/products/${product.id}`,
        '/api/v1/price-lists',
        '/api/v1/promotions',
        '/api/v1/product-lines',
      ]) {
        expect((await clients[who]!.get(url)).statusCode, `${who} ${url}`).toBe(200);
      }
    }
  });
  it('only director, ops and admin maintain it; every other role is refused and nothing is written', async () => {
    for (const who of ROLES.filter((r) => !['director', 'ops', 'admin'].includes(r))) {
      const c = clients[who]!;
      await expectDenied(() => c.post('/api/v1/products', { code: `MX-${who}`, name: 'x', listPriceCents: 1, floorPriceCents: 1 }), [403]);
      await expectDenied(() => c.patch(`/api/v1/products/${product.id}`, { version: product.version, name: 'x' }), [403]);
      await expectDenied(() => c.put(`/api/v1/products/${product.id}/tiers`, { version: product.version, tiers: [] }), [403]);
      await expectDenied(() => c.delete(`/api/v1/products/${product.id}?version=${product.version}`), [403]);
      await expectDenied(() => c.post('/api/v1/price-lists', { code: `PL-${who}`, name: 'x' }), [403]);
      await expectDenied(
        () =>
          c.post('/api/v1/promotions', { name: 'x', kind: 'seasonal', startsOn: '2026-01-01', endsOn: '2026-01-31', percentOffBp: 100 }),
        [403],
      );
      await expectDenied(() => c.post('/api/v1/product-lines', { code: `LN-${who}`, name: 'x' }), [403]);
    }
    for (const who of ['director', 'ops', 'admin']) {
      expect((await clients[who]!.post('/api/v1/price-lists', { code: `PL-${who}`, name: who })).statusCode, who).toBe(201);
    }
  });
});

/** The floor price (65.43) as a number or an amount anywhere in a JSON body — not inside an id that happens to hold the digits. */
const FLOOR_FIGURE = /[:,[]6543[,\]}]|65\.43/;

describe('R-SEC-1 access matrix: the floor-price field permission (issue 16)', () => {
  const SEES_FLOOR = ['admin', 'director', 'manager', 'ops', 'finance'];
  let product: { id: string };
  let list: { id: string };
  beforeAll(async () => {
    product = (
      await clients.ops!.post('/api/v1/products', {
        code: 'MX-FLOOR',
        name: '底价矩阵产品',
        listPriceCents: 10_000,
        floorPriceCents: 6_543,
      })
    ).json();
    list = (await clients.ops!.post('/api/v1/price-lists', { code: 'PL-FLOOR', name: '底价矩阵价目表' })).json();
    const items = await clients.ops!.put(`/api/v1/price-lists/${list.id}/items`, {
      version: 1,
      items: [{ productId: product.id, unitPriceCents: 9_000, floorPriceCents: 6_789 }],
    });
    expect(items.statusCode, items.body).toBe(200);
  });

  it('manager and above, ops, finance (and admin, who keeps the catalogue) get the number; every other role gets null from list, detail, price list and pricing', async () => {
    const customer = (
      await clients.rep!.post('/api/v1/customers', { kind: 'organization', name: '底价矩阵客户', ignoreDuplicates: true })
    ).json();
    for (const who of ROLES) {
      const c = clients[who]!;
      const sees = SEES_FLOOR.includes(who);
      const me = (await c.get('/api/v1/auth/me')).json();
      expect(me.permissions['products.floor'] === true, who).toBe(sees);
      const listed = (await c.get('/api/v1/products?q=MX-FLOOR')).json().items[0];
      expect(listed.floorPriceCents, `${who} list`).toBe(sees ? 6_543 : null);
      expect((await c.get(`/api/v1/products/${product.id}`)).json().floorPriceCents, `${who} detail`).toBe(sees ? 6_543 : null);
      const [item] = (await c.get(`/api/v1/price-lists/${list.id}/items`)).json();
      expect([item.floorPriceCents, item.productFloorPriceCents], `${who} price list`).toEqual(sees ? [6_789, 6_543] : [null, null]);
      const body = JSON.stringify((await c.get(`/api/v1/products/${product.id}`)).json());
      if (!sees) expect(body, who).not.toMatch(FLOOR_FIGURE);
    }
    const rep = (
      await clients.rep!.post('/api/v1/pricing/preview', { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] })
    ).json();
    expect(rep.lines[0].floorUnitCents).toBeNull();
  });

  it('a rep quoting below the floor is told it needs the director, without the number', async () => {
    const customer = (
      await clients.rep!.post('/api/v1/customers', { kind: 'organization', name: '底价矩阵报价客户', ignoreDuplicates: true })
    ).json();
    const created = await clients.rep!.post('/api/v1/quotes', {
      customerId: customer.id,
      title: '低于底价的报价',
      lines: [{ productId: product.id, quantity: 1, lineDiscountCents: 5_000 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const quote = created.json();
    expect(quote.lines[0]).toMatchObject({ belowFloor: true, floorUnitCents: null });
    const below = quote.authority.reasons.find((r: { code: string }) => r.code === 'below_floor');
    expect(below.lines[0].floorUnitCents).toBeNull();
    expect(quote.authority.subjectType).toBe('quote.floor');
    expect(JSON.stringify(quote)).not.toMatch(FLOOR_FIGURE);
    const director = (await clients.director!.get(`/api/v1/quotes/${quote.id}`)).json();
    expect(director.lines[0].floorUnitCents).toBe(6_543);
  });
});

describe('R-SEC-1 access matrix: quotes', () => {
  const made: Record<string, { id: string; version: number }> = {};
  let productId: string;
  beforeAll(async () => {
    productId = (
      await clients.ops!.post('/api/v1/products', { code: 'MX-Q', name: '矩阵报价产品', listPriceCents: 10_000, floorPriceCents: 5_000 })
    ).json().id;
    for (const owner of ['rep', 'rep2', 'rep_hz_1']) {
      const customer = (
        await clients[owner]!.post('/api/v1/customers', { kind: 'organization', name: `矩阵报价客户-${owner}`, ignoreDuplicates: true })
      ).json();
      const response = await clients[owner]!.post('/api/v1/quotes', {
        customerId: customer.id,
        title: `矩阵报价-${owner}`,
        lines: [{ productId, quantity: 1 }],
      });
      expect(response.statusCode, response.body).toBe(201);
      made[owner] = response.json();
    }
  });
  const listed = async (who: string) => {
    const response = await clients[who]!.get('/api/v1/quotes?pageSize=200&q=' + encodeURIComponent('矩阵报价-'));
    return response.statusCode === 200
      ? response
          .json()
          .items.map((q: { title: string }) => q.title.replace('矩阵报价-', ''))
          .sort()
      : response.statusCode;
  };

  it('list and read scope per role, as for customers', async () => {
    expect(await listed('rep')).toEqual(['rep']);
    expect(await listed('rep2')).toEqual(['rep2']);
    expect(await listed('supervisor')).toEqual(['rep']);
    expect(await listed('manager')).toEqual(['rep', 'rep_hz_1']);
    expect(await listed('support')).toEqual(['rep', 'rep_hz_1']);
    for (const who of ['director', 'ops', 'finance', 'auditor']) expect(await listed(who)).toEqual(['rep', 'rep2', 'rep_hz_1']);
    expect(await listed('admin')).toBe(403);
    expect(await listed('key_account')).toEqual([]);
    for (const [who, owner] of [
      ['rep', 'rep2'],
      ['supervisor', 'rep2'],
      ['manager', 'rep2'],
      ['support', 'rep2'],
      ['channel', 'rep'],
    ] as const) {
      expect((await clients[who]!.get(`/api/v1/quotes/${made[owner]!.id}`)).statusCode, `${who} → ${owner}`).toBe(404);
      expect((await clients[who]!.get(`/api/v1/quotes/${made[owner]!.id}/pdf`)).statusCode, `${who} → ${owner} pdf`).toBe(404);
    }
  });

  it('outside scope, and for read-only roles, every quote write is refused and nothing changes', async () => {
    const target = made.rep2!;
    for (const who of ['rep', 'supervisor', 'manager', 'support', 'finance', 'auditor', 'ops', 'key_account', 'admin']) {
      const c = clients[who]!;
      const statuses = ['finance', 'auditor', 'ops', 'admin'].includes(who) ? [403] : [404];
      await expectDenied(() => c.patch(`/api/v1/quotes/${target.id}`, { version: target.version, notes: 'x' }), statuses);
      for (const action of ['submit', 'withdraw', 'send', 'accept', 'decline']) {
        await expectDenied(() => c.post(`/api/v1/quotes/${target.id}/${action}`, { version: target.version }), statuses);
      }
      await expectDenied(() => c.post(`/api/v1/quotes/${target.id}/copy`), statuses);
    }
    for (const who of ['finance', 'auditor', 'ops']) {
      await expectDenied(() => clients[who]!.patch(`/api/v1/quotes/${made.rep!.id}`, { version: made.rep!.version, notes: 'x' }), [403]);
    }
  });

  it('quote settings are for director and admin', async () => {
    for (const who of ROLES) {
      const response = await clients[who]!.get('/api/v1/quotes/settings');
      expect(response.statusCode, who).toBe(['director', 'admin'].includes(who) ? 200 : 403);
      if (!['director', 'admin'].includes(who))
        await expectDenied(
          () => clients[who]!.put('/api/v1/quotes/settings', { numberPattern: 'Q-{SEQ:4}', validityDays: 10, defaultTerms: '' }),
          [403],
        );
    }
  });
});

describe('R-SEC-1 access matrix: opportunities', () => {
  const made: Record<string, { id: string; version: number }> = {};
  beforeAll(async () => {
    clients.rep_hz_1 ??= await t.loginAs('rep_hz_1');
    for (const owner of ['rep', 'rep2', 'rep_hz_1']) {
      const customer = await clients[owner]!.post('/api/v1/customers', {
        kind: 'organization',
        name: `商机矩阵客户-${owner}`,
        ignoreDuplicates: true,
      });
      expect(customer.statusCode, customer.body).toBe(201);
      const response = await clients[owner]!.post('/api/v1/opportunities', {
        name: `矩阵商机-${owner}`,
        customerId: customer.json().id,
        amountCents: 1_000_000,
      });
      expect(response.statusCode, response.body).toBe(201);
      made[owner] = response.json();
    }
  });
  const owners = (names: string[]) => names.map((name) => name.replace('矩阵商机-', '')).sort();
  const listed = async (who: string) => {
    const response = await clients[who]!.get('/api/v1/opportunities?pageSize=200&q=' + encodeURIComponent('矩阵商机'));
    return response.statusCode === 200 ? owners(response.json().items.map((o: { name: string }) => o.name)) : response.statusCode;
  };
  const onBoard = async (who: string) => {
    const response = await clients[who]!.get('/api/v1/opportunities/board?q=' + encodeURIComponent('矩阵商机'));
    return response.statusCode === 200
      ? owners(response.json().columns.flatMap((c: { cards: { name: string }[] }) => c.cards.map((card) => card.name)))
      : response.statusCode;
  };
  const SCOPE: Record<string, string[] | number> = {
    rep: ['rep'],
    rep2: ['rep2'],
    supervisor: ['rep'],
    manager: ['rep', 'rep_hz_1'],
    support: ['rep', 'rep_hz_1'],
    key_account: [],
    channel: [],
    director: ['rep', 'rep2', 'rep_hz_1'],
    ops: ['rep', 'rep2', 'rep_hz_1'],
    finance: ['rep', 'rep2', 'rep_hz_1'],
    auditor: ['rep', 'rep2', 'rep_hz_1'],
    admin: 403,
  };

  it('list, board, read, history: own / team / region / supported / all per role; admin sees no business data', async () => {
    for (const who of ROLES) {
      expect(await listed(who), `${who} list`).toEqual(SCOPE[who]);
      expect(await onBoard(who), `${who} board`).toEqual(SCOPE[who]);
    }
    for (const [who, owner] of [
      ['rep', 'rep2'],
      ['rep2', 'rep'],
      ['supervisor', 'rep2'],
      ['supervisor', 'rep_hz_1'],
      ['manager', 'rep2'],
      ['support', 'rep2'],
      ['key_account', 'rep'],
      ['channel', 'rep'],
      ['admin', 'rep'],
    ] as const) {
      expect((await clients[who]!.get(`/api/v1/opportunities/${made[owner]!.id}`)).statusCode, `${who} → ${owner}`).toBe(
        who === 'admin' ? 403 : 404,
      );
      expect((await clients[who]!.get(`/api/v1/opportunities/${made[owner]!.id}/history`)).statusCode, `${who} → ${owner} history`).toBe(
        who === 'admin' ? 403 : 404,
      );
    }
    expect((await clients.finance!.get(`/api/v1/opportunities/${made.rep2!.id}/history`)).statusCode).toBe(200);
  });

  it('activity feed of a deal: visible exactly where the deal is, 404 outside, 403 for admin', async () => {
    for (const who of ROLES) {
      for (const owner of ['rep', 'rep2', 'rep_hz_1']) {
        const read = (await clients[who]!.get(`/api/v1/opportunities/${made[owner]!.id}`)).statusCode;
        const feed = await clients[who]!.get(`/api/v1/opportunities/${made[owner]!.id}/feed`);
        expect(feed.statusCode, `${who} → ${owner} feed`).toBe(read);
        if (read === 200) expect(feed.json().items.length, `${who} → ${owner} feed entries`).toBeGreaterThan(0);
      }
    }
  });

  it('funnel and forecast count only what the caller may read', async () => {
    for (const who of ROLES) {
      const funnel = await clients[who]!.get('/api/v1/opportunities/funnel');
      const forecast = await clients[who]!.get('/api/v1/opportunities/forecast?months=1');
      const expected = SCOPE[who]!;
      if (typeof expected === 'number') {
        expect(funnel.statusCode, who).toBe(403);
        expect(forecast.statusCode, who).toBe(403);
        continue;
      }
      expect(funnel.json().pipeline.count, `${who} pipeline`).toBe(expected.length);
      expect(funnel.json().stages[0].reached, `${who} funnel`).toBe(expected.length);
      expect(forecast.statusCode, who).toBe(200);
    }
  });

  it('outside scope, edits and kanban moves are refused and nothing changes; read-only roles cannot write in scope', async () => {
    const target = made.rep2!;
    for (const who of ['rep', 'supervisor', 'manager', 'support', 'ops', 'finance', 'auditor', 'key_account', 'channel', 'admin']) {
      const c = clients[who]!;
      await expectDenied(() => c.patch(`/api/v1/opportunities/${target.id}`, { version: target.version, name: 'x' }));
      await expectDenied(() => c.patch(`/api/v1/opportunities/${target.id}/move`, { version: target.version, stage: 'discovery' }));
    }
    for (const who of ['support', 'ops', 'finance', 'auditor']) {
      await expectDenied(() => clients[who]!.patch(`/api/v1/opportunities/${made.rep!.id}`, { version: made.rep!.version, name: 'x' }));
      await expectDenied(() =>
        clients[who]!.patch(`/api/v1/opportunities/${made.rep!.id}/move`, { version: made.rep!.version, stage: 'discovery' }),
      );
    }
    for (const who of ['support', 'ops', 'finance', 'auditor', 'admin']) {
      await expectDenied(() =>
        clients[who]!.post('/api/v1/opportunities', { name: 'x', customerId: '00000000-0000-4000-8000-000000000000' }),
      );
    }
    // In scope, the supervisor and the manager may move their people's opportunities.
    const moved = await clients.supervisor!.patch(`/api/v1/opportunities/${made.rep!.id}/move`, {
      version: made.rep!.version,
      stage: 'discovery',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    made.rep = moved.json();
    const edited = await clients.manager!.patch(`/api/v1/opportunities/${made.rep_hz_1!.id}`, {
      version: made.rep_hz_1!.version,
      nextStep: '经理跟进',
    });
    expect(edited.statusCode).toBe(200);
  });

  it('product options are for those who read opportunities; settings are read by them and configured by admin, director and ops only', async () => {
    for (const who of ROLES) {
      expect((await clients[who]!.get('/api/v1/opportunities/product-options')).statusCode, who).toBe(who === 'admin' ? 403 : 200);
      expect((await clients[who]!.get('/api/v1/opportunity-settings')).statusCode, who).toBe(200);
    }
    const settings = (await clients.admin!.get('/api/v1/opportunity-settings')).json();
    for (const who of ROLES) {
      if (['admin', 'director', 'ops'].includes(who)) {
        expect((await clients[who]!.put('/api/v1/opportunity-settings', settings)).statusCode, who).toBe(200);
      } else {
        await expectDenied(() => clients[who]!.put('/api/v1/opportunity-settings', { ...settings, boardClosedDays: 7 }), [403]);
      }
    }
  });
});

describe('R-SEC-1 access matrix: global search, recent items, favourites', () => {
  // Opportunities and customers of three reps; every role's search finds exactly what its lists show,
  // and a phone only where the role sees it unmasked (R-SRCH-1).
  const PHONE = '19977703456';
  const customers: Record<string, string> = {};
  const opportunities: Record<string, string> = {};
  beforeAll(async () => {
    clients.rep_hz_1 ??= await t.loginAs('rep_hz_1');
    for (const owner of ['rep', 'rep2', 'rep_hz_1']) {
      const customer = await clients[owner]!.post('/api/v1/customers', {
        kind: 'organization',
        name: `寻踪矩阵客户-${owner}`,
        phone: owner === 'rep' ? PHONE : null,
        ignoreDuplicates: true,
      });
      expect(customer.statusCode, customer.body).toBe(201);
      customers[owner] = customer.json().id;
      const opportunity = await clients[owner]!.post('/api/v1/opportunities', {
        name: `寻踪矩阵商机-${owner}`,
        customerId: customers[owner],
        amountCents: 1_000_000,
      });
      expect(opportunity.statusCode, opportunity.body).toBe(201);
      opportunities[owner] = opportunity.json().id;
    }
  });
  const found = async (who: string, q: string, type: string) => {
    const response = await clients[who]!.get(`/api/v1/search?limit=10&q=${encodeURIComponent(q)}`);
    expect(response.statusCode, `${who} search`).toBe(200);
    const group = (response.json().groups as { type: string; items: { id: string }[] }[]).find((g) => g.type === type);
    return (group?.items ?? []).map((item) => item.id).sort();
  };
  const listedIds = async (who: string, url: string) => {
    const response = await clients[who]!.get(url);
    return response.statusCode === 200 ? (response.json().items as { id: string }[]).map((item) => item.id).sort() : [];
  };

  it('every role finds by search exactly the customers and opportunities its lists show', async () => {
    for (const who of ROLES) {
      expect(await found(who, '寻踪矩阵商机', 'opportunity'), `${who} opportunities`).toEqual(
        await listedIds(who, `/api/v1/opportunities?pageSize=200&q=${encodeURIComponent('寻踪矩阵商机')}`),
      );
      expect(await found(who, '寻踪矩阵客户', 'customer'), `${who} customers`).toEqual(
        await listedIds(who, `/api/v1/customers?pageSize=200&q=${encodeURIComponent('寻踪矩阵客户')}`),
      );
    }
  });

  it('a phone is found only by the owner’s reporting line', async () => {
    const line = ['rep', 'supervisor', 'manager', 'director'];
    for (const who of ROLES) {
      const byPhone = await found(who, PHONE.slice(-6), 'customer');
      if (line.includes(who)) expect(byPhone, who).toContain(customers.rep);
      else expect(byPhone, who).not.toContain(customers.rep);
    }
  });

  it('recent items and favourites: a record out of the role’s scope is refused and nothing is written', async () => {
    for (const who of ROLES) {
      const mayRead = (await listedIds(who, `/api/v1/opportunities?pageSize=200&q=${encodeURIComponent('寻踪矩阵商机')}`)).includes(
        opportunities.rep2!,
      );
      if (mayRead) continue;
      await expectDenied(() => clients[who]!.post('/api/v1/recent', { type: 'opportunity', id: opportunities.rep2 }));
      await expectDenied(() => clients[who]!.put(`/api/v1/favourites/opportunity/${opportunities.rep2}`));
    }
    // Each user's lists are their own.
    expect((await clients.rep2!.put(`/api/v1/favourites/opportunity/${opportunities.rep2}`)).statusCode).toBe(200);
    for (const who of ROLES.filter((role) => role !== 'rep2')) {
      const favourites = await clients[who]!.get('/api/v1/favourites');
      expect(favourites.statusCode).toBe(200);
      expect(
        favourites.json().items.map((item: { id: string }) => item.id),
        who,
      ).not.toContain(opportunities.rep2);
    }
  });
});
