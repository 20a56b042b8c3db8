import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { datedFileName, streamExport, type ExportSpec } from './export.js';

/** Issue 14 item 2: a database error during a streamed export ends that download, never the process. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const columns = [{ label: 'n' }];
const failingSql = sql`select 1 / 0`;

describe('a database error in an export leaves the process serving', () => {
  it('an error while counting rejects the export and emits nothing unhandled', async () => {
    const spec: ExportSpec = {
      format: 'csv',
      fileName: 'x',
      sheetName: 'x',
      columns,
      count: async (tx) => (await tx.execute(failingSql)).rowCount ?? 0,
      rows: async () => undefined,
    };
    await expect(streamExport(t.db, spec)).rejects.toThrow(/select 1 \/ 0/);
    // Give a stray 'error' event the turn it would need to crash the process.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('an error after rows went out ends that download; the next request is served', async () => {
    const app = Fastify({ logger: false });
    app.get('/export', async (_request, reply) => {
      const file = await streamExport(t.db, {
        format: 'csv',
        fileName: 'x',
        sheetName: 'x',
        columns,
        count: async () => 2,
        rows: async (tx, write) => {
          await write(['first']);
          await tx.execute(failingSql);
        },
      });
      return reply.type(file.contentType).send(file.stream);
    });
    app.get('/ok', async () => ({ ok: true }));
    const response = await app.inject({ method: 'GET', url: '/export' }).then(
      (r) => r.body,
      (error: Error) => error.message,
    );
    expect(response).not.toContain('"ok"');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await app.inject({ method: 'GET', url: '/ok' })).json()).toEqual({ ok: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await app.close();
  });

  it('the customers export answers a NUL in q with a 400 and keeps serving', async () => {
    const director = await t.loginAs('director');
    for (const url of [
      '/api/v1/customers/export?q=%00',
      '/api/v1/customers/export?tag=%00',
      '/api/v1/contracts/export?q=%00',
      '/api/v1/receipts/export?q=%00',
    ]) {
      expect((await director.get(url)).statusCode).toBe(400);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('export file names carry the company’s date', () => {
  it('01:00 in Shanghai on New Year’s Day is 2027-01-01, though UTC still says 2026-12-31', () => {
    expect(datedFileName('客户导出', new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai')).toBe('客户导出-2027-01-01');
    expect(datedFileName('客户导出', new Date('2026-12-31T17:00:00Z'), 'UTC')).toBe('客户导出-2026-12-31');
  });
});
