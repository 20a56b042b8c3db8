import { message, type CommissionStatement, type Honour } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { createPdf, formatYuan, type PdfLanguage } from '../../platform/pdf/pdf.js';
import { datedFileName, streamExport, type StreamedExport } from '../../platform/export.js';
import { outsideTransaction } from '../../platform/db/transactions.js';
import { getSettings } from '../../platform/settings/settings.js';
import { approvedStatements } from './commission.service.js';

/** The printable commission statement (提成单) and honour certificate (荣誉证书), and the payroll export. */
const LABELS = {
  'zh-CN': {
    statement: '销售提成单',
    person: '姓名',
    unit: '部门',
    period: '期间',
    plan: '提成方案',
    base: { collections: '提成基数（回款）', bookings: '提成基数（签约）' },
    target: '目标',
    attainment: '达成率',
    method: { marginal: '分段累进计提', whole: '全额按档计提' },
    tiers: ['档次', '计提基数', '比例', '提成'],
    gross: '提成合计',
    cap: '封顶',
    capped: '封顶后',
    clawback: '坏账扣回',
    total: '应发提成',
    deals: ['合同', '客户', '金额', '分成', '计入'],
    writeOff: '核销',
    status: { draft: '草稿', submitted: '审批中', approved: '已批准', rejected: '已驳回' },
    none: '—',
    certificate: '荣 誉 证 书',
    awarded: (name: string, period: string, award: string) =>
      `${name} 同志：\n\n在 ${period} 期间表现突出，荣获「${award}」称号，特发此证，以资鼓励。`,
    awards: { salesChampion: '销售冠军', newCustomers: '最佳新客户开发奖', customerService: '最佳客户服务奖', mostImproved: '最大进步奖' },
  },
  'en-US': {
    statement: 'Sales commission statement',
    person: 'Name',
    unit: 'Unit',
    period: 'Period',
    plan: 'Plan',
    base: { collections: 'Base (collections)', bookings: 'Base (bookings)' },
    target: 'Target',
    attainment: 'Attainment',
    method: { marginal: 'Marginal (each slice at its tier’s rate)', whole: 'Whole amount at the reached tier’s rate' },
    tiers: ['Tier', 'Base', 'Rate', 'Commission'],
    gross: 'Commission',
    cap: 'Cap',
    capped: 'After the cap',
    clawback: 'Clawback (written off)',
    total: 'Payable',
    deals: ['Contract', 'Customer', 'Amount', 'Share', 'Credited'],
    writeOff: 'written off',
    status: { draft: 'Draft', submitted: 'Pending approval', approved: 'Approved', rejected: 'Rejected' },
    none: '—',
    certificate: 'CERTIFICATE OF HONOUR',
    awarded: (name: string, period: string, award: string) => `${name}\n\nis awarded "${award}" for outstanding performance in ${period}.`,
    awards: {
      salesChampion: 'Sales champion',
      newCustomers: 'Best new-customer development',
      customerService: 'Best customer service',
      mostImproved: 'Most improved',
    },
  },
} as const;

const pct = (bp: number) => `${(bp / 100).toFixed(2)} %`;

export async function statementPdf(statement: CommissionStatement, language: PdfLanguage, companyName: string): Promise<Buffer> {
  const L = LABELS[language];
  const texts = [
    companyName,
    statement.userName,
    statement.orgUnitName ?? '',
    statement.planName,
    ...statement.lines.map((l) => `${l.contractNumber}${l.customerName}`),
    JSON.stringify(L),
  ];
  const { doc, done } = createPdf(texts, { Title: `${L.statement} ${statement.userName} ${statement.period}`, Author: companyName });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(10).fillColor('#555').text(companyName, left, 48, { width });
  doc.fontSize(18).fillColor('#000').text(L.statement, left, 64, { width, align: 'center' });
  doc.moveDown(0.8).fontSize(10);
  const field = (label: string, value: string) => doc.text(`${label}：${value}`, { width });
  field(L.person, statement.userName);
  field(L.unit, statement.orgUnitName ?? L.none);
  field(L.period, statement.period);
  field(L.plan, `${statement.planName} · ${L.method[statement.method]}`);
  field(L.base[statement.base], formatYuan(statement.baseCents));
  field(L.target, statement.targetCents === null ? L.none : formatYuan(statement.targetCents));
  field(L.attainment, statement.attainmentBp === null ? L.none : pct(statement.attainmentBp));
  doc.text(`${L.status[statement.status]}`, { width, align: 'right' });
  doc.moveDown(0.6);

  const table = (header: readonly string[], rows: string[][], widths: number[]) => {
    let y = doc.y;
    const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    doc.fontSize(9).fillColor('#555');
    header.forEach((h, i) => doc.text(h, xs[i]!, y, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right' }));
    y += 16;
    doc.fillColor('#000');
    for (const row of rows) {
      if (y > doc.page.height - 90) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      row.forEach((cell, i) => doc.text(cell, xs[i]!, y, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right', lineBreak: false }));
      y += 15;
    }
    doc.x = left;
    doc.y = y + 6;
  };
  table(
    L.tiers,
    statement.slices.map((s) => [String(s.tier + 1), formatYuan(s.baseCents), pct(s.rateBp), formatYuan(s.commissionCents)]),
    [width * 0.25, width * 0.25, width * 0.2, width * 0.3],
  );
  doc.fontSize(10);
  field(L.gross, formatYuan(statement.grossCents));
  if (statement.capCents !== null) field(`${L.capped}（${L.cap} ${formatYuan(statement.capCents)}）`, formatYuan(statement.cappedCents));
  field(L.clawback, statement.clawbackCents ? `−${formatYuan(statement.clawbackCents)}` : L.none);
  doc.fontSize(12).text(`${L.total}：${formatYuan(statement.totalCents)}`, { width });
  doc.moveDown(0.6);
  if (statement.lines.length) {
    table(
      L.deals,
      statement.lines.map((l) => [
        l.kind === 'writeOff' ? `${l.contractNumber} (${L.writeOff})` : l.contractNumber,
        l.customerName.slice(0, 18),
        formatYuan(l.amountCents),
        pct(l.shareBp),
        formatYuan(l.creditedCents),
      ]),
      [width * 0.24, width * 0.3, width * 0.16, width * 0.12, width * 0.18],
    );
  }
  doc.end();
  return done;
}

export async function certificatePdf(honour: Honour, language: PdfLanguage, companyName: string): Promise<Buffer> {
  const L = LABELS[language];
  const award = L.awards[honour.award];
  const body = L.awarded(honour.userName, honour.period, award);
  const { doc, done } = createPdf(
    [companyName, body, L.certificate],
    { Title: `${L.certificate} ${honour.userName}`, Author: companyName },
    { layout: 'landscape' },
  );
  const { width, height } = doc.page;
  doc
    .lineWidth(4)
    .strokeColor('#b8860b')
    .rect(28, 28, width - 56, height - 56)
    .stroke();
  doc
    .lineWidth(1)
    .rect(38, 38, width - 76, height - 76)
    .stroke();
  doc
    .fillColor('#8b0000')
    .fontSize(34)
    .text(L.certificate, 60, 110, { width: width - 120, align: 'center' });
  doc
    .fillColor('#000')
    .fontSize(16)
    .text(body, 120, 200, { width: width - 240, align: 'left', lineGap: 6 });
  doc.fontSize(12).text(companyName, 60, height - 150, { width: width - 140, align: 'right' });
  doc.text(honour.confirmedAt ? honour.confirmedAt.slice(0, 10) : honour.period, 60, height - 130, { width: width - 140, align: 'right' });
  doc.end();
  return done;
}

/** Approved statements of a month for payroll (xlsx), audited. */
export async function exportStatements(ctx: Ctx, period: string): Promise<StreamedExport> {
  const statements = await approvedStatements(ctx, period);
  const { timeZone } = await getSettings(ctx.db);
  return streamExport(ctx.db, {
    format: 'xlsx',
    fileName: datedFileName(`提成发放-${period}`, ctx.now, timeZone),
    sheetName: '提成发放',
    columns: [
      { label: '期间', width: 10 },
      { label: '姓名', width: 14 },
      { label: '部门', width: 18 },
      { label: '提成方案', width: 20 },
      { label: '提成基数（元）', money: true },
      { label: '达成率（%）' },
      { label: '提成（元）', money: true },
      { label: '坏账扣回（元）', money: true },
      { label: '应发提成（元）', money: true },
    ],
    async count() {
      await outsideTransaction(() =>
        ctx.audit(ctx.db, {
          action: 'export',
          entity: 'commission_statements',
          summary: `commission statements ${period}: ${statements.length} approved, as xlsx`,
          summaryMessage: message('audit.messages.commissionExported', { period, count: statements.length }),
        }),
      );
      return statements.length;
    },
    async rows(_tx, write) {
      for (const s of statements) {
        const cells = [
          s.period,
          s.userName,
          s.orgUnitName,
          s.planName,
          s.baseCents / 100,
          s.attainmentBp === null ? null : s.attainmentBp / 100,
          s.cappedCents / 100,
          s.clawbackCents / 100,
          s.totalCents / 100,
        ];
        if (!(await write(cells))) return;
      }
    },
  });
}

export async function companyName(ctx: Ctx): Promise<string> {
  return (await getSettings(ctx.db)).companyName;
}
