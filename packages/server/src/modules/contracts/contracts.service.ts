import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  mergeTemplate,
  unknownMergeFields,
  type Contract,
  type ContractCreate,
  type ContractFromQuote,
  type ContractLedger,
  type ContractListQuery,
  type ContractRow,
  type ContractStatus,
  type ContractStatusChange,
  type ContractUpdate,
  type CustomerStatus,
  type MergeValues,
  type PaymentPlanInput,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database, Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { abilitySql } from '../../platform/access/index.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { calendarDay } from '../../platform/time.js';
import { nextDocumentNumber } from '../../platform/numbering/numbering.js';
import { cancelApproval, submitApproval } from '../../platform/approvals/approvals.engine.js';
import { approvalRequests } from '../../platform/approvals/approvals.schema.js';
import { orgUnits, resolveOwner, users } from '../org/index.js';
import { customerInScope, customerOrders, customers, setLifecycleStatus } from '../customers/index.js';
import { getQuoteForContract } from '../quotes/index.js';
import { contractAttachments, contracts, contractTemplates, paymentInstallments, type ContractLineSnapshot } from './contracts.schema.js';
import { contractSubmitChecks } from './contracts.slots.js';
import { sellerOf } from './seller.js';
import { contractsAccess } from './contracts.access.js';
import { getContractSettings } from './contracts.settings.js';
import {
  assertContractMove,
  assertPlanMatches,
  contractUnitPrices,
  fulfilmentOf,
  isFulfilled,
  lifecycleAfterDeal,
} from './contract-rules.js';
import { message } from '@xiaoguan/shared';

export type ContractRecord = typeof contracts.$inferSelect;

const owner = alias(users, 'owner');

/** Awaits promises created lazily, one after another (queries on one transaction's connection). */
async function inOrder<T extends readonly unknown[]>(list: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results: unknown[] = [];
  for (const item of list) results.push(await item);
  return results as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** The company-zone calendar date of an instant, `YYYY-MM-DD`. */
export async function zoneDate(executor: Executor, instant: Date): Promise<string> {
  const { timeZone } = await getSettings(executor);
  return new Date(calendarDay(instant, timeZone)).toISOString().slice(0, 10);
}

function addDaysTo(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ reading

/** Σ over the payment plan, per contract (received, written off). */
const received = sql<number>`(select coalesce(sum(pi.received_cents), 0)::bigint from payment_installments pi where pi.contract_id = ${contracts.id})`;
const writtenOff = sql<number>`(select coalesce(sum(pi.written_off_cents), 0)::bigint from payment_installments pi where pi.contract_id = ${contracts.id})`;
/** Outstanding counts only once the contract is signed: a draft owes nothing yet; a terminated one is closed. */
const outstanding = (receivedSql: SQL, writtenOffSql: SQL) =>
  sql<number>`(case when ${contracts.status} in ('signed', 'executing', 'completed') then greatest(${contracts.amountCents} - ${receivedSql} - ${writtenOffSql}, 0) else 0 end)::bigint`;

function selectContracts(ctx: Ctx, executor: Executor) {
  return executor
    .select({
      c: contracts,
      customerName: customers.name,
      ownerName: owner.displayName,
      teamName: orgUnits.name,
      receivedCents: received,
      outstandingCents: outstanding(received, writtenOff),
      canWrite: abilitySql(contractsAccess.where(ctx.actor, 'write', contracts.ownerId)),
    })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .leftJoin(owner, eq(owner.id, contracts.ownerId))
    .leftJoin(orgUnits, eq(orgUnits.id, contracts.teamId));
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectContracts>['where']>>[number];

const LIVE: readonly ContractStatus[] = ['signed', 'executing'];

function presentRow(row: Selected): ContractRow {
  const c = row.c;
  const write = row.canWrite;
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    customerId: c.customerId,
    customerName: row.customerName,
    ownerId: c.ownerId,
    ownerName: row.ownerName,
    teamId: c.teamId,
    teamName: row.teamName,
    quoteId: c.quoteId,
    opportunityId: c.opportunityId,
    templateId: c.templateId,
    amountCents: c.amountCents,
    currency: c.currency,
    status: c.status,
    approvalRequestId: c.approvalRequestId,
    signedOn: c.signedOn,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    terminatedReason: c.terminatedReason,
    receivedCents: Number(row.receivedCents),
    outstandingCents: Number(row.outstandingCents),
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
    version: c.version,
    abilities: {
      update: write && c.status === 'draft',
      editPlan: write && c.status === 'draft',
      submit: write && c.status === 'draft',
      withdraw: write && c.status === 'in_approval',
      start: write && c.status === 'signed',
      complete: write && LIVE.includes(c.status),
      terminate: write && (c.status === 'draft' || LIVE.includes(c.status)),
      attach: write && c.status !== 'terminated',
      takeOrders: LIVE.includes(c.status),
    },
  };
}

/** Ledger filters, applied inside the query together with the caller's read scope (R-SEC-1). */
export async function contractFilters(ctx: Ctx, query: Partial<ContractListQuery>, action: 'read' | 'export' = 'read'): Promise<SQL[]> {
  const filters: SQL[] = [contractsAccess.where(ctx.actor, action, contracts.ownerId)];
  if (query.status) filters.push(eq(contracts.status, query.status));
  if (query.ownerId) filters.push(eq(contracts.ownerId, query.ownerId));
  if (query.customerId) filters.push(eq(contracts.customerId, query.customerId));
  if (query.teamId)
    filters.push(
      sql`${contracts.teamId} in (select id from org_units where path like (select path from org_units where id = ${query.teamId}) || '%')`,
    );
  if (query.signedFrom) filters.push(sql`${contracts.signedOn} >= ${query.signedFrom}`);
  if (query.signedTo) filters.push(sql`${contracts.signedOn} <= ${query.signedTo}`);
  // The reports' channel and product-line rows drill down to the ledger through these two (issue 18 item 4).
  if (query.customerSource) filters.push(sql`${contracts.customerId} in (select id from customers where source = ${query.customerSource})`);
  if (query.productLineId) filters.push(sql`${productLineAmount(query.productLineId)} > 0`);
  if (query.expiringWithinDays !== undefined) {
    const today = await zoneDate(ctx.db, ctx.now);
    filters.push(
      inArray(contracts.status, [...LIVE]),
      sql`${contracts.endsOn} between ${today} and ${addDaysTo(today, query.expiringWithinDays)}`,
    );
  }
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(contracts.number, pattern), ilike(contracts.title, pattern), ilike(customers.name, pattern))!);
  }
  return filters;
}

/**
 * A contract's bookings in one product line: Σ of its lines whose product's category belongs to the
 * line (read by SQL from the catalogue's tables, as `bookingsBreakdown` does). The ledger's product-
 * line filter keeps contracts where this is above zero and totals it, so a product-line figure of the
 * cockpit or a report equals the ledger opened with that filter.
 */
export function productLineAmount(productLineId: string): SQL {
  return sql`(select coalesce(sum((e->>'lineTotalCents')::bigint), 0)
                from jsonb_array_elements(${contracts.lines}) e
                join products p on p.id::text = e->>'productId'
                join product_categories pc on pc.id = p.category_id
               where pc.line_id = ${productLineId})`;
}

export const CONTRACT_ORDER: Record<ContractListQuery['sort'], SQL[]> = {
  '-updatedAt': [desc(contracts.updatedAt)],
  number: [asc(contracts.number)],
  '-number': [desc(contracts.number)],
  signedOn: [sql`${contracts.signedOn} asc nulls last`],
  '-signedOn': [sql`${contracts.signedOn} desc nulls last`],
  endsOn: [sql`${contracts.endsOn} asc nulls last`],
  '-endsOn': [sql`${contracts.endsOn} desc nulls last`],
  amount: [asc(contracts.amountCents)],
  '-amount': [desc(contracts.amountCents)],
};

/** The contract ledger (合同台账): a page in the caller's scope, and totals over every matching contract. */
export async function listContracts(ctx: Ctx, query: ContractListQuery): Promise<ContractLedger> {
  contractsAccess.require(ctx.actor, 'read');
  const where = and(...(await contractFilters(ctx, query)))!;
  const [rows, totals] = await Promise.all([
    selectContracts(ctx, ctx.db)
      .where(where)
      .orderBy(...CONTRACT_ORDER[query.sort], asc(contracts.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.execute<{ count: number; amount: number; received: number; outstanding: number; line_amount: number | null }>(sql`
      select count(*)::int as count, coalesce(sum(${contracts.amountCents}), 0)::bigint as amount,
             ${query.productLineId ? sql`coalesce(sum(${productLineAmount(query.productLineId)}), 0)::bigint` : sql`null::bigint`} as line_amount,
             coalesce(sum(${received}), 0)::bigint as received, coalesce(sum(${outstanding(received, writtenOff)}), 0)::bigint as outstanding
        from ${contracts} join ${customers} on ${customers.id} = ${contracts.customerId}
       where ${where}`),
  ]);
  const sum = totals.rows[0]!;
  return {
    items: rows.map(presentRow),
    total: sum.count,
    page: query.page,
    pageSize: query.pageSize,
    totals: {
      count: sum.count,
      amountCents: Number(sum.amount),
      receivedCents: Number(sum.received),
      outstandingCents: Number(sum.outstanding),
      ...(query.productLineId ? { productLineAmountCents: Number(sum.line_amount) } : {}),
    },
  };
}

function mergeValuesOf(
  contract: ContractRecord,
  customer: { name: string; address: string | null; taxId: string | null },
  ownerName: string | null,
  today: string,
  seller: NonNullable<MergeValues['seller']>,
): MergeValues {
  return {
    customer,
    seller,
    contract: {
      number: contract.number,
      title: contract.title,
      amountCents: contract.amountCents,
      signedOn: contract.signedOn,
      startsOn: contract.startsOn,
      endsOn: contract.endsOn,
    },
    owner: { name: ownerName },
    today,
  };
}

/** One contract with its plan, attachments, agreed lines and fulfilment; 404 outside the caller's scope. */
export async function getContract(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'read');
  const [row] = await selectContracts(ctx, executor).where(
    and(eq(contracts.id, id), contractsAccess.where(ctx.actor, 'read', contracts.ownerId)),
  );
  if (!row) throw notFound('contract');
  const c = row.c;
  const uploader = alias(users, 'uploader');
  // Inside a transaction the queries share one connection: run them one after another there.
  const all = executor === ctx.db ? <T extends readonly unknown[]>(list: T) => Promise.all(list) : inOrder;
  const today = await zoneDate(executor, ctx.now);
  const [installments, attachments, orders, ordered, extra] = await all([
    executor.select().from(paymentInstallments).where(eq(paymentInstallments.contractId, id)).orderBy(asc(paymentInstallments.seq)),
    executor
      .select({ a: contractAttachments, uploadedByName: uploader.displayName })
      .from(contractAttachments)
      .leftJoin(uploader, eq(uploader.id, contractAttachments.uploadedById))
      .where(eq(contractAttachments.contractId, id))
      .orderBy(asc(contractAttachments.createdAt)),
    // Orders are this contract's execution: their amounts by delivery status make its fulfilment.
    executor.execute<{ status: string; amount_cents: number }>(sql`select status, amount_cents from orders where contract_id = ${id}`),
    executor.execute<{ product_id: string; quantity: number }>(sql`
      select ol.product_id, sum(ol.quantity)::int as quantity from order_lines ol join orders o on o.id = ol.order_id
       where o.contract_id = ${id} and o.status <> 'cancelled' group by ol.product_id`),
    executor.execute<{ address: string | null; tax_id: string | null; quote_number: string | null }>(sql`
      select cu.address, cu.tax_id, (select q.number from quotes q where q.id = ${c.quoteId}) as quote_number from customers cu where cu.id = ${c.customerId}`),
  ] as const);
  const names = c.lines.length
    ? new Map(
        (
          await executor.execute<{ id: string; name: string; name_en: string | null }>(
            sql`select id, name, name_en from products where id = any(${sql.param(c.lines.map((l) => l.productId))}::uuid[])`,
          )
        ).rows.map((p) => [p.id, { name: p.name, nameEn: p.name_en }]),
      )
    : new Map<string, { name: string; nameEn: string | null }>();
  const orderedBy = new Map(ordered.rows.map((r) => [r.product_id, r.quantity]));
  const info = extra.rows[0]!;
  const orderRows = orders.rows.map((o) => ({ status: o.status, amountCents: Number(o.amount_cents) }));
  const prices = contractUnitPrices(c.amountCents, c.lines);
  const base = presentRow(row);
  const fulfilment = fulfilmentOf(c.amountCents, orderRows, installments);
  return {
    ...base,
    abilities: { ...base.abilities, takeOrders: base.abilities.takeOrders! && fulfilment.orderableCents > 0 },
    body: c.body,
    mergedBody:
      c.body === null
        ? null
        : mergeTemplate(
            c.body,
            mergeValuesOf(
              c,
              { name: row.customerName, address: info.address, taxId: info.tax_id },
              row.ownerName,
              today,
              sellerOf(await getSettings(executor)),
            ),
          ),
    quoteNumber: info.quote_number,
    installments: installments.map((i) => ({
      id: i.id,
      seq: i.seq,
      dueOn: i.dueOn,
      amountCents: i.amountCents,
      receivedCents: i.receivedCents,
      writtenOffCents: i.writtenOffCents,
      invoicedCents: i.invoicedCents,
      settledOn: i.settledOn,
      note: i.note,
    })),
    attachments: attachments.map(({ a, uploadedByName }) => ({
      id: a.id,
      fileName: a.fileName,
      size: a.size,
      mimeType: a.mimeType,
      uploadedByName,
      createdAt: iso(a.createdAt)!,
    })),
    lines: c.lines.map((line) => ({
      productId: line.productId,
      productName: names.get(line.productId)?.name ?? null,
      productNameEn: names.get(line.productId)?.nameEn ?? null,
      quantity: line.quantity,
      orderedQuantity: orderedBy.get(line.productId) ?? 0,
      unitPriceCents: prices.get(line.productId) ?? line.unitPriceCents,
      lineTotalCents: line.lineTotalCents,
    })),
    fulfilment,
  };
}

// ------------------------------------------------------------------ writing

async function activeTemplate(executor: Executor, templateId: string) {
  const [template] = await executor
    .select()
    .from(contractTemplates)
    .where(and(eq(contractTemplates.id, templateId), eq(contractTemplates.active, true)));
  if (!template) throw badRequest('body.templateId', 'no such active template');
  return template;
}

function checkBody(body: string | null | undefined): void {
  if (!body) return;
  const unknown = unknownMergeFields(body);
  if (unknown.length) throw badRequest('body.body', `unknown merge fields: ${unknown.map((f) => `{{${f}}}`).join(', ')}`);
}

function checkDates(startsOn: string | null | undefined, endsOn: string | null | undefined): void {
  if (startsOn && endsOn && endsOn < startsOn) throw badRequest('body.endsOn', 'the end date is before the start date');
}

/** CON-NUM: the next contract number in the caller's transaction (gap-free; a rollback returns it). */
async function takeContractNumber(tx: Tx, ctx: Ctx): Promise<string> {
  const [settings, today] = await Promise.all([getContractSettings(tx), zoneDate(tx, ctx.now)]);
  const [year, month] = today.split('-').map(Number);
  return nextDocumentNumber(tx, 'contract', settings.numberPattern, { year: year!, month: month! });
}

export interface NewContract {
  customerId: string;
  title: string;
  amountCents: number;
  templateId?: string | null;
  body?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  ownerId?: string;
  quoteId?: string | null;
  opportunityId?: string | null;
  lines?: ContractLineSnapshot[];
}

/** Inserts a draft contract with the next number, in the caller's transaction; audited. */
export async function insertContract(tx: Tx, ctx: Ctx, input: NewContract): Promise<string> {
  const customer = await customerInScope(ctx, tx, input.customerId);
  const ownerOf = await resolveOwner(tx, contractsAccess, ctx.actor, input.ownerId, customer.ownerId);
  const template = input.templateId ? await activeTemplate(tx, input.templateId) : null;
  const body = input.body ?? template?.body ?? null;
  checkBody(body);
  checkDates(input.startsOn, input.endsOn);
  // The number last: the counter row stays locked until this transaction ends.
  const number = await takeContractNumber(tx, ctx);
  const [created] = await tx
    .insert(contracts)
    .values({
      number,
      title: input.title,
      customerId: customer.id,
      ownerId: ownerOf.id,
      teamId: ownerOf.teamId,
      quoteId: input.quoteId ?? null,
      opportunityId: input.opportunityId ?? null,
      templateId: template?.id ?? null,
      body,
      amountCents: input.amountCents,
      lines: input.lines ?? [],
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      createdById: ctx.actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await ctx.audit(tx, {
    action: 'create',
    entity: 'contracts',
    entityId: created!.id,
    changes: diffChanges(null, {
      number,
      title: input.title,
      customerId: customer.id,
      ownerId: ownerOf.id,
      amountCents: input.amountCents,
      quoteId: input.quoteId ?? null,
      templateId: template?.id ?? null,
    }),
    summary: `${number} ${customer.name}`,
  });
  return created!.id;
}

/** Creates a draft contract by hand (optionally from a template); numbered gap-free. */
export async function createContract(ctx: Ctx, input: ContractCreate): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => getContract(ctx, await insertContract(tx, ctx, input), tx));
}

/**
 * A draft contract from an approved quote (R-QUO-1 checked by the quotes module): the amount is the
 * quote's total, its lines are kept for the orders, its customer, owner and opportunity carry over.
 * One live contract per quote: a second one is a 409 naming the first (a terminated one does not count).
 */
export async function createContractFromQuote(ctx: Ctx, quoteId: string, input: ContractFromQuote): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const quote = await getQuoteForContract(tx, ctx, quoteId);
    // Two contracts made from one quote at the same moment queue here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contract-from-quote:${quoteId}`}))`);
    const [existing] = await tx
      .select({ id: contracts.id, number: contracts.number })
      .from(contracts)
      .where(and(eq(contracts.quoteId, quoteId), sql`${contracts.status} <> 'terminated'`));
    if (existing)
      throw new AppError('conflict', `contract ${existing.number} was already made from this quote`, {
        data: { contractId: existing.id, number: existing.number },
      });
    const id = await insertContract(tx, ctx, {
      customerId: quote.customerId,
      title: input.title ?? `${quote.number} 销售合同`,
      amountCents: quote.totalCents,
      templateId: input.templateId ?? null,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      ownerId: quote.ownerId,
      quoteId: quote.id,
      opportunityId: quote.opportunityId,
      lines: quote.lines.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        lineTotalCents: line.lineTotalCents,
      })),
    });
    return getContract(ctx, id, tx);
  });
}

/** Locks a contract the caller may write, checks its version; 404 outside scope, 409 when stale. */
async function lockWritable(tx: Tx, ctx: Ctx, id: string, version: number): Promise<ContractRecord> {
  const [row] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, id), contractsAccess.where(ctx.actor, 'write', contracts.ownerId)))
    .for('update');
  if (!row) throw notFound('contract');
  if (row.version !== version) throw conflict();
  return row;
}

function requireDraft(contract: ContractRecord, what: string): void {
  if (contract.status !== 'draft')
    throw ruleViolation('CON-STATUS', `${what} only while the contract is a draft (it is ${contract.status})`);
}

/** Edits a draft under optimistic locking. A contract made from a quote keeps the quote's total. */
export async function updateContract(ctx: Ctx, id: string, input: ContractUpdate): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockWritable(tx, ctx, id, input.version);
    requireDraft(before, 'a contract can be edited');
    if (input.amountCents !== undefined && before.quoteId && input.amountCents !== before.amountCents) {
      throw badRequest('body.amountCents', 'the amount of a contract made from a quote is the quote total');
    }
    const template = input.templateId ? await activeTemplate(tx, input.templateId) : null;
    const body = input.body !== undefined ? input.body : template && input.templateId !== before.templateId ? template.body : undefined;
    checkBody(body);
    const startsOn = input.startsOn !== undefined ? input.startsOn : before.startsOn;
    const endsOn = input.endsOn !== undefined ? input.endsOn : before.endsOn;
    checkDates(startsOn, endsOn);
    const [after] = await tx
      .update(contracts)
      .set({
        title: input.title,
        amountCents: input.amountCents,
        templateId: input.templateId,
        body,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        updatedAt: ctx.now,
        version: sql`${contracts.version} + 1`,
      })
      .where(eq(contracts.id, id))
      .returning();
    await ctx.audit(tx, {
      action: 'update',
      entity: 'contracts',
      entityId: id,
      changes: diffChanges(before, after!),
      summary: before.number,
    });
    return getContract(ctx, id, tx);
  });
}

/** Replaces the payment plan of a draft; CON-PLAN: the installments add up to the amount exactly. */
export async function savePaymentPlan(ctx: Ctx, id: string, input: PaymentPlanInput): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const contract = await lockWritable(tx, ctx, id, input.version);
    requireDraft(contract, 'the payment plan can change');
    assertPlanMatches(contract.amountCents, input.installments);
    const before = await tx
      .select()
      .from(paymentInstallments)
      .where(eq(paymentInstallments.contractId, id))
      .orderBy(asc(paymentInstallments.seq));
    const ordered = [...input.installments].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    await tx.delete(paymentInstallments).where(eq(paymentInstallments.contractId, id));
    await tx.insert(paymentInstallments).values(
      ordered.map((installment, index) => ({
        contractId: id,
        customerId: contract.customerId,
        ownerId: contract.ownerId,
        seq: index + 1,
        dueOn: installment.dueOn,
        amountCents: installment.amountCents,
        note: installment.note ?? null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })),
    );
    await tx
      .update(contracts)
      .set({ updatedAt: ctx.now, version: sql`${contracts.version} + 1` })
      .where(eq(contracts.id, id));
    const plan = (rows: { dueOn: string; amountCents: number }[]) => rows.map((r) => `${r.dueOn} ${r.amountCents}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'contracts',
      entityId: id,
      changes: { paymentPlan: [plan(before), plan(ordered)] },
      summary: `${contract.number}: ${ordered.length} installments`,
      summaryMessage: message('audit.messages.installmentsSet', { number: contract.number, count: ordered.length }),
    });
    return getContract(ctx, id, tx);
  });
}

/**
 * Submits a draft for signing: CON-PLAN (the plan adds up), later modules' checks (R-AR-2, the customer's credit), then
 * the approval matrix (`contract.sign`). With no approval step needed it is signed at once.
 */
export async function submitContract(
  ctx: Ctx,
  id: string,
  input: { version: number; creditOverrideId?: string | null },
): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const contract = await lockWritable(tx, ctx, id, input.version);
    assertContractMove(contract.status, 'in_approval');
    const installments = await tx
      .select({ seq: paymentInstallments.seq, dueOn: paymentInstallments.dueOn, amountCents: paymentInstallments.amountCents })
      .from(paymentInstallments)
      .where(eq(paymentInstallments.contractId, id))
      .orderBy(paymentInstallments.seq);
    assertPlanMatches(contract.amountCents, installments);
    // Later modules' checks: R-AR-2 (receivables) refuses a contract that pushes the customer over the credit limit.
    for (const check of contractSubmitChecks.values()) {
      await check(tx, ctx, {
        contractId: id,
        customerId: contract.customerId,
        amountCents: contract.amountCents,
        creditOverrideId: input.creditOverrideId ?? null,
      });
    }
    const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, contract.customerId));
    const result = await submitApproval(tx, ctx, {
      subjectType: 'contract.sign',
      subjectId: id,
      title: `合同 ${contract.number} ${contract.title}`,
      titleMessage: message('contracts.messages.signApproval', { number: contract.number, title: contract.title }),
      details: {
        contractNumber: contract.number,
        customerName: customer!.name,
        amountCents: contract.amountCents,
        paymentPlan: installments,
      },
      amountCents: contract.amountCents,
      ownerId: contract.ownerId,
    });
    await tx
      .update(contracts)
      .set({ status: 'in_approval', approvalRequestId: result.requestId, updatedAt: ctx.now, version: sql`${contracts.version} + 1` })
      .where(eq(contracts.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'contracts',
      entityId: id,
      changes: { status: [contract.status, 'in_approval'] },
      summary: contract.number,
    });
    if (result.status === 'approved') await signContract(tx, ctx, { ...contract, status: 'in_approval' });
    return getContract(ctx, id, tx);
  });
}

/** The owner takes a contract back from approval: the pending request is withdrawn, the contract is a draft again. */
export async function withdrawContract(ctx: Ctx, id: string, version: number): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const contract = await lockWritable(tx, ctx, id, version);
    assertContractMove(contract.status, 'draft');
    if (contract.approvalRequestId) {
      const [request] = await tx
        .select({ status: approvalRequests.status, version: approvalRequests.version })
        .from(approvalRequests)
        .where(eq(approvalRequests.id, contract.approvalRequestId));
      // The engine's own withdrawal (only the requester may), inside this transaction as a savepoint.
      if (request?.status === 'pending')
        await cancelApproval({ ...ctx, db: tx as unknown as Database }, contract.approvalRequestId, request.version);
    }
    await tx
      .update(contracts)
      .set({ status: 'draft', updatedAt: ctx.now, version: sql`${contracts.version} + 1` })
      .where(eq(contracts.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'contracts',
      entityId: id,
      changes: { status: ['in_approval', 'draft'] },
      summary: `${contract.number} withdrawn`,
      summaryMessage: message('audit.messages.contractWithdrawn', { number: contract.number }),
    });
    return getContract(ctx, id, tx);
  });
}

/**
 * Signs an approved contract in the approving transaction: status `signed`, signed on the company-zone
 * date, the body frozen with its merge fields filled, the deal fed to the customer's orders (RFM) and
 * lifecycle, the quote's opportunity won.
 */
async function signContract(tx: Tx, ctx: Ctx, contract: ContractRecord): Promise<void> {
  const signedOn = await zoneDate(tx, ctx.now);
  const [info] = (
    await tx.execute<{ name: string; address: string | null; tax_id: string | null; owner_name: string | null }>(sql`
      select cu.name, cu.address, cu.tax_id, (select u.display_name from users u where u.id = ${contract.ownerId}) as owner_name
        from customers cu where cu.id = ${contract.customerId}`)
  ).rows;
  const signed = { ...contract, signedOn };
  const body =
    contract.body === null
      ? null
      : mergeTemplate(
          contract.body,
          mergeValuesOf(
            signed,
            { name: info!.name, address: info!.address, taxId: info!.tax_id },
            info!.owner_name,
            signedOn,
            sellerOf(await getSettings(tx, { fresh: true })),
          ),
        );
  await tx
    .update(contracts)
    .set({ status: 'signed', signedOn, body, updatedAt: ctx.now, version: sql`${contracts.version} + 1` })
    .where(eq(contracts.id, contract.id));
  await recordDeal(tx, ctx, {
    customerId: contract.customerId,
    sourceId: `contract:${contract.id}`,
    orderedAt: ctx.now,
    amountCents: contract.amountCents,
  });
  if (contract.opportunityId) await markOpportunityWon(tx, ctx, contract.opportunityId);
  await ctx.audit(tx, {
    action: 'update',
    entity: 'contracts',
    entityId: contract.id,
    changes: { status: [contract.status, 'signed'], signedOn: [null, signedOn] },
    summary: contract.number,
  });
  if (contract.ownerId !== ctx.actor.id) {
    await notify(tx, [
      {
        userId: contract.ownerId,
        kind: 'contracts.signed',
        title: `${contract.number} ${contract.title}`,
        body: signedOn,
        link: `/contracts/${contract.id}`,
      },
    ]);
  }
}

/** The approval engine's decision on `contract.sign`: approved → signed; rejected → back to draft. */
export async function onContractDecided(
  tx: Tx,
  ctx: Ctx,
  request: { id: string; subjectId: string; status: 'approved' | 'rejected' },
): Promise<void> {
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, request.subjectId)).for('update');
  if (!contract || contract.status !== 'in_approval' || contract.approvalRequestId !== request.id) return;
  if (request.status === 'approved') {
    await signContract(tx, ctx, contract);
    return;
  }
  await tx
    .update(contracts)
    .set({ status: 'draft', updatedAt: ctx.now, version: sql`${contracts.version} + 1` })
    .where(eq(contracts.id, contract.id));
  await ctx.audit(tx, {
    action: 'update',
    entity: 'contracts',
    entityId: contract.id,
    changes: { status: ['in_approval', 'draft'] },
    summary: `${contract.number} rejected`,
    summaryMessage: message('contracts.messages.signRejected', { number: contract.number }),
  });
  await notify(tx, [
    {
      userId: contract.ownerId,
      kind: 'contracts.rejected',
      title: `${contract.number} ${contract.title}`,
      link: `/contracts/${contract.id}`,
    },
  ]);
}

/**
 * A deal feeds the customer: one `customer_orders` row (the RFM seam, source 'pipeline',
 * `contract:<id>` / `order:<id>`) and the lifecycle — first deal `signed`, later ones `repeat`.
 */
export async function recordDeal(
  tx: Tx,
  ctx: Ctx,
  deal: { customerId: string; sourceId: string; orderedAt: Date; amountCents: number },
): Promise<void> {
  const [state] = (
    await tx.execute<{ status: CustomerStatus; earlier: boolean }>(sql`
      select c.status, exists (select 1 from customer_orders o where o.customer_id = c.id) as earlier from customers c where c.id = ${deal.customerId}`)
  ).rows;
  await tx.insert(customerOrders).values({
    customerId: deal.customerId,
    orderedAt: deal.orderedAt,
    amountCents: deal.amountCents,
    source: 'pipeline',
    sourceId: deal.sourceId,
  });
  if (state) await setLifecycleStatus(tx, ctx, deal.customerId, lifecycleAfterDeal(state.status, state.earlier));
}

/** A deal that is undone (a cancelled direct order) leaves the customer's order history (RFM). */
export async function removeDeal(tx: Tx, sourceId: string): Promise<void> {
  await tx.delete(customerOrders).where(and(eq(customerOrders.source, 'pipeline'), eq(customerOrders.sourceId, sourceId)));
}

/**
 * The quote's opportunity is won when its contract is signed. The opportunities module owns that
 * table; this one statement (stage, probability, close time, stage history) is the whole link, kept
 * here because contracts know opportunities and not the other way round.
 */
async function markOpportunityWon(tx: Tx, ctx: Ctx, opportunityId: string): Promise<void> {
  const moved = await tx.execute<{ from_stage: string }>(sql`
    with before as (select id, stage from opportunities where id = ${opportunityId} and stage <> 'won' for update)
    update opportunities o set stage = 'won', probability = 100, stage_changed_at = ${ctx.now}, closed_at = ${ctx.now}, updated_at = ${ctx.now}, version = o.version + 1
      from before where o.id = before.id
    returning before.stage as from_stage`);
  const from = moved.rows[0]?.from_stage;
  if (!from) return;
  await tx.execute(
    sql`insert into opportunity_stage_history (opportunity_id, from_stage, to_stage, at, actor_id) values (${opportunityId}, ${from}, 'won', ${ctx.now}, ${ctx.actor.id})`,
  );
  await ctx.audit(tx, {
    action: 'update',
    entity: 'opportunities',
    entityId: opportunityId,
    changes: { stage: [from, 'won'] },
    summary: 'contract signed',
    summaryMessage: message('audit.messages.contractSigned'),
  });
}

/** Start execution, complete, or terminate (with a reason) by hand — CON-STATUS decides what may follow what. */
export async function changeContractStatus(ctx: Ctx, id: string, input: ContractStatusChange): Promise<Contract> {
  contractsAccess.require(ctx.actor, 'write');
  if (input.status === 'terminated' && !input.reason?.trim()) throw badRequest('body.reason', 'give a reason for the termination');
  return ctx.db.transaction(async (tx) => {
    const contract = await lockWritable(tx, ctx, id, input.version);
    assertContractMove(contract.status, input.status);
    await moveContract(tx, ctx, contract, input.status, input.status === 'terminated' ? input.reason!.trim() : null);
    return getContract(ctx, id, tx);
  });
}

async function moveContract(tx: Tx, ctx: Ctx, contract: ContractRecord, to: ContractStatus, reason: string | null): Promise<void> {
  await tx
    .update(contracts)
    .set({
      status: to,
      terminatedReason: to === 'terminated' ? reason : contract.terminatedReason,
      updatedAt: ctx.now,
      version: sql`${contracts.version} + 1`,
    })
    .where(eq(contracts.id, contract.id));
  await ctx.audit(tx, {
    action: 'update',
    entity: 'contracts',
    entityId: contract.id,
    changes: { status: [contract.status, to], ...(reason ? { terminatedReason: [null, reason] } : {}) },
    summary: contract.number,
  });
  if (contract.ownerId !== ctx.actor.id) {
    await notify(tx, [
      {
        userId: contract.ownerId,
        kind: `contracts.${to}`,
        title: `${contract.number} ${contract.title}`,
        body: reason,
        link: `/contracts/${contract.id}`,
      },
    ]);
  }
}

// ------------------------------------------------------------------ what orders need

export interface ContractForOrder {
  id: string;
  number: string;
  customerId: string;
  ownerId: string;
  teamId: string | null;
  status: ContractStatus;
  amountCents: number;
  lines: ContractLineSnapshot[];
  /** Effective unit price per product of the quote (CON-LINES). */
  unitPrices: Map<string, number>;
}

/**
 * Locks a contract for a new order (concurrent orders on one contract queue here, so ORD-OVER holds).
 * `scope` is the orders module's own write predicate on the contract's owner.
 */
export async function lockContractForOrder(
  tx: Tx,
  contractId: string,
  scope: (ownerColumn: typeof contracts.ownerId) => SQL,
): Promise<ContractForOrder | null> {
  const [row] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, contractId), scope(contracts.ownerId)))
    .for('update');
  if (!row) return null;
  return {
    id: row.id,
    number: row.number,
    customerId: row.customerId,
    ownerId: row.ownerId,
    teamId: row.teamId,
    status: row.status,
    amountCents: row.amountCents,
    lines: row.lines,
    unitPrices: contractUnitPrices(row.amountCents, row.lines),
  };
}

/** Signed → executing when its first order ships. */
export async function markContractExecuting(tx: Tx, ctx: Ctx, contractId: string): Promise<void> {
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
  if (contract?.status === 'signed') await moveContract(tx, ctx, contract, 'executing', null);
}

/**
 * CON-DONE: completes a signed/executing contract once every live order is accepted and the plan is
 * settled. Called when an order is accepted; the receivables module calls it when a receipt settles the plan.
 */
export async function completeContractIfFulfilled(tx: Tx, ctx: Ctx, contractId: string): Promise<boolean> {
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
  if (!contract || !LIVE.includes(contract.status)) return false;
  const [orders, installments] = await Promise.all([
    tx.execute<{ status: string; amount_cents: number }>(sql`select status, amount_cents from orders where contract_id = ${contractId}`),
    tx
      .select({ receivedCents: paymentInstallments.receivedCents, writtenOffCents: paymentInstallments.writtenOffCents })
      .from(paymentInstallments)
      .where(eq(paymentInstallments.contractId, contractId)),
  ]);
  if (
    !isFulfilled(
      contract.amountCents,
      orders.rows.map((o) => ({ status: o.status, amountCents: Number(o.amount_cents) })),
      installments,
    )
  )
    return false;
  await moveContract(tx, ctx, contract, 'completed', null);
  return true;
}
