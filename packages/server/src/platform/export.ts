import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { stringify as stringifyStream } from 'csv-stringify';
import type { Database, Tx } from './db/client.js';

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with a quote,
 * so an exported value can never execute in Excel/WPS (CSV formula injection).
 */
export function escapeFormula(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV with a UTF-8 BOM (Excel in China opens it without garbling), every cell formula-escaped. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${stringify([header, ...rows.map((row) => row.map(escapeFormula))])}`;
}

/** A spreadsheet cell: text (formula-escaped when written), a number, or empty. */
export type Cell = string | number | null;

export interface ExportColumn {
  label: string;
  /** Column width in the .xlsx (characters); by default from the label. */
  width?: number;
  /** Yuan: two decimals in CSV, `#,##0.00` in .xlsx. */
  money?: boolean;
  /**
   * The cells are wall-clock `YYYY-MM-DD` (date) or `YYYY-MM-DD HH:MM` (datetime): text in CSV, real
   * Excel dates in .xlsx (sortable, filterable, formatted by Excel; issue 22 item 4).
   */
  date?: 'date' | 'datetime';
}

const XLSX_DATE_FORMATS = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm' } as const;

/** A wall-clock `YYYY-MM-DD[ HH:MM[:SS]]` as the Date exceljs writes as that Excel date (exceljs reads a Date's UTC fields). */
export function excelDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return null;
  const [y, mo, d, h, mi, se] = match.slice(1).map((part) => Number(part ?? 0));
  return new Date(Date.UTC(y!, mo! - 1, d!, h, mi, se));
}

interface SheetWriter {
  write(cells: Cell[]): Promise<void>;
  end(): Promise<void>;
}

/** How many .xlsx rows go out between checks of the download's back-pressure. */
const XLSX_DRAIN_EVERY = 100;

/** Waits until `stream` can take more, or until the download is gone (a client that hung up never drains). */
async function drained(stream: NodeJS.EventEmitter, output: PassThrough): Promise<void> {
  if (output.destroyed) return;
  await Promise.race([once(stream, 'drain'), once(output, 'close')]);
}

/** CSV, UTF-8 with BOM (Excel/WPS in China open it ungarbled); text escaped against formula injection. */
function csvWriter(output: PassThrough, columns: ExportColumn[]): SheetWriter {
  const csv = stringifyStream({ bom: true });
  csv.pipe(output);
  return {
    async write(cells) {
      const record = cells.map((cell, i) =>
        typeof cell === 'number' ? (columns[i]?.money ? cell.toFixed(2) : String(cell)) : escapeFormula(cell),
      );
      if (!csv.write(record)) await drained(csv, output);
    },
    async end() {
      csv.end();
    },
  };
}

/** .xlsx through exceljs's streaming writer: each row is committed (written out) as it comes. */
function xlsxWriter(output: PassThrough, sheetName: string, columns: ExportColumn[]): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  const styles = columns.map((column) =>
    column.money ? { numFmt: '#,##0.00' } : column.date ? { numFmt: XLSX_DATE_FORMATS[column.date] } : {},
  );
  sheet.columns = columns.map((column, i) => ({
    key: String(i),
    width: column.width ?? Math.max(10, column.label.length * 2 + 4),
    style: styles[i],
  }));
  let rows = 0;
  return {
    async write(cells) {
      // A text cell of an .xlsx is a string, never a formula: the CSV's guard (`'+86…`) would only
      // change the value (issue 22 item 9), so cells are written as they are.
      const row = sheet.addRow(
        cells.map((cell, i) => (columns[i]?.date && typeof cell === 'string' ? (excelDate(cell) ?? cell) : (cell ?? ''))),
      );
      // exceljs finds a cell's style by object identity before it serialises the style to look it up;
      // each row's cells copy the column style into new objects, so every cell missed. One shared
      // object per column is found at once: about 2× the rows per second (bench/RESULTS.md, issue 18).
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
      row.commit();
      if (++rows % XLSX_DRAIN_EVERY === 0 && output.writableNeedDrain) await drained(output, output);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

export interface StreamedExport {
  stream: Readable;
  /** Rows in the file (counted in the same snapshot the rows are read from). */
  total: number;
  contentType: string;
  extension: 'csv' | 'xlsx';
  fileName: string;
}

export interface ExportSpec {
  format: 'csv' | 'xlsx';
  /** Without the extension. */
  fileName: string;
  sheetName: string;
  columns: ExportColumn[];
  /** The header row; the column labels by default. */
  header?: string[];
  /** First, in the export's snapshot: how many rows the file will have (audit it here). */
  count: (tx: Tx) => Promise<number>;
  /** Then the rows, in order; `write` answers false once the download is gone (stop reading). */
  rows: (tx: Tx, write: (cells: Cell[]) => Promise<boolean>) => Promise<void>;
}

/**
 * A download streamed from one repeatable-read, read-only transaction: the count and the rows come
 * from the same snapshot, memory holds what `rows` holds (a cursor page), and a client that hangs up
 * stops the reading. Resolves once the count is known (the caller sets headers and pipes the
 * stream); a failure before that rejects, a failure after it destroys the stream.
 */
export async function streamExport(db: Database, spec: ExportSpec): Promise<StreamedExport> {
  const output = new PassThrough();
  // A database error ends the download (Fastify logs it once the stream is sent); an 'error' with
  // no listener — e.g. before the route has the stream — would take the whole process down.
  output.on('error', () => undefined);
  let countKnown = false;
  let announce: (total: number) => void = () => undefined;
  const counted = new Promise<number>((resolve) => (announce = resolve));
  const streaming = db.transaction(
    async (tx) => {
      const total = await spec.count(tx);
      countKnown = true;
      announce(total);
      const writer = spec.format === 'csv' ? csvWriter(output, spec.columns) : xlsxWriter(output, spec.sheetName, spec.columns);
      await writer.write(spec.header ?? spec.columns.map((column) => column.label));
      await spec.rows(tx, async (cells) => {
        if (output.destroyed) return false;
        await writer.write(cells);
        return !output.destroyed;
      });
      if (!output.destroyed) await Promise.race([writer.end(), once(output, 'close')]);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const failed = streaming.then(
    () => null,
    (error: unknown) => {
      // Before the count nobody reads the stream (the caller gets the rejection); after it, the
      // error ends the response that is streaming it.
      if (countKnown) output.destroy(error instanceof Error ? error : new Error(String(error)));
      else output.destroy();
      return error;
    },
  );
  // Either the count is known (streaming goes on) or the transaction failed before it.
  const first = await Promise.race([counted, failed]);
  if (first !== null && typeof first !== 'number') throw first;
  return {
    stream: output,
    total: typeof first === 'number' ? first : await counted,
    contentType: spec.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: spec.format,
    fileName: `${spec.fileName}.${spec.format}`,
  };
}

/** `prefix-YYYY-MM-DD` with today's date in the company's time zone (not UTC: 07:59 in Shanghai is still yesterday in UTC). */
export function datedFileName(prefix: string, now: Date, timeZone: string): string {
  return `${prefix}-${new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)}`;
}
