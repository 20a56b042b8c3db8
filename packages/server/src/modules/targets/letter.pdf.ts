import type { Letter, LetterTerm } from '@xiaoguan/shared';
import { createPdf, formatYuan, type PdfLanguage } from '../../platform/pdf/pdf.js';

const LABELS = {
  'zh-CN': {
    title: (year: number) => `${year} 年度销售目标责任书`,
    parties: (company: string, name: string, unit: string) => `甲方：${company}    乙方：${name}（${unit}）`,
    body: (year: number) =>
      `为完成公司 ${year} 年度经营目标，经双方确认，乙方承担以下年度销售目标。目标按季度、月度分解考核；挑战目标为超额完成的激励基准。`,
    metric: '指标',
    target: '年度目标',
    stretch: '挑战目标',
    challenge: '冲刺目标',
    quarters: '季度分解',
    metrics: { bookings: '签约额', collections: '回款额', newCustomers: '新增客户' },
    line: (name: string) => `其中 产品线「${name}」`,
    customers: (n: number) => `${n.toLocaleString('zh-CN')} 家`,
    acknowledged: (at: string) => `乙方已于 ${at} 在系统中确认本责任书。`,
    pending: '乙方尚未在系统中确认本责任书。',
    changed: '目标在上次确认后有调整，需重新确认。',
    signA: '甲方（盖章）：',
    signB: '乙方（签字）：',
    date: '日期：',
    footer: (year: number, at: string) => `${year} 年度销售目标责任书 · 生成于 ${at}`,
    page: (n: number, of: number) => `第 ${n} 页 / 共 ${of} 页`,
  },
  'en-US': {
    title: (year: number) => `${year} Sales Target Responsibility Letter`,
    parties: (company: string, name: string, unit: string) => `Company: ${company}    Holder: ${name} (${unit})`,
    body: (year: number) =>
      `To meet the company's ${year} goals, both parties confirm that the holder takes on the annual sales targets below. The targets are reviewed by quarter and month; the challenge level is the basis for over-achievement rewards.`,
    metric: 'Metric',
    target: 'Annual target',
    stretch: 'Stretch',
    challenge: 'Challenge',
    quarters: 'By quarter',
    metrics: { bookings: 'Bookings', collections: 'Collections', newCustomers: 'New customers' },
    line: (name: string) => `of which product line: ${name}`,
    customers: (n: number) => `${n.toLocaleString('en-US')} customers`,
    acknowledged: (at: string) => `The holder acknowledged this letter in the app on ${at}.`,
    pending: 'The holder has not acknowledged this letter in the app yet.',
    changed: 'The targets changed since the last acknowledgement; it must be acknowledged again.',
    signA: 'For the company (seal):',
    signB: 'Holder (signature):',
    date: 'Date:',
    footer: (year: number, at: string) => `${year} Sales Target Responsibility Letter · generated ${at}`,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

/** A term's figure as printed: yuan for money, a count of customers for new customers. */
function figure(L: (typeof LABELS)[PdfLanguage], term: LetterTerm, value: number): string {
  return term.metric === 'newCustomers' ? L.customers(value) : formatYuan(value);
}

const quarterSums = (months: number[]) => [0, 1, 2, 3].map((q) => months.slice(q * 3, q * 3 + 3).reduce((a, b) => a + b, 0));

/**
 * The responsibility letter (责任书, issue 18 item 1) as a printable A4 page: the parties, every term of
 * the letter — each metric and each product line's bookings target with its levels and quarters —
 * whether it was acknowledged in the app, and lines for the signatures.
 */
export async function renderLetterPdf(
  letter: Letter,
  options: { language: PdfLanguage; generatedAt: string; acknowledgedAt: string | null },
): Promise<Buffer> {
  const L = LABELS[options.language];
  const unit = letter.unitName ?? '—';
  const rows = letter.terms.map((term) => ({
    label: term.productLineName ? L.line(term.productLineName) : L.metrics[term.metric],
    sub: Boolean(term.productLineName),
    target: figure(L, term, term.target),
    stretch: figure(L, term, term.stretch),
    challenge: figure(L, term, term.challenge),
    quarters: quarterSums(term.months)
      .map((value, q) => `Q${q + 1} ${figure(L, term, value)}`)
      .join('   '),
  }));
  const status = options.acknowledgedAt ? L.acknowledged(options.acknowledgedAt) : L.pending;
  const texts = [
    L.title(letter.year),
    L.parties(letter.companyName, letter.userName, unit),
    L.body(letter.year),
    status,
    L.changed,
    L.footer(letter.year, options.generatedAt),
    ...rows.flatMap((row) => [row.label, row.target, row.stretch, row.challenge, row.quarters]),
    L.metric + L.target + L.stretch + L.challenge + L.quarters + L.signA + L.signB + L.date + L.page(1, 1),
  ];
  const { doc, done } = createPdf(texts, { Title: L.title(letter.year), Author: letter.companyName });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fillColor('#111111').fontSize(18).text(L.title(letter.year), { align: 'center' });
  doc.moveDown(1.2);
  doc.fontSize(10.5).text(L.parties(letter.companyName, letter.userName, unit));
  doc.moveDown(0.6);
  doc.fontSize(10).fillColor('#333333').text(L.body(letter.year), { lineGap: 3 });
  doc.moveDown(1);

  // The terms: metric | annual target | stretch | challenge, the quarters under each row.
  const columns = [
    { title: L.metric, width: width * 0.4, align: 'left' as const },
    { title: L.target, width: width * 0.2, align: 'right' as const },
    { title: L.stretch, width: width * 0.2, align: 'right' as const },
    { title: L.challenge, width: width * 0.2, align: 'right' as const },
  ];
  const cells = (values: string[], y: number, size: number, color: string, indent = 0) => {
    let x = left;
    let height = 0;
    values.forEach((value, i) => {
      const column = columns[i]!;
      const shift = i === 0 ? indent : 0;
      doc.fontSize(size).fillColor(color);
      const options = { width: column.width - 8 - shift, align: column.align };
      doc.text(value, x + 4 + shift, y, options);
      height = Math.max(height, doc.heightOfString(value, options));
      x += column.width;
    });
    return height;
  };
  let y = doc.y;
  doc.rect(left, y, width, 20).fill('#eef2f7');
  cells(
    columns.map((c) => c.title),
    y + 5,
    9.5,
    '#1f3a5f',
  );
  y += 24;
  for (const row of rows) {
    // A product line's term sits indented under the all-lines bookings term it is part of.
    const indent = row.sub ? 14 : 0;
    const height = cells([row.label, row.target, row.stretch, row.challenge], y, row.sub ? 9.5 : 10.5, '#111111', indent);
    y += height + 2;
    doc
      .fontSize(8.5)
      .fillColor('#666666')
      .text(`${L.quarters}: ${row.quarters}`, left + 4 + indent, y, { width: width - 8 - indent });
    y = doc.y + 6;
    doc
      .moveTo(left, y - 3)
      .lineTo(left + width, y - 3)
      .lineWidth(0.5)
      .strokeColor('#d9d9d9')
      .stroke();
  }
  doc.x = left;
  doc.y = y + 10;
  doc
    .fontSize(10)
    .fillColor(options.acknowledgedAt ? '#237804' : '#ad6800')
    .text(status, left, doc.y, { width });
  if (letter.changedSinceAcknowledged) doc.fontSize(9.5).fillColor('#ad6800').text(L.changed, { width });
  doc.moveDown(3);
  const signY = doc.y;
  doc.fontSize(10.5).fillColor('#111111');
  doc.text(L.signA, left, signY, { width: width / 2 - 10 });
  doc.text(L.signB, left + width / 2 + 10, signY, { width: width / 2 - 10 });
  doc.moveDown(2.5);
  const dateY = doc.y;
  doc.text(L.date, left, dateY, { width: width / 2 - 10 });
  doc.text(L.date, left + width / 2 + 10, dateY, { width: width / 2 - 10 });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: lift the margin while writing it so no page is added.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footerY = doc.page.height - 40;
    doc.fontSize(8).fillColor('#888888');
    doc.text(L.footer(letter.year, options.generatedAt), left, footerY, { width: width * 0.7, lineBreak: false });
    doc.text(L.page(i - range.start + 1, range.count), left + width * 0.7, footerY, {
      width: width * 0.3,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
