import { sql, type SQL } from 'drizzle-orm';
import { message, type WriteOff } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Tx } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { submitApproval } from '../../platform/approvals/approvals.engine.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { receivablesAccess } from './receivables.access.js';
import { companyToday } from './aging.js';
import { cappedCount, presentWriteOff, SIGNED_CONTRACT_STATUSES, WRITE_OFF_SELECT, type WriteOffRow } from './receivables.queries.js';

const yuan = (cents: number) => `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

async function loadWriteOff(tx: Tx, id: string): Promise<WriteOff> {
  const row = (await tx.execute<WriteOffRow>(sql`${WRITE_OFF_SELECT} where w.id = ${id}`)).rows[0];
  if (!row) throw notFound('write-off');
  return presentWriteOff(row);
}

/**
 * Finance asks to write off (坏账核销) an installment's outstanding amount (all of it unless told
 * less) with a reason. Nothing changes on the installment until the write-off is approved through
 * the engine (`receivable.writeoff`); one pending write-off per installment (409). Audited.
 */
export async function requestWriteOff(ctx: Ctx, input: { installmentId: string; amountCents?: number; reason: string }): Promise<WriteOff> {
  receivablesAccess.require(ctx.actor, 'writeoff');
  return ctx.db.transaction(async (tx) => {
    const installment = (
      await tx.execute<{
        id: string;
        contract_id: string;
        owner_id: string;
        seq: number;
        amount_cents: number;
        received_cents: number;
        written_off_cents: number;
        contract_number: string;
        contract_status: string;
        customer_name: string;
      }>(sql`
        select i.id, i.contract_id, i.owner_id, i.seq, i.amount_cents, i.received_cents, i.written_off_cents, c.number as contract_number, c.status as contract_status, cu.name as customer_name
          from payment_installments i join contracts c on c.id = i.contract_id join customers cu on cu.id = i.customer_id
         where i.id = ${input.installmentId} and ${receivablesAccess.where(ctx.actor, 'writeoff', sql`i.owner_id`)}
           for update of i`)
    ).rows[0];
    if (!installment) throw notFound('installment');
    if (!(SIGNED_CONTRACT_STATUSES as readonly string[]).includes(installment.contract_status)) {
      throw new AppError('rule', `contract ${installment.contract_number} is ${installment.contract_status}; nothing is receivable yet`, {
        rule: 'AR-NOT-SIGNED',
        field: 'body.installmentId',
      });
    }
    const pending = await tx.execute(sql`select 1 from write_offs where installment_id = ${installment.id} and status = 'pending'`);
    if (pending.rows.length)
      throw new AppError('conflict', 'a write-off of this installment is already waiting for approval', { field: 'body.installmentId' });
    const outstandingCents = installment.amount_cents - installment.received_cents - installment.written_off_cents;
    const amountCents = input.amountCents ?? outstandingCents;
    if (outstandingCents <= 0 || amountCents > outstandingCents) {
      throw new AppError('rule', `only ${(outstandingCents / 100).toFixed(2)} is outstanding on this installment`, {
        rule: 'AR-OVERPAY',
        field: 'body.amountCents',
        data: { outstandingCents },
      });
    }
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into write_offs (installment_id, contract_id, amount_cents, reason, status, requested_by_id, created_at)
      values (${installment.id}, ${installment.contract_id}, ${amountCents}, ${input.reason}, 'pending', ${ctx.actor.id}, ${ctx.now.toISOString()}::timestamptz)
      returning id`);
    const id = inserted.rows[0]!.id;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'write_offs',
      entityId: id,
      changes: { amountCents: [null, amountCents], reason: [null, input.reason] },
      summary: `${installment.contract_number} #${installment.seq}: ${yuan(amountCents)}`,
    });
    const submitted = await submitApproval(tx, ctx, {
      subjectType: 'receivable.writeoff',
      subjectId: id,
      title: `坏账核销：${installment.customer_name} ${installment.contract_number} 第 ${installment.seq} 期（${yuan(amountCents)}）`,
      titleMessage: message('receivables.messages.writeOffApproval', {
        customer: installment.customer_name,
        contract: installment.contract_number,
        seq: installment.seq,
        amount: yuan(amountCents),
      }),
      details: {
        customerName: installment.customer_name,
        contractNumber: installment.contract_number,
        installmentSeq: installment.seq,
        amountCents: installment.amount_cents,
        receivedCents: installment.received_cents,
        outstandingCents,
        writeOffCents: amountCents,
        reason: input.reason,
      },
      amountCents,
      ownerId: installment.owner_id,
    });
    await tx.execute(sql`update write_offs set approval_request_id = ${submitted.requestId} where id = ${id}`);
    // No policy row for write-offs: approved at once.
    if (submitted.status === 'approved') await applyWriteOffDecision(tx, ctx, { subjectId: id, status: 'approved' });
    return loadWriteOff(tx, id);
  });
}

/**
 * Approval engine callback for `receivable.writeoff`. Approved: the installment's `written_off_cents`
 * grows by the write-off (capped at what is still outstanding, should receipts have come in meanwhile)
 * and the installment settles when fully covered. Rejected: nothing but the write-off's status changes.
 */
export async function applyWriteOffDecision(
  tx: Tx,
  ctx: Ctx,
  request: { subjectId: string; status: 'approved' | 'rejected' },
): Promise<void> {
  const writeOff = (
    await tx.execute<{ id: string; installment_id: string; amount_cents: number; requested_by_id: string; status: string }>(sql`
      select id, installment_id, amount_cents, requested_by_id, status from write_offs where id = ${request.subjectId} for update`)
  ).rows[0];
  if (!writeOff || writeOff.status !== 'pending') return;
  let applied = 0;
  if (request.status === 'approved') {
    const installment = (
      await tx.execute<{ amount_cents: number; received_cents: number; written_off_cents: number }>(sql`
        select amount_cents, received_cents, written_off_cents from payment_installments where id = ${writeOff.installment_id} for update`)
    ).rows[0]!;
    const outstanding = installment.amount_cents - installment.received_cents - installment.written_off_cents;
    applied = Math.max(0, Math.min(writeOff.amount_cents, outstanding));
    const writtenOff = installment.written_off_cents + applied;
    const settled = installment.received_cents + writtenOff >= installment.amount_cents;
    const today = companyToday(ctx.now, (await getSettings(tx)).timeZone);
    await tx.execute(sql`
      update payment_installments
         set written_off_cents = ${writtenOff}, settled_on = case when ${settled} then coalesce(settled_on, ${today}::date) else null end,
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${writeOff.installment_id}`);
  }
  await tx.execute(sql`
    update write_offs set status = ${request.status}, decided_at = ${ctx.now.toISOString()}::timestamptz
           ${request.status === 'approved' ? sql`, amount_cents = ${applied}` : sql``}
     where id = ${writeOff.id}`);
  await ctx.audit(tx, {
    action: request.status === 'approved' ? 'approve' : 'reject',
    entity: 'write_offs',
    entityId: writeOff.id,
    changes:
      request.status === 'approved'
        ? { status: ['pending', 'approved'], amountCents: [writeOff.amount_cents, applied] }
        : { status: ['pending', 'rejected'] },
  });
  const full = await loadWriteOff(tx, writeOff.id);
  await notify(tx, [
    {
      userId: writeOff.requested_by_id,
      kind: `receivable.writeoff.${request.status}`,
      title: `${request.status === 'approved' ? '坏账核销已批准' : '坏账核销被驳回'}：${full.contractNumber} 第 ${full.installmentSeq} 期`,
      titleMessage: message(
        request.status === 'approved' ? 'receivables.messages.writeOffApproved' : 'receivables.messages.writeOffRejected',
        {
          contract: full.contractNumber,
          seq: full.installmentSeq,
        },
      ),
      link: `/contracts/${full.contractId}`,
    },
  ]);
}

/** Write-offs of installments in the caller's read scope, newest first. */
export async function listWriteOffs(ctx: Ctx, query: { status?: WriteOff['status']; contractId?: string; page: number; pageSize: number }) {
  receivablesAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`)];
  if (query.status) filters.push(sql`w.status = ${query.status}`);
  if (query.contractId) filters.push(sql`w.contract_id = ${query.contractId}`);
  const where = sql.join(filters, sql` and `);
  const [rows, counted] = await Promise.all([
    ctx.db.execute<WriteOffRow>(
      sql`${WRITE_OFF_SELECT} where ${where} order by w.created_at desc, w.id limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
    ),
    cappedCount(ctx.db, sql`from write_offs w join payment_installments i on i.id = w.installment_id where ${where}`),
  ]);
  return { items: rows.rows.map(presentWriteOff), ...counted, page: query.page, pageSize: query.pageSize };
}
