import ExcelJS from 'exceljs';

/** A cell of a report sheet: numbers stay numbers so the sheet sums and sorts. */
export type SheetCell = string | number | null;

export interface SheetRow {
  cells: SheetCell[];
  /** Number formats by column (0-based) for this row, over the sheet's `formats`. */
  formats?: Record<number, string>;
}

export interface ReportSheet {
  /** The tab name (cut to Excel's 31 characters). */
  name: string;
  title: string;
  titleSize?: number;
  /** Lines under the title (period, scope, generation time …), then an empty row. */
  info: SheetCell[][];
  head: string[];
  rows: (SheetCell[] | SheetRow)[];
  /** Number formats by column (0-based) for every data row. */
  formats?: Record<number, string>;
  /** Widths of the first column and of the others. */
  widths: { first: number; rest: number };
}

export const MONEY_FORMAT = '#,##0.00';
export const COUNT_FORMAT = '#,##0';
export const PERCENT_FORMAT = '0.0%';

/**
 * The one way report workbooks are written (the sales report's xlsx and the kinds other modules add,
 * e.g. the weekly market report): a bold title, the info lines, a bold header row and the data rows
 * with their number formats. The sheet is returned so a caller can append notes below the table.
 */
export function addReportSheet(book: ExcelJS.Workbook, sheet: ReportSheet): ExcelJS.Worksheet {
  const ws = book.addWorksheet(sheet.name.slice(0, 31));
  ws.addRow([sheet.title]).font = { bold: true, size: sheet.titleSize ?? 14 };
  for (const line of sheet.info) ws.addRow(line);
  ws.addRow([]);
  ws.addRow(sheet.head).font = { bold: true };
  for (const entry of sheet.rows) {
    const row = Array.isArray(entry) ? { cells: entry } : entry;
    const added = ws.addRow(row.cells);
    const formats = { ...sheet.formats, ...row.formats };
    for (const [column, format] of Object.entries(formats)) added.getCell(Number(column) + 1).numFmt = format;
  }
  for (let index = 1; index <= sheet.head.length; index++) ws.getColumn(index).width = index === 1 ? sheet.widths.first : sheet.widths.rest;
  return ws;
}

export function reportWorkbook(creator?: string, created?: Date): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  if (creator) book.creator = creator;
  if (created) book.created = created;
  return book;
}

export const workbookBuffer = async (book: ExcelJS.Workbook): Promise<Buffer> => Buffer.from(await book.xlsx.writeBuffer());
