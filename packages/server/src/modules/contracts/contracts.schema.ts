import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../platform/identity/index.js';
import { customers } from '../customers/index.js';
import { opportunities } from '../opportunities/index.js';
import { quotes } from '../quotes/index.js';
import { approvalRequests } from '../../platform/approvals/approvals.schema.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

export const CONTRACT_STATUSES = ['draft', 'in_approval', 'signed', 'executing', 'completed', 'terminated'] as const;

/** A line the contract agreed (copied from its quote when made from one): what its orders draw on. */
export interface ContractLineSnapshot {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** Contract templates with merge fields (`{{customer.name}}`, `{{contract.amount}}` …). */
export const contractTemplates = pgTable('contract_templates', {
  id: id(),
  name: text('name').notNull(),
  body: text('body').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

/** Contracts (合同) — the ledger (合同台账) is a view over this table. */
export const contracts = pgTable(
  'contracts',
  {
    id: id(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    teamId: uuid('team_id').references(() => orgUnits.id),
    quoteId: uuid('quote_id').references(() => quotes.id),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id),
    templateId: uuid('template_id').references(() => contractTemplates.id),
    /** The text after merge fields were filled. */
    body: text('body'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** The quote's lines at the time the contract was made (empty for a contract written by hand). */
    lines: jsonb('lines').$type<ContractLineSnapshot[]>().notNull().default([]),
    currency: text('currency').notNull().default('CNY'),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull().default('draft'),
    approvalRequestId: uuid('approval_request_id').references(() => approvalRequests.id),
    signedOn: date('signed_on', { mode: 'string' }),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    /** When the expiry/renewal reminder went out (once per contract). */
    renewalRemindedAt: timestamptz('renewal_reminded_at'),
    terminatedReason: text('terminated_reason'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('contracts_number_idx').on(t.number),
    index('contracts_owner_idx').on(t.ownerId, t.updatedAt),
    index('contracts_customer_idx').on(t.customerId),
    index('contracts_status_idx').on(t.status, t.endsOn),
    index('contracts_quote_idx').on(t.quoteId),
    index('contracts_signed_idx').on(t.signedOn),
  ],
);

export const contractAttachments = pgTable(
  'contract_attachments',
  {
    id: id(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    /** Path under DATA_DIR/files (content-addressed by sha256), as for interaction attachments. */
    storageKey: text('storage_key').notNull(),
    uploadedById: uuid('uploaded_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('contract_attachments_contract_idx').on(t.contractId)],
);

/**
 * Payment plan (回款计划): a contract's installments; they add up to the contract amount. The contract
 * owns its plan; the receivables module records what is received, invoiced and written off against it.
 * Outstanding = amount − received − written off. Aging (R-AR-1) counts days past `due_on`.
 */
export const paymentInstallments = pgTable(
  'payment_installments',
  {
    id: id(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    /** Denormalised for aging by customer/owner without a join to contracts. */
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    seq: integer('seq').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    receivedCents: bigint('received_cents', { mode: 'number' }).notNull().default(0),
    writtenOffCents: bigint('written_off_cents', { mode: 'number' }).notNull().default(0),
    invoicedCents: bigint('invoiced_cents', { mode: 'number' }).notNull().default(0),
    /** Set when the installment is fully settled (received + written off = amount). */
    settledOn: date('settled_on', { mode: 'string' }),
    /** Highest overdue-warning threshold (days) already sent, so each warning goes once. */
    warnedDays: integer('warned_days').notNull().default(0),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('payment_installments_contract_seq_idx').on(t.contractId, t.seq),
    index('payment_installments_owner_due_idx').on(t.ownerId, t.dueOn),
    index('payment_installments_customer_idx').on(t.customerId),
    // Open installments only (settled ones are the bulk over time), covering what aging, the overdue
    // list and the KPIs read: an index-only scan of the open rows instead of the whole table
    // (300k installments / 100k contracts: director's aging 360 → 50 ms).
    index('payment_installments_open_idx')
      .on(t.dueOn, t.ownerId, t.customerId, t.contractId, t.amountCents, t.receivedCents, t.writtenOffCents)
      .where(sql`${t.settledOn} is null`),
  ],
);
