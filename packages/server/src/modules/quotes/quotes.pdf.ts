import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { create as openFont, type Font } from 'fontkit';
import type { Quote } from '@xiaoguan/shared';
import { calendarDay } from '../../platform/time.js';

/**
 * The printable quote (报价单) in Chinese or English, from one template. Chinese needs a CJK font:
 * the app ships a Noto Sans SC subset (SIL OFL, ~8,000 characters: GB2312 and more, Latin, full-width
 * punctuation) so it prints on any machine; a text with a character outside the subset uses the
 * system's Noto Sans CJK (Debian fonts-noto-cjk) when it is installed.
 */
export type PdfLanguage = 'zh-CN' | 'en-US';

const BUNDLED_FONT = fileURLToPath(new URL('../../../assets/fonts/NotoSansSC-Regular-subset.woff', import.meta.url));
const SYSTEM_FONTS: { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

/**
 * WOFF 1.0 → the plain TrueType/OpenType it wraps (each table inflated). fontkit reads WOFF, but
 * re-inflates tables as it lays out text — about 100× slower than the plain font — so the
 * shipped WOFF (half the size in the repository) is unwrapped once, in memory.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff;
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const original = woff.readUInt32BE(entry + 12);
    const raw = woff.subarray(offset, offset + compressed);
    tables.push({
      tag: woff.readUInt32BE(entry),
      checksum: woff.readUInt32BE(entry + 16),
      data: compressed < original ? zlib.inflateSync(raw) : raw,
    });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const headerSize = 12 + numTables * 16;
  const out = Buffer.alloc(tables.reduce((size, t) => size + ((t.data.length + 3) & ~3), headerSize));
  out.writeUInt32BE(woff.readUInt32BE(4), 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((table, i) => {
    out.writeUInt32BE(table.tag, 12 + i * 16);
    out.writeUInt32BE(table.checksum, 16 + i * 16);
    out.writeUInt32BE(offset, 20 + i * 16);
    out.writeUInt32BE(table.data.length, 24 + i * 16);
    table.data.copy(out, offset);
    offset += (table.data.length + 3) & ~3;
  });
  return out;
}

let bundled: { buffer: Buffer; font: Font } | null = null;
function bundledFont() {
  if (!bundled) {
    const buffer = woffToSfnt(fs.readFileSync(BUNDLED_FONT));
    bundled = { buffer, font: openFont(buffer) };
  }
  return bundled;
}

/** The bundled subset when it covers every character, else a system CJK font if there is one. */
export function pickFont(texts: string[]): { source: Buffer | string; family?: string; bundled: boolean } {
  const { buffer, font } = bundledFont();
  const covered = texts.every((text) => {
    for (const char of text) {
      const code = char.codePointAt(0)!;
      if (code > 0x20 && !font.hasGlyphForCodePoint(code)) return false;
    }
    return true;
  });
  if (!covered) {
    const system = SYSTEM_FONTS.find((candidate) => fs.existsSync(candidate.path));
    if (system) return { source: system.path, family: system.family, bundled: false };
  }
  return { source: buffer, bundled: true };
}

const LABELS = {
  'zh-CN': {
    title: '报 价 单',
    number: '报价单号',
    date: '报价日期',
    validUntil: '有效期至',
    revision: '版本',
    customer: '客户',
    subject: '项目',
    salesRep: '销售代表',
    priceList: '价目表',
    notApproved: '草稿 — 尚未批准，不得作为正式报价',
    status: {
      draft: '草稿',
      pending_approval: '审批中',
      approved: '已批准',
      rejected: '已驳回',
      sent: '已发送',
      accepted: '已接受',
      declined: '已拒绝',
      expired: '已过期',
    },
    columns: ['序', '编码', '产品 / 说明', '数量', '单价', '行折扣', '金额'],
    tier: (min: number) => `阶梯价（${min} 起）`,
    listPrice: '标价',
    listTotal: '标价合计',
    subtotal: '小计',
    totalDiscount: '整单折扣',
    total: '报价总额',
    inWords: '人民币大写',
    terms: '条款与说明',
    notes: '备注',
    page: (n: number, of: number) => `第 ${n} / ${of} 页`,
  },
  'en-US': {
    title: 'QUOTATION',
    number: 'Quote no.',
    date: 'Date',
    validUntil: 'Valid until',
    revision: 'Revision',
    customer: 'Customer',
    subject: 'Subject',
    salesRep: 'Sales rep',
    priceList: 'Price list',
    notApproved: 'DRAFT — not approved, not a binding offer',
    status: {
      draft: 'Draft',
      pending_approval: 'Pending approval',
      approved: 'Approved',
      rejected: 'Rejected',
      sent: 'Sent',
      accepted: 'Accepted',
      declined: 'Declined',
      expired: 'Expired',
    },
    columns: ['#', 'Code', 'Product / description', 'Qty', 'Unit price', 'Discount', 'Amount'],
    tier: (min: number) => `Volume price from ${min}`,
    listPrice: 'List',
    listTotal: 'List total',
    subtotal: 'Subtotal',
    totalDiscount: 'Discount on total',
    total: 'Total',
    inWords: 'In words (RMB)',
    terms: 'Terms and conditions',
    notes: 'Notes',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

/** ¥1,234,567.89 from integer cents, exactly (no floating point). */
export function formatYuan(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const yuan = Math.floor(abs / 100);
  return `${sign}¥${yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(abs % 100).padStart(2, '0')}`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '兆'];

/** The amount in Chinese capital numerals (人民币大写), as on Chinese invoices: 壹万贰仟叁佰肆拾伍元陆角柒分. */
export function rmbInWords(cents: number): string {
  if (cents === 0) return '零元整';
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const fen = abs % 10;
  let words = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
    let pendingZero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g]!;
      if (group === 0) {
        pendingZero = words.length > 0;
        continue;
      }
      if (words && (pendingZero || group < 1000)) words += '零';
      pendingZero = false;
      let groupWords = '';
      let zero = false;
      for (let i = 3; i >= 0; i--) {
        const digit = Math.floor(group / 10 ** i) % 10;
        if (digit === 0) {
          zero = groupWords.length > 0;
          continue;
        }
        if (zero) groupWords += '零';
        zero = false;
        groupWords += DIGITS[digit]! + SMALL_UNITS[i]!;
      }
      words += groupWords + BIG_UNITS[g]!;
    }
    words += '元';
  }
  if (jiao === 0 && fen === 0) words += '整';
  else {
    if (jiao > 0) words += DIGITS[jiao]! + '角';
    else if (yuan > 0) words += '零';
    if (fen > 0) words += DIGITS[fen]! + '分';
    else words += '整';
  }
  return (negative ? '负' : '') + words;
}

/** Renders the quote as a PDF document (A4, page numbers, header repeated on each page). */
export async function renderQuotePdf(
  quote: Quote,
  options: { language: PdfLanguage; companyName: string; timeZone: string },
): Promise<Buffer> {
  const L = LABELS[options.language];
  const en = options.language === 'en-US';
  const productName = (line: Quote['lines'][number]) => (en && line.productNameEn ? line.productNameEn : line.productName);
  const day = (iso: string) => new Date(calendarDay(new Date(iso), options.timeZone)).toISOString().slice(0, 10);
  const texts = [
    options.companyName,
    quote.title,
    quote.customerName,
    quote.ownerName ?? '',
    quote.priceListName ?? '',
    quote.notes ?? '',
    quote.terms ?? '',
    ...quote.lines.flatMap((l) => [productName(l), l.description ?? '', l.unit]),
  ];
  const font = pickFont(texts);

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 56, left: 48, right: 48 },
    bufferPages: true,
    info: { Title: `${quote.number} ${quote.title}`, Author: options.companyName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.family) doc.registerFont('body', font.source as string, font.family);
  else doc.registerFont('body', font.source);
  doc.font('body');

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ink = '#1f1f1f';
  const muted = '#6b6b6b';
  const rule = '#d0d0d0';

  // Header: company and document title.
  doc
    .fillColor(ink)
    .fontSize(15)
    .text(options.companyName, left, 48, { width: width * 0.6 });
  doc.fontSize(20).text(L.title, left, 44, { width, align: 'right' });
  doc
    .moveTo(left, 78)
    .lineTo(left + width, 78)
    .lineWidth(1.2)
    .strokeColor(ink)
    .stroke();

  // The document's facts, two columns.
  const facts: [string, string][] = [
    [L.number, quote.number],
    [L.date, day(quote.createdAt)],
    [L.customer, quote.customerName],
    [L.validUntil, quote.validUntil ?? '—'],
    [L.subject, quote.title],
    [L.revision, `${quote.revision} · ${L.status[quote.status]}`],
    [L.salesRep, quote.ownerName ?? '—'],
    [L.priceList, quote.priceListName ?? '—'],
  ];
  let y = 90;
  const half = width / 2;
  for (let i = 0; i < facts.length; i += 2) {
    let rowHeight = 0;
    for (const [col, [label, value]] of [facts[i]!, facts[i + 1]!].entries()) {
      const x = left + col * half;
      doc.fontSize(8.5).fillColor(muted).text(label, x, y, { width: 72 });
      doc
        .fontSize(9.5)
        .fillColor(ink)
        .text(value, x + 74, y - 0.5, { width: half - 84 });
      rowHeight = Math.max(
        rowHeight,
        doc.heightOfString(value, { width: half - 84 }),
        doc.fontSize(8.5).heightOfString(label, { width: 72 }),
      );
    }
    y += Math.max(rowHeight, 12) + 5;
  }

  const approvedForCustomer = quote.approvedContent && ['approved', 'sent', 'accepted'].includes(quote.status);
  if (!approvedForCustomer) {
    y += 2;
    doc.roundedRect(left, y, width, 20, 3).fillAndStroke('#fff1f0', '#ffa39e');
    doc
      .fillColor('#cf1322')
      .fontSize(9.5)
      .text(L.notApproved, left, y + 5.5, { width, align: 'center' });
    y += 28;
  }

  // Lines table.
  const columns = [
    { width: 24, align: 'left' as const },
    { width: 62, align: 'left' as const },
    { width: 151, align: 'left' as const },
    { width: 54, align: 'right' as const },
    { width: 74, align: 'right' as const },
    { width: 62, align: 'right' as const },
    { width: 72, align: 'right' as const },
  ];
  const pad = 4;
  const xs = columns.reduce<number[]>((acc, col, i) => [...acc, i === 0 ? left : acc[i - 1]! + columns[i - 1]!.width], []);
  const header = () => {
    doc.rect(left, y, width, 18).fill('#f2f4f7');
    doc.fillColor(ink).fontSize(8.5);
    L.columns.forEach((label, i) => doc.text(label, xs[i]! + pad, y + 5, { width: columns[i]!.width - pad * 2, align: columns[i]!.align }));
    y += 18;
  };
  y += 6;
  header();
  for (const line of quote.lines) {
    const name = productName(line);
    const detail = [
      line.description,
      line.tierMinQuantity ? L.tier(line.tierMinQuantity) : null,
      ...line.promotions.map((p) => `${p.name} −${formatYuan(p.discountCents)}`),
    ]
      .filter(Boolean)
      .join('\n');
    const nameWidth = columns[2]!.width - pad * 2;
    doc.fontSize(9);
    const nameHeight = doc.heightOfString(name, { width: nameWidth });
    doc.fontSize(7.5);
    const detailHeight = detail ? doc.heightOfString(detail, { width: nameWidth }) + 2 : 0;
    const listNote = line.unitPriceCents < line.listUnitCents ? `${L.listPrice} ${formatYuan(line.listUnitCents)}` : '';
    const rowHeight = Math.max(nameHeight + detailHeight, listNote ? 22 : 11) + 10;
    if (y + rowHeight > bottom() - 8) {
      doc.addPage();
      doc.font('body');
      y = doc.page.margins.top;
      header();
    }
    const top = y + 5;
    doc.fillColor(ink).fontSize(9);
    doc.text(String(line.lineNo), xs[0]! + pad, top, { width: columns[0]!.width - pad * 2 });
    doc.text(line.productCode, xs[1]! + pad, top, { width: columns[1]!.width - pad * 2 });
    doc.text(name, xs[2]! + pad, top, { width: nameWidth });
    if (detail)
      doc
        .fontSize(7.5)
        .fillColor(muted)
        .text(detail, xs[2]! + pad, top + nameHeight + 2, { width: nameWidth })
        .fontSize(9)
        .fillColor(ink);
    doc.text(`${line.quantity.toLocaleString('en-US')} ${line.unit}`, xs[3]! + pad, top, {
      width: columns[3]!.width - pad * 2,
      align: 'right',
    });
    doc.text(formatYuan(line.unitPriceCents), xs[4]! + pad, top, { width: columns[4]!.width - pad * 2, align: 'right' });
    if (listNote)
      doc
        .fontSize(7.5)
        .fillColor(muted)
        .text(listNote, xs[4]! + pad, top + 12, { width: columns[4]!.width - pad * 2, align: 'right' })
        .fontSize(9)
        .fillColor(ink);
    doc.text(line.lineDiscountCents ? `−${formatYuan(line.lineDiscountCents)}` : '—', xs[5]! + pad, top, {
      width: columns[5]!.width - pad * 2,
      align: 'right',
    });
    doc.text(formatYuan(line.lineTotalCents), xs[6]! + pad, top, { width: columns[6]!.width - pad * 2, align: 'right' });
    y += rowHeight;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
  }

  // Totals.
  const totals: [string, string, boolean][] = [
    [L.listTotal, formatYuan(quote.listTotalCents), false],
    [L.subtotal, formatYuan(quote.subtotalCents), false],
    ...(quote.totalDiscountCents
      ? ([[L.totalDiscount, `−${formatYuan(quote.totalDiscountCents)}`, false]] as [string, string, boolean][])
      : []),
    [L.total, formatYuan(quote.totalCents), true],
  ];
  if (y + totals.length * 18 + 40 > bottom()) {
    doc.addPage();
    doc.font('body');
    y = doc.page.margins.top;
  }
  y += 10;
  const labelX = left + width - 260;
  for (const [label, value, strong] of totals) {
    doc
      .fillColor(strong ? ink : muted)
      .fontSize(strong ? 11 : 9)
      .text(label, labelX, y, { width: 150, align: 'right' });
    doc
      .fillColor(ink)
      .fontSize(strong ? 12 : 9.5)
      .text(value, labelX + 160, y - (strong ? 1 : 0), { width: 100, align: 'right' });
    y += strong ? 20 : 15;
  }
  if (!en) {
    doc
      .fillColor(muted)
      .fontSize(8.5)
      .text(`${L.inWords}：${rmbInWords(quote.totalCents)}`, left, y, { width, align: 'right' });
    y += 16;
  }

  // Terms and notes flow on, across pages if they must.
  for (const [label, body] of [
    [L.terms, quote.terms],
    [L.notes, quote.notes],
  ] as const) {
    if (!body) continue;
    y += 8;
    if (y + 40 > bottom()) {
      doc.addPage();
      doc.font('body');
      y = doc.page.margins.top;
    }
    doc.fillColor(ink).fontSize(10).text(label, left, y);
    doc
      .fontSize(9)
      .fillColor('#333333')
      .text(body, left, y + 15, { width, lineGap: 2 });
    y = doc.y + 4;
  }

  // Page numbers and the quote number on every page.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin: lift the margin while writing it so no page is added.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footerY = doc.page.height - 40;
    doc.font('body').fontSize(7.5).fillColor(muted);
    doc.text(`${quote.number} · ${options.companyName}`, left, footerY, { width: width / 2, lineBreak: false });
    doc.text(L.page(i + 1, range.count), left + width / 2, footerY, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
