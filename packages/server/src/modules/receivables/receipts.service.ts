import { message } from '@xiaoguan/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { ContractReceivables, Installment, Invoice, InvoiceInput, Receipt, ReceiptInput, ReceiptQuery } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { receivablesAccess } from './receivables.access.js';
import {
  cappedCount,
  INVOICE_SELECT,
  installmentSelectSql,
  pgErrorOf,
  presentInstallment,
  presentInvoice,
  presentReceipt,
  presentWriteOff,
  RECEIPT_FROM,
  RECEIPT_SELECT,
  SIGNED_CONTRACT_STATUSES,
  todayOf,
  WRITE_OFF_SELECT,
  type InstallmentRow,
  type InvoiceRow,
  type ReceiptRow,
  type WriteOffRow,
} from './receivables.queries.js';

const signedList = sql.raw(SIGNED_CONTRACT_STATUSES.map((s) => `'${s}'`).join(', '));

// ——— installments ———

/** A page of installments in the caller's read scope: by contract number / customer name, contract, customer, open only. */
export async function listInstallments(
  ctx: Ctx,
  query: { q?: string; contractId?: string; customerId?: string; open?: boolean; page: number; pageSize: number },
) {
  receivablesAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`)];
  if (query.contractId) filters.push(sql`i.contract_id = ${query.contractId}`);
  if (query.customerId) filters.push(sql`i.customer_id = ${query.customerId}`);
  if (query.open) filters.push(sql`i.settled_on is null and c.status in (${signedList})`);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(sql`(c.number ilike ${pattern} or cu.name ilike ${pattern})`);
  }
  const where = sql.join(filters, sql` and `);
  const [rows, counted, today] = await Promise.all([
    ctx.db.execute<InstallmentRow>(
      sql`/* no-prepare */ ${installmentSelectSql(ctx)} where ${where} order by i.due_on, c.number, i.seq limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
    ),
    cappedCount(
      ctx.db,
      sql`from payment_installments i join contracts c on c.id = i.contract_id join customers cu on cu.id = i.customer_id where ${where}`,
    ),
    todayOf(ctx),
  ]);
  return { items: rows.rows.map((row) => presentInstallment(row, today)), ...counted, page: query.page, pageSize: query.pageSize };
}

async function loadInstallments(ctx: Ctx, executor: Executor, where: SQL): Promise<Installment[]> {
  const [rows, today] = await Promise.all([
    executor.execute<InstallmentRow>(sql`${installmentSelectSql(ctx)} where ${where} order by i.seq`),
    todayOf(ctx),
  ]);
  return rows.rows.map((row) => presentInstallment(row, today));
}

// ——— receipts (回款) ———

export async function getReceipt(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Receipt> {
  receivablesAccess.require(ctx.actor, 'read');
  const result = await executor.execute<ReceiptRow>(
    sql`${RECEIPT_SELECT} ${RECEIPT_FROM} where r.id = ${id} and ${receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`)}`,
  );
  if (!result.rows[0]) throw notFound('receipt');
  return presentReceipt(result.rows[0]);
}

async function receiptByKey(executor: Executor, key: string): Promise<ReceiptRow | null> {
  const result = await executor.execute<ReceiptRow>(sql`${RECEIPT_SELECT} ${RECEIPT_FROM} where r.idempotency_key = ${key}`);
  return result.rows[0] ?? null;
}

/** A resubmission with a known key: the same receipt again when the body matches, 409 when it does not. */
function replay(row: ReceiptRow, input: ReceiptInput): Receipt {
  const same =
    row.installment_id === input.installmentId &&
    row.amount_cents === input.amountCents &&
    row.received_on === input.receivedOn &&
    row.method === input.method &&
    (row.reference ?? null) === (input.reference ?? null);
  if (!same) {
    throw new AppError('conflict', 'this idempotency key was already used for a different receipt; reload the form', {
      field: 'body.idempotencyKey',
    });
  }
  return presentReceipt(row);
}

/**
 * Records a receipt against an installment, exactly once per idempotency key: a resubmission with the
 * same key and body returns the first receipt (`created: false`), a different body under the key is a
 * 409. The installment row is locked (FOR UPDATE) while the amount is checked against what is still
 * outstanding (422 AR-OVERPAY naming `body.amountCents`), `received_cents` grows and the receipt is
 * inserted — so concurrent receipts on one installment never over-collect or get lost. Audited.
 */
export async function recordReceipt(ctx: Ctx, input: ReceiptInput): Promise<{ receipt: Receipt; created: boolean }> {
  receivablesAccess.require(ctx.actor, 'record');
  const known = await receiptByKey(ctx.db, input.idempotencyKey);
  if (known) return { receipt: replay(known, input), created: false };
  try {
    return await ctx.db.transaction(async (tx) => {
      const locked = await tx.execute<{
        id: string;
        contract_id: string;
        customer_id: string;
        amount_cents: number;
        received_cents: number;
        written_off_cents: number;
        contract_status: string;
        contract_number: string;
        seq: number;
      }>(sql`
        select i.id, i.contract_id, i.customer_id, i.amount_cents, i.received_cents, i.written_off_cents, i.seq, c.status as contract_status, c.number as contract_number
          from payment_installments i join contracts c on c.id = i.contract_id
         where i.id = ${input.installmentId} and ${receivablesAccess.where(ctx.actor, 'record', sql`i.owner_id`)}
           for update of i`);
      const installment = locked.rows[0];
      if (!installment) throw notFound('installment');
      // A duplicate that waited on the lock sees the first one's receipt now.
      const raced = await receiptByKey(tx, input.idempotencyKey);
      if (raced) return { receipt: replay(raced, input), created: false };
      if (!(SIGNED_CONTRACT_STATUSES as readonly string[]).includes(installment.contract_status)) {
        throw new AppError(
          'rule',
          `contract ${installment.contract_number} is ${installment.contract_status}; receipts are recorded once it is signed`,
          { rule: 'AR-NOT-SIGNED', field: 'body.installmentId' },
        );
      }
      const outstandingCents = installment.amount_cents - installment.received_cents - installment.written_off_cents;
      if (input.amountCents > outstandingCents) {
        throw new AppError('rule', `only ${(outstandingCents / 100).toFixed(2)} is outstanding on this installment`, {
          rule: 'AR-OVERPAY',
          field: 'body.amountCents',
          data: { outstandingCents, amountCents: input.amountCents },
        });
      }
      const receivedCents = installment.received_cents + input.amountCents;
      const settled = receivedCents + installment.written_off_cents >= installment.amount_cents;
      await tx.execute(sql`
        update payment_installments
           set received_cents = ${receivedCents}, settled_on = ${settled ? input.receivedOn : null},
               updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
         where id = ${installment.id}`);
      const inserted = await tx.execute<{ id: string }>(sql`
        insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, reference, idempotency_key, recorded_by_id, created_at)
        values (${installment.contract_id}, ${installment.id}, ${installment.customer_id}, ${input.amountCents}, ${input.receivedOn}, ${input.method},
                ${input.reference ?? null}, ${input.idempotencyKey}, ${ctx.actor.id}, ${ctx.now.toISOString()}::timestamptz)
        returning id`);
      const id = inserted.rows[0]!.id;
      await ctx.audit(tx, {
        action: 'create',
        entity: 'receipts',
        entityId: id,
        changes: {
          amountCents: [null, input.amountCents],
          receivedOn: [null, input.receivedOn],
          method: [null, input.method],
          installmentReceivedCents: [installment.received_cents, receivedCents],
        },
        summary: `${installment.contract_number} #${installment.seq}: ${(input.amountCents / 100).toFixed(2)}`,
      });
      const row = (await receiptByKey(tx, input.idempotencyKey))!;
      return { receipt: presentReceipt(row), created: true };
    });
  } catch (error) {
    // Two first submissions of one key on different installments: the unique index lets one in.
    if (pgErrorOf(error)?.code === '23505') {
      const first = await receiptByKey(ctx.db, input.idempotencyKey);
      if (first) return { receipt: replay(first, input), created: false };
    }
    throw error;
  }
}

/** Receipt list filters (shared with the export), applied inside the query with the read scope. */
export function receiptFilters(ctx: Ctx, query: Omit<Partial<ReceiptQuery>, 'page' | 'pageSize'>, action: 'read' | 'export' = 'read'): SQL {
  const filters: SQL[] = [receivablesAccess.where(ctx.actor, action, sql`i.owner_id`)];
  if (query.contractId) filters.push(sql`r.contract_id = ${query.contractId}`);
  if (query.customerId) filters.push(sql`r.customer_id = ${query.customerId}`);
  if (query.ownerId) filters.push(sql`i.owner_id = ${query.ownerId}`);
  if (query.teamId) {
    filters.push(sql`i.owner_id in (select tu.id from users tu join org_units tou on tou.id = tu.org_unit_id
                                      where tou.path like (select tp.path from org_units tp where tp.id = ${query.teamId}) || '%')`);
  }
  if (query.method) filters.push(sql`r.method = ${query.method}`);
  if (query.from) filters.push(sql`r.received_on >= ${query.from}`);
  if (query.to) filters.push(sql`r.received_on <= ${query.to}`);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(sql`(c.number ilike ${pattern} or cu.name ilike ${pattern} or r.reference ilike ${pattern})`);
  }
  return sql.join(filters, sql` and `);
}

/** A page of receipts in the caller's scope, newest first. */
export async function listReceipts(ctx: Ctx, query: ReceiptQuery) {
  receivablesAccess.require(ctx.actor, 'read');
  const where = receiptFilters(ctx, query);
  const [rows, counted] = await Promise.all([
    ctx.db.execute<ReceiptRow>(
      sql`/* no-prepare */ ${RECEIPT_SELECT} ${RECEIPT_FROM} where ${where} order by r.received_on desc, r.created_at desc, r.id limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
    ),
    cappedCount(ctx.db, sql`${RECEIPT_FROM} where ${where}`),
  ]);
  return { items: rows.rows.map(presentReceipt), ...counted, page: query.page, pageSize: query.pageSize };
}

// ——— invoices (发票) ———

/**
 * Records an invoice issued against a contract (optionally one installment, whose `invoiced_cents`
 * grows). The number is unique (409 naming `body.number`); invoicing more than the installment's —
 * or without an installment, the contract's — amount is 422 AR-OVERINVOICE. Audited.
 */
export async function createInvoice(ctx: Ctx, input: InvoiceInput): Promise<Invoice> {
  receivablesAccess.require(ctx.actor, 'record');
  try {
    return await ctx.db.transaction(async (tx) => {
      const contract = (
        await tx.execute<{ id: string; number: string; status: string; amount_cents: number }>(sql`
          select c.id, c.number, c.status, c.amount_cents from contracts c
           where c.id = ${input.contractId} and ${receivablesAccess.where(ctx.actor, 'record', sql`c.owner_id`)}
             for update`)
      ).rows[0];
      if (!contract) throw notFound('contract');
      if (!(SIGNED_CONTRACT_STATUSES as readonly string[]).includes(contract.status)) {
        throw new AppError('rule', `contract ${contract.number} is ${contract.status}; invoices are issued once it is signed`, {
          rule: 'AR-NOT-SIGNED',
          field: 'body.contractId',
        });
      }
      const taken = await tx.execute(sql`select 1 from invoices where number = ${input.number}`);
      if (taken.rows.length) throw new AppError('conflict', `invoice number ${input.number} is already recorded`, { field: 'body.number' });
      if (input.installmentId) {
        const installment = (
          await tx.execute<{ id: string; amount_cents: number; invoiced_cents: number }>(sql`
            select id, amount_cents, invoiced_cents from payment_installments where id = ${input.installmentId} and contract_id = ${contract.id} for update`)
        ).rows[0];
        if (!installment) throw new AppError('validation', 'the installment is not part of this contract', { field: 'body.installmentId' });
        if (installment.invoiced_cents + input.amountCents > installment.amount_cents) {
          throw new AppError(
            'rule',
            `only ${((installment.amount_cents - installment.invoiced_cents) / 100).toFixed(2)} of this installment is not yet invoiced`,
            {
              rule: 'AR-OVERINVOICE',
              field: 'body.amountCents',
              data: { uninvoicedCents: installment.amount_cents - installment.invoiced_cents },
            },
          );
        }
        await tx.execute(
          sql`update payment_installments set invoiced_cents = invoiced_cents + ${input.amountCents}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1 where id = ${installment.id}`,
        );
      } else {
        const invoiced = (
          await tx.execute<{ total: number }>(
            sql`select coalesce(sum(amount_cents), 0)::bigint as total from invoices where contract_id = ${contract.id}`,
          )
        ).rows[0]!.total;
        if (Number(invoiced) + input.amountCents > contract.amount_cents) {
          throw new AppError(
            'rule',
            `only ${((contract.amount_cents - Number(invoiced)) / 100).toFixed(2)} of this contract is not yet invoiced`,
            {
              rule: 'AR-OVERINVOICE',
              field: 'body.amountCents',
              data: { uninvoicedCents: contract.amount_cents - Number(invoiced) },
            },
          );
        }
      }
      const inserted = await tx.execute<{ id: string }>(sql`
        insert into invoices (contract_id, installment_id, number, issued_on, amount_cents, created_by_id, created_at)
        values (${contract.id}, ${input.installmentId ?? null}, ${input.number}, ${input.issuedOn}, ${input.amountCents}, ${ctx.actor.id}, ${ctx.now.toISOString()}::timestamptz)
        returning id`);
      const id = inserted.rows[0]!.id;
      await ctx.audit(tx, {
        action: 'create',
        entity: 'invoices',
        entityId: id,
        changes: { number: [null, input.number], amountCents: [null, input.amountCents], issuedOn: [null, input.issuedOn] },
        summary: `${contract.number}: invoice ${input.number}`,
        summaryMessage: message('audit.messages.invoiceRecorded', { number: contract.number, invoice: input.number }),
      });
      const row = (await tx.execute<InvoiceRow>(sql`${INVOICE_SELECT} where v.id = ${id}`)).rows[0]!;
      return presentInvoice(row);
    });
  } catch (error) {
    const pg = pgErrorOf(error);
    if (pg?.code === '23505' && pg.constraint === 'invoices_number_idx')
      throw new AppError('conflict', `invoice number ${input.number} is already recorded`, { field: 'body.number' });
    throw error;
  }
}

// ——— one contract's receivables (the contract page's tab) ———

/** Installments, receipts, invoices and write-offs of a contract in the caller's read scope (404 outside it). */
export async function contractReceivables(ctx: Ctx, contractId: string): Promise<ContractReceivables> {
  receivablesAccess.require(ctx.actor, 'read');
  const scope = receivablesAccess.where(ctx.actor, 'read', sql`c.owner_id`);
  const contract = (
    await ctx.db.execute<{
      id: string;
      number: string;
      title: string;
      status: string;
      customer_id: string;
      customer_name: string;
      owner_name: string;
      amount_cents: number;
      can_record: boolean;
      can_writeoff: boolean;
    }>(sql`
      select c.id, c.number, c.title, c.status, c.customer_id, cu.name as customer_name, ou.display_name as owner_name, c.amount_cents,
             coalesce((${receivablesAccess.where(ctx.actor, 'record', sql`c.owner_id`)}), false) as can_record,
             coalesce((${receivablesAccess.where(ctx.actor, 'writeoff', sql`c.owner_id`)}), false) as can_writeoff
        from contracts c join customers cu on cu.id = c.customer_id join users ou on ou.id = c.owner_id
       where c.id = ${contractId} and ${scope}`)
  ).rows[0];
  if (!contract) throw notFound('contract');
  const [installments, receiptRows, invoiceRows, writeOffRows] = await Promise.all([
    loadInstallments(ctx, ctx.db, sql`i.contract_id = ${contractId}`),
    ctx.db.execute<ReceiptRow>(
      sql`${RECEIPT_SELECT} ${RECEIPT_FROM} where r.contract_id = ${contractId} order by r.received_on desc, r.created_at desc`,
    ),
    ctx.db.execute<InvoiceRow>(sql`${INVOICE_SELECT} where v.contract_id = ${contractId} order by v.issued_on desc, v.created_at desc`),
    ctx.db.execute<WriteOffRow>(sql`${WRITE_OFF_SELECT} where w.contract_id = ${contractId} order by w.created_at desc`),
  ]);
  const sum = (pick: (i: Installment) => number) => installments.reduce((total, i) => total + pick(i), 0);
  const signed = (SIGNED_CONTRACT_STATUSES as readonly string[]).includes(contract.status);
  return {
    contract: {
      id: contract.id,
      number: contract.number,
      title: contract.title,
      status: contract.status,
      customerId: contract.customer_id,
      customerName: contract.customer_name,
      ownerName: contract.owner_name,
      amountCents: contract.amount_cents,
    },
    totals: {
      amountCents: sum((i) => i.amountCents),
      receivedCents: sum((i) => i.receivedCents),
      writtenOffCents: sum((i) => i.writtenOffCents),
      invoicedCents: sum((i) => i.invoicedCents),
      outstandingCents: sum((i) => i.outstandingCents),
      overdueCents: sum((i) => (i.daysOverdue > 0 ? i.outstandingCents : 0)),
    },
    installments,
    receipts: receiptRows.rows.map(presentReceipt),
    invoices: invoiceRows.rows.map(presentInvoice),
    writeOffs: writeOffRows.rows.map(presentWriteOff),
    abilities: { record: contract.can_record && signed, writeOff: contract.can_writeoff && signed },
  };
}

/** Invoices of a contract in the caller's read scope (404 outside it, as for the contract itself). */
export async function listContractInvoices(ctx: Ctx, contractId: string): Promise<Invoice[]> {
  receivablesAccess.require(ctx.actor, 'read');
  const scope = receivablesAccess.where(ctx.actor, 'read', sql`c.owner_id`);
  const [contract, rows] = await Promise.all([
    ctx.db.execute(sql`select 1 from contracts c where c.id = ${contractId} and ${scope}`),
    ctx.db.execute<InvoiceRow>(
      sql`${INVOICE_SELECT} where v.contract_id = ${contractId} and ${scope} order by v.issued_on desc, v.created_at desc`,
    ),
  ]);
  if (!contract.rows.length) throw notFound('contract');
  return rows.rows.map(presentInvoice);
}
