import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { and, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import type { Customer, CustomerExportQuery } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { escapeFormula } from '../../platform/export.js';
import { getSettings } from '../../platform/settings/settings.js';
import { zoneOffsetMs } from '../../platform/time.js';
import { customers } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { customerFilters, presenter, selectCustomers, SORTS } from './customers.service.js';
import { choiceLabel } from './import-parsing.js';

/** Rows fetched from the cursor per round trip. */
const PAGE_SIZE = 1000;

type Cell = string | number | null;

interface ExportColumn {
  key: string;
  label: string;
  value: (customer: Customer, time: (iso: string | null) => string) => Cell;
}

const yuan = (cents: number | null) => (cents === null ? null : cents / 100);

/**
 * The exported columns. One header row, `中文 (key)`: readable in Excel, and the import's mapping
 * suggestion recognises both parts, so an exported file imports back without mapping by hand
 * (owner, team and computed columns are left unmapped). Choices are written as their Chinese labels.
 */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { key: 'name', label: '客户名称', value: (c) => c.name },
  { key: 'kind', label: '类型', value: (c) => choiceLabel('kind', c.kind) },
  { key: 'tier', label: '等级', value: (c) => c.tier },
  { key: 'status', label: '状态', value: (c) => choiceLabel('status', c.status) },
  { key: 'source', label: '来源', value: (c) => choiceLabel('source', c.source) },
  { key: 'tags', label: '标签', value: (c) => c.tags.join(', ') },
  { key: 'phone', label: '手机', value: (c) => c.phone },
  { key: 'email', label: '邮箱', value: (c) => c.email },
  { key: 'wechat', label: '微信', value: (c) => c.wechat },
  { key: 'address', label: '地址', value: (c) => c.address },
  { key: 'industry', label: '行业', value: (c) => c.industry },
  { key: 'size', label: '规模', value: (c) => c.size },
  { key: 'annualPurchase', label: '年采购额（元）', value: (c) => yuan(c.annualPurchaseCents) },
  { key: 'taxId', label: '税号', value: (c) => c.taxId },
  { key: 'decisionChain', label: '决策链', value: (c) => c.decisionChain },
  { key: 'gender', label: '性别', value: (c) => choiceLabel('gender', c.gender) },
  { key: 'birthday', label: '生日', value: (c) => c.birthday },
  { key: 'occupation', label: '职业', value: (c) => c.occupation },
  { key: 'interests', label: '兴趣爱好', value: (c) => c.interests.join(', ') },
  { key: 'needs', label: '需求', value: (c) => c.needs },
  { key: 'painPoints', label: '痛点', value: (c) => c.painPoints },
  { key: 'ownerName', label: '负责人姓名', value: (c) => c.ownerName },
  { key: 'teamName', label: '团队', value: (c) => c.teamName },
  { key: 'segment', label: '客户分群', value: (c) => c.rfm.segment },
  { key: 'lastContactAt', label: '最近联系时间', value: (c, time) => time(c.lastContactAt) },
  { key: 'dueAt', label: '跟进截止时间', value: (c, time) => time(c.cadence.dueAt) },
  { key: 'createdAt', label: '创建时间', value: (c, time) => time(c.createdAt) },
];

export const exportHeader = () => EXPORT_COLUMNS.map((column) => `${column.label} (${column.key})`);

/** Waits until `stream` can take more, or until the download is gone (a client that hung up never drains). */
async function drained(stream: NodeJS.EventEmitter, output: PassThrough): Promise<void> {
  if (output.destroyed) return;
  await Promise.race([once(stream, 'drain'), once(output, 'close')]);
}

interface SheetWriter {
  write(cells: Cell[]): Promise<void>;
  end(): Promise<void>;
}

/** CSV, UTF-8 with BOM (Excel/WPS in China open it ungarbled); text cells escaped against formula injection. */
function csvWriter(output: PassThrough): SheetWriter {
  const csv = stringify({ bom: true });
  csv.pipe(output);
  return {
    async write(cells) {
      const record = cells.map((cell) => (typeof cell === 'number' ? cell.toFixed(2) : escapeFormula(cell)));
      if (!csv.write(record)) await drained(csv, output);
    },
    async end() {
      csv.end();
    },
  };
}

/** .xlsx through exceljs's streaming writer: each row is committed (written out) as it comes. */
function xlsxWriter(output: PassThrough): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.columns = EXPORT_COLUMNS.map((column) => ({ key: column.key, width: Math.max(10, column.label.length * 2 + 4) }));
  let rows = 0;
  return {
    async write(cells) {
      sheet.addRow(cells.map((cell) => (typeof cell === 'number' ? cell : escapeFormula(cell)))).commit();
      if (++rows % PAGE_SIZE === 0 && output.writableNeedDrain) await drained(output, output);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

function localTime(timeZone: string) {
  return (iso: string | null) => {
    if (!iso) return '';
    const instant = new Date(iso);
    return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 16).replace('T', ' ');
  };
}

export interface CustomerExport {
  stream: Readable;
  /** Rows in the file (counted in the same snapshot the rows are read from). */
  total: number;
  contentType: string;
  extension: 'csv' | 'xlsx';
  fileName: string;
}

/**
 * Streams the customers the caller may read that match the list's filters, in the list's order,
 * as CSV or .xlsx, with contact details masked exactly as in the list (R-SEC-1). One repeatable-read
 * transaction: a cursor yields ids in order, each page is loaded and presented, so memory holds one
 * page. Needs customers.export (403 otherwise, before anything is read or logged); the export is
 * audited with its row count and filters before the first byte is sent.
 */
export async function exportCustomers(ctx: Ctx, query: CustomerExportQuery): Promise<CustomerExport> {
  customersAccess.require(ctx.actor, 'export');
  const { format, sort, ...filters } = query;
  const where = and(...customerFilters(ctx, filters), customersAccess.where(ctx.actor, 'export', customers.ownerId));
  const [present, platform] = await Promise.all([presenter(ctx), getSettings(ctx.db)]);
  const time = localTime(platform.timeZone);
  const output = new PassThrough();
  let announce: (total: number) => void = () => undefined;
  const counted = new Promise<number>((resolve) => (announce = resolve));

  const streaming = ctx.db.transaction(
    async (tx) => {
      const [{ total }] = (await tx.execute<{ total: number }>(sql`select count(*)::int as total from ${customers} where ${where}`)).rows as [{ total: number }];
      const applied = Object.fromEntries(Object.entries({ ...filters, sort }).filter(([, value]) => value !== undefined));
      await ctx.audit(ctx.db, { action: 'export', entity: 'customers', summary: `${total} customers exported as ${format}; filters ${JSON.stringify(applied)}` });
      announce(total);
      const ids = tx
        .select({ id: customers.id })
        .from(customers)
        .where(where)
        .orderBy(...SORTS[sort]);
      await tx.execute(sql`declare customer_export no scroll cursor for ${ids}`);
      const writer = format === 'csv' ? csvWriter(output) : xlsxWriter(output);
      await writer.write(exportHeader());
      while (!output.destroyed) {
        const page = (await tx.execute<{ id: string }>(sql`fetch ${sql.raw(String(PAGE_SIZE))} from customer_export`)).rows.map((row) => row.id);
        if (!page.length) break;
        const rows = await selectCustomers(ctx, tx).where(inArray(customers.id, page));
        const byId = new Map(rows.map((row) => [row.customer.id, row]));
        for (const id of page) {
          const row = byId.get(id);
          if (row) await writer.write(EXPORT_COLUMNS.map((column) => column.value(present(row), time)));
        }
      }
      if (!output.destroyed) await Promise.race([writer.end(), once(output, 'close')]);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const failed = streaming.then(
    () => null,
    (error: unknown) => {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
      return error;
    },
  );
  // Either the count is known (streaming goes on) or the transaction failed before it.
  const first = await Promise.race([counted, failed]);
  if (first !== null && typeof first !== 'number') throw first;
  return {
    stream: output,
    total: typeof first === 'number' ? first : await counted,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: format,
    fileName: `客户导出-${ctx.now.toISOString().slice(0, 10)}.${format}`,
  };
}
