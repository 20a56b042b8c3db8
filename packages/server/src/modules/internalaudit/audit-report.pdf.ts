import type { AuditPlan } from '@xiaoguan/shared';
import { createPdf, formatYuan, type PdfLanguage } from '../../platform/pdf/pdf.js';

const LABELS = {
  'zh-CN': {
    title: '内部审计报告',
    scope: '审计范围',
    process: { discounts: '折扣审批', expenses: '费用报销', contracts: '合同管理', receivables: '应收账款', other: '其他' },
    status: { planned: '计划中', fieldwork: '现场审计', reporting: '报告中', closed: '已结束' },
    severity: { low: '低', medium: '中', high: '高', critical: '严重' },
    findingStatus: { open: '待整改', rectifying: '整改中', verifying: '待验证', closed: '已关闭' },
    rectStatus: { open: '未提交', submitted: '待验证', accepted: '已验证', rejected: '退回' },
    period: '期间',
    region: '区域',
    company: '全公司',
    auditor: '审计员',
    checklist: '检查清单',
    samples: '抽样记录',
    findings: '审计发现',
    none: '无',
    unit: '责任单位',
    responsible: '负责人',
    tasks: '整改任务',
    deadline: '截止',
    figures: { owner: '销售', claimant: '报销人', status: '状态', totalCents: '金额', discountCents: '折扣额', discountBp: '折扣率' },
    recordStatus: {
      sent: '已发送',
      accepted: '已接受',
      approved: '已批准',
      declined: '已拒绝',
      expired: '已过期',
      pending_approval: '审批中',
      rejected: '已驳回',
      submitted: '审核中',
      returned: '退回修改',
      paid: '已付款',
    },
    separator: '，',
    page: (n: number, of: number) => `第 ${n} 页 / 共 ${of} 页`,
  },
  'en-US': {
    title: 'Internal audit report',
    scope: 'Scope',
    process: {
      discounts: 'Discount approvals',
      expenses: 'Expense claims',
      contracts: 'Contracts',
      receivables: 'Receivables',
      other: 'Other',
    },
    status: { planned: 'Planned', fieldwork: 'Fieldwork', reporting: 'Reporting', closed: 'Closed' },
    severity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
    findingStatus: { open: 'Open', rectifying: 'Rectifying', verifying: 'Verifying', closed: 'Closed' },
    rectStatus: { open: 'Open', submitted: 'Submitted', accepted: 'Accepted', rejected: 'Sent back' },
    period: 'Period',
    region: 'Region',
    company: 'Whole company',
    auditor: 'Auditor',
    checklist: 'Checklist',
    samples: 'Samples',
    findings: 'Findings',
    none: 'None',
    unit: 'Responsible unit',
    responsible: 'Responsible',
    tasks: 'Rectification tasks',
    deadline: 'due',
    figures: {
      owner: 'Rep',
      claimant: 'Claimant',
      status: 'Status',
      totalCents: 'Amount',
      discountCents: 'Discount',
      discountBp: 'Discount rate',
    },
    recordStatus: {
      sent: 'Sent',
      accepted: 'Accepted',
      approved: 'Approved',
      declined: 'Declined',
      expired: 'Expired',
      pending_approval: 'In approval',
      rejected: 'Rejected',
      submitted: 'In review',
      returned: 'Returned',
      paid: 'Paid',
    },
    separator: ', ',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

const figureLabel = (labels: Record<string, string>, key: string) => labels[key] ?? key;

/** A sampled record's figure in words: money in yuan, basis points as a percent, the record's status by name. */
function figureText(statuses: Record<string, string>, key: string, value: string | number | null): string {
  if (value === null) return '—';
  if (key.endsWith('Cents') && typeof value === 'number') return formatYuan(value);
  if (key.endsWith('Bp') && typeof value === 'number') return `${(value / 100).toFixed(2)}%`;
  if (key === 'status') return statuses[String(value)] ?? String(value);
  return String(value);
}

/** The audit report (issue 21 item 9): scope, checklist, samples, findings with their rectification and verification. */
export async function renderAuditReport(plan: AuditPlan, options: { language: PdfLanguage; companyName: string }): Promise<Buffer> {
  const L = LABELS[options.language];
  const lines: { text: string; size: number; color?: string; gap?: number }[] = [];
  const add = (text: string, size = 9.5, color = '#222222', gap = 3) => lines.push({ text, size, color, gap });
  add(`${L.scope}`, 12, '#1f3a5f', 6);
  add(`${L.process[plan.process]} · ${L.period} ${plan.periodFrom} – ${plan.periodTo} · ${L.region} ${plan.regionName ?? L.company}`);
  add(`${L.auditor} ${plan.auditorName} · ${L.status[plan.status]}`, 9.5, '#222222', 10);
  add(L.checklist, 12, '#1f3a5f', 6);
  if (!plan.checklist.length) add(L.none);
  for (const item of plan.checklist) add(`${item.done ? '☑' : '☐'} ${item.text}`);
  lines[lines.length - 1]!.gap = 10;
  add(`${L.samples} (${plan.samples.length})`, 12, '#1f3a5f', 6);
  if (!plan.samples.length) add(L.none);
  for (const s of plan.samples.slice(0, 60)) {
    const figures = Object.entries(s.figures)
      .map(([key, value]) => `${figureLabel(L.figures, key)} ${figureText(L.recordStatus, key, value)}`)
      .join(L.separator);
    add(`${s.label} — ${figures}`, 8.5, '#444444', 2);
  }
  lines[lines.length - 1]!.gap = 10;
  add(`${L.findings} (${plan.findings.length})`, 12, '#1f3a5f', 6);
  if (!plan.findings.length) add(L.none);
  plan.findings.forEach((f, i) => {
    add(`${i + 1}. [${L.severity[f.severity]}] ${f.title} — ${L.findingStatus[f.status]}`, 10.5, '#111111', 3);
    add(`${L.unit} ${f.unitName} · ${L.responsible} ${f.responsibleName}`, 9, '#444444', 2);
    if (f.description) add(f.description, 9, '#333333', 3);
    for (const e of f.evidence) add(`· ${e.label} ${e.url}`, 8.5, '#555555', 2);
    if (f.rectifications.length) add(L.tasks, 9.5, '#1f3a5f', 2);
    for (const r of f.rectifications)
      add(
        `· ${r.title} — ${r.ownerName}, ${L.deadline} ${r.deadline.slice(0, 10)}, ${L.rectStatus[r.status]}${r.note ? ` — ${r.note}` : ''}${r.verificationNote ? ` (${r.verificationNote})` : ''}`,
        8.5,
        '#333333',
        2,
      );
    if (f.closeNote) add(f.closeNote, 8.5, '#333333', 2);
    lines[lines.length - 1]!.gap = 8;
  });
  const texts = [L.title, plan.title, options.companyName, ...lines.map((l) => l.text), L.page(1, 1)];
  const { doc, done } = createPdf(texts, { Title: `${L.title} ${plan.title}`, Author: options.companyName });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.font('body');
  doc.fontSize(18).fillColor('#1f3a5f').text(L.title, left, 48, { width });
  doc
    .fontSize(12)
    .fillColor('#111111')
    .text(plan.title, left, doc.y + 4, { width });
  doc.moveDown(1);
  for (const line of lines) {
    doc
      .fontSize(line.size)
      .fillColor(line.color ?? '#222222')
      .text(line.text, left, doc.y, { width, lineGap: 1 });
    doc.y += line.gap ?? 3;
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footerY = doc.page.height - 40;
    doc.font('body').fontSize(7.5).fillColor('#888888');
    doc.text(`${plan.title} · ${options.companyName}`, left, footerY, { width: width / 2, lineBreak: false });
    doc.text(L.page(i + 1, range.count), left + width / 2, footerY, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
