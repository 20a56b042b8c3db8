import { createPdf, formatYuan, rmbInWords, type PdfLanguage } from '../../platform/pdf/pdf.js';
import { productNameIn, type Quote } from '@xiaoguan/shared';
import { calendarDay } from '../../platform/time.js';

/** The printable quote (报价单) in Chinese or English, from one template. */
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

/** Renders the quote as a PDF document (A4, page numbers, header repeated on each page). */
export async function renderQuotePdf(
  quote: Quote,
  options: { language: PdfLanguage; companyName: string; timeZone: string },
): Promise<Buffer> {
  const L = LABELS[options.language];
  const en = options.language === 'en-US';
  const productName = (line: Quote['lines'][number]) => productNameIn(options.language, line.productName, line.productNameEn);
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
  const { doc, done } = createPdf(texts, { Title: `${quote.number} ${quote.title}`, Author: options.companyName });

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
