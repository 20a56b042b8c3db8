import { message } from '@xiaoguan/shared';
import { and, asc, inArray, sql, type SQL } from 'drizzle-orm';
import type { ContractExportQuery, ContractStatus } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { outsideTransaction } from '../../platform/db/transactions.js';
import { refuseUnselectable } from '../../platform/export-selected.js';
import { datedFileName, streamExport, type Cell, type ExportColumn, type StreamedExport } from '../../platform/export.js';
import { contracts } from './contracts.schema.js';
import { contractsAccess } from './contracts.access.js';
import { CONTRACT_ORDER, contractFilters } from './contracts.service.js';

const PAGE_SIZE = 500;

const STATUS_LABELS: Record<ContractStatus, string> = {
  draft: '草稿',
  in_approval: '审批中',
  signed: '已签订',
  executing: '执行中',
  completed: '已完成',
  terminated: '已终止',
};

type LedgerLine = {
  number: string;
  title: string;
  customer_name: string;
  owner_name: string | null;
  team_name: string | null;
  status: ContractStatus;
  amount_cents: number;
  received_cents: number;
  outstanding_cents: number;
  signed_on: string | null;
  starts_on: string | null;
  ends_on: string | null;
};

const yuan = (cents: number) => Number(cents) / 100;

/** The exported ledger columns (合同台账), Chinese headers; money in yuan as numbers. */
export const LEDGER_COLUMNS: (ExportColumn & { value: (line: LedgerLine) => Cell })[] = [
  { label: '合同编号', width: 18, value: (l) => l.number },
  { label: '合同名称', width: 30, value: (l) => l.title },
  { label: '客户', width: 30, value: (l) => l.customer_name },
  { label: '负责人', width: 10, value: (l) => l.owner_name },
  { label: '团队', width: 12, value: (l) => l.team_name },
  { label: '状态', width: 8, value: (l) => STATUS_LABELS[l.status] },
  { label: '合同金额（元）', width: 16, value: (l) => yuan(l.amount_cents), money: true },
  { label: '已回款（元）', width: 16, value: (l) => yuan(l.received_cents), money: true },
  { label: '未回款（元）', width: 16, value: (l) => yuan(l.outstanding_cents), money: true },
  { label: '签订日期', width: 12, value: (l) => l.signed_on },
  { label: '开始日期', width: 12, value: (l) => l.starts_on },
  { label: '到期日期', width: 12, value: (l) => l.ends_on },
];

export type LedgerExport = StreamedExport;

/**
 * Streams the filtered ledger the caller may export (contracts.export scope, inside the query), in
 * the ledger's order, with a totals row (合计) at the end. One repeatable-read transaction and a
 * cursor: memory holds one page. 403 before anything is read; audited with the count and filters.
 */
export async function exportLedger(ctx: Ctx, query: ContractExportQuery, only?: string[]): Promise<LedgerExport> {
  contractsAccess.require(ctx.actor, 'export');
  const { format, sort, ...filters } = query;
  const where = and(
    ...(await contractFilters(ctx, filters, 'read')),
    contractsAccess.where(ctx.actor, 'export', contracts.ownerId),
    ...(only ? [inArray(contracts.id, only)] : []),
  )!;
  // "Export selected": every ticked contract must be one this export may hold, or nothing is exported.
  if (only) {
    const found = await ctx.db.select({ id: contracts.id }).from(contracts).where(where);
    refuseUnselectable(only, new Set(found.map((row) => row.id)), 'contracts');
  }
  const orderBy = sql.join([...CONTRACT_ORDER[sort], asc(contracts.id)], sql`, `);
  let sums: { total: number; amount: number; received: number; outstanding: number } | undefined;
  return streamExport(ctx.db, {
    format,
    fileName: datedFileName('合同台账', ctx.now, (await getSettings(ctx.db)).timeZone),
    sheetName: '合同台账',
    columns: LEDGER_COLUMNS,
    async count(tx) {
      [sums] = (
        await tx.execute<{ total: number; amount: number; received: number; outstanding: number }>(sql`
          select count(*)::int as total, coalesce(sum(amount_cents), 0)::bigint as amount, coalesce(sum(received_cents), 0)::bigint as received,
                 coalesce(sum(outstanding_cents), 0)::bigint as outstanding
            from (${ledgerSelect(where)}) ledger`)
      ).rows;
      const applied = Object.fromEntries(Object.entries({ ...filters, sort }).filter(([, value]) => value !== undefined));
      // Committed before the first byte on its own connection: the export reads a read-only snapshot.
      await outsideTransaction(() =>
        ctx.audit(ctx.db, {
          action: 'export',
          entity: 'contracts',
          summary: `${sums!.total} ${only ? 'selected ' : ''}contracts exported as ${format}; filters ${JSON.stringify(applied)}`,
          summaryMessage: message('audit.messages.contractsExported', { count: sums!.total, format }),
        }),
      );
      return sums!.total;
    },
    async rows(tx, write) {
      await tx.execute(sql`declare contract_export no scroll cursor for ${ledgerSelect(where, orderBy)}`);
      for (;;) {
        const page = (await tx.execute<LedgerLine>(sql`fetch ${sql.raw(String(PAGE_SIZE))} from contract_export`)).rows;
        if (!page.length) break;
        for (const line of page) if (!(await write(LEDGER_COLUMNS.map((column) => column.value(line))))) return;
      }
      // 合计: the totals row, from the same snapshot.
      await write([
        '合计',
        `${sums!.total} 份`,
        null,
        null,
        null,
        null,
        yuan(sums!.amount),
        yuan(sums!.received),
        yuan(sums!.outstanding),
        null,
        null,
        null,
      ]);
    },
  });
}

/** The ledger's rows as one statement (the same columns as the page, plain values for the file). */
function ledgerSelect(where: SQL, orderBy?: SQL) {
  return sql`
    select contracts.number, contracts.title, customers.name as customer_name, owner_u.display_name as owner_name, team_u.name as team_name,
           contracts.status, contracts.amount_cents, plan.received as received_cents,
           case when contracts.status in ('signed', 'executing', 'completed') then greatest(contracts.amount_cents - plan.received - plan.written_off, 0) else 0 end as outstanding_cents,
           contracts.signed_on, contracts.starts_on, contracts.ends_on
      from contracts
      join customers on customers.id = contracts.customer_id
      left join users owner_u on owner_u.id = contracts.owner_id
      left join org_units team_u on team_u.id = contracts.team_id
      cross join lateral (select coalesce(sum(pi.received_cents), 0)::bigint as received, coalesce(sum(pi.written_off_cents), 0)::bigint as written_off
                            from payment_installments pi where pi.contract_id = contracts.id) plan
     where ${where}
     ${orderBy ? sql`order by ${orderBy}` : sql``}`;
}
