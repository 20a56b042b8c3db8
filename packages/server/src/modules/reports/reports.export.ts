import type { ReportLanguage, ReportRow, ReportTotal, SalesReport } from '@xiaoguan/shared';
import { createPdf, formatYuan } from '../../platform/pdf/pdf.js';
import { reportLabels, rowLabel } from './reports.labels.js';
import { addReportSheet, COUNT_FORMAT, MONEY_FORMAT, PERCENT_FORMAT, reportWorkbook, workbookBuffer } from './reports.sheets.js';

/** Money figures are cents; these are shown in yuan. */
const isMoney = (metric: ReportTotal['metric']) => metric === 'bookings' || metric === 'collections';

export interface ExportOptions {
  language: ReportLanguage;
  companyName: string;
  timeZone: string;
}

export function generatedText(report: SalesReport, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(report.generatedAt));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export const rangeText = (report: SalesReport) => `${report.range.from} – ${report.range.to}`;

export function reportFileName(report: SalesReport, format: 'xlsx' | 'pdf', language: ReportLanguage): string {
  return `sales-${report.period}-${report.range.from}${language === 'en-US' ? '-en' : ''}.${format}`;
}

/**
 * The report as .xlsx (issue 18 item 4): a summary sheet and one sheet per section; numbers are
 * numbers (yuan as `#,##0.00`, changes and attainment as percentages), so the sheet sums and sorts.
 */
export async function reportXlsx(report: SalesReport, options: ExportOptions): Promise<Buffer> {
  const L = reportLabels(options.language);
  const book = reportWorkbook(options.companyName, new Date(report.generatedAt));
  const columns = [
    L.columns.name,
    L.columns.current,
    L.columns.previous,
    L.columns.mom,
    L.columns.lastYear,
    L.columns.yoy,
    L.columns.target,
    L.columns.attainment,
  ];
  const sheet = (name: string, rows: { name: string; money: boolean; row: Omit<ReportRow, 'key' | 'label' | 'link'> }[]) =>
    addReportSheet(book, {
      name,
      title: `${options.companyName} ${L.title[report.period]}`,
      info: [
        [L.period, rangeText(report)],
        [L.scope, report.scope.name],
        [L.generatedAt, generatedText(report, options.timeZone)],
      ],
      head: columns,
      rows: rows.map(({ name: label, money, row }) => {
        const scale = (value: number | null) => (value === null ? null : money ? value / 100 : value);
        const amount = money ? MONEY_FORMAT : COUNT_FORMAT;
        return {
          cells: [label, scale(row.current), scale(row.previous), row.mom, scale(row.lastYear), row.yoy, scale(row.target), row.attainment],
          formats: { 1: amount, 2: amount, 4: amount, 6: amount },
        };
      }),
      formats: { 3: PERCENT_FORMAT, 5: PERCENT_FORMAT, 7: PERCENT_FORMAT },
      widths: { first: 28, rest: 16 },
    });
  sheet(
    L.overview,
    report.totals.map((total) => ({ name: L.metric[total.metric], money: isMoney(total.metric), row: total })),
  );
  for (const section of report.sections) {
    sheet(
      L.section[section.key],
      section.rows.map((row) => ({ name: rowLabel(L, section.key, row.label), money: true, row })),
    );
  }
  return workbookBuffer(book);
}

const INK = '#1f2937';
const MUTED = '#6b7280';
const BARS = ['#1d4ed8', '#93c5fd', '#d1d5db'];

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/**
 * The report as PDF (zh-CN or en-US) through the platform's pdfkit document: a header with the
 * period and scope, the summary, and per section a bar chart (vector: this period, previous, last
 * year per row) and its table; page breaks where a block would not fit; every page's header and
 * footer carry the period and the generation time.
 */
export async function reportPdf(report: SalesReport, options: ExportOptions): Promise<Buffer> {
  const L = reportLabels(options.language);
  const title = `${options.companyName} ${L.title[report.period]}`;
  const generated = generatedText(report, options.timeZone);
  const rowsText = report.sections.flatMap((section) => section.rows.map((row) => rowLabel(L, section.key, row.label)));
  const texts = [
    title,
    report.scope.name,
    ...Object.values(L.metric),
    ...Object.values(L.section),
    ...Object.values(L.columns),
    L.none,
    L.chartNote,
    L.page(1, 1),
    L.period,
    L.scope,
    L.generatedAt,
    ...rowsText,
  ];
  const { doc, done } = createPdf(texts, { Title: `${title} ${rangeText(report)}`, Author: options.companyName });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };

  doc
    .fillColor(INK)
    .fontSize(18)
    .text(title, left, doc.page.margins.top + 8);
  doc.moveDown(0.3).fontSize(10).fillColor(MUTED);
  doc.text(`${L.period}: ${rangeText(report)}    ${L.scope}: ${report.scope.name}    ${L.generatedAt}: ${generated}`);
  doc.moveDown(0.8);

  const widths = [0.2, 0.135, 0.135, 0.08, 0.135, 0.08, 0.145, 0.09].map((share) => share * width);
  const tableRow = (cells: string[], bold = false) => {
    ensure(16);
    const y = doc.y;
    let x = left;
    doc.fontSize(8.5).fillColor(bold ? INK : '#374151');
    cells.forEach((cell, index) => {
      // One line per cell: a long name is cut with an ellipsis, never wrapped into the next row.
      doc.text(cell, x + 2, y, { width: widths[index]! - 4, height: 11, align: index === 0 ? 'left' : 'right', ellipsis: true });
      x += widths[index]!;
    });
    doc
      .moveTo(left, y + 13)
      .lineTo(left + width, y + 13)
      .lineWidth(0.3)
      .strokeColor('#e5e7eb')
      .stroke();
    doc.x = left;
    doc.y = y + 16;
  };
  const columns = [
    L.columns.name,
    L.columns.current,
    L.columns.previous,
    L.columns.mom,
    L.columns.lastYear,
    L.columns.yoy,
    L.columns.target,
    L.columns.attainment,
  ];
  const money = (value: number | null, yuan: boolean) => (value === null ? '—' : yuan ? formatYuan(value) : String(value));
  /** A section's title stays with at least `keep` points of what follows it. */
  const heading = (text: string, keep = 60) => {
    ensure(keep + 30);
    doc.moveDown(0.6).fontSize(13).fillColor(INK).text(text, left);
    doc.moveDown(0.3);
  };

  heading(L.overview);
  tableRow(columns, true);
  for (const total of report.totals) {
    const yuan = isMoney(total.metric);
    tableRow([
      L.metric[total.metric],
      money(total.current, yuan),
      money(total.previous, yuan),
      percent(total.mom),
      money(total.lastYear, yuan),
      percent(total.yoy),
      money(total.target, yuan),
      percent(total.attainment),
    ]);
  }

  for (const section of report.sections) {
    const shown = section.rows.slice(0, 12);
    const barBlock = 14;
    const chartHeight = shown.length * barBlock + 18;
    heading(L.section[section.key], chartHeight + 32);
    if (shown.length > 0) {
      const top = doc.y;
      const labelWidth = width * 0.26;
      const max = Math.max(1, ...shown.flatMap((row) => [row.current, row.previous, row.lastYear]));
      shown.forEach((row, index) => {
        const y = top + index * barBlock;
        doc
          .fontSize(7.5)
          .fillColor('#374151')
          .text(rowLabel(L, section.key, row.label), left, y + 2, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
        [row.current, row.previous, row.lastYear].forEach((value, bar) => {
          const length = Math.max(0, (value / max) * (width - labelWidth - 70));
          doc.rect(left + labelWidth, y + bar * 4, length, 3.5).fill(BARS[bar]!);
        });
        doc
          .fontSize(7)
          .fillColor(MUTED)
          .text(formatYuan(row.current), left + width - 66, y + 2, { width: 66, align: 'right', lineBreak: false });
      });
      doc
        .fontSize(7)
        .fillColor(MUTED)
        .text(L.chartNote, left, top + shown.length * barBlock + 4, { lineBreak: false });
      doc.x = left;
      doc.y = top + chartHeight;
    }
    tableRow(columns, true);
    for (const row of section.rows) {
      tableRow([
        rowLabel(L, section.key, row.label),
        formatYuan(row.current),
        formatYuan(row.previous),
        percent(row.mom),
        formatYuan(row.lastYear),
        percent(row.yoy),
        money(row.target, true),
        percent(row.attainment),
      ]);
    }
  }

  // Header and footer on every page: the period and the generation time (issue 18 item 4).
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(7.5).fillColor(MUTED);
    doc.text(`${title} · ${rangeText(report)} · ${report.scope.name}`, left, 24, { width, lineBreak: false });
    const footerY = doc.page.height - 36;
    doc.text(`${L.generatedAt}: ${generated}`, left, footerY, { width: width / 2, lineBreak: false });
    doc.text(L.page(i + 1, range.count), left + width / 2, footerY, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
