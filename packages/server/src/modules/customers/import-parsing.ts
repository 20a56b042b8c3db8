import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import {
  contactInputSchema,
  customerCreateSchema,
  IMPORT_FIELDS,
  importReasonKey,
  renderImportReason,
  type CustomerCreate,
  type ImportError,
  type ImportField,
  type ImportMapping,
  type ImportReasonKey,
  type ImportValueMapping,
  type ValueMappedField,
  type MessageParams,
} from '@xiaoguan/shared';
import { readFirstWorksheet } from './xlsx-reader.js';
import { normalizePhone } from './normalize.js';

/**
 * Reading customer import files (.csv in UTF-8 or GBK/GB18030, .xlsx) as a stream of rows, the
 * column-mapping suggestion, and turning one row's cells into a customer (pure functions; the
 * checks that need the database — owner, duplicates — live in customer-imports.service.ts).
 */

export type ImportFormat = 'csv' | 'xlsx';
export type CsvEncoding = 'utf-8' | 'gb18030';

/**
 * A problem of one row: `row` is the spreadsheet row number as Excel/WPS show it, `column` the
 * file's header (null for the row as a whole), `reason` English, `message` the same reason as an
 * i18n key + parameters for the reader's language (issue 22 item 8).
 */
export type { ImportError };

/** An error's reason in English and as a message (shared IMPORT_REASONS). */
export function reasonOf(key: ImportReasonKey, params: MessageParams = {}): Pick<ImportError, 'reason' | 'message'> {
  return { reason: renderImportReason(key, params, 'en-US')!, message: { key: importReasonKey(key), params } };
}

/** A data row: its spreadsheet row number and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

// ─── format and encoding ───────────────────────────────────────────────────────────────────────

/** .csv or .xlsx from the name, confirmed by the first bytes (an .xlsx is a zip: `PK\x03\x04`). */
export function detectFormat(fileName: string, head: Buffer): ImportFormat | null {
  const extension = fileName.toLowerCase().split('.').pop();
  const isZip = head.length >= 4 && head.readUInt32BE(0) === 0x504b0304;
  if (extension === 'xlsx') return isZip ? 'xlsx' : null;
  if (extension === 'csv' || extension === 'txt') return isZip ? null : 'csv';
  return null;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * UTF-8 (with or without BOM) or GB18030 (a superset of GBK, what Excel in China saves "CSV" as).
 * Without a BOM, the first bytes decide: valid UTF-8 is UTF-8 (plain ASCII included); anything else
 * is GB18030. A multi-byte character cut at the end of the sample is not held against UTF-8.
 */
export function detectEncoding(head: Buffer): CsvEncoding {
  if (head.subarray(0, 3).equals(UTF8_BOM)) return 'utf-8';
  let end = head.length;
  // Drop a trailing incomplete UTF-8 sequence (up to 3 bytes) before the strict decode.
  for (let back = 1; back <= Math.min(3, head.length); back++) {
    const byte = head[head.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (needed > back) end = head.length - back;
    }
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Comma unless the header line clearly uses semicolons or tabs (Excel in some locales, TSV saved as .csv). */
export function detectDelimiter(firstLine: string): string {
  const count = (c: string) => firstLine.split(c).length - 1;
  const candidates = [',', ';', '\t'].map((c) => ({ c, n: count(c) }));
  const best = candidates.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.c : ',';
}

export async function readHead(filePath: string, bytes = 64 * 1024): Promise<Buffer> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

// ─── rows ──────────────────────────────────────────────────────────────────────────────────────

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** An .xlsx cell as the text a person sees (dates as YYYY-MM-DD, formulas by their result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    // exceljs hands back the wall-clock time of the cell as a UTC instant
    const date = `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
    const time =
      value.getUTCHours() || value.getUTCMinutes() || value.getUTCSeconds()
        ? ` ${pad2(value.getUTCHours())}:${pad2(value.getUTCMinutes())}:${pad2(value.getUTCSeconds())}`
        : '';
    return date + time;
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return '';
  if ('result' in value) return cellText(value.result ?? null);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  return '';
}

async function* csvRows(filePath: string, encoding: CsvEncoding, signal?: AbortSignal): AsyncGenerator<SheetRow> {
  const head = await readHead(filePath, 16 * 1024);
  const firstLine = iconv.decode(head, encoding).split(/\r?\n/)[0] ?? '';
  const input = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  // iconv-lite strips a UTF-8 BOM by default; GB18030 is decoded in the stream, never buffered whole.
  const parser = input.pipe(iconv.decodeStream(encoding)).pipe(
    parseCsv({
      delimiter: detectDelimiter(firstLine.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }),
  );
  const stop = () => input.destroy();
  signal?.addEventListener('abort', stop);
  try {
    let row = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (isBlank(record)) continue;
      yield { row, cells: record };
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    input.destroy();
  }
}

async function* xlsxRows(filePath: string): AsyncGenerator<SheetRow> {
  for await (const sheetRow of readFirstWorksheet(filePath)) {
    const values = Array.isArray(sheetRow.values) ? (sheetRow.values as ExcelJS.CellValue[]) : [];
    const cells: string[] = [];
    // row.values is 1-based and sparse
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    if (isBlank(cells)) continue;
    yield { row: sheetRow.number, cells };
  }
}

/** Every non-blank row of the file in order, the header first, streamed (memory does not grow with the file). */
export function readRows(filePath: string, format: ImportFormat, encoding: CsvEncoding | null): AsyncGenerator<SheetRow> {
  return format === 'csv' ? csvRows(filePath, encoding ?? 'utf-8') : xlsxRows(filePath);
}

/** Header names made usable as mapping keys: trimmed, blanks named by position, repeats numbered. */
export function uniqueColumns(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, index) => {
    const base = raw.replace(/^\uFEFF/, '').trim() || `列${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

export interface Preview {
  columns: string[];
  sampleRows: string[][];
  headerRow: number;
  headerCandidates: HeaderCandidate[];
}

/** Rows looked at for the header: a title block above it is rarely longer. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Issue 22 item 2: which of the first rows is the header. A title row ("客户导出 2026-12", often
 * merged across the columns, so one cell) sits above it in many exports. The header is the first row
 * with at least two cells that name a known field; failing that, the first row that fills at least
 * half as many cells as the widest of the first rows.
 */
export function detectHeaderIndex(rows: SheetRow[], remembered: string[][] = []): number {
  const top = rows.slice(0, HEADER_SEARCH_ROWS);
  // A header the user picked by hand before (issue 22 item 2) is found again first.
  const again = top.findIndex((r) => remembered.some((header) => sameHeader(r.cells, header)));
  if (again >= 0) return again;
  const known = top.findIndex((r) => r.cells.filter((cell) => cell.trim() && guessField(cell)).length >= 2);
  if (known >= 0) return known;
  const filled = top.map((r) => r.cells.filter((cell) => cell.trim()).length);
  const widest = Math.max(0, ...filled);
  const wide = filled.findIndex((n) => n >= Math.max(2, widest / 2));
  return wide >= 0 ? wide : 0;
}

const headerCellsKey = (cells: string[]) => {
  const names = cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
  while (names.length && !names[names.length - 1]) names.pop();
  return JSON.stringify(names);
};

/** Two header rows with the same names in the same order (trailing blanks ignored). */
export function sameHeader(a: string[], b: string[]): boolean {
  const key = headerCellsKey(a);
  return key !== '[]' && key === headerCellsKey(b);
}

/** How the header is chosen: the row the user picked, else detected (the user's earlier picks first). */
export interface HeaderChoice {
  row?: number | null;
  remembered?: string[][];
}

/** The first rows of the file, for the user to pick the header among them (cells cut short). */
export type HeaderCandidate = SheetRow;

function chooseHeader(top: SheetRow[], choice: HeaderChoice): SheetRow {
  const picked = choice.row ? top.find((r) => r.row === choice.row) : undefined;
  return picked ?? top[detectHeaderIndex(top, choice.remembered)]!;
}

/** The same cells as the header (a header repeated further down, e.g. a second page pasted under the first): never data. */
export function isHeaderRepeat(cells: string[], header: string[]): boolean {
  return header.every((name, i) => (cells[i] ?? '').trim() === name.trim());
}

/** The header row and the data rows after it (title rows above the header and repeats of it skipped), streamed. */
export async function* headerAndData(
  rows: AsyncGenerator<SheetRow>,
  choice: HeaderChoice = {},
): AsyncGenerator<{ header: SheetRow; top: SheetRow[] } | { data: SheetRow }> {
  const top: SheetRow[] = [];
  let header: SheetRow | null = null;
  try {
    for await (const row of rows) {
      if (!header) {
        top.push(row);
        if (top.length < HEADER_SEARCH_ROWS) continue;
        header = chooseHeader(top, choice);
        yield { header, top };
        for (const early of top) if (early.row > header.row && !isHeaderRepeat(early.cells, header.cells)) yield { data: early };
        continue;
      }
      if (!isHeaderRepeat(row.cells, header.cells)) yield { data: row };
    }
    if (!header && top.length) {
      header = chooseHeader(top, choice);
      yield { header, top };
      for (const early of top) if (early.row > header.row && !isHeaderRepeat(early.cells, header.cells)) yield { data: early };
    }
  } finally {
    await rows.return(undefined);
  }
}

/** The header and the first `size` data rows, reading no further. */
export async function previewFile(
  filePath: string,
  format: ImportFormat,
  encoding: CsvEncoding | null,
  choice: HeaderChoice = {},
  size = 20,
): Promise<Preview | null> {
  const rows = headerAndData(readRows(filePath, format, encoding), choice);
  let columns: string[] | null = null;
  let headerRow = 0;
  let headerCandidates: HeaderCandidate[] = [];
  const sampleRows: string[][] = [];
  try {
    for await (const item of rows) {
      if ('header' in item) {
        columns = uniqueColumns(item.header.cells);
        headerRow = item.header.row;
        headerCandidates = item.top.map((r) => ({ row: r.row, cells: r.cells.slice(0, 60).map((cell) => cell.slice(0, 100)) }));
        continue;
      }
      if (!columns) continue;
      sampleRows.push(columns.map((_, i) => (item.data.cells[i] ?? '').slice(0, 500)));
      if (sampleRows.length >= size) break;
    }
  } finally {
    await rows.return(undefined);
  }
  return columns ? { columns, sampleRows, headerRow, headerCandidates } : null;
}

// ─── mapping suggestion ────────────────────────────────────────────────────────────────────────

/** Header names (Chinese and English) that mean a field; compared after `headerKey`. */
const SYNONYMS: Record<ImportField, string[]> = {
  name: [
    '客户名称',
    '名称',
    '客户名',
    '客户',
    '公司',
    '公司名称',
    '企业名称',
    '单位名称',
    '姓名',
    'name',
    'customername',
    'customer',
    'company',
    'companyname',
  ],
  kind: ['类型', '客户类型', '客户性质', 'kind', 'type', 'customertype'],
  tier: ['等级', '客户等级', '级别', '客户级别', '客户分级', 'tier', 'level', 'grade'],
  status: ['状态', '客户状态', '阶段', '客户阶段', 'status', 'stage', 'lifecyclestage'],
  source: ['来源', '客户来源', 'source', 'leadsource', 'originalsource'],
  tags: ['标签', '客户标签', 'tags', 'tag'],
  phone: [
    '手机',
    '手机号',
    '手机号码',
    '电话',
    '电话号码',
    '联系电话',
    '联系方式',
    'phone',
    'mobile',
    'tel',
    'telephone',
    'phonenumber',
    'mobilephonenumber',
  ],
  landline: ['座机', '固话', '固定电话', '办公电话', '公司电话', 'landline', 'officephone', 'workphone'],
  province: ['省份', '省', '所在省份', '省/直辖市', 'province', 'state', 'state/region', 'region'],
  city: ['城市', '市', '所在城市', 'city'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', 'email', 'e-mail', 'mail'],
  wechat: ['微信', '微信号', 'wechat', 'weixin'],
  address: ['地址', '联系地址', '公司地址', '详细地址', 'address'],
  needs: ['需求', '客户需求', 'needs', 'need'],
  painPoints: ['痛点', '客户痛点', 'painpoints', 'painpoint'],
  industry: ['行业', '所属行业', 'industry'],
  size: ['规模', '企业规模', '公司规模', '人员规模', 'size', 'companysize'],
  annualPurchase: ['年采购额', '年采购金额', '年采购量', '年采购', 'annualpurchase'],
  taxId: ['税号', '纳税人识别号', '统一社会信用代码', '信用代码', 'taxid', 'taxnumber'],
  decisionChain: ['决策链', '决策链条', 'decisionchain'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', '出生年月日', 'birthday', 'birthdate', 'dateofbirth', 'dob'],
  occupation: ['职业', 'occupation', 'job'],
  interests: ['兴趣', '爱好', '兴趣爱好', 'interests', 'hobbies'],
  ownerUsername: [
    '负责人',
    '负责人账号',
    '负责人用户名',
    '负责人姓名',
    '归属人',
    '所属销售',
    '销售',
    '客户经理',
    '负责人工号',
    '销售工号',
    'owner',
    'ownerusername',
    'username',
    'companyowner',
    'contactowner',
    'ownerName',
  ],
  contactName: ['联系人', '联系人姓名', 'contact', 'contactname'],
  contactTitle: ['职位', '职务', '联系人职位', '联系人职务', 'title', 'position', 'contacttitle'],
  contactPhone: ['联系人电话', '联系人手机', 'contactphone', 'contactmobile'],
  contactEmail: ['联系人邮箱', 'contactemail'],
  notes: ['备注', '备注信息', '说明', '描述', 'notes', 'note', 'remark', 'remarks', 'comment', 'comments', 'description'],
  createdAt: [
    '创建时间',
    '创建日期',
    '录入时间',
    '录入日期',
    '首次接触时间',
    'createdat',
    'createdate',
    'created',
    'createdon',
    'datecreated',
  ],
  contacts: ['联系人列表', '全部联系人', 'contacts'],
};

/** `*客户名称（必填）` → `客户名称`: width-folded, lower-case, no spaces, marks or bracketed notes. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, '')
    .replace(/[\s*_:：-]+/g, '')
    .toLowerCase();
}

const FIELD_BY_HEADER = new Map<string, ImportField>(
  (Object.entries(SYNONYMS) as [ImportField, string[]][]).flatMap(([field, names]) =>
    [...names, field].map((name) => [headerKey(name), field] as const),
  ),
);
const IMPORT_FIELD_SET = new Set<string>(IMPORT_FIELDS);

function guessField(column: string): ImportField | null {
  // Our own export writes `客户名称 (name)`: the key in brackets names the field, before any synonym.
  const bracketed = /\(([A-Za-z]+)\)\s*$/.exec(column.normalize('NFKC'));
  if (bracketed && IMPORT_FIELD_SET.has(bracketed[1]!)) return bracketed[1] as ImportField;
  return FIELD_BY_HEADER.get(headerKey(column)) ?? null;
}

/**
 * A mapping for the columns: the user's remembered choice for a header wins, then the synonyms;
 * each field is taken by the first column that claims it, the rest are ignored ('').
 */
export function suggestMapping(columns: string[], remembered: Record<string, string> | null): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<string>();
  const valid = (value: string | undefined): value is ImportField | '' =>
    value === '' || (value !== undefined && IMPORT_FIELD_SET.has(value));
  const fromMemory = new Set<string>();
  for (const column of columns) {
    const value = remembered?.[column];
    if (valid(value) && (value === '' || !taken.has(value))) {
      mapping[column] = value;
      fromMemory.add(column);
      if (value) taken.add(value);
    }
  }
  for (const column of columns) {
    if (fromMemory.has(column)) continue;
    const field = guessField(column);
    mapping[column] = field && !taken.has(field) ? field : '';
    if (field) taken.add(field);
  }
  return mapping;
}

/** Field → column position and header, for the columns a mapping uses. */
export interface MappingPlan {
  fields: Partial<Record<ImportField, { index: number; column: string }>>;
}

/** Checks a mapping against the file's columns; returns the plan or the 400 to send (field named). */
export function planMapping(columns: string[], mapping: ImportMapping): MappingPlan | { field: string; message: string } {
  const fields: MappingPlan['fields'] = {};
  for (const [column, field] of Object.entries(mapping)) {
    const index = columns.indexOf(column);
    if (index < 0) return { field: `body.mapping.${column}`, message: `the file has no column "${column}"` };
    if (!field) continue;
    if (fields[field])
      return { field: `body.mapping.${column}`, message: `"${field}" is already mapped from column "${fields[field]!.column}"` };
    fields[field] = { index, column };
  }
  if (!fields.name) return { field: 'body.mapping', message: 'map a column to the customer name (name)' };
  return { fields };
}

// ─── values ────────────────────────────────────────────────────────────────────────────────────

/**
 * Choice values accepted in a file, in Chinese or English; the first label of each is the one the
 * export writes. Matching ignores case, width and spaces.
 */
export const CHOICE_LABELS = {
  kind: { organization: ['企业', '公司', '单位', '机构', 'org', 'company', 'enterprise'], person: ['个人', '自然人', 'individual'] },
  tier: {
    A: ['A', 'A类', 'A级', 'A类客户', '重要客户', '重点客户', 'VIP', '大客户', '核心客户'],
    B: ['B', 'B类', 'B级', 'B类客户', '普通客户', '一般客户'],
    C: ['C', 'C类', 'C级', 'C类客户', '小客户', '低价值客户'],
  },
  status: {
    // HubSpot lifecycle stages map by how far the company has come: subscriber/lead/MQL are leads,
    // SQL/opportunity are intent, customer is signed, evangelist a repeat buyer
    lead: ['线索', '潜在', '潜在客户', 'subscriber', 'marketingqualifiedlead', 'mql'],
    intent: ['意向', '有意向', '意向客户', '跟进中', 'salesqualifiedlead', 'sql', 'opportunity'],
    signed: ['签约', '已签约', '成交', '已成交', 'customer'],
    repeat: ['复购', '老客户', '复购客户', 'evangelist'],
    dormant: ['休眠', '沉睡'],
    lost: ['流失', '已流失'],
  },
  source: {
    referral: ['转介绍', '推荐', '介绍', '客户介绍', 'referrals'],
    conference: ['会议', '会销', '会议营销'],
    website: ['官网', '网站', '网络', '自然搜索', 'organicsearch', 'directtraffic'],
    cold_call: ['电话陌拜', '陌拜', '电销', '电话营销', '电话销售', 'coldcall', 'offlinesources'],
    exhibition: ['展会'],
    channel_partner: ['渠道', '渠道伙伴', '合作伙伴', 'channel', 'partner'],
    advertising: ['广告', 'ads', '百度推广', '网络推广', '搜索推广', '竞价', '信息流', 'paidsearch', 'paidsocial'],
    import: ['导入'],
    other: ['其他', '其它'],
  },
  gender: { male: ['男', 'm'], female: ['女', 'f'], other: ['其他', '其它'] },
  size: {
    '1-49': ['1-49', '1-49人', '50人以下'],
    '50-199': ['50-199', '50-199人'],
    '200-999': ['200-999', '200-999人'],
    '1000+': ['1000+', '1000人以上', '1000以上'],
  },
} as const;

type ChoiceField = keyof typeof CHOICE_LABELS;
type ChoiceValue<F extends ChoiceField> = keyof (typeof CHOICE_LABELS)[F] & string;

const choiceKey = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\s_]+/g, '')
    .toLowerCase();

const CHOICE_LOOKUP = Object.fromEntries(
  (Object.entries(CHOICE_LABELS) as [ChoiceField, Record<string, readonly string[]>][]).map(([field, values]) => [
    field,
    new Map(Object.entries(values).flatMap(([value, labels]) => [value, ...labels].map((label) => [choiceKey(label), value] as const))),
  ]),
) as Record<ChoiceField, Map<string, string>>;

const CHOICE_HINTS: Record<ChoiceField, string> = {
  kind: '企业/organization or 个人/person',
  tier: 'A, B or C',
  status: '线索/lead, 意向/intent, 签约/signed, 复购/repeat, 休眠/dormant, 流失/lost',
  source:
    '转介绍/referral, 会议/conference, 官网/website, 电话陌拜/cold_call, 展会/exhibition, 渠道/channel_partner, 广告/advertising, 其他/other',
  gender: '男/male, 女/female, 其他/other',
  size: '1-49, 50-199, 200-999, 1000+',
};

/** The value a label stands for, or null when it is not one of the field's choices. */
export function parseChoice<F extends ChoiceField>(field: F, text: string): ChoiceValue<F> | null {
  return (CHOICE_LOOKUP[field].get(choiceKey(text)) as ChoiceValue<F> | undefined) ?? null;
}

/** The label the export writes for a value (the value itself when it has none). */
export function choiceLabel<F extends ChoiceField>(field: F, value: string | null): string {
  if (value === null) return '';
  const labels = (CHOICE_LABELS[field] as Record<string, readonly string[]>)[value];
  return labels?.[0] ?? value;
}

const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Yuan → integer cents, exactly (no floating point): `1,234.5` → 123450, `¥8` → 800, `1.5万` → 1500000;
 * null when it is not an amount or has a fraction of a cent.
 */
export function parseYuanToCents(text: string): number | null {
  let s = text.normalize('NFKC').replace(/[\s,¥]|元|rmb|cny/gi, '');
  let centsPerUnit = 100n;
  if (s.endsWith('万')) {
    s = s.slice(0, -1);
    centsPerUnit = 1_000_000n;
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!match) return null;
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(match[1]!) * centsPerUnit * scale + BigInt(fraction || '0') * centsPerUnit;
  if (scaled % scale !== 0n) return null;
  const cents = scaled / scale;
  return cents > MAX_CENTS ? null : Number(cents);
}

/** Excel's day 0 (serial 1 = 1900-01-01, with Lotus's 29 Feb 1900 counted): 1899-12-30. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/**
 * An Excel serial date (`45292` = 2024-01-01, a fraction is the time of day), as a cell of a date
 * column holds it when the file was written without a date format (issue 22 item 4). Only in
 * 1900-01-01 … 9999-12-31. Returns the wall-clock `YYYY-MM-DD HH:MM:SS`.
 */
export function excelSerialToText(text: string): string | null {
  if (!/^\d{1,7}(\.\d+)?$/.test(text)) return null;
  const serial = Number(text);
  if (serial < 1 || serial > 2_958_465) return null;
  const at = new Date(EXCEL_EPOCH_MS + Math.round((serial * MS_PER_DAY) / 1000) * 1000);
  return `${at.getUTCFullYear()}-${pad2(at.getUTCMonth() + 1)}-${pad2(at.getUTCDate())} ${pad2(at.getUTCHours())}:${pad2(at.getUTCMinutes())}:${pad2(at.getUTCSeconds())}`;
}

/** A date and time of day as written (`2024-03-05 14:30`, `2024/3/5`, `2024年3月5日`, an Excel serial); null if not a real date. */
export function parseDateTime(text: string): { date: string; time: string } | null {
  const trimmed = text.normalize('NFKC').trim();
  const source = excelSerialToText(trimmed) ?? trimmed;
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(source);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const [hour, minute, second] = [Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { date: `${year}-${pad2(month)}-${pad2(day)}`, time: `${pad2(hour)}:${pad2(minute)}:${pad2(second)}` };
}

/** `2024-3-5`, `2024/03/05`, `2024.3.5`, `2024年3月5日`, an Excel serial (a time after it is ignored) → `2024-03-05`; null if not a real date. */
export function parseDate(text: string): string | null {
  return parseDateTime(text)?.date ?? null;
}

export function splitList(text: string): string[] {
  return text
    .split(/[,，;；、|]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

// ─── one row → one customer ────────────────────────────────────────────────────────────────────

export type ContactInput = z.infer<typeof contactInputSchema>;

export interface ConvertedRow {
  row: number;
  /** The customer to create (owner still to resolve), or null when the row is invalid. */
  customer: CustomerCreate | null;
  /** The primary contact first (联系人 columns), then those of the contacts cell. */
  contacts: ContactInput[];
  /** The owner as the file names it (after the value mapping): username, display name or employee number. */
  ownerUsername: string | null;
  /** The original creation time as written, company wall-clock `YYYY-MM-DD HH:MM:SS` (issue 22 item 4). */
  createdAt: string | null;
  errors: ImportError[];
}

/** Fields only an organisation has: one of them filled in (or a contact person) means 企业 when the type is blank. */
const ORGANIZATION_HINTS: ImportField[] = ['taxId', 'industry', 'size', 'annualPurchase', 'decisionChain', 'contactName'];

const TEXT_FIELDS = [
  'name',
  'phone',
  'email',
  'wechat',
  'address',
  'needs',
  'painPoints',
  'industry',
  'taxId',
  'decisionChain',
  'occupation',
  'notes',
] as const;

/**
 * Issue 22 item 6: a name that says it is an organisation (有限公司, 集团, Inc., Ltd …) is one, even
 * with every organisation column blank.
 */
const ORGANIZATION_NAME =
  /(公司|集团|企业|工厂|厂|研究院|研究所|事务所|合作社|中心|商行|商店|门店|学校|医院|协会|银行|酒店|餐厅|工作室)$|有限|股份|\b(inc|ltd|llc|llp|corp|co|gmbh|limited|corporation|company|group|holdings|plc|s\.?a|ag|bv)\b\.?$/i;

export function looksLikeOrganization(name: string): boolean {
  return ORGANIZATION_NAME.test(name.normalize('NFKC').trim());
}

/** `'+86…` → `+86…`: the guard a CSV export puts before a cell that starts like a formula (issue 22 item 9). */
export function stripFormulaGuard(text: string): string {
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

/**
 * Province, city and street in one address (issue 22 item 4), without repeating a part (上海市 as
 * province and city, or an address that already starts with its city). Chinese parts are joined
 * as written (浙江省杭州市文三路 90 号), others with commas.
 */
export function joinAddress(province: string, city: string, street: string): string {
  const parts: string[] = [];
  for (const part of [province, city, street]) {
    if (!part) continue;
    if (parts.some((earlier) => earlier === part)) continue;
    const last = parts[parts.length - 1];
    if (last && part.startsWith(last)) parts.pop();
    if (parts.length && parts.join('').length && street && part === street && street.startsWith(parts.join(''))) parts.length = 0;
    parts.push(part);
  }
  const chinese = parts.some((part) => /[\u4e00-\u9fff]/.test(part));
  return parts.join(chinese ? '' : ', ');
}

const short = (value: string) => (value.length > 200 ? `${value.slice(0, 200)}…` : value);

const PHONE_REASONS: Record<string, ImportReasonKey> = {
  'not a phone number': 'notPhone',
  'a mainland mobile number has 11 digits': 'mobileDigits',
  'a landline number has 7 or 8 digits after its area code': 'landlineDigits',
  'a landline number needs its area code (e.g. 0571-88886666)': 'landlineArea',
};

/** A zod issue as a reason a reader understands (the schema's own text is English-only and technical). */
function issueReason(issue: z.core.$ZodIssue): { key: ImportReasonKey; params?: MessageParams } {
  if (issue.code === 'too_big') return { key: issue.origin === 'array' ? 'tooMany' : 'tooLong', params: { max: Number(issue.maximum) } };
  if (issue.code === 'invalid_format' && issue.format === 'email') return { key: 'notEmail' };
  if (issue.code === 'invalid_format' && issue.message === 'not a phone number') return { key: 'notPhone' };
  return { key: 'invalid' };
}

/** The value the user mapped a file value to (issue 22 item 5): exact first, then ignoring case, width and spaces. */
export function mappedValue(mapping: Record<string, string> | undefined, text: string): string | undefined {
  if (!mapping) return undefined;
  if (mapping[text] !== undefined) return mapping[text];
  const key = choiceKey(text);
  for (const [from, to] of Object.entries(mapping)) if (choiceKey(from) === key) return to;
  return undefined;
}

/** The separators of the contacts cell: one contact per line, its parts split by `|`. */
const CONTACT_PARTS = ['name', 'title', 'phone', 'email', 'wechat', 'decisionRole'] as const;

/** `张三 | 经理 | 13800000000 | a@b.cn | zhangsan | decision_maker` per line → contacts (the export writes them so). */
export function parseContactsCell(text: string): { contacts: Record<(typeof CONTACT_PARTS)[number], string>[]; bad: number[] } {
  const contacts: Record<(typeof CONTACT_PARTS)[number], string>[] = [];
  const bad: number[] = [];
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .forEach((line, index) => {
      const parts = line.split('|').map((part) => part.trim());
      if (!parts[0] || parts.length > CONTACT_PARTS.length) bad.push(index + 1);
      else
        contacts.push(
          Object.fromEntries(CONTACT_PARTS.map((key, i) => [key, parts[i] ?? ''])) as Record<(typeof CONTACT_PARTS)[number], string>,
        );
    });
  return { contacts, bad };
}

export interface ConvertOptions {
  /** The user's value mapping: field → file value → our value. */
  valueMapping?: ImportValueMapping;
}

/**
 * Turns one row into a customer and its contacts, with every problem found in it. Values go through
 * the same zod schemas as the API (customerCreateSchema, contactInputSchema), so a row is valid
 * exactly when the same customer could be created by hand. The type, when blank, is 企业
 * (organization) if an organisation-only field or a contact person is filled in, else 个人 (person).
 * The source, when blank, is 导入 (import). A value the user mapped is read as what it maps to.
 */
export function convertRow(sheetRow: SheetRow, plan: MappingPlan, today: string, options: ConvertOptions = {}): ConvertedRow {
  const { row, cells } = sheetRow;
  const values = options.valueMapping ?? {};
  const errors: ImportError[] = [];
  const cell = (field: ImportField): string => {
    const at = plan.fields[field];
    return at ? stripFormulaGuard((cells[at.index] ?? '').trim()) : '';
  };
  const fail = (field: ImportField | null, key: ImportReasonKey, params: MessageParams = {}, value?: string) => {
    const at = field ? plan.fields[field] : undefined;
    errors.push({ row, column: at?.column ?? null, value: value ?? (field ? short(cell(field)) || null : null), ...reasonOf(key, params) });
  };
  const choice = <F extends ChoiceField>(field: F): ChoiceValue<F> | undefined => {
    const text = cell(field);
    if (!text) return undefined;
    const mapped = mappedValue(values[field], text);
    const value = parseChoice(field, mapped ?? text);
    if (value === null) fail(field, 'unknownValue', { value: short(text), expected: CHOICE_HINTS[field] });
    return value ?? undefined;
  };

  const input: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    const text = cell(field);
    if (text && field !== 'phone' && field !== 'address') input[field] = text;
  }
  if (input.industry) input.industry = mappedValue(values.industry, input.industry as string) ?? input.industry;
  if (!cell('name')) fail('name', 'nameRequired');

  // Issue 22 items 4 and 7: one normalised phone; a landline is the phone when there is no mobile
  // (with a mobile too, it goes to the contact when the contact has no phone, else into the address line).
  const phoneOf = (field: 'phone' | 'landline' | 'contactPhone'): string | null => {
    const text = cell(field);
    if (!text) return null;
    const normalized = normalizePhone(text);
    if ('error' in normalized) {
      fail(field, PHONE_REASONS[normalized.error] ?? 'notPhone');
      return null;
    }
    return normalized.phone;
  };
  const mobile = phoneOf('phone');
  const landline = phoneOf('landline');
  if (mobile || landline) input.phone = mobile ?? landline;
  const contactPhone = phoneOf('contactPhone');
  const landlineForContact = Boolean(mobile && landline && cell('contactName') && !cell('contactPhone'));
  const address = joinAddress(cell('province'), cell('city'), cell('address'));
  const addressLine = mobile && landline && !landlineForContact ? [address, `座机 ${landline}`].filter(Boolean).join(' ') : address;
  if (addressLine) input.address = addressLine;

  const kind = choice('kind');
  input.kind = kind ?? (ORGANIZATION_HINTS.some((field) => cell(field)) || looksLikeOrganization(cell('name')) ? 'organization' : 'person');
  for (const field of ['tier', 'status', 'gender', 'size'] as const) {
    const value = choice(field);
    if (value !== undefined) input[field] = value;
  }
  input.source = choice('source') ?? 'import';

  for (const field of ['tags', 'interests'] as const) {
    const text = cell(field);
    if (text) input[field] = splitList(text);
  }
  const money = cell('annualPurchase');
  if (money) {
    const cents = parseYuanToCents(money);
    if (cents === null) fail('annualPurchase', 'notAmount');
    else input.annualPurchaseCents = cents;
  }
  const birthday = cell('birthday');
  if (birthday) {
    const date = parseDate(birthday);
    if (date === null) fail('birthday', 'notDate');
    else if (date > today) fail('birthday', 'birthdayFuture');
    else input.birthday = date;
  }
  let createdAt: string | null = null;
  const created = cell('createdAt');
  if (created) {
    const at = parseDateTime(created);
    if (at === null) fail('createdAt', 'notDate');
    else if (at.date > today) fail('createdAt', 'createdFuture');
    else createdAt = `${at.date} ${at.time}`;
  }

  const failedFields = new Set(errors.map((e) => e.column));
  const landlineColumn = plan.fields.landline?.column;
  if (landlineColumn && failedFields.has(landlineColumn) && plan.fields.phone) failedFields.add(plan.fields.phone.column);
  const parsed = customerCreateSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const field = (key === 'annualPurchaseCents' ? 'annualPurchase' : key) as ImportField;
      const column = plan.fields[field]?.column ?? null;
      if (field === 'name' && !cell('name')) continue; // already reported as required
      if (column && failedFields.has(column)) continue;
      const reason = issueReason(issue);
      fail(plan.fields[field] ? field : null, reason.key, reason.params);
    }
  }

  const contacts: ContactInput[] = [];
  const contactName = cell('contactName');
  const contactFields = {
    title: cell('contactTitle'),
    phone: contactPhone ?? (landlineForContact ? landline! : ''),
    email: cell('contactEmail'),
  };
  const contactOf = (
    fields: { name: string; title: string; phone: string; email: string; wechat?: string; decisionRole?: string },
    primary: boolean,
    fieldOf: (key: string) => ImportField | null,
  ) => {
    const result = contactInputSchema.safeParse({
      name: fields.name,
      title: fields.title || null,
      phone: fields.phone || null,
      email: fields.email || null,
      wechat: fields.wechat || null,
      decisionRole: fields.decisionRole || null,
      isPrimary: primary,
    });
    if (result.success) contacts.push(result.data);
    else
      for (const issue of result.error.issues) {
        const reason = issueReason(issue);
        fail(fieldOf(String(issue.path[0] ?? '')), reason.key, reason.params);
      }
  };
  if (contactName) {
    contactOf(
      { name: contactName, ...contactFields },
      true,
      (key) =>
        (({ name: 'contactName', title: 'contactTitle', phone: 'contactPhone', email: 'contactEmail' }) as Record<string, ImportField>)[
          key
        ] ?? null,
    );
  } else if (contactFields.title || cell('contactPhone') || contactFields.email) {
    const field = contactFields.phone ? 'contactPhone' : contactFields.email ? 'contactEmail' : 'contactTitle';
    fail(field, 'contactNeedsName');
  }
  // Issue 22 item 9: every contact of a customer in one cell (our export writes it so).
  const list = cell('contacts');
  if (list) {
    const { contacts: listed, bad } = parseContactsCell(list);
    for (const index of bad) fail('contacts', 'contactsCell', { index });
    listed.forEach((entry) => {
      const normalized = entry.phone ? normalizePhone(entry.phone) : null;
      if (normalized && 'error' in normalized) {
        fail('contacts', PHONE_REASONS[normalized.error] ?? 'notPhone', {}, entry.phone);
        return;
      }
      contactOf({ ...entry, phone: normalized?.phone ?? '' }, !contactName && contacts.length === 0, () => 'contacts');
    });
  }

  const owner = cell('ownerUsername');
  const ownerUsername = owner ? (mappedValue(values.ownerUsername, owner) ?? owner) : null;
  if (errors.length || !parsed.success) return { row, customer: null, contacts: [], ownerUsername, createdAt, errors };
  return { row, customer: parsed.data, contacts, ownerUsername, createdAt, errors };
}

// ─── value mapping ─────────────────────────────────────────────────────────────────────────────

/** Whether a file value of a value-mapped field is understood without a mapping. */
export function knownValue(field: ValueMappedField, text: string): string | null {
  if (field === 'industry' || field === 'ownerUsername') return null;
  return parseChoice(field, text);
}
