/**
 * Writes the import test fixtures: files made by the tools real users export with, not by us.
 * Run: `node --import tsx packages/server/src/modules/customers/test-fixtures/generate.ts`
 * (the generated files are committed; the import tests read them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import XLSX from 'xlsx';

const dir = path.dirname(fileURLToPath(import.meta.url));
const out = (name: string) => path.join(dir, name);

/** A Chinese CRM's customer export: title row above the header, display names as owners, landlines, province/city apart. */
export const CRM_HEADER = [
  '客户名称',
  '行业',
  '负责人',
  '手机',
  '座机',
  '省份',
  '城市',
  '地址',
  '客户来源',
  '客户等级',
  '备注',
  '创建时间',
];
export const CRM_ROWS = [
  [
    '杭州星河科技有限公司',
    '',
    '姚笑愚',
    '+86 138 1234 5678',
    '',
    '浙江省',
    '杭州市',
    '文三路 90 号',
    '电话营销',
    '重要客户',
    '老客户，年底续约',
    '2025-03-14 09:30:00',
  ],
  ['上海云帆集团', '', 'rep', '', '021-62345678', '上海市', '上海市', '南京西路 1266 号', '百度推广', 'B', '', '2025-04-01'],
  ['Northwind Trading Ltd', '', '姚笑愚', '13912345670', '', '广东省', '深圳市', '', '展会', 'C', '', '2025-05-20'],
  ['王小明', '', 'rep', '13712345671', '', '', '', '', '转介绍', '', '个人客户', '2025-06-02'],
  ['南京远山建材有限公司', '建材', 'rep', '', '025 8456 7890', '江苏省', '南京市', '江东中路 1 号', '官网', 'A', '', '2025-07-11'],
];

function sheetjs(name: string, compression: boolean): void {
  const sheet = XLSX.utils.aoa_to_sheet([['客户导出 2026-12'], CRM_HEADER, ...CRM_ROWS]);
  // the title is merged across the columns, as CRMs write it
  sheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: CRM_HEADER.length - 1 } }];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, '客户');
  // SheetJS's default: STORED entries, the worksheet before xl/workbook.xml
  fs.writeFileSync(out(name), XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression }) as Buffer);
}

/** An Excel-style sheet from exceljs: real dates and numeric phones. */
async function exceljs(name: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow(['客户名称', '手机', '客户类型', '负责人', '创建时间', '生日']);
  sheet.addRow(['成都青松餐饮管理有限公司', 13612345672, '', 'rep', new Date(Date.UTC(2024, 10, 5, 14, 0, 0)), null]);
  sheet.addRow(['李华', 13512345673, '个人', 'rep', new Date(Date.UTC(2024, 11, 1)), new Date(Date.UTC(1990, 4, 17))]);
  sheet.addRow(['Acme Holdings Inc.', 8613412345674, '', 'rep', new Date(Date.UTC(2025, 0, 9)), null]);
  sheet.getColumn(5).numFmt = 'yyyy-mm-dd hh:mm';
  sheet.getColumn(6).numFmt = 'yyyy-mm-dd';
  await book.xlsx.writeFile(out(name));
}

/** GBK, CRLF, the headers another Chinese system exports. */
function gbkCsv(name: string): void {
  const lines = [
    '客户名称,联系电话,客户类型,客户级别,客户来源,所属行业,负责人',
    '苏州明德精密机械有限公司,0512-65432100,企业,A类客户,电话营销,机械,rep',
    '赵敏,13312345675,个人,B,百度推广,,rep',
    '宁波海曙贸易有限公司,13212345676,,重要客户,展会,,rep',
  ];
  fs.writeFileSync(out(name), iconv.encode(lines.join('\r\n') + '\r\n', 'gbk'));
}

/** A HubSpot-style companies export: UTF-8 with BOM, English headers, lifecycle stages. */
function hubspotCsv(name: string): void {
  const lines = [
    'Record ID,Company name,Phone Number,Lifecycle Stage,Industry,City,State/Region,Create Date,Company owner',
    '1001,Globex Corporation,+86 131 2345 6777,Marketing Qualified Lead,,Beijing,Beijing,2025-02-03 10:15,rep',
    '1002,Initech Ltd,13012345678,Customer,Software,Shanghai,Shanghai,2025-02-04 11:00,rep',
    '1003,Umbrella Co.,1301234567,Opportunity,,Guangzhou,Guangdong,2025-02-05 12:00,rep',
  ];
  fs.writeFileSync(out(name), '\uFEFF' + lines.join('\r\n') + '\r\n');
}

sheetjs('sheetjs-title-row.xlsx', false);
sheetjs('sheetjs-compressed.xlsx', true);
await exceljs('exceljs-dates.xlsx');
gbkCsv('gbk-crlf.csv');
hubspotCsv('hubspot-bom.csv');
