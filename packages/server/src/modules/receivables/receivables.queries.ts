import { sql, type SQL } from 'drizzle-orm';
import type { Installment, Invoice, Receipt, WriteOff } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { getSettings } from '../../platform/settings/settings.js';
import { agingBucket, companyToday, daysOverdue } from './aging.js';
import { receivablesAccess } from './receivables.access.js';
import { NOT_RECEIVABLE_CONTRACT_STATUSES, RECEIVABLE_CONTRACT_STATUSES } from './credit.js';

/** Shared SQL pieces and row → DTO presenters of the receivables module (raw SQL over aliased tables). */

/** `c.status in ('signed', 'executing', 'completed')`: contracts whose unpaid installments are receivables. */
export function receivableContractSql(status: SQL = sql`c.status`): SQL {
  return sql`${status} in (${sql.raw(RECEIVABLE_CONTRACT_STATUSES.map((s) => `'${s}'`).join(', '))})`;
}

/**
 * Installment `i` belongs to a receivable contract, written as "no non-receivable contract": the
 * planner hashes the few draft/in-approval/terminated contracts instead of every signed one.
 */
export function receivableInstallmentSql(): SQL {
  return sql`not exists (select 1 from contracts nc where nc.id = i.contract_id and nc.status in (${sql.raw(NOT_RECEIVABLE_CONTRACT_STATUSES.map((s) => `'${s}'`).join(', '))}))`;
}

/** Statuses in which a contract takes receipts and invoices: signed and after (terminated ones can still be paid what is owed). */
export const SIGNED_CONTRACT_STATUSES = [...RECEIVABLE_CONTRACT_STATUSES, 'terminated'] as const;

/** Today in the company zone (`YYYY-MM-DD`). */
export async function todayOf(ctx: { db: Executor; now: Date }): Promise<string> {
  return companyToday(ctx.now, (await getSettings(ctx.db)).timeZone);
}

/** Totals above this are reported as capped (counting every row of a huge list costs more than the page). */
export { COUNT_CAP, cappedCount } from '../../platform/db/capped-count.js';

// ——— installments ———

export type InstallmentRow = {
  id: string;
  contract_id: string;
  contract_number: string;
  contract_title: string;
  contract_status: string;
  customer_id: string;
  customer_name: string;
  owner_id: string;
  owner_name: string;
  seq: number;
  due_on: string;
  amount_cents: number;
  received_cents: number;
  written_off_cents: number;
  invoiced_cents: number;
  settled_on: string | null;
  warned_days: number;
  version: number;
  pending_write_off_cents: number;
  can_record: boolean;
  can_writeoff: boolean;
};

/** Installments with contract, customer, owner, pending write-off and the caller's abilities. */
export function installmentSelectSql(ctx: Ctx): SQL {
  return sql`
    select i.id, i.contract_id, c.number as contract_number, c.title as contract_title, c.status as contract_status,
           i.customer_id, cu.name as customer_name, i.owner_id, ou.display_name as owner_name,
           i.seq, i.due_on, i.amount_cents, i.received_cents, i.written_off_cents, i.invoiced_cents, i.settled_on, i.warned_days, i.version,
           coalesce((select sum(w.amount_cents) from write_offs w where w.installment_id = i.id and w.status = 'pending'), 0)::bigint as pending_write_off_cents,
           coalesce((${receivablesAccess.where(ctx.actor, 'record', sql`i.owner_id`)}), false) as can_record,
           coalesce((${receivablesAccess.where(ctx.actor, 'writeoff', sql`i.owner_id`)}), false) as can_writeoff
      from payment_installments i
      join contracts c on c.id = i.contract_id
      join customers cu on cu.id = i.customer_id
      join users ou on ou.id = i.owner_id`;
}

export function presentInstallment(row: InstallmentRow, today: string): Installment {
  const outstandingCents = row.amount_cents - row.received_cents - row.written_off_cents;
  const overdueDays = outstandingCents > 0 ? daysOverdue(row.due_on, today) : 0;
  const signed = (SIGNED_CONTRACT_STATUSES as readonly string[]).includes(row.contract_status);
  const pending = Number(row.pending_write_off_cents);
  return {
    id: row.id,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    contractTitle: row.contract_title,
    contractStatus: row.contract_status,
    customerId: row.customer_id,
    customerName: row.customer_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    seq: row.seq,
    dueOn: row.due_on,
    amountCents: row.amount_cents,
    receivedCents: row.received_cents,
    writtenOffCents: row.written_off_cents,
    invoicedCents: row.invoiced_cents,
    outstandingCents,
    pendingWriteOffCents: pending,
    settledOn: row.settled_on,
    daysOverdue: overdueDays,
    bucket: agingBucket(overdueDays),
    warnedDays: row.warned_days,
    version: row.version,
    abilities: {
      recordReceipt: row.can_record && signed && outstandingCents > 0,
      invoice: row.can_record && signed && row.invoiced_cents < row.amount_cents,
      writeOff: row.can_writeoff && signed && outstandingCents > 0 && pending === 0,
    },
  };
}

// ——— receipts ———

export type ReceiptRow = {
  id: string;
  contract_id: string;
  contract_number: string;
  installment_id: string;
  installment_seq: number;
  customer_id: string;
  customer_name: string;
  owner_id: string;
  owner_name: string;
  amount_cents: number;
  received_on: string;
  method: Receipt['method'];
  reference: string | null;
  idempotency_key: string;
  recorded_by_id: string;
  recorded_by_name: string;
  created_at: string;
};

/** Receipts with contract, installment, customer, owner (scope column `i.owner_id`) and recorder. */
export const RECEIPT_SELECT = sql`
    select r.id, r.contract_id, c.number as contract_number, r.installment_id, i.seq as installment_seq,
           r.customer_id, cu.name as customer_name, i.owner_id, ou.display_name as owner_name,
           r.amount_cents, r.received_on, r.method, r.reference, r.idempotency_key,
           r.recorded_by_id, rb.display_name as recorded_by_name, r.created_at`;
export const RECEIPT_FROM = sql`
      from receipts r
      join payment_installments i on i.id = r.installment_id
      join contracts c on c.id = r.contract_id
      join customers cu on cu.id = r.customer_id
      join users ou on ou.id = i.owner_id
      join users rb on rb.id = r.recorded_by_id`;

export function presentReceipt(row: ReceiptRow): Receipt {
  return {
    id: row.id,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    installmentId: row.installment_id,
    installmentSeq: row.installment_seq,
    customerId: row.customer_id,
    customerName: row.customer_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    amountCents: row.amount_cents,
    receivedOn: row.received_on,
    method: row.method,
    reference: row.reference,
    idempotencyKey: row.idempotency_key,
    recordedById: row.recorded_by_id,
    recordedByName: row.recorded_by_name,
    createdAt: iso(row.created_at)!,
  };
}

// ——— invoices and write-offs ———

export type InvoiceRow = {
  id: string;
  contract_id: string;
  contract_number: string;
  installment_id: string | null;
  installment_seq: number | null;
  number: string;
  issued_on: string;
  amount_cents: number;
  created_by_name: string | null;
  created_at: string;
};

export const INVOICE_SELECT = sql`
    select v.id, v.contract_id, c.number as contract_number, v.installment_id, i.seq as installment_seq, v.number, v.issued_on, v.amount_cents,
           cb.display_name as created_by_name, v.created_at
      from invoices v
      join contracts c on c.id = v.contract_id
      left join payment_installments i on i.id = v.installment_id
      left join users cb on cb.id = v.created_by_id`;

export function presentInvoice(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    installmentId: row.installment_id,
    installmentSeq: row.installment_seq,
    number: row.number,
    issuedOn: row.issued_on,
    amountCents: row.amount_cents,
    createdByName: row.created_by_name,
    createdAt: iso(row.created_at)!,
  };
}

export type WriteOffRow = {
  id: string;
  installment_id: string;
  installment_seq: number;
  contract_id: string;
  contract_number: string;
  customer_name: string;
  amount_cents: number;
  reason: string;
  status: WriteOff['status'];
  approval_request_id: string | null;
  requested_by_name: string;
  decided_at: string | null;
  created_at: string;
};

/** Write-offs with installment, contract, customer (scope column `i.owner_id`). */
export const WRITE_OFF_SELECT = sql`
    select w.id, w.installment_id, i.seq as installment_seq, w.contract_id, c.number as contract_number, cu.name as customer_name,
           w.amount_cents, w.reason, w.status, w.approval_request_id, rb.display_name as requested_by_name, w.decided_at, w.created_at
      from write_offs w
      join payment_installments i on i.id = w.installment_id
      join contracts c on c.id = w.contract_id
      join customers cu on cu.id = i.customer_id
      join users rb on rb.id = w.requested_by_id`;

export function presentWriteOff(row: WriteOffRow): WriteOff {
  return {
    id: row.id,
    installmentId: row.installment_id,
    installmentSeq: row.installment_seq,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    customerName: row.customer_name,
    amountCents: row.amount_cents,
    reason: row.reason,
    status: row.status,
    approvalRequestId: row.approval_request_id,
    requestedByName: row.requested_by_name,
    decidedAt: iso(row.decided_at),
    createdAt: iso(row.created_at)!,
  };
}

/** A PostgreSQL error code, whether the driver error came bare or wrapped by Drizzle. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } | null {
  if (!error || typeof error !== 'object') return null;
  const candidate = error as { code?: unknown; constraint?: string; cause?: unknown };
  if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate as { code: string; constraint?: string };
  return candidate.cause ? pgErrorOf(candidate.cause) : null;
}
