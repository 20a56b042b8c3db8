import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

/**
 * Reading the first worksheet of an .xlsx through the zip's central directory.
 *
 * Why not exceljs's own streaming reader: it walks the zip forward through unzipper's local-header
 * parser and interprets each part as it passes. A worksheet met before `xl/workbook.xml` (the
 * order SheetJS writes, STORED entries included) is either copied to a temporary file or handed to
 * the worksheet parser while the workbook model is still undefined, and whether a part's stream is
 * consumed before the parser moves past it depends on timing — so the same file failed 5–11 % of
 * reads with "Cannot read properties of undefined (reading 'sheets')". Here yauzl (random access
 * over the central directory) opens the parts in the order they are needed, whatever their order in
 * the file, each part's stream read to its end before the next is opened. exceljs still parses the
 * XML (shared strings, styles for dates, worksheet rows), so cell values are unchanged.
 */

/** A file that is not a readable .xlsx (the reason is for the log; users see a plain message). */
export class XlsxUnreadable extends Error {}

/** exceljs's parse steps for the parts of a workbook (internal API of exceljs 4.4's WorkbookReader). */
interface WorkbookParts {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { rId: string; id: number; name: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/** Decodes a stream of UTF-8 chunks to text, carrying a character split between two chunks over to the next (exceljs issues #2063, #2084). */
async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\//, ''), entry);
  return entries;
}

/** The zip path of the workbook's first sheet, by the workbook's own order (its relationship), else the lowest-numbered sheet part. */
function firstSheetPath(parts: WorkbookParts, entries: Map<string, yauzl.Entry>): string | null {
  const first = parts.model?.sheets?.[0];
  const rel = first && parts.workbookRels?.find((r) => r.Id === first.rId);
  if (rel) {
    const target = rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target.replace(/^\.\//, '')}`;
    if (entries.has(target)) return target;
  }
  const sheets = [...entries.keys()]
    .map((name) => ({ name, n: /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name)?.[1] }))
    .filter((s): s is { name: string; n: string } => s.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n));
  return sheets[0]?.name ?? null;
}

class RandomAccessWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(
    private readonly filePath: string,
    options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
  ) {
    super(filePath, options);
  }

  // exceljs's iterator calls parse(); this one replaces the forward walk over the zip.
  override async *parse(): AsyncGenerator<unknown> {
    const parts = this as unknown as WorkbookParts;
    const zip = await yauzl.openPromise(this.filePath, { lazyEntries: true, autoClose: false }).catch((error: unknown) => {
      throw new XlsxUnreadable(`not a zip file: ${String(error)}`);
    });
    try {
      const entries = await listEntries(zip);
      const open = async (name: string): Promise<Readable | null> => {
        const entry = entries.get(name);
        if (!entry) return null;
        const stream = await zip.openReadStreamPromise(entry);
        stream.setEncoding('utf8');
        return stream;
      };
      const rels = await open('xl/_rels/workbook.xml.rels');
      if (rels) await parts._parseRels(rels);
      const workbook = await open('xl/workbook.xml');
      if (!workbook) throw new XlsxUnreadable('no xl/workbook.xml');
      await parts._parseWorkbook(workbook);
      const sharedStrings = await open('xl/sharedStrings.xml');
      if (sharedStrings) yield* parts._parseSharedStrings(sharedStrings);
      const styles = await open('xl/styles.xml');
      if (styles) await parts._parseStyles(styles);
      const sheetPath = firstSheetPath(parts, entries);
      if (!sheetPath) throw new XlsxUnreadable('no worksheet');
      const sheet = await open(sheetPath);
      // exceljs names a sheet by the number in `worksheets/sheetN.xml`
      const sheetNo = /sheet(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1';
      yield* parts._parseWorksheet(decodeUtf8(sheet!), sheetNo);
    } finally {
      zip.close();
    }
  }
}

/** The first worksheet's rows as exceljs reads them (values 1-based and sparse), streamed. */
export async function* readFirstWorksheet(filePath: string): AsyncGenerator<ExcelJS.Row> {
  // styles are cached so date cells come back as dates; shared strings are cached (exceljs needs them).
  const workbook = new RandomAccessWorkbookReader(filePath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const worksheets = workbook[Symbol.asyncIterator]();
  try {
    const first = await worksheets.next();
    if (first.done) return;
    for await (const row of first.value) yield row;
  } finally {
    await worksheets.return?.(undefined);
  }
}
