import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { customerCreateSchema } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { seedDemoPipeline } from '../seed/demo-pipeline.js';
import { createCustomer } from '../modules/customers/customers.service.js';

/**
 * Issue 16, bulk actions: "export selected" on the main lists. The ticked rows go through the list's
 * export (customers, contracts) or the list's own presentation (opportunities, quotes, orders):
 * masking as there, and an id the caller may not export refuses the whole file.
 */
let t: TestApp;
let supervisor: Client;
const mine: string[] = [];
let foreignCustomer: string;
beforeAll(async () => {
  t = await buildTestApp();
  await seedDemoPipeline(t.db, { contracts: 40, opportunities: 80 });
  const supervisorCtx = await t.ctxAs('supervisor');
  const director = await t.ctxAs('director');
  for (const [name, phone] of [
    ['导出所选甲公司', '10012345678'],
    ['导出所选乙公司', '10087654321'],
  ] as const)
    mine.push(
      (await createCustomer(supervisorCtx, customerCreateSchema.parse({ kind: 'organization', name, phone, ownerId: t.ids.rep }))).id,
    );
  foreignCustomer = (
    await createCustomer(director, customerCreateSchema.parse({ kind: 'organization', name: '导出所选丙公司', ownerId: t.ids.rep2 }))
  ).id;
  supervisor = await t.loginAs('supervisor');
}, 180_000);
afterAll(() => t.close());

async function xlsx(response: { statusCode: number; body: string; rawPayload: Buffer; headers: Record<string, unknown> }) {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) =>
    rows.push(Array.from((row.values as ExcelJS.CellValue[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))),
  );
  return rows;
}

const exportCount = async () =>
  (await t.ownerDb.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'export'`)).rows[0]!.n;

/** Two records of `owner` and one of rep2 (another team), from a list's table (owners set for the test). */
async function pick(table: string, owner: string): Promise<{ own: string[]; foreign: string }> {
  const rows = await t.ownerDb.execute<{ id: string }>(sql`select id from ${sql.identifier(table)} order by id limit 3`);
  expect(rows.rows, table).toHaveLength(3);
  const [a, b, c] = rows.rows.map((row) => row.id) as [string, string, string];
  await t.ownerDb.execute(sql`update ${sql.identifier(table)} set owner_id = ${t.ids[owner]} where id in (${a}, ${b})`);
  await t.ownerDb.execute(sql`update ${sql.identifier(table)} set owner_id = ${t.ids.rep2} where id = ${c}`);
  return { own: [a, b], foreign: c };
}

describe('export selected', () => {
  it('customers: the ticked rows only, masked as in the list for a caller outside the reporting line', async () => {
    const rows = await xlsx(await supervisor.post('/api/v1/customers/export-selected', { ids: mine }));
    expect(rows).toHaveLength(3);
    expect(
      rows
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual(['导出所选乙公司', '导出所选甲公司']);
    const phone = rows[0]!.indexOf('手机 (phone)');
    // The supervisor is on the reporting line: the phones as they are.
    expect(
      rows
        .slice(1)
        .map((row) => row[phone])
        .sort(),
    ).toEqual(['10012345678', '10087654321']);
    // Ops sees every customer but masked (R-SEC-1): masked in the file too.
    const ops = await t.loginAs('ops');
    const masked = await xlsx(await ops.post('/api/v1/customers/export-selected', { ids: mine }));
    expect(
      masked
        .slice(1)
        .map((row) => row[phone])
        .sort(),
    ).toEqual(['100****4321', '100****5678']);
  });

  it('customers: another team’s id refuses the whole file (403 naming it), and nothing is audited as exported', async () => {
    const before = await exportCount();
    const response = await supervisor.post('/api/v1/customers/export-selected', { ids: [...mine, foreignCustomer] });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.data.refusedIds).toEqual([foreignCustomer]);
    expect(await exportCount()).toBe(before);
    // A rep has no export right at all.
    const rep = await t.loginAs('rep');
    expect((await rep.post('/api/v1/customers/export-selected', { ids: mine })).statusCode).toBe(403);
  });

  it('bad input is a 400 naming the field', async () => {
    const empty = await supervisor.post('/api/v1/customers/export-selected', { ids: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toContain('ids');
    const format = await supervisor.post('/api/v1/orders/export-selected', { ids: mine, format: 'pdf' });
    expect(format.statusCode).toBe(400);
  });

  for (const [list, table, who, firstHeader] of [
    ['contracts', 'contracts', 'supervisor', '合同编号'],
    ['opportunities', 'opportunities', 'rep', '商机名称'],
    ['quotes', 'quotes', 'rep', '报价编号'],
    ['orders', 'orders', 'rep', '订单编号'],
  ] as const)
    it(`${list}: the ticked rows as .xlsx; a row the caller cannot see is refused, not left out`, async () => {
      const { own, foreign } = await pick(table, who === 'supervisor' ? 'rep' : who);
      const client = await t.loginAs(who);
      const rows = await xlsx(await client.post(`/api/v1/${list}/export-selected`, { ids: own }));
      expect(rows[0]![0]).toBe(firstHeader);
      // Contracts go through the ledger's export, with its totals row (合计) at the end.
      expect(rows).toHaveLength(list === 'contracts' ? 4 : 3);
      const before = await exportCount();
      const refused = await client.post(`/api/v1/${list}/export-selected`, { ids: [...own, foreign] });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.data.refusedIds).toEqual([foreign]);
      expect(await exportCount()).toBe(before);
    });

  it('tasks: the ticked follow-ups with due time in the company zone; another rep’s task is refused', async () => {
    const rep = await t.loginAs('rep');
    const due = new Date(Date.now() + 86_400_000);
    due.setUTCHours(2, 0, 0, 0); // 10:00 in Asia/Shanghai
    const own: string[] = [];
    for (const title of ['导出任务甲', '导出任务乙']) {
      const created = await rep.post('/api/v1/tasks', { customerId: mine[0], title, dueAt: due.toISOString() });
      expect(created.statusCode, created.body).toBe(201);
      own.push(created.json().id);
    }
    const rows = await xlsx(await rep.post('/api/v1/tasks/export-selected', { ids: own }));
    expect(rows[0]).toEqual(['任务', '客户', '负责人', '截止时间', '状态', '完成时间']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['导出任务甲', '导出任务乙']);
    expect(rows[1]![1]).toBe('导出所选甲公司');
    // A real Excel date at 10:00 wall-clock time (exceljs reads it back as a Date whose UTC fields are the wall clock).
    expect(rows[1]![3]).toContain('10:00:00');
    const rep2 = await t.loginAs('rep2');
    const theirs = await rep2.post('/api/v1/tasks', { customerId: foreignCustomer, title: '别队任务', dueAt: due.toISOString() });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const before = await exportCount();
    const refused = await rep.post('/api/v1/tasks/export-selected', { ids: [...own, theirs.json().id] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.data.refusedIds).toEqual([theirs.json().id]);
    expect(await exportCount()).toBe(before);
  });

  it('the export of selected rows is audited with its count', async () => {
    const { own } = await pick('quotes', 'rep');
    const rep = await t.loginAs('rep');
    await xlsx(await rep.post('/api/v1/quotes/export-selected', { ids: own, format: 'xlsx' }));
    const [entry] = (
      await t.ownerDb.execute<{ summary: string; actor_id: string }>(
        sql`select summary, actor_id from audit_log where action = 'export' and entity = 'quotes' order by at desc limit 1`,
      )
    ).rows;
    expect(entry).toEqual({ summary: '2 selected quotes exported as xlsx', actor_id: t.ids.rep });
  });
});
