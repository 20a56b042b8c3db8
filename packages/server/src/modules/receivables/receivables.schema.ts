import { bigint, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/identity/index.js';
import { customers } from '../customers/index.js';
import { contracts, paymentInstallments } from '../contracts/index.js';
import { approvalRequests } from '../../platform/approvals/approvals.schema.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

/** Receipts (回款) recorded by finance. `idempotency_key` makes a resubmitted receipt record once. */
export const receipts = pgTable(
  'receipts',
  {
    id: id(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => paymentInstallments.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    method: text('method', { enum: ['bank_transfer', 'cash', 'check', 'acceptance_bill', 'online', 'other'] }).notNull(),
    reference: text('reference'),
    idempotencyKey: text('idempotency_key').notNull(),
    recordedById: uuid('recorded_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('receipts_idempotency_idx').on(t.idempotencyKey),
    index('receipts_contract_idx').on(t.contractId),
    index('receipts_installment_idx').on(t.installmentId),
    index('receipts_received_idx').on(t.receivedOn),
  ],
);

/** Invoices issued (发票), tracked against the plan. */
export const invoices = pgTable(
  'invoices',
  {
    id: id(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    installmentId: uuid('installment_id').references(() => paymentInstallments.id),
    number: text('number').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invoices_number_idx').on(t.number), index('invoices_contract_idx').on(t.contractId)],
);

/** Bad-debt write-offs (坏账核销): requested by finance, approved through the engine ('receivable.writeoff'). */
export const writeOffs = pgTable(
  'write_offs',
  {
    id: id(),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => paymentInstallments.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    approvalRequestId: uuid('approval_request_id').references(() => approvalRequests.id),
    requestedById: uuid('requested_by_id')
      .notNull()
      .references(() => users.id),
    decidedAt: timestamptz('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [index('write_offs_installment_idx').on(t.installmentId)],
);

/**
 * R-AR-2 credit overrides: requested when an order or contract would exceed the customer's
 * credit limit; once approved ('credit.override'), one order/contract up to `amount_cents` may
 * use it (`used_at`).
 */
export const creditOverrides = pgTable(
  'credit_overrides',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The order/contract amount the override covers. */
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** Outstanding and limit when requested — the numbers the approver needs. */
    outstandingCents: bigint('outstanding_cents', { mode: 'number' }).notNull(),
    limitCents: bigint('limit_cents', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'used'] })
      .notNull()
      .default('pending'),
    approvalRequestId: uuid('approval_request_id').references(() => approvalRequests.id),
    requestedById: uuid('requested_by_id')
      .notNull()
      .references(() => users.id),
    usedBy: text('used_by'),
    usedAt: timestamptz('used_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('credit_overrides_customer_idx').on(t.customerId, t.status)],
);
