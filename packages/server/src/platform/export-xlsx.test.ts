import { describe, expect, it } from 'vitest';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import type { Database } from './db/client.js';
import { streamExport } from './export.js';

// The rows come from `spec.rows` alone; the transaction only gives them a snapshot, so a stand-in runs them.
const noDatabase = { transaction: (work: (tx: unknown) => Promise<void>) => work({}) } as unknown as Database;

describe('a streamed .xlsx export', () => {
  it('formats every row: money with two decimals, dates as real Excel dates, text as text', async () => {
    const rows = [
      ['SO-1', '=1+1', 1234.5, '2026-03-01'],
      ['SO-2', '华东客户', 0.07, '2026-12-31 23:59'],
      ['SO-3', null, 99, '2026-07-15'],
    ];
    const file = await streamExport(noDatabase, {
      format: 'xlsx',
      fileName: 'orders',
      sheetName: '订单',
      columns: [{ label: '编号' }, { label: '客户' }, { label: '金额', money: true }, { label: '日期', date: 'date' }],
      count: async () => rows.length,
      rows: async (_tx, write) => {
        for (const row of rows) await write(row);
      },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buffer(file.stream)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('订单')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '编号', '客户', '金额', '日期']);
    for (const n of [2, 3, 4]) {
      const row = sheet.getRow(n);
      expect(row.getCell(3).numFmt).toBe('#,##0.00');
      expect(row.getCell(4).numFmt).toBe('yyyy-mm-dd');
      expect(row.getCell(4).value).toBeInstanceOf(Date);
      expect(row.getCell(1).numFmt).toBeUndefined();
    }
    expect(sheet.getRow(2).getCell(2).value).toBe('=1+1');
    expect(sheet.getRow(3).getCell(3).value).toBe(0.07);
    expect((sheet.getRow(3).getCell(4).value as Date).toISOString()).toBe('2026-12-31T23:59:00.000Z');
    expect((sheet.getRow(4).getCell(4).value as Date).toISOString()).toBe('2026-07-15T00:00:00.000Z');
  });
});
