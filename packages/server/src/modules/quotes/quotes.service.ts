import { and, asc, count, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  Quote,
  QuoteAuthority,
  QuoteCreate,
  QuoteLine,
  QuoteLineInput,
  QuoteListQuery,
  QuotePreview,
  QuoteRevision,
  QuoteStatus,
  QuoteSummary,
  QuoteUpdate,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database, Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { abilitySql } from '../../platform/access/index.js';
import { approvalPolicies, approvalRequests } from '../../platform/approvals/approvals.schema.js';
import { cancelApproval, submitApproval } from '../../platform/approvals/approvals.engine.js';
import { nextDocumentNumber } from '../../platform/numbering/numbering.js';
import { users } from '../org/index.js';
import { customerInScope, customers, customersAccess } from '../customers/index.js';
import {
  companyToday,
  floorFor,
  prefixBody,
  priceLines,
  priceLists,
  products,
  resolvePriceListId,
  type PricedLine,
} from '../products/index.js';
import { opportunities } from '../opportunities/index.js';
import { quoteLines, quoteRevisions, quotes } from './quotes.schema.js';
import { quotesAccess } from './quotes.access.js';
import { getQuoteSettings } from './quotes.settings.js';
import {
  DISCOUNT_SUBJECT,
  FLOOR_SUBJECT,
  discountAuthority,
  linesBelowFloor,
  quoteFingerprint,
  quoteTotals,
  type AuthorityPolicy,
} from './discount-authority.js';
import { message } from '@xiaoguan/shared';

type QuoteRow = typeof quotes.$inferSelect;
type LineRow = typeof quoteLines.$inferSelect;

/** Statuses in which the lines, discounts and texts may still change. */
const EDITABLE: readonly QuoteStatus[] = ['draft', 'rejected', 'approved', 'sent', 'pending_approval'];
const CLOSED: readonly QuoteStatus[] = ['accepted', 'declined', 'expired'];

// ── dates ──────────────────────────────────────────────────────────────────────────────────

function addDaysTo(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// ── pricing a quote: R-PRC-1 prices, totals, R-QUO-1 verdict, fingerprint ─────────────────────

interface PricedQuoteLine extends PricedLine {
  lineNo: number;
  productCode: string;
  productName: string;
  lineDiscountCents: number;
  description: string | null;
  netTotalCents: number;
}

interface PricedQuote {
  priceListId: string | null;
  on: string;
  lines: PricedQuoteLine[];
  totals: ReturnType<typeof quoteTotals>;
  authority: QuoteAuthority;
  fingerprint: string;
  belowFloor: Set<number>;
}

/** The active rows of the approval matrix for both quote subjects (R-QUO-1 reads the matrix itself). */
export async function quotePolicies(executor: Executor): Promise<{ discount: AuthorityPolicy[]; floor: AuthorityPolicy[] }> {
  const rows = await executor
    .select({
      id: approvalPolicies.id,
      subjectType: approvalPolicies.subjectType,
      name: approvalPolicies.name,
      minAmountCents: approvalPolicies.minAmountCents,
      minPercent: approvalPolicies.minPercent,
      steps: approvalPolicies.steps,
    })
    .from(approvalPolicies)
    .where(and(inArray(approvalPolicies.subjectType, [DISCOUNT_SUBJECT, FLOOR_SUBJECT]), eq(approvalPolicies.active, true)));
  const shape = (subject: string) =>
    rows
      .filter((r) => r.subjectType === subject)
      .map((r) => ({
        id: r.id,
        name: r.name,
        minAmountCents: r.minAmountCents,
        minPercent: r.minPercent === null ? null : Number(r.minPercent),
        steps: r.steps as AuthorityPolicy['steps'],
      }));
  return { discount: shape(DISCOUNT_SUBJECT), floor: shape(FLOOR_SUBJECT) };
}

/** Re-prices every line through R-PRC-1, checks the rep's discounts fit, and runs R-QUO-1 on the result. */
async function priceQuote(
  executor: Executor,
  input: { customerId: string; priceListId?: string | null; lines: QuoteLineInput[]; totalDiscountCents: number },
  on: string,
): Promise<PricedQuote> {
  const priceListId = await resolvePriceListId(executor, input.priceListId ?? null, on).catch(prefixBody);
  const [priced, named, policies] = await Promise.all([
    priceLines(executor, {
      customerId: input.customerId,
      priceListId,
      on,
      lines: input.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    }).catch(prefixBody),
    executor
      .select({ id: products.id, code: products.code, name: products.name })
      .from(products)
      .where(inArray(products.id, [...new Set(input.lines.map((l) => l.productId))])),
    quotePolicies(executor),
  ]);
  const byId = new Map(named.map((p) => [p.id, p]));
  const lines = priced.map((line, i): PricedQuoteLine => {
    const lineDiscountCents = input.lines[i]!.lineDiscountCents ?? 0;
    if (lineDiscountCents > line.lineTotalCents)
      throw badRequest(`body.lines.${i}.lineDiscountCents`, 'the line discount is larger than the line total');
    return {
      ...line,
      lineNo: i + 1,
      productCode: byId.get(line.productId)!.code,
      productName: byId.get(line.productId)!.name,
      lineDiscountCents,
      description: input.lines[i]!.description ?? null,
      netTotalCents: line.lineTotalCents - lineDiscountCents,
    };
  });
  const totals = quoteTotals(lines, input.totalDiscountCents);
  if (input.totalDiscountCents > totals.subtotalCents)
    throw badRequest('body.totalDiscountCents', 'the discount is larger than the subtotal');
  const authority = discountAuthority({ lines, totalDiscountCents: input.totalDiscountCents, policies });
  const fingerprint = quoteFingerprint({ customerId: input.customerId, priceListId, totalDiscountCents: input.totalDiscountCents, lines });
  const belowFloor = new Set(linesBelowFloor(lines, input.totalDiscountCents).map((l) => l.lineNo));
  return { priceListId, on, lines, totals, authority, fingerprint, belowFloor };
}

/** The content is covered: it needs no approval, or an approval covered exactly this fingerprint. */
const isApprovedContent = (authority: QuoteAuthority, fingerprint: string, approvedFingerprint: string | null) =>
  !authority.needsApproval || fingerprint === approvedFingerprint;

/** Only an approved (or sent, or accepted) quote whose content its approval covers can become a contract. */
const CONTRACTABLE: readonly QuoteStatus[] = ['approved', 'sent', 'accepted'];
const canBecomeContract = (status: QuoteStatus, authority: QuoteAuthority, fingerprint: string, approvedFingerprint: string | null) =>
  CONTRACTABLE.includes(status) && isApprovedContent(authority, fingerprint, approvedFingerprint);

// ── reading ────────────────────────────────────────────────────────────────────────────────

const owner = alias(users, 'quote_owner');
const creator = alias(users, 'quote_creator');
const origin = alias(quotes, 'quote_origin');

function selectQuotes(ctx: Ctx, executor: Executor) {
  return executor
    .select({
      quote: quotes,
      customerName: customers.name,
      opportunityName: opportunities.name,
      ownerName: owner.displayName,
      createdByName: creator.displayName,
      priceListName: priceLists.name,
      copiedFromNumber: origin.number,
      approvalStatus: approvalRequests.status,
      approvalStep: approvalRequests.currentStep,
      approvalRequesterId: approvalRequests.requesterId,
      canWrite: abilitySql(quotesAccess.where(ctx.actor, 'write', quotes.ownerId)),
    })
    .from(quotes)
    .innerJoin(customers, eq(customers.id, quotes.customerId))
    .leftJoin(opportunities, eq(opportunities.id, quotes.opportunityId))
    .leftJoin(owner, eq(owner.id, quotes.ownerId))
    .leftJoin(creator, eq(creator.id, quotes.createdById))
    .leftJoin(priceLists, eq(priceLists.id, quotes.priceListId))
    .leftJoin(origin, eq(origin.id, quotes.copiedFromId))
    .leftJoin(approvalRequests, eq(approvalRequests.id, quotes.approvalRequestId));
}
type Selected = Awaited<ReturnType<ReturnType<typeof selectQuotes>['where']>>[number];

const readScope = (ctx: Ctx) => quotesAccess.where(ctx.actor, 'read', quotes.ownerId);

function storedAuthority(row: QuoteRow): QuoteAuthority {
  const authority = row.authority as Partial<QuoteAuthority>;
  return {
    needsApproval: authority.needsApproval ?? false,
    subjectType: authority.subjectType ?? null,
    reasons: authority.reasons ?? [],
    steps: authority.steps ?? [],
    policyName: authority.policyName ?? null,
    discountCents: row.discountCents,
    discountBp: row.discountBp,
  };
}

/** The R-QUO-1 verdict as the caller may read it: floor prices only with the field permission (issue 16). */
function authorityFor(ctx: Ctx, authority: QuoteAuthority): QuoteAuthority {
  return {
    ...authority,
    reasons: authority.reasons.map((reason) =>
      reason.code === 'below_floor'
        ? { ...reason, lines: reason.lines.map((line) => ({ ...line, floorUnitCents: floorFor(ctx.actor, line.floorUnitCents) })) }
        : reason,
    ),
  };
}

function presentSummary(selected: Selected): QuoteSummary {
  const q = selected.quote;
  return {
    id: q.id,
    number: q.number,
    title: q.title,
    customerId: q.customerId,
    customerName: selected.customerName,
    opportunityId: q.opportunityId,
    opportunityName: selected.opportunityName,
    ownerId: q.ownerId,
    ownerName: selected.ownerName,
    status: q.status,
    revision: q.revision,
    validUntil: q.validUntil,
    currency: q.currency,
    listTotalCents: q.listTotalCents,
    subtotalCents: q.subtotalCents,
    totalDiscountCents: q.totalDiscountCents,
    totalCents: q.totalCents,
    discountCents: q.discountCents,
    discountBp: q.discountBp,
    belowFloor: q.belowFloor,
    needsApproval: storedAuthority(q).needsApproval,
    createdAt: iso(q.createdAt)!,
    updatedAt: iso(q.updatedAt)!,
    version: q.version,
  };
}

async function loadLines(executor: Executor, quoteIds: string[]) {
  if (!quoteIds.length) return [];
  return executor
    .select({
      line: quoteLines,
      productCode: products.code,
      productName: products.name,
      productNameEn: products.nameEn,
      unit: products.unit,
    })
    .from(quoteLines)
    .innerJoin(products, eq(products.id, quoteLines.productId))
    .where(inArray(quoteLines.quoteId, quoteIds))
    .orderBy(asc(quoteLines.quoteId), asc(quoteLines.lineNo));
}

function presentQuote(ctx: Ctx, selected: Selected, lineRows: Awaited<ReturnType<typeof loadLines>>): Quote {
  const q = selected.quote;
  const authority = storedAuthority(q);
  const below = new Set(
    linesBelowFloor(
      lineRows.map(({ line, productCode }) => ({
        lineNo: line.lineNo,
        productCode,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        floorUnitCents: line.floorUnitCents,
        lineDiscountCents: line.lineDiscountCents,
      })),
      q.totalDiscountCents,
    ).map((l) => l.lineNo),
  );
  const requestPending = selected.approvalStatus === 'pending';
  const write = Boolean(selected.canWrite);
  const reopenable = q.status === 'draft' || q.status === 'rejected' || (q.status === 'pending_approval' && !requestPending);
  return {
    ...presentSummary(selected),
    teamId: q.teamId,
    priceListId: q.priceListId,
    priceListName: selected.priceListName,
    authority: authorityFor(ctx, authority),
    approvedContent: isApprovedContent(authority, q.fingerprint, q.approvedFingerprint),
    approval:
      q.approvalRequestId && selected.approvalStatus
        ? { requestId: q.approvalRequestId, status: selected.approvalStatus, currentStep: selected.approvalStep }
        : null,
    copiedFromId: q.copiedFromId,
    copiedFromNumber: selected.copiedFromNumber,
    notes: q.notes,
    terms: q.terms,
    sentAt: iso(q.sentAt),
    createdByName: selected.createdByName,
    lines: lineRows.map(({ line, productCode, productName, productNameEn, unit }): QuoteLine => {
      const pricing = line.pricing as { tierMinQuantity?: number | null; promotions?: QuoteLine['promotions'] };
      return {
        id: line.id,
        lineNo: line.lineNo,
        productId: line.productId,
        productCode,
        productName,
        productNameEn,
        unit,
        description: line.description,
        quantity: line.quantity,
        listUnitCents: line.listUnitCents,
        unitPriceCents: line.unitPriceCents,
        floorUnitCents: floorFor(ctx.actor, line.floorUnitCents),
        lineDiscountCents: line.lineDiscountCents,
        lineTotalCents: line.lineTotalCents,
        belowFloor: below.has(line.lineNo),
        tierMinQuantity: pricing.tierMinQuantity ?? null,
        promotions: pricing.promotions ?? [],
      };
    }),
    abilities: {
      update: write && EDITABLE.includes(q.status) && !(q.status === 'pending_approval' && requestPending),
      submit: write && reopenable,
      withdraw: write && q.status === 'pending_approval' && (!requestPending || selected.approvalRequesterId === ctx.actor.id),
      send: write && q.status === 'approved',
      accept: write && (q.status === 'approved' || q.status === 'sent'),
      decline: write && (q.status === 'approved' || q.status === 'sent'),
      copy: quotesAccess.can(ctx.actor, 'write'),
      contract: write && canBecomeContract(q.status, authority, q.fingerprint, q.approvedFingerprint),
      pdf: true,
    },
  };
}

/** One quote in the caller's read scope (404 outside it), with lines, approval state and abilities. */
export async function getQuote(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Quote> {
  quotesAccess.require(ctx.actor, 'read');
  const [selected] = await selectQuotes(ctx, executor).where(and(eq(quotes.id, id), readScope(ctx)));
  if (!selected) throw notFound('quote');
  return presentQuote(ctx, selected, await loadLines(executor, [id]));
}

const SORTS: Record<QuoteListQuery['sort'], SQL[]> = {
  updatedAt: [asc(quotes.updatedAt)],
  '-updatedAt': [desc(quotes.updatedAt)],
  createdAt: [asc(quotes.createdAt)],
  '-createdAt': [desc(quotes.createdAt)],
  number: [asc(quotes.number)],
  '-number': [desc(quotes.number)],
  total: [asc(quotes.totalCents)],
  '-total': [desc(quotes.totalCents)],
  validUntil: [sql`${quotes.validUntil} asc nulls last`],
  '-validUntil': [sql`${quotes.validUntil} desc nulls last`],
};

/** A page of quotes in the caller's scope, filtered by status, owner, customer, opportunity or text. */
export async function listQuotes(ctx: Ctx, query: QuoteListQuery) {
  quotesAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [readScope(ctx)];
  if (query.status) filters.push(eq(quotes.status, query.status));
  if (query.ownerId) filters.push(eq(quotes.ownerId, query.ownerId));
  if (query.customerId) filters.push(eq(quotes.customerId, query.customerId));
  if (query.opportunityId) filters.push(eq(quotes.opportunityId, query.opportunityId));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(quotes.number, pattern), ilike(quotes.title, pattern), ilike(customers.name, pattern))!);
  }
  const where = and(...filters);
  const [rows, [{ total }]] = await Promise.all([
    selectQuotes(ctx, ctx.db)
      .where(where)
      .orderBy(...SORTS[query.sort], asc(quotes.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ total: count() }).from(quotes).innerJoin(customers, eq(customers.id, quotes.customerId)).where(where),
  ]);
  return { items: rows.map(presentSummary), total, page: query.page, pageSize: query.pageSize };
}

/** The quote's revisions (R-QUO-1 history of lines and discounts), newest first. */
export async function listRevisions(ctx: Ctx, id: string): Promise<QuoteRevision[]> {
  await getQuote(ctx, id);
  const rows = await ctx.db
    .select({ revision: quoteRevisions, actorName: users.displayName })
    .from(quoteRevisions)
    .leftJoin(users, eq(users.id, quoteRevisions.actorId))
    .where(eq(quoteRevisions.quoteId, id))
    .orderBy(desc(quoteRevisions.revision));
  const productIds = [
    ...new Set(
      rows
        .flatMap(({ revision }) => snapshotLines(revision.snapshot).map((line) => line.productId))
        .filter((id): id is string => typeof id === 'string'),
    ),
  ];
  const named = productIds.length
    ? await ctx.db
        .select({ id: products.id, code: products.code, name: products.name, nameEn: products.nameEn })
        .from(products)
        .where(inArray(products.id, productIds))
    : [];
  const byId = new Map(named.map((product) => [product.id, product]));
  return rows.map(({ revision, actorName }) => ({
    revision: revision.revision,
    createdAt: iso(revision.createdAt)!,
    actorName,
    ...presentSnapshot(revision.snapshot, byId),
  }));
}

type SnapshotLine = Partial<QuoteRevision['lines'][number]> & { productId?: string };
const snapshotLines = (snapshot: unknown): SnapshotLine[] => {
  const lines = (snapshot as { lines?: unknown } | null)?.lines;
  return Array.isArray(lines) ? (lines as SnapshotLine[]) : [];
};
const cents = (value: unknown): number => (Number.isSafeInteger(value) ? (value as number) : 0);

/**
 * A stored snapshot as the API shows it. Snapshots written before they carried every field (the
 * demo seed's, issue 14 item 13) are completed — names from the product, missing sums from the
 * line — instead of failing the whole history.
 */
function presentSnapshot(
  snapshot: unknown,
  productsById: Map<string, { code: string; name: string; nameEn: string | null }>,
): Omit<QuoteRevision, 'revision' | 'createdAt' | 'actorName'> {
  const stored = (snapshot ?? {}) as Partial<Record<'totalCents' | 'discountCents' | 'totalDiscountCents', unknown>>;
  const lines = snapshotLines(snapshot).map((line) => {
    const product = line.productId ? productsById.get(line.productId) : undefined;
    const quantity = cents(line.quantity);
    const lineDiscountCents = cents(line.lineDiscountCents);
    const unitPriceCents = cents(line.unitPriceCents);
    return {
      productCode: typeof line.productCode === 'string' ? line.productCode : (product?.code ?? ''),
      productName: typeof line.productName === 'string' ? line.productName : (product?.name ?? ''),
      productNameEn: product?.nameEn ?? null,
      quantity,
      unitPriceCents,
      lineDiscountCents,
      lineTotalCents: Number.isSafeInteger(line.lineTotalCents) ? line.lineTotalCents! : unitPriceCents * quantity - lineDiscountCents,
    };
  });
  return {
    totalCents: cents(stored.totalCents),
    discountCents: Number.isSafeInteger(stored.discountCents)
      ? (stored.discountCents as number)
      : lines.reduce((sum, line) => sum + line.lineDiscountCents, 0),
    totalDiscountCents: cents(stored.totalDiscountCents),
    lines,
  };
}

// ── writing ────────────────────────────────────────────────────────────────────────────────

async function checkCustomer(ctx: Ctx, executor: Executor, customerId: string): Promise<{ id: string; name: string }> {
  customersAccess.require(ctx.actor, 'read');
  const { id, name } = await customerInScope(ctx, executor, customerId);
  return { id, name };
}

async function checkOpportunity(executor: Executor, opportunityId: string | null | undefined, customerId: string): Promise<void> {
  if (!opportunityId) return;
  const [opportunity] = await executor
    .select({ customerId: opportunities.customerId })
    .from(opportunities)
    .where(eq(opportunities.id, opportunityId));
  if (!opportunity) throw badRequest('body.opportunityId', 'no such opportunity');
  if (opportunity.customerId !== customerId) throw badRequest('body.opportunityId', 'the opportunity belongs to another customer');
}

function lineValues(quoteId: string, priced: PricedQuote) {
  return priced.lines.map((line) => ({
    quoteId,
    lineNo: line.lineNo,
    productId: line.productId,
    description: line.description,
    quantity: line.quantity,
    listUnitCents: line.listUnitCents,
    unitPriceCents: line.unitPriceCents,
    floorUnitCents: line.floorUnitCents,
    lineDiscountCents: line.lineDiscountCents,
    lineTotalCents: line.netTotalCents,
    pricing: { tierMinQuantity: line.tierMinQuantity, promotions: line.promotions, pricedOn: priced.on },
  }));
}

function quoteFigures(priced: PricedQuote) {
  return {
    priceListId: priced.priceListId,
    listTotalCents: priced.totals.listTotalCents,
    subtotalCents: priced.totals.subtotalCents,
    totalDiscountCents: priced.totals.totalDiscountCents,
    totalCents: priced.totals.totalCents,
    discountCents: priced.totals.discountCents,
    discountBp: priced.totals.discountBp,
    belowFloor: priced.belowFloor.size > 0,
    authority: priced.authority as unknown as Record<string, unknown>,
    fingerprint: priced.fingerprint,
  };
}

function snapshotOf(priced: PricedQuote) {
  return {
    priceListId: priced.priceListId,
    pricedOn: priced.on,
    listTotalCents: priced.totals.listTotalCents,
    subtotalCents: priced.totals.subtotalCents,
    totalDiscountCents: priced.totals.totalDiscountCents,
    totalCents: priced.totals.totalCents,
    discountCents: priced.totals.discountCents,
    discountBp: priced.totals.discountBp,
    lines: priced.lines.map((l) => ({
      productId: l.productId,
      productCode: l.productCode,
      productName: l.productName,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      lineDiscountCents: l.lineDiscountCents,
      lineTotalCents: l.netTotalCents,
    })),
  };
}

/** Compact line list for the audit trail: every discount is in it. */
const auditLines = (lines: { productId: string; quantity: number; unitPriceCents: number; lineDiscountCents: number }[]) =>
  lines.map((l) => `${l.productId}×${l.quantity}@${l.unitPriceCents}-${l.lineDiscountCents}`);

async function insertQuote(tx: Tx, ctx: Ctx, input: QuoteCreate, extra: { copiedFromId?: string } = {}): Promise<string> {
  const customer = await checkCustomer(ctx, tx, input.customerId);
  await checkOpportunity(tx, input.opportunityId, input.customerId);
  const [today, settings] = await Promise.all([companyToday(ctx), getQuoteSettings(tx)]);
  const validUntil = input.validUntil ?? addDaysTo(today, settings.validityDays);
  if (validUntil < today) throw badRequest('body.validUntil', 'the validity date is in the past');
  const priced = await priceQuote(tx, input, today);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const number = await nextDocumentNumber(tx, 'quote', settings.numberPattern, { year, month });
  const [me] = await tx.select({ orgUnitId: users.orgUnitId }).from(users).where(eq(users.id, ctx.actor.id));
  const [created] = await tx
    .insert(quotes)
    .values({
      number,
      title: input.title ?? customer.name,
      customerId: input.customerId,
      opportunityId: input.opportunityId ?? null,
      ownerId: ctx.actor.id,
      teamId: me?.orgUnitId ?? null,
      status: 'draft',
      revision: 1,
      validUntil,
      notes: input.notes ?? null,
      terms: input.terms === undefined ? settings.defaultTerms : input.terms,
      copiedFromId: extra.copiedFromId ?? null,
      createdById: ctx.actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      ...quoteFigures(priced),
    })
    .returning();
  await tx.insert(quoteLines).values(lineValues(created!.id, priced));
  await tx
    .insert(quoteRevisions)
    .values({ quoteId: created!.id, revision: 1, snapshot: snapshotOf(priced), actorId: ctx.actor.id, createdAt: ctx.now });
  await ctx.audit(tx, {
    action: 'create',
    entity: 'quotes',
    entityId: created!.id,
    changes: {
      ...diffChanges(null, {
        number,
        customerId: input.customerId,
        totalCents: priced.totals.totalCents,
        discountCents: priced.totals.discountCents,
        totalDiscountCents: priced.totals.totalDiscountCents,
        copiedFromId: extra.copiedFromId ?? null,
      }),
      lines: [null, auditLines(priced.lines)],
    },
    summary: extra.copiedFromId ? `${number} (copy)` : number,
    summaryMessage: extra.copiedFromId ? message('audit.messages.quoteCopied', { number }) : null,
  });
  return created!.id;
}

/** Creates a draft quote owned by the caller, priced (R-PRC-1) and judged (R-QUO-1); revision 1 is kept. */
export async function createQuote(ctx: Ctx, input: QuoteCreate): Promise<Quote> {
  quotesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => getQuote(ctx, await insertQuote(tx, ctx, input), tx));
}

async function lockQuote(tx: Tx, ctx: Ctx, id: string, version: number): Promise<QuoteRow> {
  const [row] = await tx
    .select()
    .from(quotes)
    .where(and(eq(quotes.id, id), quotesAccess.where(ctx.actor, 'write', quotes.ownerId)))
    .for('update');
  if (!row) throw notFound('quote');
  if (row.version !== version) throw conflict();
  return row;
}

async function requestOf(tx: Tx, requestId: string | null) {
  if (!requestId) return null;
  const [request] = await tx
    .select({
      id: approvalRequests.id,
      status: approvalRequests.status,
      version: approvalRequests.version,
      requesterId: approvalRequests.requesterId,
    })
    .from(approvalRequests)
    .where(eq(approvalRequests.id, requestId));
  return request ?? null;
}

async function storedInput(
  tx: Tx,
  quoteId: string,
): Promise<{ productId: string; quantity: number; lineDiscountCents: number; description: string | null }[]> {
  const rows = await tx.select().from(quoteLines).where(eq(quoteLines.quoteId, quoteId)).orderBy(asc(quoteLines.lineNo));
  return rows.map((row) => ({
    productId: row.productId,
    quantity: row.quantity,
    lineDiscountCents: row.lineDiscountCents,
    description: row.description,
  }));
}

/**
 * Saves changes. Every save re-prices (R-PRC-1, today's prices) and re-runs R-QUO-1. When the
 * lines or discounts change (a new fingerprint) the revision goes up, a snapshot is kept, and an
 * approved, sent or rejected quote goes back to draft: its old approval no longer covers it.
 */
export async function updateQuote(ctx: Ctx, id: string, input: QuoteUpdate): Promise<Quote> {
  quotesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const before = await lockQuote(tx, ctx, id, input.version);
    if (CLOSED.includes(before.status))
      throw new AppError('conflict', `the quote is ${before.status}; copy it to quote again`, { field: 'status' });
    if (before.status === 'pending_approval' && (await requestOf(tx, before.approvalRequestId))?.status === 'pending') {
      throw new AppError('conflict', 'the quote is waiting for approval; withdraw it before changing it', { field: 'status' });
    }
    const customerId = input.customerId ?? before.customerId;
    if (input.customerId !== undefined && input.customerId !== before.customerId) await checkCustomer(ctx, tx, customerId);
    const opportunityId = input.opportunityId === undefined ? before.opportunityId : input.opportunityId;
    if (input.opportunityId !== undefined || input.customerId !== undefined) await checkOpportunity(tx, opportunityId, customerId);
    const today = await companyToday(ctx);
    const validUntil = input.validUntil === undefined ? before.validUntil : input.validUntil;
    if (input.validUntil && input.validUntil < today && input.validUntil !== before.validUntil)
      throw badRequest('body.validUntil', 'the validity date is in the past');
    const lines = input.lines ?? (await storedInput(tx, id));
    const priced = await priceQuote(
      tx,
      {
        customerId,
        priceListId: input.priceListId === undefined ? before.priceListId : input.priceListId,
        lines,
        totalDiscountCents: input.totalDiscountCents ?? before.totalDiscountCents,
      },
      today,
    );

    const changedContent = priced.fingerprint !== before.fingerprint;
    const status: QuoteStatus =
      (changedContent && before.status !== 'draft') || before.status === 'pending_approval' ? 'draft' : before.status;
    const [after] = await tx
      .update(quotes)
      .set({
        title: input.title ?? before.title,
        customerId,
        opportunityId,
        validUntil,
        notes: input.notes === undefined ? before.notes : input.notes,
        terms: input.terms === undefined ? before.terms : input.terms,
        status,
        sentAt: status === 'draft' ? null : before.sentAt,
        revision: changedContent ? before.revision + 1 : before.revision,
        updatedAt: ctx.now,
        version: sql`${quotes.version} + 1`,
        ...quoteFigures(priced),
      })
      .where(and(eq(quotes.id, id), eq(quotes.version, input.version)))
      .returning();
    if (!after) throw conflict();
    const oldLines = await tx.select().from(quoteLines).where(eq(quoteLines.quoteId, id)).orderBy(asc(quoteLines.lineNo));
    await tx.delete(quoteLines).where(eq(quoteLines.quoteId, id));
    await tx.insert(quoteLines).values(lineValues(id, priced));
    if (changedContent)
      await tx
        .insert(quoteRevisions)
        .values({ quoteId: id, revision: after.revision, snapshot: snapshotOf(priced), actorId: ctx.actor.id, createdAt: ctx.now });
    const { authority: _a, fingerprint: _f, ...beforeFields } = before;
    const { authority: _b, fingerprint: _g, ...afterFields } = after;
    const changes = diffChanges(beforeFields, afterFields);
    const oldAudit = auditLines(oldLines);
    const newAudit = auditLines(priced.lines);
    if (JSON.stringify(oldAudit) !== JSON.stringify(newAudit)) changes.lines = [oldAudit, newAudit];
    await ctx.audit(tx, { action: 'update', entity: 'quotes', entityId: id, changes, summary: after.number });
    return getQuote(ctx, id, tx);
  });
}

/** The figures an approver reads on the request, under the approvals page's key convention (`…Cents` money, `…Bp` rate, lists). */
function approvalDetails(row: QuoteRow, customerName: string, authority: QuoteAuthority) {
  const below = authority.reasons.find((r) => r.code === 'below_floor');
  return {
    customerName,
    quoteNumber: row.number,
    listTotalCents: row.listTotalCents,
    discountCents: row.discountCents,
    discountBp: row.discountBp,
    totalCents: row.totalCents,
    linesBelowFloor:
      below && below.code === 'below_floor'
        ? below.lines.map((l) => ({
            lineNo: l.lineNo,
            productCode: l.productCode,
            netUnitCents: l.netUnitCents,
            floorUnitCents: l.floorUnitCents,
          }))
        : [],
  };
}

async function recomputeAuthority(tx: Tx, row: QuoteRow): Promise<QuoteAuthority> {
  const [lines, policies] = await Promise.all([
    tx
      .select({ line: quoteLines, productCode: products.code })
      .from(quoteLines)
      .innerJoin(products, eq(products.id, quoteLines.productId))
      .where(eq(quoteLines.quoteId, row.id))
      .orderBy(asc(quoteLines.lineNo)),
    quotePolicies(tx),
  ]);
  return discountAuthority({
    lines: lines.map(({ line, productCode }) => ({
      lineNo: line.lineNo,
      productCode,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      floorUnitCents: line.floorUnitCents,
      lineDiscountCents: line.lineDiscountCents,
    })),
    totalDiscountCents: row.totalDiscountCents,
    policies,
  });
}

/**
 * R-QUO-1 submit: the verdict is taken again against the current matrix. Content that needs no
 * approval, or whose fingerprint an approval already covered, is approved at once; otherwise an
 * approval request goes to the matrix's approvers (subject `quote.discount`, or `quote.floor` when a
 * line is below its floor) and the quote waits for it.
 */
export async function submitQuote(ctx: Ctx, id: string, version: number): Promise<Quote> {
  quotesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const row = await lockQuote(tx, ctx, id, version);
    const request = await requestOf(tx, row.approvalRequestId);
    const reopenable =
      row.status === 'draft' || row.status === 'rejected' || (row.status === 'pending_approval' && request?.status !== 'pending');
    if (!reopenable) throw new AppError('conflict', `a ${row.status} quote cannot be submitted`, { field: 'status' });
    const authority = await recomputeAuthority(tx, row);
    let status: QuoteStatus = 'approved';
    let approvalRequestId = row.approvalRequestId;
    if (!isApprovedContent(authority, row.fingerprint, row.approvedFingerprint)) {
      if (authority.subjectType === FLOOR_SUBJECT && authority.steps.length === 0) {
        throw ruleViolation(
          'R-QUO-1',
          'a line is below its floor price, which needs the director, but the approval matrix has no active quote.floor row; ask the administrator',
        );
      }
      const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId));
      const result = await submitApproval(tx, ctx, {
        subjectType: authority.subjectType!,
        subjectId: row.id,
        title: `${row.number} · ${customer!.name} · ${authority.subjectType === FLOOR_SUBJECT ? '低于底价' : '折扣'} ¥${(row.discountCents / 100).toLocaleString('en-US')} (${(row.discountBp / 100).toFixed(2)}%)`,
        titleMessage: message(
          authority.subjectType === FLOOR_SUBJECT ? 'quotes.messages.floorApproval' : 'quotes.messages.discountApproval',
          {
            number: row.number,
            customer: customer!.name,
            amount: `¥${(row.discountCents / 100).toLocaleString('en-US')}`,
            percent: `${(row.discountBp / 100).toFixed(2)}%`,
          },
        ),
        details: approvalDetails(row, customer!.name, authority),
        amountCents: row.discountCents,
        percent: row.discountBp / 100,
        ownerId: row.ownerId,
      });
      if (result.status === 'pending') {
        status = 'pending_approval';
        approvalRequestId = result.requestId;
      }
    }
    await tx
      .update(quotes)
      .set({
        status,
        approvalRequestId,
        authority: authority as unknown as Record<string, unknown>,
        updatedAt: ctx.now,
        version: sql`${quotes.version} + 1`,
      })
      .where(eq(quotes.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'quotes',
      entityId: id,
      changes: {
        status: [row.status, status],
        discountCents: [row.discountCents, row.discountCents],
        approvalRequestId: [row.approvalRequestId, approvalRequestId],
      },
      summary: `${row.number} submitted: ${authority.needsApproval ? authority.reasons.map((r) => r.code).join(', ') : 'within the rep’s authority'}`,
      summaryMessage: message('audit.messages.' + (authority.needsApproval ? 'quoteSubmittedForApproval' : 'quoteSubmittedWithin'), {
        number: row.number,
      }),
    });
    return getQuote(ctx, id, tx);
  });
}

/** Takes a quote out of approval: its pending request is withdrawn (by its requester) and it is a draft again. */
export async function withdrawQuote(ctx: Ctx, id: string, version: number): Promise<Quote> {
  quotesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const row = await lockQuote(tx, ctx, id, version);
    if (row.status !== 'pending_approval')
      throw new AppError('conflict', `a ${row.status} quote is not waiting for approval`, { field: 'status' });
    const request = await requestOf(tx, row.approvalRequestId);
    // The engine's own withdrawal, inside this transaction (a savepoint), so both change or neither.
    if (request?.status === 'pending') await cancelApproval({ ...ctx, db: tx as unknown as Database }, request.id, request.version);
    await tx
      .update(quotes)
      .set({ status: 'draft', updatedAt: ctx.now, version: sql`${quotes.version} + 1` })
      .where(eq(quotes.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'quotes',
      entityId: id,
      changes: { status: [row.status, 'draft'] },
      summary: `${row.number} withdrawn from approval`,
      summaryMessage: message('audit.messages.quoteWithdrawn', { number: row.number }),
    });
    return getQuote(ctx, id, tx);
  });
}

/** R-QUO-1: only approved content goes out; a quote whose approval is missing or pending is refused (422). */
function requireApproved(row: QuoteRow, action: string): void {
  if (row.status === 'pending_approval') throw ruleViolation('R-QUO-1', `the quote is waiting for approval and cannot be ${action}`);
  if (row.status === 'draft' || row.status === 'rejected')
    throw ruleViolation('R-QUO-1', `the quote is not approved (${row.status}); submit it first`);
  if (!isApprovedContent(storedAuthority(row), row.fingerprint, row.approvedFingerprint))
    throw ruleViolation('R-QUO-1', `the quote needs approval and cannot be ${action}`);
}

async function transition(
  ctx: Ctx,
  id: string,
  version: number,
  action: 'send' | 'accept' | 'decline',
  reason?: string | null,
): Promise<Quote> {
  quotesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const row = await lockQuote(tx, ctx, id, version);
    const from = row.status;
    const allowed: Record<typeof action, QuoteStatus[]> = {
      send: ['approved'],
      accept: ['approved', 'sent'],
      decline: ['approved', 'sent'],
    };
    const past = { send: 'sent', accept: 'accepted', decline: 'declined' } as const;
    if (CLOSED.includes(from) || (action === 'send' && from === 'sent'))
      throw new AppError('conflict', `the quote is already ${from}`, { field: 'status' });
    if (action !== 'decline') requireApproved(row, past[action]);
    if (!allowed[action].includes(from)) throw ruleViolation('R-QUO-1', `a ${from} quote cannot be ${past[action]}`);
    if (action !== 'decline' && row.validUntil && row.validUntil < (await companyToday(ctx))) {
      throw new AppError('conflict', `the quote was valid until ${row.validUntil}; change its validity first`, { field: 'validUntil' });
    }
    const status = past[action];
    await tx
      .update(quotes)
      .set({ status, sentAt: action === 'send' ? ctx.now : row.sentAt, updatedAt: ctx.now, version: sql`${quotes.version} + 1` })
      .where(eq(quotes.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'quotes',
      entityId: id,
      changes: { status: [from, status] },
      summary: reason ? `${row.number}: ${reason}` : row.number,
    });
    return getQuote(ctx, id, tx);
  });
}

export const sendQuote = (ctx: Ctx, id: string, version: number) => transition(ctx, id, version, 'send');
export const acceptQuote = (ctx: Ctx, id: string, version: number) => transition(ctx, id, version, 'accept');
export const declineQuote = (ctx: Ctx, id: string, version: number, reason?: string | null) =>
  transition(ctx, id, version, 'decline', reason);

/**
 * A new draft from a quote the caller can read: same customer, lines and discounts, re-priced
 * today, a new number, owned by the caller. Its approval state is NOT inherited (no
 * copy-to-skip-approval): it must be submitted and, if R-QUO-1 says so, approved again.
 */
export async function copyQuote(ctx: Ctx, id: string): Promise<Quote> {
  quotesAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [source] = await tx
      .select()
      .from(quotes)
      .where(and(eq(quotes.id, id), readScope(ctx)));
    if (!source) throw notFound('quote');
    const copyId = await insertQuote(
      tx,
      ctx,
      {
        title: source.title,
        customerId: source.customerId,
        opportunityId: source.opportunityId,
        priceListId: source.priceListId,
        lines: await storedInput(tx, id),
        totalDiscountCents: source.totalDiscountCents,
        notes: source.notes,
        terms: source.terms,
      },
      { copiedFromId: source.id },
    );
    return getQuote(ctx, copyId, tx);
  });
}

/** The builder's live figures and R-QUO-1 banner: priced lines, totals, verdict; nothing saved. */
export async function previewQuote(
  ctx: Ctx,
  input: { customerId: string; priceListId?: string | null; lines: QuoteLineInput[]; totalDiscountCents: number; quoteId?: string },
): Promise<QuotePreview> {
  quotesAccess.require(ctx.actor, 'read');
  await checkCustomer(ctx, ctx.db, input.customerId);
  const priced = await priceQuote(ctx.db, input, await companyToday(ctx));
  let approvedFingerprint: string | null = null;
  if (input.quoteId) {
    const [quote] = await ctx.db
      .select({ approvedFingerprint: quotes.approvedFingerprint })
      .from(quotes)
      .where(and(eq(quotes.id, input.quoteId), readScope(ctx)));
    if (!quote) throw badRequest('body.quoteId', 'no such quote');
    approvedFingerprint = quote.approvedFingerprint;
  }
  return {
    priceListId: priced.priceListId,
    on: priced.on,
    lines: priced.lines.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      quantity: l.quantity,
      listUnitCents: l.listUnitCents,
      unitPriceCents: l.unitPriceCents,
      floorUnitCents: floorFor(ctx.actor, l.floorUnitCents),
      lineDiscountCents: l.lineDiscountCents,
      lineTotalCents: l.netTotalCents,
      belowFloor: priced.belowFloor.has(l.lineNo),
      tierMinQuantity: l.tierMinQuantity,
      promotions: l.promotions,
    })),
    listTotalCents: priced.totals.listTotalCents,
    subtotalCents: priced.totals.subtotalCents,
    totalDiscountCents: priced.totals.totalDiscountCents,
    totalCents: priced.totals.totalCents,
    belowFloor: priced.belowFloor.size > 0,
    authority: authorityFor(ctx, priced.authority),
    approvedContent: isApprovedContent(priced.authority, priced.fingerprint, approvedFingerprint),
  };
}

// ── approvals, contracts, jobs ──────────────────────────────────────────────────────────────

/**
 * The approval engine's decision on a quote's request (R-APR-1 → R-QUO-1). Only the request the
 * quote is waiting on counts; approval records the fingerprint it covered.
 */
export async function onQuoteDecided(
  tx: Tx,
  ctx: Ctx,
  request: { id: string; subjectId: string; status: 'approved' | 'rejected' },
): Promise<void> {
  const [row] = await tx.select().from(quotes).where(eq(quotes.id, request.subjectId)).for('update');
  if (!row || row.approvalRequestId !== request.id || row.status !== 'pending_approval') return;
  const approved = request.status === 'approved';
  await tx
    .update(quotes)
    .set({
      status: request.status,
      approvedFingerprint: approved ? row.fingerprint : row.approvedFingerprint,
      updatedAt: ctx.now,
      version: sql`${quotes.version} + 1`,
    })
    .where(eq(quotes.id, row.id));
  await ctx.audit(tx, {
    action: approved ? 'approve' : 'reject',
    entity: 'quotes',
    entityId: row.id,
    changes: {
      status: [row.status, request.status],
      approvedFingerprint: [row.approvedFingerprint, approved ? row.fingerprint : row.approvedFingerprint],
    },
    summary: `${row.number}: discount ${row.discountCents} (${row.discountBp} bp)`,
    summaryMessage: message('audit.messages.quoteDiscount', {
      number: row.number,
      amount: (row.discountCents / 100).toFixed(2),
      percent: (row.discountBp / 100).toFixed(2),
    }),
  });
}

export interface QuoteForContract {
  id: string;
  number: string;
  customerId: string;
  opportunityId: string | null;
  ownerId: string;
  totalCents: number;
  status: QuoteStatus;
  lines: { productId: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
}

/**
 * For the contracts module: a quote the caller can read, only once its content is approved
 * (approved, sent or accepted) — else 422 R-QUO-1. `unitPriceCents` is per unit after the line
 * discount, rounded half up; `lineTotalCents` is exact; `totalCents` includes the total discount.
 */
export async function getQuoteForContract(executor: Executor, ctx: Ctx, quoteId: string): Promise<QuoteForContract> {
  quotesAccess.require(ctx.actor, 'read');
  const [row] = await executor
    .select()
    .from(quotes)
    .where(and(eq(quotes.id, quoteId), readScope(ctx)));
  if (!row) throw notFound('quote');
  if (!canBecomeContract(row.status, storedAuthority(row), row.fingerprint, row.approvedFingerprint)) {
    throw ruleViolation('R-QUO-1', `quote ${row.number} is ${row.status}: only an approved quote can become a contract`);
  }
  const lines: LineRow[] = await executor.select().from(quoteLines).where(eq(quoteLines.quoteId, quoteId)).orderBy(asc(quoteLines.lineNo));
  return {
    id: row.id,
    number: row.number,
    customerId: row.customerId,
    opportunityId: row.opportunityId,
    ownerId: row.ownerId,
    totalCents: row.totalCents,
    status: row.status,
    lines: lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPriceCents: Math.floor((line.lineTotalCents * 2 + line.quantity) / (line.quantity * 2)),
      lineTotalCents: line.lineTotalCents,
    })),
  };
}

/** Daily: approved and sent quotes past their validity become expired (audited as the system). */
export async function expireQuotes(ctx: Ctx): Promise<number> {
  const today = await companyToday(ctx);
  return ctx.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: quotes.id, number: quotes.number, status: quotes.status, validUntil: quotes.validUntil })
      .from(quotes)
      .where(and(inArray(quotes.status, ['approved', 'sent']), lt(quotes.validUntil, today)))
      .for('update', { skipLocked: true });
    if (!due.length) return 0;
    await tx
      .update(quotes)
      .set({ status: 'expired', updatedAt: ctx.now, version: sql`${quotes.version} + 1` })
      .where(
        inArray(
          quotes.id,
          due.map((row) => row.id),
        ),
      );
    for (const row of due) {
      await ctx.audit(tx, {
        action: 'update',
        entity: 'quotes',
        entityId: row.id,
        changes: { status: [row.status, 'expired'] },
        summary: `${row.number} valid until ${row.validUntil}`,
        summaryMessage: message('audit.messages.quoteValidUntil', { number: row.number, date: String(row.validUntil) }),
      });
    }
    return due.length;
  });
}

/** The given quotes inside the caller's read scope, as the list shows them ("export selected"). */
export async function quotesByIds(ctx: Ctx, ids: string[], executor: Executor = ctx.db): Promise<QuoteSummary[]> {
  quotesAccess.require(ctx.actor, 'read');
  if (!ids.length) return [];
  const rows = await selectQuotes(ctx, executor).where(and(inArray(quotes.id, ids), readScope(ctx)));
  return rows.map(presentSummary);
}
