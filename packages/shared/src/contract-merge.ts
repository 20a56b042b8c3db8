/**
 * Contract templates (合同模板): merge fields and the Chinese upper-case amount (大写金额). Pure
 * functions, used by the server when it stores a contract and by the web app for a live preview.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACES = ['', '拾', '佰', '仟'] as const;
const GROUPS = ['', '万', '亿', '万亿'] as const;

/** 0–9999 in upper-case numerals; a zero between digits is written once (1005 → 壹仟零伍). */
function groupInWords(group: number): string {
  let words = '';
  let pendingZero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(group / 10 ** place) % 10;
    if (digit === 0) {
      pendingZero = words !== '';
      continue;
    }
    if (pendingZero) words += '零';
    pendingZero = false;
    words += DIGITS[digit]! + PLACES[place]!;
  }
  return words;
}

function integerInWords(value: number): string {
  if (value === 0) return '零';
  const groups: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
  let words = '';
  let gap = false;
  for (let index = groups.length - 1; index >= 0; index--) {
    const group = groups[index]!;
    if (group === 0) {
      gap = words !== '';
      continue;
    }
    // A zero where a group skipped or this group starts below a thousand: 壹万零伍, 壹亿零壹万.
    if (words !== '' && (gap || group < 1000)) words += '零';
    words += groupInWords(group) + GROUPS[index]!;
    gap = false;
  }
  return words;
}

/**
 * Integer cents as the upper-case amount written on Chinese contracts and cheques (大写金额):
 * 123456789 → 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分; whole yuan end in 整, so do amounts ending in 角.
 */
export function amountInWords(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('amount must be integer cents');
  if (cents < 0) return `负${amountInWords(-cents)}`;
  const yuan = Math.floor(cents / 100);
  const jiao = Math.floor((cents % 100) / 10);
  const fen = cents % 10;
  if (cents === 0) return '零元整';
  let words = yuan > 0 ? `${integerInWords(yuan)}元` : '';
  if (jiao === 0 && fen === 0) return `${words}整`;
  if (jiao > 0) {
    words += `${DIGITS[jiao]}角`;
    return fen > 0 ? `${words}${DIGITS[fen]}分` : `${words}整`;
  }
  return `${words}${yuan > 0 ? '零' : ''}${DIGITS[fen]}分`;
}

/** ¥1,234,567.89 from integer cents, without floating point. */
export function formatCny(cents: number): string {
  const negative = cents < 0;
  const absolute = Math.abs(cents);
  const yuan = Math.floor(absolute / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${yuan}.${String(absolute % 100).padStart(2, '0')}`;
}

/** The merge fields a template may use, written once. */
export const MERGE_FIELDS = [
  'customer.name',
  'customer.address',
  'customer.taxId',
  'contract.number',
  'contract.title',
  'contract.amount',
  'contract.amountInWords',
  'contract.signedOn',
  'contract.startsOn',
  'contract.endsOn',
  'owner.name',
  'seller.name',
  'seller.creditCode',
  'seller.address',
  'seller.bankName',
  'seller.bankAccount',
  'today',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export interface MergeValues {
  customer: { name: string; address: string | null; taxId: string | null };
  contract: { number: string; title: string; amountCents: number; signedOn: string | null; startsOn: string | null; endsOn: string | null };
  owner: { name: string | null };
  /**
   * The seller (乙方) from company settings; the server always fills it. Absent (a browser preview by
   * someone who cannot read the settings) → its placeholders stay as written, filled when stored.
   */
  seller?: { name: string; creditCode: string; address: string; bankName: string; bankAccount: string };
  /** The company-zone calendar date, YYYY-MM-DD. */
  today: string;
}

/** A date as 2026年3月5日; a missing one as blanks to fill by hand. */
export function chineseDate(date: string | null): string {
  if (!date) return '____年__月__日';
  const [year, month, dayOfMonth] = date.split('-').map(Number);
  return `${year}年${month}月${dayOfMonth}日`;
}

const FIELD_PATTERN = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

function valueOf(field: MergeField, values: MergeValues): string | null {
  switch (field) {
    case 'customer.name':
      return values.customer.name;
    case 'customer.address':
      return values.customer.address ?? '';
    case 'customer.taxId':
      return values.customer.taxId ?? '';
    case 'contract.number':
      return values.contract.number;
    case 'contract.title':
      return values.contract.title;
    case 'contract.amount':
      return `${formatCny(values.contract.amountCents)}（人民币${amountInWords(values.contract.amountCents)}）`;
    case 'contract.amountInWords':
      return `人民币${amountInWords(values.contract.amountCents)}`;
    case 'contract.signedOn':
      return chineseDate(values.contract.signedOn);
    case 'contract.startsOn':
      return chineseDate(values.contract.startsOn);
    case 'contract.endsOn':
      return chineseDate(values.contract.endsOn);
    case 'owner.name':
      return values.owner.name ?? '';
    case 'seller.name':
      return values.seller?.name ?? null;
    case 'seller.creditCode':
      return values.seller?.creditCode ?? null;
    case 'seller.address':
      return values.seller?.address ?? null;
    case 'seller.bankName':
      return values.seller?.bankName ?? null;
    case 'seller.bankAccount':
      return values.seller?.bankAccount ?? null;
    case 'today':
      return chineseDate(values.today);
  }
}

const isMergeField = (name: string): name is MergeField => (MERGE_FIELDS as readonly string[]).includes(name);

/** Fills `{{field}}` placeholders; unknown ones stay as written so nobody's text disappears. */
export function mergeTemplate(body: string, values: MergeValues): string {
  return body.replace(FIELD_PATTERN, (whole, name: string) => (isMergeField(name) ? (valueOf(name, values) ?? whole) : whole));
}

/** Placeholders in a body that are not merge fields (a template with one is refused). */
export function unknownMergeFields(body: string): string[] {
  return [...new Set([...body.matchAll(FIELD_PATTERN)].map((match) => match[1]!).filter((name) => !isMergeField(name)))];
}
