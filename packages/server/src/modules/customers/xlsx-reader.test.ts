import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRows, type SheetRow } from './import-parsing.js';

const fixture = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures', name);

async function rowsOf(name: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readRows(fixture(name), 'xlsx', null)) rows.push(row);
  return rows;
}

describe('xlsx reading (issue 22 item 1)', () => {
  // SheetJS's default writes STORED entries with the worksheet before xl/workbook.xml: exceljs's
  // forward-only stream reader failed 79 of 100 reads of this file ("reading 'sheets'").
  it.each(['sheetjs-title-row.xlsx', 'sheetjs-compressed.xlsx', 'exceljs-dates.xlsx'])(
    'reads %s 100 times in a row, the same rows every time',
    async (name) => {
      const first = await rowsOf(name);
      expect(first.length).toBeGreaterThan(3);
      for (let i = 0; i < 99; i++) expect(await rowsOf(name)).toEqual(first);
    },
  );

  it('reads a SheetJS title row, header and Chinese text exactly', async () => {
    const rows = await rowsOf('sheetjs-title-row.xlsx');
    expect(rows[0]).toEqual({ row: 1, cells: ['客户导出 2026-12'] });
    expect(rows[1]!.cells.slice(0, 4)).toEqual(['客户名称', '行业', '负责人', '手机']);
    expect(rows[2]!.cells[0]).toBe('杭州星河科技有限公司');
  });

  it('reads exceljs dates as dates and numeric phones as digits', async () => {
    const rows = await rowsOf('exceljs-dates.xlsx');
    expect(rows[1]!.cells).toEqual(['成都青松餐饮管理有限公司', '13612345672', '', 'rep', '2024-11-05 14:00:00']);
    expect(rows[2]!.cells[5]).toBe('1990-05-17');
  });

  it('refuses a file that is not a zip with a plain error', async () => {
    await expect(rowsOf('gbk-crlf.csv')).rejects.toThrow(/not a zip file/);
  });
});
