import { sql, type SQL } from 'drizzle-orm';
import { message, type BudgetInput, type ExpenseBudget } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { submitApproval } from '../../platform/approvals/approvals.engine.js';
import { notify } from '../../platform/notifications/notifications.js';
import { budgetUnitScope, expensesAccess } from './expenses.access.js';
import { getExpenseSettings } from './expenses.settings.js';
import { periodOf, rollUpCheck } from './expense-rules.js';

export const yuan = (cents: number) => `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

type BudgetRow = {
  id: string;
  category: string;
  org_unit_id: string;
  org_unit_name: string;
  unit_path: string;
  period_kind: ExpenseBudget['periodKind'];
  period_start: string;
  period_end: string;
  amount_cents: string | number;
  basis: string | null;
  usage_plan: string | null;
  status: ExpenseBudget['status'];
  approval_request_id: string | null;
  over_parent_reason: string | null;
  created_by_name: string | null;
  version: number;
  committed: string | number;
  spent: string | number;
  can_edit: boolean;
};

/**
 * Committed = lines of claims in review or approved and not yet paid (reserved: R-EXP-2 is checked
 * at submission, so a claim in review already holds its share); spent = lines of paid claims.
 */
export const BUDGET_USE_SQL = sql`
  coalesce((select sum(l.amount_cents) from expense_claim_lines l join expense_claims c on c.id = l.claim_id
             where l.budget_id = b.id and c.status in ('submitted', 'approved')), 0)::bigint as committed,
  coalesce((select sum(l.amount_cents) from expense_claim_lines l join expense_claims c on c.id = l.claim_id
             where l.budget_id = b.id and c.status = 'paid'), 0)::bigint as spent`;

function budgetSelect(ctx: Ctx): SQL {
  return sql`
    select b.id, b.category, b.org_unit_id, ou.name as org_unit_name, ou.path as unit_path, b.period_kind,
           to_char(b.period_start, 'YYYY-MM-DD') as period_start, to_char(b.period_end, 'YYYY-MM-DD') as period_end,
           b.amount_cents, b.basis, b.usage_plan, b.status, b.approval_request_id, b.over_parent_reason,
           cu.display_name as created_by_name, b.version, ${BUDGET_USE_SQL},
           (${budgetUnitScope(ctx.actor, 'budget', sql`ou.path`)}) as can_edit
      from expense_budgets b
      join org_units ou on ou.id = b.org_unit_id
      left join users cu on cu.id = b.created_by_id`;
}

function present(row: BudgetRow): ExpenseBudget {
  const budgetCents = Number(row.amount_cents);
  const committedCents = Number(row.committed);
  const spentCents = Number(row.spent);
  const editable = row.can_edit && (row.status === 'draft' || row.status === 'rejected');
  return {
    id: row.id,
    category: row.category,
    orgUnitId: row.org_unit_id,
    orgUnitName: row.org_unit_name,
    periodKind: row.period_kind,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    amountCents: budgetCents,
    basis: row.basis,
    usagePlan: row.usage_plan,
    status: row.status,
    approvalRequestId: row.approval_request_id,
    overParentReason: row.over_parent_reason,
    createdByName: row.created_by_name,
    version: row.version,
    budgetCents: row.status === 'approved' ? budgetCents : 0,
    committedCents,
    spentCents,
    remainingCents: (row.status === 'approved' ? budgetCents : 0) - committedCents - spentCents,
    abilities: { edit: editable, submit: editable },
  };
}

async function loadBudget(ctx: Ctx, executor: Executor, id: string, action: 'budget' | 'analyse'): Promise<ExpenseBudget> {
  const row = (
    await executor.execute<BudgetRow>(sql`${budgetSelect(ctx)} where b.id = ${id} and ${budgetUnitScope(ctx.actor, action, sql`ou.path`)}`)
  ).rows[0];
  if (!row) throw notFound('budget');
  return present(row);
}

/** The budgets grid (unit × category × period): budgets of units in the caller's scope. */
export async function listBudgets(
  ctx: Ctx,
  query: {
    year?: number;
    category?: string;
    orgUnitId?: string;
    periodKind?: ExpenseBudget['periodKind'];
    status?: ExpenseBudget['status'];
  },
) {
  expensesAccess.require(ctx.actor, 'analyse');
  const filters: SQL[] = [budgetUnitScope(ctx.actor, 'analyse', sql`ou.path`)];
  if (query.year) filters.push(sql`b.period_start <= ${`${query.year}-12-31`}::date and b.period_end >= ${`${query.year}-01-01`}::date`);
  if (query.category) filters.push(sql`b.category = ${query.category}`);
  if (query.orgUnitId) filters.push(sql`b.org_unit_id = ${query.orgUnitId}`);
  if (query.periodKind) filters.push(sql`b.period_kind = ${query.periodKind}`);
  if (query.status) filters.push(sql`b.status = ${query.status}`);
  const rows = await ctx.db.execute<BudgetRow>(
    sql`${budgetSelect(ctx)} where ${sql.join(filters, sql` and `)} order by ou.path, b.category, b.period_start limit 2000`,
  );
  const { categories } = await getExpenseSettings(ctx.db);
  return { items: rows.rows.map(present), categories };
}

export async function getBudget(ctx: Ctx, id: string): Promise<ExpenseBudget> {
  expensesAccess.require(ctx.actor, 'analyse');
  return loadBudget(ctx, ctx.db, id, 'analyse');
}

/**
 * Roll-up (issue 19 item 6, R-TGT-1 style): this unit's budget with its siblings' for the same
 * category and period must fit under the parent unit's. Over it: 422 with the figures, unless the
 * author confirms with a reason (kept on the budget and shown).
 */
async function assertRollUp(
  tx: Tx,
  slot: { id: string | null; category: string; orgUnitId: string; periodKind: string; periodStart: string; amountCents: number },
  reason: string | null | undefined,
) {
  const figures = (
    await tx.execute<{ parent: string | number | null; siblings: string | number; parent_unit: string | null }>(sql`
      select (select p.amount_cents from expense_budgets p
               where p.org_unit_id = u.parent_id and p.category = ${slot.category} and p.period_kind = ${slot.periodKind}
                 and p.period_start = ${slot.periodStart}::date and p.status <> 'rejected') as parent,
             coalesce((select sum(s.amount_cents) from expense_budgets s join org_units su on su.id = s.org_unit_id
                        where su.parent_id = u.parent_id and s.category = ${slot.category} and s.period_kind = ${slot.periodKind}
                          and s.period_start = ${slot.periodStart}::date and s.status <> 'rejected'
                          and s.id <> coalesce(${slot.id}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)), 0) as siblings,
             (select pu.name from org_units pu where pu.id = u.parent_id) as parent_unit
        from org_units u where u.id = ${slot.orgUnitId}`)
  ).rows[0];
  if (!figures) throw badRequest('body.orgUnitId', 'no such org unit');
  const check = rollUpCheck(figures.parent === null ? null : Number(figures.parent), Number(figures.siblings), slot.amountCents);
  if (check.overByCents > 0 && !reason) {
    throw new AppError(
      'rule',
      `the units' budgets (${yuan(check.childrenCents)}) go over ${figures.parent_unit ?? 'the parent unit'}'s ${yuan(check.parentCents ?? 0)} by ${yuan(check.overByCents)}; confirm with a reason`,
      { rule: 'EXP-ROLLUP', field: 'body.overParentReason', data: { ...check, parentUnitName: figures.parent_unit } },
    );
  }
  return check;
}

async function assertUnitInScope(tx: Tx, ctx: Ctx, orgUnitId: string) {
  const unit = (
    await tx.execute<{ id: string }>(
      sql`select ou.id from org_units ou where ou.id = ${orgUnitId} and ${budgetUnitScope(ctx.actor, 'budget', sql`ou.path`)}`,
    )
  ).rows[0];
  if (!unit) throw notFound('org unit');
}

async function assertCategory(ctx: Ctx, category: string, field: string) {
  const { categories } = await getExpenseSettings(ctx.db);
  if (!categories.includes(category)) throw badRequest(field, `not an expense category (${categories.join(', ')})`);
}

/** A draft budget for a category × unit × period; the roll-up under the parent is checked. */
export async function createBudget(ctx: Ctx, input: BudgetInput): Promise<ExpenseBudget> {
  expensesAccess.require(ctx.actor, 'budget');
  await assertCategory(ctx, input.category, 'body.category');
  const period = periodOf(input.periodKind, input.periodStart);
  return ctx.db.transaction(async (tx) => {
    await assertUnitInScope(tx, ctx, input.orgUnitId);
    await assertRollUp(
      tx,
      {
        id: null,
        category: input.category,
        orgUnitId: input.orgUnitId,
        periodKind: input.periodKind,
        periodStart: period.start,
        amountCents: input.amountCents,
      },
      input.overParentReason,
    );
    const taken = await tx.execute(sql`
      select 1 from expense_budgets where category = ${input.category} and org_unit_id = ${input.orgUnitId}
         and period_kind = ${input.periodKind} and period_start = ${period.start}::date`);
    if (taken.rows.length) throw conflict('this unit already has a budget for the category and period');
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into expense_budgets (category, org_unit_id, period_kind, period_start, period_end, amount_cents, basis, usage_plan,
                                   over_parent_reason, created_by_id, created_at, updated_at)
      values (${input.category}, ${input.orgUnitId}, ${input.periodKind}, ${period.start}::date, ${period.end}::date, ${input.amountCents},
              ${input.basis ?? null}, ${input.usagePlan ?? null}, ${input.overParentReason ?? null}, ${ctx.actor.id},
              ${ctx.now.toISOString()}::timestamptz, ${ctx.now.toISOString()}::timestamptz)
      returning id`);
    const id = inserted.rows[0]!.id;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'expense_budgets',
      entityId: id,
      changes: { amountCents: [null, input.amountCents] },
      summary: `${input.category} ${period.start}–${period.end}: ${yuan(input.amountCents)}`,
    });
    return loadBudget(ctx, tx, id, 'budget');
  });
}

/** Edits a draft or rejected budget (optimistic version); the roll-up is checked again. */
export async function updateBudget(
  ctx: Ctx,
  id: string,
  input: { amountCents?: number; basis?: string | null; usagePlan?: string | null; overParentReason?: string | null; version: number },
): Promise<ExpenseBudget> {
  expensesAccess.require(ctx.actor, 'budget');
  return ctx.db.transaction(async (tx) => {
    const before = await loadBudget(ctx, tx, id, 'budget');
    await tx.execute(sql`select id from expense_budgets where id = ${id} for update`);
    if (before.version !== input.version) throw conflict();
    if (!before.abilities.edit)
      throw new AppError('conflict', `the budget is ${before.status}; only a draft or a rejected budget is edited`);
    const amountCents = input.amountCents ?? before.amountCents;
    const reason = input.overParentReason !== undefined ? input.overParentReason : before.overParentReason;
    await assertRollUp(
      tx,
      {
        id,
        category: before.category,
        orgUnitId: before.orgUnitId,
        periodKind: before.periodKind,
        periodStart: before.periodStart,
        amountCents,
      },
      reason,
    );
    await tx.execute(sql`
      update expense_budgets set amount_cents = ${amountCents},
             basis = ${input.basis !== undefined ? input.basis : before.basis},
             usage_plan = ${input.usagePlan !== undefined ? input.usagePlan : before.usagePlan},
             over_parent_reason = ${reason}, status = 'draft',
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'expense_budgets',
      entityId: id,
      changes: { amountCents: [before.amountCents, amountCents] },
      summary: `${before.category} ${before.orgUnitName} ${before.periodStart}`,
    });
    return loadBudget(ctx, tx, id, 'budget');
  });
}

/** Sends a draft budget to leadership through the approval engine (subject `expense.budget`). */
export async function submitBudget(ctx: Ctx, id: string, input: { version: number }): Promise<ExpenseBudget> {
  expensesAccess.require(ctx.actor, 'budget');
  return ctx.db.transaction(async (tx) => {
    const budget = await loadBudget(ctx, tx, id, 'budget');
    await tx.execute(sql`select id from expense_budgets where id = ${id} for update`);
    if (budget.version !== input.version) throw conflict();
    if (!budget.abilities.submit) throw new AppError('conflict', `the budget is already ${budget.status}`);
    const title = `费用预算：${budget.orgUnitName} ${budget.category} ${budget.periodStart}（${yuan(budget.amountCents)}）`;
    const submitted = await submitApproval(tx, ctx, {
      subjectType: 'expense.budget',
      subjectId: id,
      title,
      titleMessage: message('expenses.messages.budgetApproval', {
        unit: budget.orgUnitName,
        category: budget.category,
        period: `${budget.periodStart} – ${budget.periodEnd}`,
        amount: yuan(budget.amountCents),
      }),
      details: {
        category: budget.category,
        orgUnit: budget.orgUnitName,
        period: `${budget.periodStart} – ${budget.periodEnd}`,
        amountCents: budget.amountCents,
        basis: budget.basis,
        usagePlan: budget.usagePlan,
        overParentReason: budget.overParentReason,
      },
      amountCents: budget.amountCents,
    });
    await tx.execute(sql`
      update expense_budgets set status = ${submitted.status === 'approved' ? 'approved' : 'pending'}, approval_request_id = ${submitted.requestId},
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, { action: 'update', entity: 'expense_budgets', entityId: id, changes: { status: [budget.status, 'pending'] } });
    return loadBudget(ctx, tx, id, 'budget');
  });
}

/** Approval engine callback for `expense.budget`: approved budgets take effect; the author hears. */
export async function onBudgetDecided(tx: Tx, ctx: Ctx, request: { subjectId: string; status: 'approved' | 'rejected' }): Promise<void> {
  const updated = await tx.execute<{ id: string; created_by_id: string | null; category: string }>(sql`
    update expense_budgets set status = ${request.status}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
     where id = ${request.subjectId} and status = 'pending'
    returning id, created_by_id, category`);
  const row = updated.rows[0];
  if (!row) return;
  await ctx.audit(tx, {
    action: request.status === 'approved' ? 'approve' : 'reject',
    entity: 'expense_budgets',
    entityId: row.id,
    changes: { status: ['pending', request.status] },
  });
  if (row.created_by_id) {
    await notify(tx, [
      {
        userId: row.created_by_id,
        kind: `expense.budget.${request.status}`,
        title: request.status === 'approved' ? `费用预算已批准：${row.category}` : `费用预算被驳回：${row.category}`,
        titleMessage: message(`expenses.messages.budget_${request.status}`, { category: row.category }),
        link: '/expenses/budgets',
      },
    ]);
  }
}
