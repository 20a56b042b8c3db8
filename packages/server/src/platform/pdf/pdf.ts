import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { create as openFont, type Font } from 'fontkit';

/**
 * Printable documents (quotes, sign-in sheets, statements, certificates, reports) in Chinese or English.
 * Chinese needs a CJK font: the app ships a Noto Sans SC subset (SIL OFL, ~8,000 characters: GB2312 and
 * more, Latin, full-width punctuation) so it prints on any machine; a text with a character outside the
 * subset uses the system's Noto Sans CJK (Debian fonts-noto-cjk) when it is installed.
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

/**
 * A new A4 document whose font 'body' covers every text given (pick the texts the document will print),
 * and a promise of its bytes once `doc.end()` is called.
 */
export function createPdf(
  texts: string[],
  info: { Title: string; Author: string },
  options: { layout?: 'portrait' | 'landscape'; margins?: { top: number; bottom: number; left: number; right: number } } = {},
): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const font = pickFont(texts);
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margins: options.margins ?? { top: 48, bottom: 56, left: 48, right: 48 },
    bufferPages: true,
    info,
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
  return { doc, done };
}
