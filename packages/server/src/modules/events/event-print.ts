import QRCode from 'qrcode';
import { and, eq, sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { maskPhone } from '../../platform/access/masking.js';
import { createPdf, type PdfLanguage } from '../../platform/pdf/pdf.js';
import { getSettings } from '../../platform/settings/settings.js';
import { events } from './events.schema.js';
import { eventsAccess } from './events.access.js';
import { loadEvent } from './events.service.js';
import { formatInZone } from './zone-format.js';

/**
 * Printable sign-in sheet and badges of an event (issue 17 item 10, 001 现场组织): A4 PDFs through
 * platform/pdf (Chinese fonts). Both list the people expected at the door — invitations accepted,
 * confirmed or already checked in — with only what check-in needs (R-SEC-1): name, company, masked
 * phone, seat; a badge adds the check-in QR code (the invitation's token, nothing else).
 */
export type PrintKind = 'sign-in-sheet' | 'badges';

const LABELS = {
  'zh-CN': {
    sheet: '签 到 表',
    badges: '参会证',
    time: '时间',
    venue: '地点',
    columns: ['序', '姓名', '单位', '电话', '座位', '签名'],
    expected: (n: number) => `应到 ${n} 人`,
    seat: '座位',
    scan: '入场请出示二维码',
    page: (n: number, of: number) => `第 ${n} / ${of} 页`,
    none: '暂无应到人员',
  },
  'en-US': {
    sheet: 'SIGN-IN SHEET',
    badges: 'Badges',
    time: 'Time',
    venue: 'Venue',
    columns: ['#', 'Name', 'Company', 'Phone', 'Seat', 'Signature'],
    expected: (n: number) => `${n} expected`,
    seat: 'Seat',
    scan: 'Show this code at the door',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    none: 'Nobody expected yet',
  },
} as const;

type Attendee = { id: string; name: string; company: string | null; phone: string | null; seat: string | null; token: string };

/**
 * The event if the caller may print for it: its organisers (write or invite scope) print both; door
 * staff (check-in scope, doors open) print the sign-in sheet. Others who read the event: 403.
 */
async function printableEvent(ctx: Ctx, eventId: string, kind: PrintKind) {
  const row = await loadEvent(ctx, eventId);
  if (row.canWrite || row.canInvite) return row.e;
  if (kind === 'sign-in-sheet' && eventsAccess.can(ctx.actor, 'checkin')) {
    const [door] = await ctx.db
      .select({ id: events.id })
      .from(events)
      .where(
        and(
          eq(events.id, eventId),
          eventsAccess.where(ctx.actor, 'checkin', events.organiserId),
          sql`${events.status} in ('ready', 'running')`,
        ),
      );
    if (door) return row.e;
  }
  throw forbidden('printing an event’s sign-in sheet and badges is for its organisers and door staff');
}

async function expectedAttendees(ctx: Ctx, eventId: string): Promise<Attendee[]> {
  const rows = await ctx.db.execute<Attendee>(sql`
    select ei.id, c.name, case when c.kind = 'organization' then c.name else null end as company, c.phone, ei.seat, ei.qr_token as token
      from event_invitations ei join customers c on c.id = ei.customer_id
     where ei.event_id = ${eventId} and ei.status in ('accepted', 'confirmed', 'attended')
     order by c.name_key, c.name, ei.id`);
  return rows.rows;
}

/** Module grid of the token's QR code (error correction M, like the on-screen badge), drawn as squares. */
function drawQr(doc: PDFKit.PDFDocument, token: string, x: number, y: number, size: number) {
  const qr = QRCode.create(token, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / (count + 4);
  doc.save().fillColor('#000000');
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + 2) * cell, y + (r + 2) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

/** Renders and logs (R-SEC-1: names leave the system on paper) the event's sign-in sheet or badges. */
export async function renderEventPrint(
  ctx: Ctx,
  eventId: string,
  kind: PrintKind,
  language: PdfLanguage,
): Promise<{ pdf: Buffer; fileName: string }> {
  const event = await printableEvent(ctx, eventId, kind);
  const [settings, people] = await Promise.all([getSettings(ctx.db), expectedAttendees(ctx, eventId)]);
  const L = LABELS[language];
  const when = `${formatInZone(event.startsAt, settings.timeZone)} – ${formatInZone(event.endsAt, settings.timeZone, 'time')}`;
  const place = [event.venue, event.address].filter(Boolean).join(' ');
  const texts = [settings.companyName, event.theme, place, when, ...people.flatMap((p) => [p.name, p.company ?? '', p.seat ?? ''])];
  const { doc, done } = createPdf(texts, {
    Title: `${event.theme} ${kind === 'badges' ? L.badges : L.sheet}`,
    Author: settings.companyName,
  });
  if (kind === 'sign-in-sheet') drawSheet(doc, L, { theme: event.theme, when, place, company: settings.companyName }, people);
  else drawBadges(doc, L, { theme: event.theme, when, place, company: settings.companyName }, people);
  doc.end();
  const pdf = await done;
  await ctx.audit(ctx.db, {
    action: 'export',
    entity: 'events',
    entityId: eventId,
    summary: `${kind} PDF (${language}, ${people.length})`,
    summaryMessage: message(kind === 'badges' ? 'audit.messages.eventBadgesPdf' : 'audit.messages.eventSignInSheetPdf', {
      count: people.length,
    }),
  });
  const suffix = language === 'en-US' ? '-en' : '';
  return {
    pdf,
    fileName: `${event.theme}-${kind === 'badges' ? (language === 'en-US' ? 'badges' : '参会证') : language === 'en-US' ? 'sign-in' : '签到表'}${suffix}.pdf`,
  };
}

type Head = { theme: string; when: string; place: string; company: string };
type Labels = (typeof LABELS)[PdfLanguage];

function drawSheet(doc: PDFKit.PDFDocument, L: Labels, head: Head, people: Attendee[]) {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const widths = [28, 96, 120, 84, 50, width - 378];
  const rowHeight = 26;
  const header = () => {
    doc.fillColor('#1f1f1f').fontSize(11).text(head.company, left, 40, { width });
    doc.fontSize(18).text(L.sheet, left, 58, { width, align: 'center' });
    doc.fontSize(12).text(head.theme, left, 84, { width, align: 'center' });
    doc
      .fontSize(9)
      .fillColor('#6b6b6b')
      .text(`${L.time}：${head.when}    ${L.venue}：${head.place}    ${L.expected(people.length)}`, left, 104, { width, align: 'center' });
    let x = left;
    const y = 124;
    doc.rect(left, y, width, 20).fill('#f0f0f0');
    doc.fillColor('#1f1f1f').fontSize(9);
    L.columns.forEach((title, i) => {
      doc.text(title, x + 4, y + 6, { width: widths[i]! - 8, lineBreak: false });
      x += widths[i]!;
    });
    return y + 20;
  };
  let y = header();
  if (!people.length)
    doc
      .fontSize(10)
      .fillColor('#6b6b6b')
      .text(L.none, left, y + 12, { width, align: 'center' });
  people.forEach((p, index) => {
    if (y + rowHeight > bottom()) {
      doc.addPage();
      y = header();
    }
    const cells = [String(index + 1), p.name, p.company ?? '', maskPhone(p.phone) ?? '', p.seat ?? '', ''];
    let x = left;
    doc.fontSize(9.5).fillColor('#1f1f1f');
    cells.forEach((text, i) => {
      doc.text(text, x + 4, y + 8, { width: widths[i]! - 8, height: rowHeight - 8, ellipsis: true, lineBreak: false });
      x += widths[i]!;
    });
    doc
      .moveTo(left, y + rowHeight)
      .lineTo(left + width, y + rowHeight)
      .lineWidth(0.5)
      .strokeColor('#d0d0d0')
      .stroke();
    y += rowHeight;
  });
  pageNumbers(doc, L);
}

/** Eight badges per A4 page (2 × 4), each cut-out sized 90 × 180 mm-ish, with the QR code on the right. */
function drawBadges(doc: PDFKit.PDFDocument, L: Labels, head: Head, people: Attendee[]) {
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const height = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
  const cols = 2;
  const rows = 4;
  const w = width / cols;
  const h = height / rows;
  if (!people.length)
    doc
      .fontSize(10)
      .fillColor('#6b6b6b')
      .text(L.none, left, top + 12, { width, align: 'center' });
  people.forEach((p, index) => {
    const slot = index % (cols * rows);
    if (index > 0 && slot === 0) doc.addPage();
    const x = left + (slot % cols) * w;
    const y = top + Math.floor(slot / cols) * h;
    doc
      .roundedRect(x + 4, y + 4, w - 8, h - 8, 6)
      .lineWidth(0.8)
      .dash(3, { space: 3 })
      .strokeColor('#a0a0a0')
      .stroke()
      .undash();
    const qrSize = Math.min(h - 40, 110);
    const textWidth = w - qrSize - 32;
    doc
      .fillColor('#6b6b6b')
      .fontSize(8)
      .text(head.company, x + 14, y + 14, { width: textWidth, height: 12, ellipsis: true, lineBreak: false });
    doc
      .fillColor('#1f1f1f')
      .fontSize(9.5)
      .text(head.theme, x + 14, y + 28, { width: textWidth, height: 26, ellipsis: true });
    doc.fontSize(18).text(p.name, x + 14, y + 60, { width: textWidth, height: 24, ellipsis: true, lineBreak: false });
    if (p.company && p.company !== p.name)
      doc.fontSize(9).text(p.company, x + 14, y + 86, { width: textWidth, height: 12, ellipsis: true, lineBreak: false });
    doc
      .fontSize(8)
      .fillColor('#6b6b6b')
      .text(`${head.when}`, x + 14, y + h - 56, { width: textWidth, height: 11, ellipsis: true, lineBreak: false })
      .text(head.place, x + 14, y + h - 44, { width: textWidth, height: 11, ellipsis: true, lineBreak: false });
    if (p.seat)
      doc
        .fillColor('#1f1f1f')
        .fontSize(10)
        .text(`${L.seat} ${p.seat}`, x + 14, y + h - 30, { width: textWidth, lineBreak: false });
    drawQr(doc, p.token, x + w - qrSize - 14, y + 16, qrSize);
    doc
      .fontSize(7)
      .fillColor('#6b6b6b')
      .text(L.scan, x + w - qrSize - 14, y + 20 + qrSize, { width: qrSize, align: 'center', lineBreak: false });
  });
  pageNumbers(doc, L);
}

function pageNumbers(doc: PDFKit.PDFDocument, L: Labels) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#6b6b6b')
      .text(L.page(i + 1, range.count), doc.page.margins.left, doc.page.height - 36, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
}
