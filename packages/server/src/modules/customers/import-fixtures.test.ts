import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ImportSession } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';
import { runJobsUntilIdle } from '../../platform/jobs/queue.js';
import { customerImportJobs } from './customer-imports.service.js';

/** Issue 22: files written by the tools real users export with (test-fixtures/generate.ts), imported end to end. */
let t: TestApp;
let rep: Client;
beforeAll(async () => {
  t = await buildTestApp();
  // the CRM export names its owners by display name
  await t.db.execute(sql`update users set display_name = '姚笑愚' where username = 'rep'`);
  rep = await t.loginAs('rep');
});
afterAll(() => t.close());

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures', name));
const runJobs = () => runJobsUntilIdle(t.db, customerImportJobs, { dataDir: t.app.config.dataDir });

async function importFixture(name: string): Promise<{ created: ImportSession; validated: ImportSession; done: ImportSession }> {
  const upload = await rep.request({ method: 'POST', url: '/api/v1/customer-imports', ...multipartFile(name, fixture(name)) });
  expect(upload.statusCode, upload.body).toBe(201);
  const created: ImportSession = upload.json();
  expect((await rep.post(`/api/v1/customer-imports/${created.id}/validate`, { mapping: created.suggestedMapping })).statusCode).toBe(202);
  await runJobs();
  const validated: ImportSession = (await rep.get(`/api/v1/customer-imports/${created.id}`)).json();
  expect((await rep.post(`/api/v1/customer-imports/${created.id}/start`, { mode: 'valid_only' })).statusCode).toBe(202);
  await runJobs();
  const done: ImportSession = (await rep.get(`/api/v1/customer-imports/${created.id}`)).json();
  return { created, validated, done };
}

async function customer(name: string) {
  const rows = (
    await t.db.execute<{
      kind: string;
      phone: string | null;
      address: string | null;
      source: string;
      tier: string;
      status: string;
      owner: string;
    }>(sql`
      select c.kind, c.phone, c.address, c.source, c.tier, c.status, u.username as owner
        from customers c join users u on u.id = c.owner_id where c.name = ${name}`)
  ).rows;
  expect(rows, name).toHaveLength(1);
  return rows[0]!;
}

describe('real-world import files (issue 22)', () => {
  it('SheetJS .xlsx with a merged title row: header found, display-name owners, landline, province/city, CRM labels', async () => {
    const { created, validated, done } = await importFixture('sheetjs-title-row.xlsx');
    expect(created.columns[0]).toBe('客户名称');
    expect(created.sampleRows).toHaveLength(5);
    expect(created.suggestedMapping).toMatchObject({ 负责人: 'ownerUsername', 座机: 'landline', 省份: 'province', 城市: 'city' });
    expect(validated.validation).toMatchObject({ totalRows: 5, validRows: 5, invalidRows: 0 });
    expect(done.result).toEqual({ written: 5, skippedInvalid: 0, skippedDuplicates: 0 });
    expect(await customer('杭州星河科技有限公司')).toMatchObject({
      kind: 'organization',
      phone: '13812345678',
      address: '浙江省杭州市文三路 90 号',
      source: 'cold_call',
      tier: 'A',
      owner: 'rep',
    });
    expect(await customer('上海云帆集团')).toMatchObject({ kind: 'organization', phone: '021-62345678', source: 'advertising' });
    expect(await customer('Northwind Trading Ltd')).toMatchObject({ kind: 'organization' });
    expect(await customer('王小明')).toMatchObject({ kind: 'person' });
    // the header text is never a customer
    expect((await t.db.execute(sql`select 1 from customers where name in ('客户名称', '客户导出 2026-12')`)).rows).toHaveLength(0);
  });

  it('exceljs .xlsx with dates and numeric phones', async () => {
    const { validated, done } = await importFixture('exceljs-dates.xlsx');
    expect(validated.validation).toMatchObject({ totalRows: 3, validRows: 3 });
    expect(done.result!.written).toBe(3);
    expect(await customer('Acme Holdings Inc.')).toMatchObject({ kind: 'organization', phone: '13412345674' });
    expect(await customer('李华')).toMatchObject({ kind: 'person', phone: '13512345673' });
  });

  it('GBK CSV with CRLF and another system’s headers and labels', async () => {
    const { created, validated } = await importFixture('gbk-crlf.csv');
    expect(created.encoding).toBe('gb18030');
    expect(validated.validation).toMatchObject({ totalRows: 3, validRows: 3, invalidRows: 0 });
    expect(await customer('苏州明德精密机械有限公司')).toMatchObject({ phone: '0512-65432100', tier: 'A', source: 'cold_call' });
    expect(await customer('宁波海曙贸易有限公司')).toMatchObject({ kind: 'organization', tier: 'A' });
  });

  it('HubSpot-style CSV with BOM: lifecycle stages map, a 10-digit mobile is refused with the typed value', async () => {
    const { created, validated } = await importFixture('hubspot-bom.csv');
    expect(created.suggestedMapping).toMatchObject({
      'Company name': 'name',
      'Phone Number': 'phone',
      'Lifecycle Stage': 'status',
      'Company owner': 'ownerUsername',
    });
    expect(validated.validation).toMatchObject({ totalRows: 3, validRows: 2, invalidRows: 1 });
    expect(validated.validation!.errors).toEqual([
      {
        row: 4,
        column: 'Phone Number',
        value: '1301234567',
        reason: 'a mainland mobile number has 11 digits',
        message: { key: 'customers.importReasons.mobileDigits', params: {} },
      },
    ]);
    expect(await customer('Globex Corporation')).toMatchObject({ phone: '13123456777', status: 'lead', address: 'Beijing' });
    expect(await customer('Initech Ltd')).toMatchObject({ status: 'signed' });
  });
});
