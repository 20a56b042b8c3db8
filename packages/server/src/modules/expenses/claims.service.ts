import { sql, type SQL } from 'drizzle-orm';
import {
  checkBudget,
  message,
  type ClaimInput,
  type ClaimReview,
  type ClaimSummary,
  type ExpenseClaim,
  type OverBudgetLine,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound, ruleViolation } from '../../platform/errors.js';
import { decideApproval, submitApproval } from '../../platform/approvals/approvals.engine.js';
import { nextDocumentNumber } from '../../platform/numbering/numbering.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { databaseErrorOf } from '../../platform/db/db-errors.js';
import { customerReadScope } from '../customers/index.js';
import { expensesAccess } from './expenses.access.js';
import { getExpenseSettings } from './expenses.settings.js';
import { CLAIM_MOVES, chargeableBudget, invoiceKey, type BudgetCandidate } from './expense-rules.js';
import { yuan } from './budgets.service.js';

type ClaimRow = {
  id: string;
  number: string;
  title: string;
  claimant_id: string;
  claimant_name: string;
  org_unit_id: string | null;
  org_unit_name: string | null;
  status: ExpenseClaim['status'];
  total_cents: string | number;
  approval_request_id: string | null;
  current_step: number | null;
  submitted_at: string | null;
  decided_at: string | null;
  paid_on: string | null;
  payment_reference: string | null;
  over_budget_status: ExpenseClaim['overBudgetStatus'];
  over_budget_cents: string | number | null;
  over_budget_reason: string | null;
  over_budget_request_id: string | null;
  blocked: OverBudgetLine[] | null;
  created_at: string;
  version: number;
};

const CLAIM_COLUMNS = sql`
  select c.id, c.number, c.title, c.claimant_id, u.display_name as claimant_name, c.org_unit_id, ou.name as org_unit_name, c.status,
         c.total_cents, c.approval_request_id, ar.current_step, c.submitted_at, c.decided_at, to_char(c.paid_on, 'YYYY-MM-DD') as paid_on,
         c.payment_reference, c.over_budget_status, c.over_budget_cents, c.over_budget_reason, c.over_budget_request_id, c.blocked,
         c.created_at, c.version`;
const CLAIM_FROM = sql`
    from expense_claims c
    join users u on u.id = c.claimant_id
    left join org_units ou on ou.id = c.org_unit_id
    left join approval_requests ar on ar.id = c.approval_request_id`;
const CLAIM_SELECT = sql`${CLAIM_COLUMNS} ${CLAIM_FROM}`;

/** Claims the caller may read: their own, or in their read scope (by claimant). */
function readable(ctx: Ctx): SQL {
  return sql`(c.claimant_id = ${ctx.actor.id} or ${expensesAccess.where(ctx.actor, 'read', sql`c.claimant_id`)})`;
}

/** The pending step of a claim's approval request is the caller's (the engine's rule, delegations included). */
function myStepSql(ctx: Ctx): SQL {
  return sql`exists (
    select 1 from approval_steps st join approval_requests r on r.id = st.request_id
     where st.request_id = c.approval_request_id and st.status = 'pending' and r.status = 'pending'
       and r.requester_id <> ${ctx.actor.id}
       and (st.approver_id = ${ctx.actor.id}
            or st.approver_id in (select d.from_user_id from approval_delegations d
                                   where d.to_user_id = ${ctx.actor.id} and d.starts_at <= ${ctx.now.toISOString()}::timestamptz
                                     and d.ends_at > ${ctx.now.toISOString()}::timestamptz)
            or (st.approver_id is null and st.role = any(string_to_array(${ctx.actor.roles.join(',')}, ',')))))`;
}

function stageOf(row: { status: string; current_step: number | null }): ExpenseClaim['stage'] {
  if (row.status !== 'submitted') return null;
  return row.current_step === 2 ? 'finance' : 'supervisor';
}

function summary(row: ClaimRow): ClaimSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    claimantId: row.claimant_id,
    claimantName: row.claimant_name,
    orgUnitName: row.org_unit_name,
    status: row.status,
    stage: stageOf(row),
    totalCents: Number(row.total_cents),
    submittedAt: iso(row.submitted_at),
    paidOn: row.paid_on,
    overBudgetStatus: row.over_budget_status,
    createdAt: iso(row.created_at)!,
    version: row.version,
  };
}

async function loadClaim(ctx: Ctx, executor: Executor, id: string): Promise<ExpenseClaim> {
  const row = (
    await executor.execute<ClaimRow & { my_step: boolean }>(
      sql`${CLAIM_COLUMNS}, ${myStepSql(ctx)} as my_step ${CLAIM_FROM} where c.id = ${id} and (${readable(ctx)} or ${myStepSql(ctx)})`,
    )
  ).rows[0];
  if (!row) throw notFound('claim');
  const [lines, files, history] = await Promise.all([
    executor.execute<{
      id: string;
      line_no: number;
      category: string;
      spent_on: string;
      amount_cents: string | number;
      purpose: string;
      customer_id: string | null;
      customer_name: string | null;
      opportunity_id: string | null;
      event_id: string | null;
      invoice_number: string | null;
      budget_id: string | null;
    }>(sql`
      select l.id, l.line_no, l.category, to_char(l.spent_on, 'YYYY-MM-DD') as spent_on, l.amount_cents, l.purpose, l.customer_id,
             cu.name as customer_name, l.opportunity_id, l.event_id, l.invoice_number, l.budget_id
        from expense_claim_lines l left join customers cu on cu.id = l.customer_id
       where l.claim_id = ${id} order by l.line_no`),
    executor.execute<{ id: string; line_id: string | null; file_name: string; mime_type: string; size: number; created_at: string }>(sql`
      select id, line_id, file_name, mime_type, size, created_at from expense_claim_files where claim_id = ${id} order by created_at, id`),
    // The whole history: the claim's own events and every step of its approval requests (claim and over-budget).
    executor.execute<{ at: string; actor_name: string | null; action: string; step_no: number | null; comment: string | null }>(sql`
      select at, actor_name, action, step_no, comment from (
        select e.at, u.display_name as actor_name, e.action, null::int as step_no, e.comment
          from expense_claim_events e left join users u on u.id = e.actor_id where e.claim_id = ${id}
        union all
        select ae.created_at, u.display_name, case when r.subject_type = 'expense.overBudget' then 'overBudget.' || ae.action else ae.action end,
               ae.step_no, ae.comment
          from approval_events ae join approval_requests r on r.id = ae.request_id left join users u on u.id = ae.actor_id
         where r.subject_type in ('expense.claim', 'expense.overBudget') and r.subject_id = ${id} and ae.action <> 'submitted'
      ) h order by at, action`),
  ]);
  const mine = row.claimant_id === ctx.actor.id;
  const moves = CLAIM_MOVES[row.status];
  const editable = mine && moves.edit;
  return {
    ...summary(row),
    decidedAt: iso(row.decided_at),
    paymentReference: row.payment_reference,
    approvalRequestId: row.approval_request_id,
    overBudgetCents: row.over_budget_cents === null ? null : Number(row.over_budget_cents),
    overBudgetReason: row.over_budget_reason,
    blocked: row.blocked,
    lines: lines.rows.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      category: l.category,
      spentOn: l.spent_on,
      amountCents: Number(l.amount_cents),
      purpose: l.purpose,
      customerId: l.customer_id,
      customerName: l.customer_name,
      opportunityId: l.opportunity_id,
      eventId: l.event_id,
      invoiceNumber: l.invoice_number,
      budgetId: l.budget_id,
    })),
    files: files.rows.map((f) => ({
      id: f.id,
      lineId: f.line_id,
      fileName: f.file_name,
      mimeType: f.mime_type,
      size: f.size,
      createdAt: iso(f.created_at)!,
    })),
    history: history.rows.map((h) => ({
      at: iso(h.at)!,
      actorName: h.actor_name,
      action: h.action,
      stepNo: h.step_no,
      comment: h.comment,
    })),
    abilities: {
      edit: editable,
      submit: editable,
      attach: editable,
      requestOverBudget: editable && row.blocked !== null && row.over_budget_status !== 'pending' && row.over_budget_status !== 'approved',
      review: moves.review && row.my_step && expensesAccess.can(ctx.actor, 'review'),
      pay: moves.pay && expensesAccess.can(ctx.actor, 'pay'),
    },
  };
}

export async function getClaim(ctx: Ctx, id: string): Promise<ExpenseClaim> {
  expensesAccess.require(ctx.actor, 'read');
  return loadClaim(ctx, ctx.db, id);
}

/** My claims, the claims waiting on my review step, or all I may read. */
export async function listClaims(
  ctx: Ctx,
  query: { box: 'mine' | 'review' | 'all'; status?: ExpenseClaim['status']; q?: string; page: number; pageSize: number },
) {
  expensesAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [readable(ctx)];
  if (query.box === 'mine') filters.push(sql`c.claimant_id = ${ctx.actor.id}`);
  if (query.box === 'review') filters.push(sql`c.status = 'submitted'`, myStepSql(ctx));
  if (query.status) filters.push(sql`c.status = ${query.status}`);
  if (query.q)
    filters.push(sql`(c.number ilike ${`%${query.q}%`} or c.title ilike ${`%${query.q}%`} or u.display_name ilike ${`%${query.q}%`})`);
  const where = sql.join(filters, sql` and `);
  const [rows, counted] = await Promise.all([
    ctx.db.execute<ClaimRow>(
      sql`${CLAIM_SELECT} where ${where} order by c.created_at desc, c.id limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
    ),
    ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from expense_claims c join users u on u.id = c.claimant_id where ${where}`),
  ]);
  return { items: rows.rows.map(summary), total: counted.rows[0]!.n, page: query.page, pageSize: query.pageSize };
}

async function recordEvent(tx: Tx, ctx: Ctx, claimId: string, action: string, comment: string | null = null) {
  await tx.execute(sql`
    insert into expense_claim_events (claim_id, action, comment, actor_id, at)
    values (${claimId}, ${action}, ${comment}, ${ctx.actor.id}, ${ctx.now.toISOString()}::timestamptz)`);
}

/** Checks a claim's lines: known categories, no invoice number twice in the claim, customers the caller can read. */
async function validateLines(ctx: Ctx, tx: Tx, input: ClaimInput, claimId: string | null) {
  const { categories } = await getExpenseSettings(ctx.db);
  const seen = new Map<string, number>();
  for (const [index, line] of input.lines.entries()) {
    if (!categories.includes(line.category))
      throw badRequest(`body.lines.${index}.category`, `not an expense category (${categories.join(', ')})`);
    const key = invoiceKey(line.invoiceNumber);
    if (key) {
      if (seen.has(key)) throw badRequest(`body.lines.${index}.invoiceNumber`, `the invoice number is also on line ${seen.get(key)! + 1}`);
      seen.set(key, index);
    }
    if (line.customerId) {
      const visible = await tx.execute(sql`select 1 from customers where customers.id = ${line.customerId} and ${customerReadScope(ctx)}`);
      if (!visible.rows.length) throw badRequest(`body.lines.${index}.customerId`, 'no such customer');
    }
  }
  // R-EXP-1: an invoice is claimed once across all claims (the unique index holds it under races too).
  const keys = [...seen.keys()];
  if (keys.length) {
    const taken = await tx.execute<{ invoice_key: string; number: string }>(sql`
      select l.invoice_key, c.number from expense_claim_lines l join expense_claims c on c.id = l.claim_id
       where l.invoice_key = any(${sql.param(keys)}::text[]) and l.claim_id <> coalesce(${claimId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`);
    if (taken.rows.length) {
      const index = seen.get(taken.rows[0]!.invoice_key)!;
      throw new AppError('conflict', `invoice ${input.lines[index]!.invoiceNumber} is already claimed on ${taken.rows[0]!.number}`, {
        field: `body.lines.${index}.invoiceNumber`,
        rule: 'R-EXP-1',
      });
    }
  }
}

/** A concurrent claim took the invoice number between the check and the insert: the same 409, naming the field. */
function duplicateInvoice(error: unknown): AppError | null {
  const pgError = databaseErrorOf(error);
  if (pgError?.code === '23505' && pgError.constraint === 'expense_claim_lines_invoice_idx') {
    return new AppError('conflict', 'the invoice number is already claimed on another claim', {
      field: 'body.lines.invoiceNumber',
      rule: 'R-EXP-1',
    });
  }
  return null;
}

async function insertLines(tx: Tx, claimId: string, input: ClaimInput) {
  for (const [index, line] of input.lines.entries()) {
    await tx.execute(sql`
      insert into expense_claim_lines (claim_id, line_no, category, spent_on, amount_cents, purpose, customer_id, opportunity_id, event_id,
                                       invoice_number, invoice_key)
      values (${claimId}, ${index + 1}, ${line.category}, ${line.spentOn}::date, ${line.amountCents}, ${line.purpose}, ${line.customerId ?? null},
              ${line.opportunityId ?? null}, ${line.eventId ?? null}, ${line.invoiceNumber ?? null}, ${invoiceKey(line.invoiceNumber)})`);
  }
  const total = input.lines.reduce((sum, line) => sum + line.amountCents, 0);
  await tx.execute(sql`update expense_claims set total_cents = ${total} where id = ${claimId}`);
}

async function zoneToday(ctx: Ctx): Promise<{ year: number; month: number }> {
  const { timeZone } = await getSettings(ctx.db);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone }).format(ctx.now);
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}

/** R-EXP-1: a draft claim of the caller's, numbered BX-YYYY-NNNNN. */
export async function createClaim(ctx: Ctx, input: ClaimInput): Promise<ExpenseClaim> {
  expensesAccess.require(ctx.actor, 'claim');
  try {
    return await ctx.db.transaction(async (tx) => {
      await validateLines(ctx, tx, input, null);
      const number = await nextDocumentNumber(tx, 'expense_claim', 'BX-{YYYY}-{SEQ:5}', await zoneToday(ctx));
      const inserted = await tx.execute<{ id: string }>(sql`
        insert into expense_claims (number, title, claimant_id, org_unit_id, created_at, updated_at)
        values (${number}, ${input.title}, ${ctx.actor.id}, (select org_unit_id from users where id = ${ctx.actor.id}),
                ${ctx.now.toISOString()}::timestamptz, ${ctx.now.toISOString()}::timestamptz)
        returning id`);
      const id = inserted.rows[0]!.id;
      await insertLines(tx, id, input);
      await recordEvent(tx, ctx, id, 'created');
      await ctx.audit(tx, { action: 'create', entity: 'expense_claims', entityId: id, summary: `${number} ${input.title}` });
      return loadClaim(ctx, tx, id);
    });
  } catch (error) {
    throw duplicateInvoice(error) ?? error;
  }
}

/** Lock a claim row of the caller's own, checking its version. */
async function lockOwnClaim(tx: Tx, ctx: Ctx, id: string, version: number) {
  const row = (
    await tx.execute<{ id: string; claimant_id: string; status: ExpenseClaim['status']; version: number; number: string }>(sql`
      select c.id, c.claimant_id, c.status, c.version, c.number from expense_claims c where c.id = ${id} and ${readable(ctx)} for update`)
  ).rows[0];
  if (!row) throw notFound('claim');
  if (row.claimant_id !== ctx.actor.id) throw forbidden('only the claimant changes a claim');
  if (row.version !== version) throw conflict();
  return row;
}

/** Edits a draft or returned claim: title and lines replaced (invoice numbers re-checked). */
export async function updateClaim(ctx: Ctx, id: string, input: ClaimInput & { version: number }): Promise<ExpenseClaim> {
  expensesAccess.require(ctx.actor, 'claim');
  try {
    return await ctx.db.transaction(async (tx) => {
      const claim = await lockOwnClaim(tx, ctx, id, input.version);
      if (!CLAIM_MOVES[claim.status].edit) throw new AppError('conflict', `the claim is ${claim.status}; it cannot be edited`);
      await validateLines(ctx, tx, input, id);
      await tx.execute(sql`delete from expense_claim_lines where claim_id = ${id}`);
      await insertLines(tx, id, input);
      await tx.execute(sql`
        update expense_claims set title = ${input.title}, blocked = null,
               over_budget_status = case when over_budget_status = 'pending' then over_budget_status else 'none' end,
               updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
         where id = ${id}`);
      await recordEvent(tx, ctx, id, 'edited');
      await ctx.audit(tx, { action: 'update', entity: 'expense_claims', entityId: id, summary: `${claim.number} ${input.title}` });
      return loadClaim(ctx, tx, id);
    });
  } catch (error) {
    throw duplicateInvoice(error) ?? error;
  }
}

/** The approved budgets a claimant's lines may be charged to: the claimant unit's and its ancestors', by distance. */
async function candidateBudgets(tx: Tx, orgUnitId: string | null, categories: string[]) {
  if (!orgUnitId) return [];
  const rows = await tx.execute<{
    id: string;
    category: string;
    distance: number;
    period_kind: BudgetCandidate['periodKind'];
    period_start: string;
    period_end: string;
    unit_name: string;
  }>(sql`
    select b.id, b.category, (length(cu.path) - length(replace(cu.path, '/', ''))) - (length(bu.path) - length(replace(bu.path, '/', ''))) as distance,
           b.period_kind, to_char(b.period_start, 'YYYY-MM-DD') as period_start, to_char(b.period_end, 'YYYY-MM-DD') as period_end,
           bu.name as unit_name
      from org_units cu
      join org_units bu on cu.path like bu.path || '%'
      join expense_budgets b on b.org_unit_id = bu.id
     where cu.id = ${orgUnitId} and b.status = 'approved' and b.category = any(${sql.param(categories)}::text[])`);
  return rows.rows.map((r) => ({
    id: r.id,
    category: r.category,
    distance: r.distance,
    periodKind: r.period_kind,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    unitName: r.unit_name,
  }));
}

/** A submission that the locked budget check refused: thrown to roll back what the submission wrote. */
class BlockedSubmission extends Error {
  constructor(
    readonly blocked: OverBudgetLine[],
    readonly overByCents: number,
  ) {
    super('over budget');
  }
}

type ChargedLine = {
  line: { id: string; category: string; amount_cents: string | number };
  budget: Awaited<ReturnType<typeof candidateBudgets>>[number] | null;
};

/**
 * Budget, committed and spent per budget, leaving out the claim being submitted (its lines may already
 * be charged): SQL function expense_budget_figures (migration 0051); `locked`: under the budget rows'
 * lock, taken and read in one round trip (expense_budget_figures_locked).
 */
async function budgetFigures(tx: Tx, budgetIds: string[], claimId: string, locked = false) {
  const figures = new Map<string, { budgetCents: number; committedCents: number; spentCents: number }>();
  if (!budgetIds.length) return figures;
  const ids = sql`${sql.param(budgetIds)}::uuid[]`;
  const rows = await tx.execute<{
    budget_id: string;
    budget_cents: string | number;
    committed_cents: string | number;
    spent_cents: string | number;
  }>(
    locked
      ? sql`select * from expense_budget_figures_locked(${ids}, ${claimId}::uuid)`
      : sql`select * from expense_budget_figures(${ids}, ${claimId}::uuid)`,
  );
  for (const row of rows.rows) {
    figures.set(row.budget_id, {
      budgetCents: Number(row.budget_cents),
      committedCents: Number(row.committed_cents),
      spentCents: Number(row.spent_cents),
    });
  }
  return figures;
}

/** R-EXP-2 per budget (the shared `checkBudget`): the lines over budget, with the figures behind them. */
function overBudgetLines(
  charged: ChargedLine[],
  figures: Map<string, { budgetCents: number; committedCents: number; spentCents: number }>,
) {
  const requests = new Map<string, { category: string; budget: ChargedLine['budget']; cents: number }>();
  for (const { line, budget } of charged) {
    const key = budget?.id ?? `none:${line.category}`;
    const entry = requests.get(key) ?? { category: line.category, budget, cents: 0 };
    entry.cents += Number(line.amount_cents);
    requests.set(key, entry);
  }
  const over: OverBudgetLine[] = [];
  for (const [key, request] of requests) {
    const check = checkBudget(figures.get(key) ?? { budgetCents: 0, committedCents: 0, spentCents: 0 }, request.cents);
    if (check.overBudget) {
      over.push({
        category: request.category,
        budgetId: request.budget?.id ?? null,
        orgUnitName: request.budget?.unitName ?? null,
        periodStart: request.budget?.periodStart ?? null,
        periodEnd: request.budget?.periodEnd ?? null,
        budgetCents: check.budgetCents,
        committedCents: check.committedCents,
        spentCents: check.spentCents,
        requestCents: check.requestCents,
        remainingCents: check.remainingCents,
        overByCents: check.overByCents,
      });
    }
  }
  return { over, overByCents: over.reduce((sum, o) => sum + o.overByCents, 0) };
}

/** Keeps a blocked submission's figures on the claim (in its own transaction: the submission rolled back). */
async function recordBlocked(ctx: Ctx, id: string, version: number, blocked: BlockedSubmission) {
  await ctx.db.transaction(async (tx) => {
    const updated = await tx.execute(sql`
      update expense_claims set blocked = ${JSON.stringify(blocked.blocked)}::jsonb,
             over_budget_status = case when over_budget_status = 'approved' then 'none' else over_budget_status end,
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id} and version = ${version}`);
    if (updated.rowCount) await recordEvent(tx, ctx, id, 'blocked', `over by ${yuan(blocked.overByCents)}`);
  });
  return new AppError(
    'rule',
    `over budget by ${yuan(blocked.overByCents)}: ${blocked.blocked.map((o) => `${o.category} remaining ${yuan(Math.max(0, o.remainingCents))}, this claim ${yuan(o.requestCents)}`).join('; ')}`,
    { rule: 'R-EXP-2', data: { lines: blocked.blocked, overByCents: blocked.overByCents } },
  );
}

/**
 * R-EXP-1 + R-EXP-2: the claimant submits. Each line is charged to its budget (chargeableBudget);
 * `checkBudget` decides per budget with the figures. A claim over budget is blocked (422 with the
 * figures, kept on the claim) unless a director granted the over-budget approval for at least the
 * amount it is over by. Passing: the claim goes to the supervisor, then finance (approval subject
 * expense.claim).
 *
 * Concurrency (R-EXP-2 "concurrent claims cannot together overspend"): the budget rows are locked
 * (in id order) LAST — after the approval request, events and audit are written — then checked, then
 * committed, so concurrent submitters on one budget queue only for the check and the commit. A check
 * that fails throws to roll back everything the submission wrote; the block is then recorded on its own.
 */
export async function submitClaim(ctx: Ctx, id: string, input: { version: number }): Promise<ExpenseClaim> {
  expensesAccess.require(ctx.actor, 'claim');
  try {
    return await ctx.db.transaction(async (tx) => {
      const claim = await lockOwnClaim(tx, ctx, id, input.version);
      if (!CLAIM_MOVES[claim.status].submit) throw new AppError('conflict', `the claim is already ${claim.status}`);
      const head = (
        await tx.execute<{
          org_unit_id: string | null;
          total_cents: string | number;
          title: string;
          over_budget_status: string;
          over_budget_cents: string | number | null;
          files: number;
        }>(sql`
          select c.org_unit_id, c.total_cents, c.title, c.over_budget_status, c.over_budget_cents,
                 (select count(*)::int from expense_claim_files f where f.claim_id = c.id) as files
            from expense_claims c where c.id = ${id}`)
      ).rows[0]!;
      if (head.files === 0) throw ruleViolation('R-EXP-1', 'attach the invoice (a photo or PDF) before submitting');
      const lines = (
        await tx.execute<{ id: string; category: string; spent_on: string; amount_cents: string | number }>(sql`
          select id, category, to_char(spent_on, 'YYYY-MM-DD') as spent_on, amount_cents from expense_claim_lines where claim_id = ${id} order by line_no`)
      ).rows;
      const candidates = await candidateBudgets(tx, head.org_unit_id, [...new Set(lines.map((l) => l.category))]);
      const charged: ChargedLine[] = lines.map((line) => ({ line, budget: chargeableBudget(candidates, line.category, line.spent_on) }));
      const budgetIds = [...new Set(charged.flatMap((c) => (c.budget ? [c.budget.id] : [])))].sort();
      const approvedOver = head.over_budget_status === 'approved' ? Number(head.over_budget_cents ?? 0) : 0;
      // Without the lock: a claim already over on committed figures is blocked before anything is written
      // (usage seen here can only be lower than under the lock, unless a claim was returned meanwhile).
      const early = overBudgetLines(charged, await budgetFigures(tx, budgetIds, id));
      if (early.over.length && early.overByCents > approvedOver) throw new BlockedSubmission(early.over, early.overByCents);

      for (const { line, budget } of charged) {
        await tx.execute(sql`update expense_claim_lines set budget_id = ${budget?.id ?? null} where id = ${line.id}`);
      }
      const total = Number(head.total_cents);
      const submitted = await submitApproval(tx, ctx, {
        subjectType: 'expense.claim',
        subjectId: id,
        title: `费用报销：${claim.number} ${head.title}（${yuan(total)}）`,
        titleMessage: message('expenses.messages.claimApproval', { number: claim.number, title: head.title, amount: yuan(total) }),
        details: { claimNumber: claim.number, amountCents: total, overBudgetCents: early.over.length ? early.overByCents : null },
        amountCents: total,
        ownerId: ctx.actor.id,
      });
      await tx.execute(sql`
        update expense_claims set status = ${submitted.status === 'approved' ? 'approved' : 'submitted'}, approval_request_id = ${submitted.requestId},
               submitted_at = ${ctx.now.toISOString()}::timestamptz, blocked = null, return_requested = false,
               decided_at = ${submitted.status === 'approved' ? ctx.now.toISOString() : null}::timestamptz,
               updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
         where id = ${id}`);
      await recordEvent(tx, ctx, id, claim.status === 'returned' ? 'resubmitted' : 'submitted');
      await ctx.audit(tx, { action: 'update', entity: 'expense_claims', entityId: id, changes: { status: [claim.status, 'submitted'] } });
      const result = await loadClaim(ctx, tx, id);

      // The lock that makes R-EXP-2 hold under concurrency, taken last and held only for this one
      // call and the commit: expense_budget_figures_locked locks the budget rows (FOR NO KEY UPDATE —
      // every submitter already holds FOR KEY SHARE through the lines' foreign key, FOR UPDATE would
      // deadlock them) and then reads the sums in a fresh snapshot that includes the claim committed by
      // whoever held the lock before (migration 0051 says why a single statement would not).
      if (budgetIds.length) {
        const checked = overBudgetLines(charged, await budgetFigures(tx, budgetIds, id, true));
        if (checked.over.length && checked.overByCents > approvedOver) throw new BlockedSubmission(checked.over, checked.overByCents);
        if (checked.over.length !== early.over.length && submitted.requestId) {
          await tx.execute(sql`
            update approval_requests set details = details || jsonb_build_object('overBudgetCents', ${checked.over.length ? checked.overByCents : null}::bigint)
             where id = ${submitted.requestId}`);
        }
      }
      return result;
    });
  } catch (error) {
    if (error instanceof BlockedSubmission) throw await recordBlocked(ctx, id, input.version, error);
    throw error;
  }
}

/** R-EXP-2: the claimant asks a director to let a blocked claim go over budget (subject expense.overBudget). */
export async function requestOverBudget(ctx: Ctx, id: string, input: { reason: string; version: number }): Promise<ExpenseClaim> {
  expensesAccess.require(ctx.actor, 'claim');
  return ctx.db.transaction(async (tx) => {
    const claim = await lockOwnClaim(tx, ctx, id, input.version);
    const current = await loadClaim(ctx, tx, id);
    if (!current.abilities.requestOverBudget || !current.blocked) {
      throw new AppError(
        'conflict',
        'only a claim blocked over budget, without a pending or granted request, asks for an over-budget approval',
      );
    }
    const overByCents = current.blocked.reduce((sum, o) => sum + o.overByCents, 0);
    const submitted = await submitApproval(tx, ctx, {
      subjectType: 'expense.overBudget',
      subjectId: id,
      title: `超预算报销：${claim.number}（超出 ${yuan(overByCents)}）`,
      titleMessage: message('expenses.messages.overBudgetApproval', { number: claim.number, over: yuan(overByCents) }),
      details: {
        claimNumber: claim.number,
        amountCents: current.totalCents,
        overByCents,
        budgetCents: current.blocked.reduce((sum, o) => sum + o.budgetCents, 0),
        committedCents: current.blocked.reduce((sum, o) => sum + o.committedCents, 0),
        spentCents: current.blocked.reduce((sum, o) => sum + o.spentCents, 0),
        reason: input.reason,
      },
      amountCents: overByCents,
      ownerId: ctx.actor.id,
    });
    await tx.execute(sql`
      update expense_claims set over_budget_status = ${submitted.status === 'approved' ? 'approved' : 'pending'}, over_budget_cents = ${overByCents},
             over_budget_reason = ${input.reason}, over_budget_request_id = ${submitted.requestId},
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await recordEvent(tx, ctx, id, 'overBudgetRequested', input.reason);
    await ctx.audit(tx, {
      action: 'create',
      entity: 'expense_over_budget',
      entityId: id,
      summary: `${claim.number}: over by ${yuan(overByCents)} — ${input.reason}`,
      summaryMessage: message('audit.messages.creditOverrideRequested', {
        name: claim.number,
        over: yuan(overByCents),
        reason: input.reason,
      }),
    });
    return loadClaim(ctx, tx, id);
  });
}

/** Approval engine callback for `expense.overBudget`: granted (the claimant may submit again) or refused. */
export async function onOverBudgetDecided(
  tx: Tx,
  ctx: Ctx,
  request: { subjectId: string; status: 'approved' | 'rejected' },
): Promise<void> {
  const updated = await tx.execute<{ id: string; claimant_id: string; number: string }>(sql`
    update expense_claims set over_budget_status = ${request.status}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
     where id = ${request.subjectId} and over_budget_status = 'pending'
    returning id, claimant_id, number`);
  const row = updated.rows[0];
  if (!row) return;
  await ctx.audit(tx, { action: request.status === 'approved' ? 'approve' : 'reject', entity: 'expense_over_budget', entityId: row.id });
  await notify(tx, [
    {
      userId: row.claimant_id,
      kind: `expense.overBudget.${request.status}`,
      title: request.status === 'approved' ? `超预算已批准：${row.number}，可重新提交` : `超预算被驳回：${row.number}`,
      titleMessage: message(`expenses.messages.overBudget_${request.status}`, { number: row.number }),
      link: `/expenses/claims/${row.id}`,
    },
  ]);
}

/** Approval engine callback for `expense.claim`: finance's final approval, or a rejection (or the supervisor's return for changes). */
export async function onClaimDecided(tx: Tx, ctx: Ctx, request: { subjectId: string; status: 'approved' | 'rejected' }): Promise<void> {
  const updated = await tx.execute<{ id: string; claimant_id: string; number: string; status: string }>(sql`
    update expense_claims
       set status = case when ${request.status} = 'approved' then 'approved' when return_requested then 'returned' else 'rejected' end,
           decided_at = ${ctx.now.toISOString()}::timestamptz, return_requested = false,
           updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
     where id = ${request.subjectId} and status = 'submitted'
    returning id, claimant_id, number, status`);
  const row = updated.rows[0];
  if (!row) return;
  // A returned claim gives its budget share back; its invoice numbers stay with it.
  if (row.status === 'returned') await tx.execute(sql`update expense_claim_lines set budget_id = null where claim_id = ${row.id}`);
  await ctx.audit(tx, {
    action: request.status === 'approved' ? 'approve' : 'reject',
    entity: 'expense_claims',
    entityId: row.id,
    changes: { status: ['submitted', row.status] },
  });
  await notify(tx, [
    {
      userId: row.claimant_id,
      kind: `expense.claim.${row.status}`,
      title: `报销单 ${row.number}：${row.status === 'approved' ? '已批准' : row.status === 'returned' ? '退回修改' : '被驳回'}`,
      titleMessage: message(`expenses.messages.claim_${row.status}`, { number: row.number }),
      link: `/expenses/claims/${row.id}`,
    },
  ]);
}

/**
 * R-EXP-1 review: the supervisor approves, returns for changes or rejects (reason required for the
 * last two); then finance approves or rejects. The approval engine decides whose step it is; the
 * claim follows its request.
 */
export async function reviewClaim(ctx: Ctx, id: string, input: ClaimReview): Promise<ExpenseClaim> {
  expensesAccess.require(ctx.actor, 'review');
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.execute<{
        id: string;
        status: string;
        version: number;
        approval_request_id: string | null;
        request_version: number | null;
        current_step: number | null;
      }>(sql`
        select c.id, c.status, c.version, c.approval_request_id, ar.version as request_version, ar.current_step
          from expense_claims c left join approval_requests ar on ar.id = c.approval_request_id
         where c.id = ${id} and (${readable(ctx)} or ${myStepSql(ctx)}) for update of c`)
    ).rows[0];
    if (!row) throw notFound('claim');
    if (row.version !== input.version) throw conflict();
    if (row.status !== 'submitted' || !row.approval_request_id)
      throw new AppError('conflict', `the claim is ${row.status}; there is nothing to review`);
    if (input.decision !== 'approve' && !input.comment) throw badRequest('body.comment', 'give a reason');
    if (input.decision === 'return' && row.current_step !== 1)
      throw new AppError('conflict', 'only the supervisor returns a claim for changes');
    if (input.decision === 'return') await tx.execute(sql`update expense_claims set return_requested = true where id = ${id}`);
    await decideApproval(ctx, row.approval_request_id, {
      decision: input.decision === 'approve' ? 'approve' : 'reject',
      comment: input.decision === 'return' ? `退回修改：${input.comment}` : input.comment,
      version: row.request_version!,
    });
    await tx.execute(
      sql`update expense_claims set updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1 where id = ${id} and version = ${row.version}`,
    );
    return loadClaim(ctx, tx, id);
  });
}

/** Finance records the payment of an approved claim (date, reference): committed becomes spent. */
export async function payClaim(ctx: Ctx, id: string, input: { paidOn: string; reference: string; version: number }): Promise<ExpenseClaim> {
  expensesAccess.require(ctx.actor, 'pay');
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.execute<{ status: string; version: number; number: string; claimant_id: string }>(sql`
        select c.status, c.version, c.number, c.claimant_id from expense_claims c
         where c.id = ${id} and ${expensesAccess.where(ctx.actor, 'pay', sql`c.claimant_id`)} for update`)
    ).rows[0];
    if (!row) throw notFound('claim');
    if (row.version !== input.version) throw conflict();
    if (row.status !== 'approved') throw new AppError('conflict', `the claim is ${row.status}; only an approved claim is paid`);
    await tx.execute(sql`
      update expense_claims set status = 'paid', paid_on = ${input.paidOn}::date, payment_reference = ${input.reference},
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await recordEvent(tx, ctx, id, 'paid', input.reference);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'expense_claims',
      entityId: id,
      changes: { status: ['approved', 'paid'] },
      summary: `${row.number} ${input.reference}`,
    });
    await notify(tx, [
      {
        userId: row.claimant_id,
        kind: 'expense.claim.paid',
        title: `报销单 ${row.number} 已付款`,
        titleMessage: message('expenses.messages.claim_paid', { number: row.number }),
        link: `/expenses/claims/${id}`,
      },
    ]);
    return loadClaim(ctx, tx, id);
  });
}
