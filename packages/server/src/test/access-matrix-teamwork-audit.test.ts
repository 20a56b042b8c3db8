import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { MATRIX_ROLES, expectRefusedUnchanged } from './access-matrix-kit.js';
import { multipartFile } from './multipart.js';

/**
 * R-SEC-1 access matrix: teamwork and internalaudit (issue 21 items 6–9), every route. Its own file
 * (and database) beside access-matrix.test.ts, which names both in MATRIX_SECTIONS. Meeting M is the
 * supervisor's team meeting (rep attends); escalation E is the rep's; handover H is rep → key_account.
 * Audit plan P (auditor) has a finding F for the supervisor's team with task R owned by the supervisor.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ids = { M: '', item: '', E: '', H: '', P: '', F: '', R: '', sample: '', file: '' };
const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of MATRIX_ROLES) clients[who] = await t.loginAs(who);
  const { supervisor, rep, auditor } = clients as Record<string, Client>;
  const meeting = (await supervisor!.post('/api/v1/teamwork/meetings', { kind: 'weekly', title: '矩阵例会', startsAt: soon(-1) })).json();
  ids.M = meeting.id;
  const withItem = (
    await supervisor!.post(`/api/v1/teamwork/meetings/${ids.M}/action-items`, {
      title: '矩阵行动项',
      ownerId: t.ids['rep'],
      dueAt: soon(3),
    })
  ).json();
  ids.item = withItem.actionItems[0].id;
  ids.E = (await rep!.post('/api/v1/teamwork/escalations', { category: 'pricing', title: '矩阵升级' })).json().id;
  const customerId = (await t.ownerDb.execute<{ id: string }>(sql`select id from customers where owner_id = ${t.ids['rep']} limit 1`))
    .rows[0]!.id;
  ids.H = (
    await rep!.post('/api/v1/teamwork/handovers', {
      kind: 'lead',
      title: '矩阵移交',
      context: '背景',
      customerId,
      toUserId: t.ids['key_account'],
    })
  ).json().id;
  ids.P = (
    await auditor!.post('/api/v1/internal-audit/plans', {
      title: '矩阵审计',
      process: 'discounts',
      periodFrom: `${year}-01-01`,
      periodTo: `${year}-12-31`,
    })
  ).json().id;
  await t.ownerDb.execute(sql`
    insert into quotes (number, title, customer_id, owner_id, status, total_cents, discount_cents, discount_bp)
    values ('Q-MATRIX-NEAR', '矩阵', ${customerId}, ${t.ids['rep']}, 'sent', 10000000, 4900000, 100)`);
  ids.sample = (await auditor!.post(`/api/v1/internal-audit/plans/${ids.P}/samples`, { rule: 'quotes_near_limit' })).json().samples[0].id;
  const unitId = (await t.ownerDb.execute<{ org_unit_id: string }>(sql`select org_unit_id from users where id = ${t.ids['supervisor']}`))
    .rows[0]!.org_unit_id;
  ids.F = (
    await auditor!.post(`/api/v1/internal-audit/plans/${ids.P}/findings`, {
      title: '矩阵发现',
      severity: 'low',
      unitId,
      responsibleId: t.ids['supervisor'],
    })
  ).json().id;
  const finding = (
    await auditor!.post(`/api/v1/internal-audit/findings/${ids.F}/rectifications`, {
      title: '矩阵整改',
      ownerId: t.ids['supervisor'],
      deadline: soon(5),
    })
  ).json();
  ids.R = finding.rectifications[0].id;
  const uploaded = await supervisor!.request({
    method: 'POST',
    url: `/api/v1/internal-audit/rectifications/${ids.R}/files`,
    ...multipartFile('证据.txt', 'evidence'),
  });
  ids.file = uploaded.json().rectifications[0].files[0].id;
}, 120_000);
afterAll(() => t.close());

const status = async (who: string, url: string) => (await clients[who]!.get(url)).statusCode;

describe('R-SEC-1 access matrix: teamwork', () => {
  it('minutes follow the team and the line; escalations and handovers their people and the line', async () => {
    const meeting = ['director', 'manager', 'supervisor', 'rep', 'ops', 'auditor'];
    const escalation = ['director', 'manager', 'supervisor', 'rep', 'ops', 'auditor'];
    const handover = ['director', 'manager', 'supervisor', 'rep', 'key_account', 'ops', 'auditor'];
    for (const who of MATRIX_ROLES) {
      const readable = who !== 'admin';
      expect(await status(who, '/api/v1/teamwork/meetings'), who).toBe(readable ? 200 : 403);
      expect(await status(who, `/api/v1/teamwork/meetings/${ids.M}`), who).toBe(meeting.includes(who) ? 200 : readable ? 404 : 403);
      expect(await status(who, `/api/v1/teamwork/escalations/${ids.E}`), who).toBe(escalation.includes(who) ? 200 : readable ? 404 : 403);
      const handovers = await clients[who]!.get('/api/v1/teamwork/handovers');
      expect(handovers.statusCode, who).toBe(readable ? 200 : 403);
      if (readable)
        expect(
          handovers.json().some((h: { id: string }) => h.id === ids.H),
          who,
        ).toBe(handover.includes(who));
      expect(await status(who, '/api/v1/teamwork/action-items?mine=true'), who).toBe(readable ? 200 : 403);
      expect(await status(who, '/api/v1/teamwork/escalations'), who).toBe(readable ? 200 : 403);
    }
  });

  it('handover receivers are listed to whoever hands work over, across departments, never themselves', async () => {
    for (const who of MATRIX_ROLES) {
      const targets = await clients[who]!.get('/api/v1/teamwork/handover-targets?kind=issue');
      const writes = !['admin', 'ops', 'auditor'].includes(who);
      expect(targets.statusCode, who).toBe(writes ? 200 : 403);
      if (!writes) continue;
      const ids = targets.json().map((u: { id: string }) => u.id);
      expect(ids, who).not.toContain(t.ids[who]);
      for (const never of ['admin', 'ops', 'auditor']) expect(ids, `${who} → ${never}`).not.toContain(t.ids[never]);
    }
  });

  it('writes are refused, and change nothing, outside their people', async () => {
    for (const who of ['admin', 'rep', 'rep2', 'manager2', 'ops', 'auditor']) {
      const c = clients[who]!;
      await expectRefusedUnchanged(t, () => c.patch(`/api/v1/teamwork/meetings/${ids.M}`, { minutes: 'x', version: 1 }), [403, 404]);
      await expectRefusedUnchanged(
        t,
        () => c.post(`/api/v1/teamwork/meetings/${ids.M}/action-items`, { title: 'x', ownerId: t.ids['rep'], dueAt: soon(2) }),
        [403, 404],
      );
      await expectRefusedUnchanged(
        t,
        () => c.post(`/api/v1/teamwork/action-items/${ids.item}/review`, { meetingId: ids.M, version: 1 }),
        [400, 403, 404],
      );
      await expectRefusedUnchanged(
        t,
        () => c.post(`/api/v1/teamwork/escalations/${ids.E}/resolve`, { resolution: 'x', version: 1 }),
        [403, 404],
      );
      await expectRefusedUnchanged(t, () => c.post(`/api/v1/teamwork/handovers/${ids.H}/decide`, { accept: true, version: 1 }), [403, 404]);
    }
    for (const who of ['admin', 'ops', 'auditor']) {
      await expectRefusedUnchanged(
        t,
        () => clients[who]!.post('/api/v1/teamwork/meetings', { kind: 'weekly', title: 'x', startsAt: soon(1) }),
        [403],
      );
      await expectRefusedUnchanged(
        t,
        () => clients[who]!.post('/api/v1/teamwork/escalations', { category: 'internal', title: 'x' }),
        [403],
      );
      await expectRefusedUnchanged(
        t,
        () => clients[who]!.post('/api/v1/teamwork/handovers', { kind: 'issue', title: 'x', context: 'y', toUserId: t.ids['rep'] }),
        [403],
      );
    }
  }, 240_000);
});

describe('R-SEC-1 access matrix: internalaudit', () => {
  it('plans, samples and the confidential trail are the auditor’s (the director reads plans); findings their unit’s and the line’s', async () => {
    const findingReaders = ['director', 'manager', 'supervisor', 'auditor'];
    for (const who of MATRIX_ROLES) {
      const planReader = ['auditor', 'director'].includes(who);
      expect(await status(who, '/api/v1/internal-audit/plans'), who).toBe(planReader ? 200 : 403);
      expect(await status(who, `/api/v1/internal-audit/plans/${ids.P}`), who).toBe(planReader ? 200 : who === 'admin' ? 403 : 404);
      expect(await status(who, `/api/v1/internal-audit/plans/${ids.P}/report`), who).toBe(planReader ? 200 : who === 'admin' ? 403 : 404);
      expect(await status(who, `/api/v1/internal-audit/samples/${ids.sample}`), who).toBe(who === 'auditor' ? 200 : 403);
      expect(await status(who, '/api/v1/internal-audit/confidential-trail'), who).toBe(who === 'auditor' ? 200 : 403);
      expect(await status(who, `/api/v1/internal-audit/findings/${ids.F}`), who).toBe(
        findingReaders.includes(who) ? 200 : who === 'admin' ? 403 : 404,
      );
      expect(await status(who, `/api/v1/internal-audit/evidence-files/${ids.file}`), who).toBe(
        findingReaders.includes(who) ? 200 : who === 'admin' ? 403 : 404,
      );
      expect(await status(who, '/api/v1/internal-audit/findings'), who).toBe(who === 'admin' ? 403 : 200);
      expect(await status(who, '/api/v1/internal-audit/dashboard'), who).toBe(who === 'admin' ? 403 : 200);
    }
  });

  it('only the auditor plans, samples, records, verifies and closes; only the task’s owner adds evidence and submits', async () => {
    for (const who of MATRIX_ROLES.filter((w) => w !== 'auditor')) {
      const c = clients[who]!;
      await expectRefusedUnchanged(
        t,
        () =>
          c.post('/api/v1/internal-audit/plans', { title: 'x', process: 'other', periodFrom: `${year}-01-01`, periodTo: `${year}-01-02` }),
        [403],
      );
      await expectRefusedUnchanged(t, () => c.patch(`/api/v1/internal-audit/plans/${ids.P}`, { title: 'x', version: 1 }), [403]);
      await expectRefusedUnchanged(t, () => c.post(`/api/v1/internal-audit/plans/${ids.P}/samples`, { rule: 'random_quotes' }), [403]);
      await expectRefusedUnchanged(
        t,
        () =>
          c.post(`/api/v1/internal-audit/plans/${ids.P}/findings`, {
            title: 'x',
            severity: 'low',
            unitId: ids.P,
            responsibleId: t.ids['rep'],
          }),
        [403],
      );
      await expectRefusedUnchanged(
        t,
        () => c.post(`/api/v1/internal-audit/findings/${ids.F}/rectifications`, { title: 'x', ownerId: t.ids['rep'], deadline: soon(3) }),
        [403],
      );
      await expectRefusedUnchanged(
        t,
        () => c.post(`/api/v1/internal-audit/rectifications/${ids.R}/verify`, { accept: true, version: 1 }),
        [403],
      );
      await expectRefusedUnchanged(t, () => c.post(`/api/v1/internal-audit/findings/${ids.F}/close`, { version: 1 }), [403]);
      await expectRefusedUnchanged(t, () => c.post(`/api/v1/internal-audit/plans/${ids.P}/close`, { version: 1 }), [403]);
      if (who !== 'supervisor') {
        await expectRefusedUnchanged(
          t,
          () => c.post(`/api/v1/internal-audit/rectifications/${ids.R}/submit`, { note: 'x', version: 1 }),
          [403, 404],
        );
        await expectRefusedUnchanged(
          t,
          () => c.request({ method: 'POST', url: `/api/v1/internal-audit/rectifications/${ids.R}/files`, ...multipartFile('x.txt', 'x') }),
          [403, 404],
        );
      }
    }
  }, 300_000);
});
