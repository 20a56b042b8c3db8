import { message } from '@xiaoguan/shared';
import { and, asc, desc, inArray, sql, type SQL } from 'drizzle-orm';
import type { Customer, CustomerExportQuery } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { outsideTransaction } from '../../platform/db/transactions.js';
import { refuseUnselectable } from '../../platform/export-selected.js';
import { datedFileName, streamExport, type Cell, type ExportColumn, type StreamedExport } from '../../platform/export.js';
import { getSettings } from '../../platform/settings/settings.js';
import { zoneOffsetMs } from '../../platform/time.js';
import { isInReportingLine, maskEmail, maskPhone } from '../../platform/access/index.js';
import { users } from '../org/index.js';
import { customerContacts, customers } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { customerFilters, presenter, queryCustomers, RFM_JOIN, SORTS } from './customers.service.js';
import { choiceLabel } from './import-parsing.js';

/** Refuses an export of ticked ids when one of them is outside `where` (another team's customer, a merged one). */
async function refuseOutside(ctx: Ctx, where: SQL, ids: string[]): Promise<void> {
  const found = await ctx.db.select({ id: customers.id }).from(customers).where(where);
  refuseUnselectable(ids, new Set(found.map((row) => row.id)), 'customers');
}

/** Rows fetched from the cursor per round trip. */
const PAGE_SIZE = 1000;

/** What a row's cells are made of besides the customer: its owner's username and its contacts (issue 22 item 9). */
export interface ExportExtras {
  ownerUsername: string | null;
  /** One line per contact, `name | title | phone | e-mail | WeChat | decision role`, the primary first (the import reads it back). */
  contacts: string;
}

interface CustomerColumn extends ExportColumn {
  key: string;
  value: (customer: Customer, time: (iso: string | null) => string, extras: ExportExtras) => Cell;
}

const yuan = (cents: number | null) => (cents === null ? null : cents / 100);

/**
 * The exported columns. One header row, `中文 (key)`: readable in Excel, and the import's mapping
 * suggestion recognises both parts, so an exported file imports back without mapping by hand
 * (owner, team and computed columns are left unmapped). Choices are written as their Chinese labels.
 */
export const EXPORT_COLUMNS: CustomerColumn[] = [
  { key: 'name', label: '客户名称', value: (c) => c.name },
  { key: 'kind', label: '类型', value: (c) => choiceLabel('kind', c.kind) },
  { key: 'tier', label: '等级', value: (c) => c.tier },
  { key: 'status', label: '状态', value: (c) => choiceLabel('status', c.status) },
  { key: 'source', label: '来源', value: (c) => choiceLabel('source', c.source) },
  { key: 'tags', label: '标签', value: (c) => c.tags.join(', ') },
  { key: 'phone', label: '手机', value: (c) => c.phone },
  { key: 'email', label: '邮箱', value: (c) => c.email },
  { key: 'wechat', label: '微信', value: (c) => c.wechat },
  { key: 'address', label: '地址', value: (c) => c.address },
  { key: 'industry', label: '行业', value: (c) => c.industry },
  { key: 'size', label: '规模', value: (c) => c.size },
  { key: 'annualPurchase', label: '年采购额（元）', value: (c) => yuan(c.annualPurchaseCents), money: true },
  { key: 'taxId', label: '税号', value: (c) => c.taxId },
  { key: 'decisionChain', label: '决策链', value: (c) => c.decisionChain },
  { key: 'gender', label: '性别', value: (c) => choiceLabel('gender', c.gender) },
  { key: 'birthday', label: '生日', value: (c) => c.birthday, date: 'date' },
  { key: 'occupation', label: '职业', value: (c) => c.occupation },
  { key: 'interests', label: '兴趣爱好', value: (c) => c.interests.join(', ') },
  { key: 'needs', label: '需求', value: (c) => c.needs },
  { key: 'painPoints', label: '痛点', value: (c) => c.painPoints },
  { key: 'notes', label: '备注', value: (c) => c.notes },
  { key: 'contacts', label: '联系人', value: (_c, _time, extras) => extras.contacts, width: 40 },
  // The username names the owner for the import (a display name may be shared); the name is for people.
  { key: 'ownerUsername', label: '负责人账号', value: (_c, _time, extras) => extras.ownerUsername },
  { key: 'ownerName', label: '负责人姓名', value: (c) => c.ownerName },
  { key: 'teamName', label: '团队', value: (c) => c.teamName },
  { key: 'segment', label: '客户分群', value: (c) => c.rfm.segment },
  { key: 'lastContactAt', label: '最近联系时间', value: (c, time) => time(c.lastContactAt), date: 'datetime' },
  { key: 'dueAt', label: '跟进截止时间', value: (c, time) => time(c.cadence.dueAt), date: 'datetime' },
  { key: 'createdAt', label: '创建时间', value: (c, time) => time(c.createdAt), date: 'datetime' },
];

export const exportHeader = () => EXPORT_COLUMNS.map((column) => `${column.label} (${column.key})`);

/** An instant as wall-clock `YYYY-MM-DD HH:MM` in the company zone (an Excel date in .xlsx exports). */
export function localTime(timeZone: string) {
  return (iso: string | null) => {
    if (!iso) return '';
    const instant = new Date(iso);
    return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 16).replace('T', ' ');
  };
}

export type CustomerExport = StreamedExport;

/** A contact as one line of the contacts cell; `|` and line breaks inside a value become spaces. */
export function contactLine(contact: {
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  decisionRole?: string | null;
}): string {
  const clean = (value: string | null) => (value ?? '').replace(/[|\r\n]+/g, ' ').trim();
  return [contact.name, contact.title, contact.phone, contact.email, contact.wechat, contact.decisionRole ?? null]
    .map(clean)
    .join(' | ')
    .replace(/( \| )+$/, '');
}

/** Owners' usernames and every contact of one page of customers (two queries per page). */
async function pageExtras(
  tx: Parameters<Parameters<typeof streamExport>[1]['rows']>[0],
  page: string[],
  rows: { customer: { id: string; ownerId: string | null } }[],
): Promise<(id: string, visible: boolean) => ExportExtras> {
  const ownerIds = [...new Set(rows.flatMap((row) => (row.customer.ownerId ? [row.customer.ownerId] : [])))];
  const owners = ownerIds.length
    ? await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, ownerIds))
    : [];
  const usernames = new Map(owners.map((owner) => [owner.id, owner.username]));
  const contacts = await tx
    .select()
    .from(customerContacts)
    .where(inArray(customerContacts.customerId, page))
    .orderBy(desc(customerContacts.isPrimary), asc(customerContacts.createdAt), asc(customerContacts.id));
  const byCustomer = new Map<string, (typeof contacts)[number][]>();
  for (const contact of contacts) byCustomer.set(contact.customerId, [...(byCustomer.get(contact.customerId) ?? []), contact]);
  const ownerOf = new Map(rows.map((row) => [row.customer.id, row.customer.ownerId]));
  return (id, visible) => ({
    ownerUsername: usernames.get(ownerOf.get(id) ?? '') ?? null,
    contacts: (byCustomer.get(id) ?? [])
      .map((contact) =>
        contactLine({
          ...contact,
          phone: visible ? contact.phone : maskPhone(contact.phone),
          email: visible ? contact.email : maskEmail(contact.email),
          wechat: visible ? contact.wechat : contact.wechat ? '***' : null,
        }),
      )
      .join('\n'),
  });
}

/**
 * Streams the customers the caller may read that match the list's filters, in the list's order,
 * as CSV or .xlsx, with contact details masked exactly as in the list (R-SEC-1). One repeatable-read
 * transaction: a cursor yields ids in order, each page is loaded and presented, so memory holds one
 * page. Needs customers.export (403 otherwise, before anything is read or logged); the export is
 * audited with its row count and filters before the first byte is sent.
 */
export async function exportCustomers(ctx: Ctx, query: CustomerExportQuery, only?: string[]): Promise<CustomerExport> {
  customersAccess.require(ctx.actor, 'export');
  const { format, sort, ...filters } = query;
  const where = and(
    ...customerFilters(ctx, filters),
    customersAccess.where(ctx.actor, 'export', customers.ownerId),
    ...(only ? [inArray(customers.id, only)] : []),
  );
  // "Export selected": every ticked customer must be one this export may hold, or nothing is exported.
  if (only) await refuseOutside(ctx, where!, only);
  const [present, platform] = await Promise.all([presenter(ctx), getSettings(ctx.db)]);
  const time = localTime(platform.timeZone);
  return streamExport(ctx.db, {
    format,
    fileName: datedFileName('客户导出', ctx.now, platform.timeZone),
    sheetName: '客户',
    columns: EXPORT_COLUMNS,
    header: exportHeader(),
    async count(tx) {
      const [{ total }] = (await tx.execute<{ total: number }>(sql`select count(*)::int as total from ${customers} where ${where}`))
        .rows as [{ total: number }];
      const applied = Object.fromEntries(Object.entries({ ...filters, sort }).filter(([, value]) => value !== undefined));
      // Committed before the first byte on its own connection: the export reads a read-only snapshot.
      await outsideTransaction(() =>
        ctx.audit(ctx.db, {
          action: 'export',
          entity: 'customers',
          summary: `${total} ${only ? 'selected ' : ''}customers exported as ${format}; filters ${JSON.stringify(applied)}`,
          summaryMessage: message('audit.messages.customersExported', { count: total, format }),
        }),
      );
      return total;
    },
    async rows(tx, write) {
      await tx.execute(sql`declare customer_export no scroll cursor for
        select ${customers.id} from ${customers} ${RFM_JOIN} where ${where} order by ${sql.join(SORTS[sort], sql`, `)}`);
      for (;;) {
        const page = (await tx.execute<{ id: string }>(sql`fetch ${sql.raw(String(PAGE_SIZE))} from customer_export`)).rows.map(
          (row) => row.id,
        );
        if (!page.length) return;
        const rows = await queryCustomers(ctx, inArray(customers.id, page), tx);
        const byId = new Map(rows.map((row) => [row.customer.id, row]));
        const extras = await pageExtras(tx, page, rows);
        for (const id of page) {
          const row = byId.get(id);
          if (!row) continue;
          // R-SEC-1: contacts are masked exactly as on the customer's contacts tab.
          const visible = isInReportingLine(ctx.actor, row.ownerLinePath);
          const extra = extras(id, visible);
          if (!(await write(EXPORT_COLUMNS.map((column) => column.value(present(row), time, extra))))) return;
        }
      }
    },
  });
}
