import { sql, type SQL } from 'drizzle-orm';
import {
  computeCommission,
  message,
  type CommissionPlan,
  type CommissionPlanInput,
  type CommissionSplits,
  type CommissionStatement,
  type CommissionStatementSummary,
  type StatementLine,
  type TargetMetric,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { decideApproval, submitApproval } from '../../platform/approvals/approvals.engine.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { contracts } from '../contracts/index.js';
import { customers } from '../customers/index.js';
import { receipts, writeOffs } from '../receivables/index.js';
import { targetPlans, targetValues } from '../targets/index.js';
import { incentivesAccess } from './incentives.access.js';

/**
 * Commission plans and monthly statements (issue 19 item 4, seed 001 激励措施.1). The figures come
 * from the contracts, receivables and targets tables those modules export from their index.ts; the
 * rule itself is R-COM-1 (`computeCommission` in packages/shared).
 */

/** Roles whose people get a statement every month even without a deal (the sales roles). */
export const STATEMENT_ROLES = ['rep', 'key_account', 'channel'] as const;

const yuan = (cents: number) => `¥${(cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

// ——— plans ———

type PlanRow = {
  id: string;
  name: string;
  tier_basis: CommissionPlan['tierBasis'];
  method: CommissionPlan['method'];
  base: CommissionPlan['base'];
  tiers: CommissionPlan['tiers'];
  cap_cents: string | number | null;
  clawback_rate_bp: number;
  active: boolean;
  note: string | null;
  version: number;
};

function presentPlan(ctx: Ctx, row: PlanRow): CommissionPlan {
  return {
    id: row.id,
    name: row.name,
    tierBasis: row.tier_basis,
    method: row.method,
    base: row.base,
    tiers: row.tiers,
    capCents: row.cap_cents === null ? null : Number(row.cap_cents),
    clawbackRateBp: row.clawback_rate_bp,
    active: row.active,
    note: row.note,
    version: row.version,
    abilities: { update: incentivesAccess.can(ctx.actor, 'plan') },
  };
}

function requirePlanReader(ctx: Ctx) {
  if (!incentivesAccess.can(ctx.actor, 'plan') && !incentivesAccess.can(ctx.actor, 'run')) incentivesAccess.require(ctx.actor, 'plan');
}

export async function listPlans(ctx: Ctx): Promise<CommissionPlan[]> {
  requirePlanReader(ctx);
  const rows = await ctx.db.execute<PlanRow>(sql`select * from commission_plans order by active desc, name`);
  return rows.rows.map((row) => presentPlan(ctx, row));
}

async function loadPlan(ctx: Ctx, executor: Executor, id: string): Promise<CommissionPlan> {
  const row = (await executor.execute<PlanRow>(sql`select * from commission_plans where id = ${id}`)).rows[0];
  if (!row) throw notFound('commission plan');
  return presentPlan(ctx, row);
}

export async function createPlan(ctx: Ctx, input: CommissionPlanInput): Promise<CommissionPlan> {
  incentivesAccess.require(ctx.actor, 'plan');
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.execute<{ id: string }>(sql`
        insert into commission_plans (name, tier_basis, method, base, tiers, cap_cents, clawback_rate_bp, active, note, created_by_id)
        values (${input.name}, ${input.tierBasis}, ${input.method}, ${input.base ?? 'collections'}, ${JSON.stringify(input.tiers)}::jsonb,
                ${input.capCents ?? null}, ${input.clawbackRateBp ?? 0}, ${input.active ?? true}, ${input.note ?? null}, ${ctx.actor.id})
        returning id`)
    ).rows[0]!;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'commission_plans',
      entityId: row.id,
      summary: input.name,
      summaryMessage: message('audit.messages.commissionPlanSaved', { name: input.name }),
    });
    return loadPlan(ctx, tx, row.id);
  });
}

export async function updatePlan(ctx: Ctx, id: string, input: CommissionPlanInput & { version: number }): Promise<CommissionPlan> {
  incentivesAccess.require(ctx.actor, 'plan');
  return ctx.db.transaction(async (tx) => {
    const current = (await tx.execute<{ version: number }>(sql`select version from commission_plans where id = ${id} for update`)).rows[0];
    if (!current) throw notFound('commission plan');
    if (current.version !== input.version) throw conflict();
    await tx.execute(sql`
      update commission_plans set name = ${input.name}, tier_basis = ${input.tierBasis}, method = ${input.method}, base = ${input.base ?? 'collections'},
             tiers = ${JSON.stringify(input.tiers)}::jsonb, cap_cents = ${input.capCents ?? null}, clawback_rate_bp = ${input.clawbackRateBp ?? 0},
             active = ${input.active ?? true}, note = ${input.note ?? null}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'commission_plans',
      entityId: id,
      summary: input.name,
      summaryMessage: message('audit.messages.commissionPlanSaved', { name: input.name }),
    });
    return loadPlan(ctx, tx, id);
  });
}

// ——— split credit ———

export async function getSplits(ctx: Ctx, contractId: string): Promise<CommissionSplits> {
  requirePlanReader(ctx);
  const exists = await ctx.db.execute(sql`select 1 from ${contracts} where ${contracts.id} = ${contractId}`);
  if (!exists.rows.length) throw notFound('contract');
  const rows = await ctx.db.execute<{ user_id: string; display_name: string; share_bp: number }>(sql`
    select s.user_id, u.display_name, s.share_bp from commission_splits s join users u on u.id = s.user_id
     where s.contract_id = ${contractId} order by s.share_bp desc, u.display_name`);
  return { contractId, splits: rows.rows.map((r) => ({ userId: r.user_id, userName: r.display_name, shareBp: r.share_bp })) };
}

/** Split credit on one deal (R-COM-1): shares add up to 100 % (checked by the schema); empty = the owner gets all. */
export async function putSplits(
  ctx: Ctx,
  contractId: string,
  input: { splits: { userId: string; shareBp: number }[] },
): Promise<CommissionSplits> {
  incentivesAccess.require(ctx.actor, 'plan');
  await ctx.db.transaction(async (tx) => {
    const contract = (
      await tx.execute<{ number: string }>(
        sql`select ${contracts.number} as number from ${contracts} where ${contracts.id} = ${contractId} for update`,
      )
    ).rows[0];
    if (!contract) throw notFound('contract');
    const ids = input.splits.map((s) => s.userId);
    if (ids.length) {
      const found = await tx.execute<{ id: string }>(sql`select id from users where id = any(${sql.param(ids)}::uuid[])`);
      const missing = input.splits.findIndex((s) => !found.rows.some((r) => r.id === s.userId));
      if (missing >= 0) throw badRequest(`body.splits.${missing}.userId`, 'no such person');
    }
    await tx.execute(sql`delete from commission_splits where contract_id = ${contractId}`);
    for (const split of input.splits) {
      await tx.execute(
        sql`insert into commission_splits (contract_id, user_id, share_bp) values (${contractId}, ${split.userId}, ${split.shareBp})`,
      );
    }
    await ctx.audit(tx, {
      action: 'update',
      entity: 'commission_splits',
      entityId: contractId,
      summary: `${contract.number}: ${input.splits.length} shares`,
      summaryMessage: message('audit.messages.commissionSplitsSaved', { number: contract.number, count: input.splits.length }),
    });
  });
  return getSplits(ctx, contractId);
}

// ——— the monthly run ———

function monthRange(period: string): { from: string; to: string; year: number; month: number } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${period}-01`, to: `${period}-${String(last).padStart(2, '0')}`, year, month };
}

type CreditRow = {
  contract_id: string;
  contract_number: string;
  customer_name: string;
  user_id: string;
  share_bp: number;
  amount: string | number;
};

/** Each deal of the period credited to each person: the contract's split shares, or its owner with all of it. */
function creditedSql(deals: SQL): SQL {
  return sql`
    with d as (${deals})
    select d.contract_id, ${contracts.number} as contract_number, ${customers.name} as customer_name,
           coalesce(s.user_id, ${contracts.ownerId}) as user_id, coalesce(s.share_bp, 10000) as share_bp, d.amount
      from d join ${contracts} on ${contracts.id} = d.contract_id
      join ${customers} on ${customers.id} = ${contracts.customerId}
      left join commission_splits s on s.contract_id = d.contract_id`;
}

export interface RunFigures {
  people: { id: string; orgUnitId: string | null }[];
  deals: CreditRow[];
  writeOffs: CreditRow[];
  targets: Map<string, number>;
}

/** Everything a month's run reads, in four queries (a commission run for 500 reps stays a handful of statements). */
export async function loadRunFigures(db: Executor, base: CommissionPlan['base'], period: string, timeZone: string): Promise<RunFigures> {
  const { from, to, year, month } = monthRange(period);
  const deals =
    base === 'collections'
      ? sql`select ${receipts.contractId} as contract_id, sum(${receipts.amountCents})::bigint as amount from ${receipts}
             where ${receipts.receivedOn} between ${from}::date and ${to}::date group by ${receipts.contractId}`
      : sql`select ${contracts.id} as contract_id, ${contracts.amountCents} as amount from ${contracts}
             where ${contracts.signedOn} between ${from}::date and ${to}::date`;
  const written = sql`select ${writeOffs.contractId} as contract_id, sum(${writeOffs.amountCents})::bigint as amount from ${writeOffs}
                       where ${writeOffs.status} = 'approved' and (${writeOffs.decidedAt} at time zone ${timeZone})::date between ${from}::date and ${to}::date
                       group by ${writeOffs.contractId}`;
  const metric: TargetMetric = base;
  const [people, dealRows, writeOffRows, targetRows] = await Promise.all([
    db.execute<{ id: string; org_unit_id: string | null }>(
      sql`select id, org_unit_id from users where not disabled and roles && ${sql.param([...STATEMENT_ROLES])}::text[]`,
    ),
    db.execute<CreditRow>(creditedSql(deals)),
    db.execute<CreditRow>(creditedSql(written)),
    db.execute<{ user_id: string; target: string | number | null }>(sql`
      select ${targetValues.nodeId} as user_id, (${targetValues.months})[${month}::int] as target
        from ${targetValues} join ${targetPlans} on ${targetPlans.id} = ${targetValues.planId}
       where ${targetPlans.year} = ${year}::int and ${targetPlans.metric} = ${metric} and ${targetPlans.isCurrent} and ${targetValues.nodeKind} = 'user'`),
  ]);
  return {
    people: people.rows.map((p) => ({ id: p.id, orgUnitId: p.org_unit_id })),
    deals: dealRows.rows,
    writeOffs: writeOffRows.rows,
    targets: new Map(targetRows.rows.filter((r) => r.target !== null).map((r) => [r.user_id, Number(r.target)])),
  };
}

const toLine = (kind: StatementLine['kind'], row: CreditRow): StatementLine => {
  const amountCents = Number(row.amount);
  return {
    kind,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    customerName: row.customer_name,
    amountCents,
    shareBp: row.share_bp,
    creditedCents: Math.round((amountCents * row.share_bp) / 10_000),
  };
};

/**
 * Computes the month's statement of every sales person (and anyone credited a deal) under the plan.
 * Draft and rejected statements are recomputed; submitted and approved ones stay as they are.
 */
export async function runCommission(
  ctx: Ctx,
  input: { period: string; planId: string },
): Promise<{ period: string; computed: number; skipped: number }> {
  incentivesAccess.require(ctx.actor, 'run');
  const plan = await loadPlan(ctx, ctx.db, input.planId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw badRequest('body.planId', 'no such commission plan');
    throw error;
  });
  if (!plan.active) throw badRequest('body.planId', 'the plan is not active');
  const { timeZone } = await getSettings(ctx.db);
  const figures = await loadRunFigures(ctx.db, plan.base, input.period, timeZone);
  const units = new Map(figures.people.map((p) => [p.id, p.orgUnitId]));
  const byPerson = new Map<string, { deals: StatementLine[]; writeOffs: StatementLine[] }>();
  const entry = (userId: string) => {
    let found = byPerson.get(userId);
    if (!found) byPerson.set(userId, (found = { deals: [], writeOffs: [] }));
    return found;
  };
  for (const person of figures.people) entry(person.id);
  for (const row of figures.deals) entry(row.user_id).deals.push(toLine('deal', row));
  for (const row of figures.writeOffs) entry(row.user_id).writeOffs.push(toLine('writeOff', row));
  const missingUnits = [...byPerson.keys()].filter((id) => !units.has(id));
  if (missingUnits.length) {
    const rows = await ctx.db.execute<{ id: string; org_unit_id: string | null }>(
      sql`select id, org_unit_id from users where id = any(${sql.param(missingUnits)}::uuid[])`,
    );
    for (const row of rows.rows) units.set(row.id, row.org_unit_id);
  }

  const values: SQL[] = [];
  for (const [userId, lines] of byPerson) {
    const result = computeCommission(plan, {
      targetCents: figures.targets.get(userId) ?? null,
      deals: lines.deals.map((l) => ({ amountCents: l.amountCents, shareBp: l.shareBp })),
      writeOffs: lines.writeOffs.map((l) => ({ amountCents: l.amountCents, shareBp: l.shareBp })),
    });
    values.push(sql`(${input.period}, ${userId}::uuid, ${units.get(userId) ?? null}::uuid, ${plan.id}::uuid, ${result.baseCents}::bigint,
      ${result.targetCents}::bigint, ${result.attainmentBp}::int, ${result.grossCents}::bigint, ${result.cappedCents}::bigint,
      ${result.writtenOffCents}::bigint, ${result.clawbackCents}::bigint, ${result.totalCents}::bigint, ${JSON.stringify(result.slices)}::jsonb,
      ${JSON.stringify([...lines.deals, ...lines.writeOffs])}::jsonb)`);
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now.toISOString();
    let computed = 0;
    for (let i = 0; i < values.length; i += 500) {
      const written = await tx.execute(sql`
        insert into commission_statements as cs (period, user_id, org_unit_id, plan_id, base_cents, target_cents, attainment_bp, gross_cents,
               capped_cents, written_off_cents, clawback_cents, total_cents, slices, lines)
        values ${sql.join(values.slice(i, i + 500), sql`, `)}
        on conflict (period, user_id) do update set org_unit_id = excluded.org_unit_id, plan_id = excluded.plan_id, status = 'draft',
               base_cents = excluded.base_cents, target_cents = excluded.target_cents, attainment_bp = excluded.attainment_bp,
               gross_cents = excluded.gross_cents, capped_cents = excluded.capped_cents, written_off_cents = excluded.written_off_cents,
               clawback_cents = excluded.clawback_cents, total_cents = excluded.total_cents, slices = excluded.slices, lines = excluded.lines,
               approval_request_id = null, decided_at = null, computed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz, version = cs.version + 1
         where cs.status in ('draft', 'rejected')`);
      computed += written.rowCount ?? 0;
    }
    await ctx.audit(tx, {
      action: 'create',
      entity: 'commission_statements',
      summary: `commission run ${input.period} (${plan.name}): ${computed} statements`,
      summaryMessage: message('audit.messages.commissionRun', { period: input.period, plan: plan.name, count: computed }),
    });
    return { period: input.period, computed, skipped: values.length - computed };
  });
}

// ——— statements ———

type StatementRow = {
  id: string;
  period: string;
  user_id: string;
  user_name: string;
  org_unit_name: string | null;
  plan_id: string;
  plan_name: string;
  tier_basis: CommissionStatement['tierBasis'];
  method: CommissionStatement['method'];
  base: CommissionStatement['base'];
  cap_cents: string | number | null;
  status: CommissionStatement['status'];
  current_step: number | null;
  base_cents: string | number;
  target_cents: string | number | null;
  attainment_bp: number | null;
  gross_cents: string | number;
  capped_cents: string | number;
  written_off_cents: string | number;
  clawback_cents: string | number;
  total_cents: string | number;
  slices: CommissionStatement['slices'];
  lines: StatementLine[];
  approval_request_id: string | null;
  request_version: number | null;
  computed_at: string;
  version: number;
  my_step: boolean;
};

const STATEMENT_SELECT = (ctx: Ctx) => sql`
  select cs.*, u.display_name as user_name, ou.name as org_unit_name, p.name as plan_name, p.tier_basis, p.method, p.base, p.cap_cents,
         ar.current_step, ar.version as request_version, ${myStepSql(ctx)} as my_step
    from commission_statements cs
    join users u on u.id = cs.user_id
    join commission_plans p on p.id = cs.plan_id
    left join org_units ou on ou.id = cs.org_unit_id
    left join approval_requests ar on ar.id = cs.approval_request_id`;

/** The pending step of the statement's approval request is the caller's (the engine's rule, delegations included). */
function myStepSql(ctx: Ctx): SQL {
  const now = ctx.now.toISOString();
  return sql`exists (
    select 1 from approval_steps st join approval_requests r on r.id = st.request_id
     where st.request_id = cs.approval_request_id and st.status = 'pending' and r.status = 'pending'
       and r.requester_id <> ${ctx.actor.id}
       and (st.approver_id = ${ctx.actor.id}
            or st.approver_id in (select d.from_user_id from approval_delegations d
                                   where d.to_user_id = ${ctx.actor.id} and d.starts_at <= ${now}::timestamptz and d.ends_at > ${now}::timestamptz)
            or (st.approver_id is null and st.role = any(string_to_array(${ctx.actor.roles.join(',')}, ',')))))`;
}

function readable(ctx: Ctx): SQL {
  return sql`(cs.user_id = ${ctx.actor.id} or ${incentivesAccess.where(ctx.actor, 'read', sql`cs.user_id`)})`;
}

const stageOf = (row: { status: string; current_step: number | null }) =>
  row.status !== 'submitted' ? null : row.current_step === 2 ? ('finance' as const) : ('supervisor' as const);

function summaryOf(row: StatementRow): CommissionStatementSummary {
  return {
    id: row.id,
    period: row.period,
    userId: row.user_id,
    userName: row.user_name,
    orgUnitName: row.org_unit_name,
    planName: row.plan_name,
    status: row.status,
    stage: stageOf(row),
    baseCents: Number(row.base_cents),
    attainmentBp: row.attainment_bp,
    totalCents: Number(row.total_cents),
    version: row.version,
  };
}

function present(ctx: Ctx, row: StatementRow): CommissionStatement {
  const n = (v: string | number | null) => (v === null ? null : Number(v));
  return {
    ...summaryOf(row),
    planId: row.plan_id,
    tierBasis: row.tier_basis,
    method: row.method,
    base: row.base,
    targetCents: n(row.target_cents),
    slices: row.slices,
    grossCents: Number(row.gross_cents),
    capCents: n(row.cap_cents),
    cappedCents: Number(row.capped_cents),
    writtenOffCents: Number(row.written_off_cents),
    clawbackCents: Number(row.clawback_cents),
    lines: row.lines,
    approvalRequestId: row.approval_request_id,
    computedAt: iso(row.computed_at)!,
    abilities: {
      submit: row.user_id === ctx.actor.id && (row.status === 'draft' || row.status === 'rejected'),
      review: row.my_step,
      pdf: true,
    },
  };
}

export async function listStatements(
  ctx: Ctx,
  query: { period?: string; box: 'mine' | 'review' | 'all'; status?: CommissionStatement['status'] },
): Promise<{ items: CommissionStatementSummary[]; totalCents: number }> {
  const filters: SQL[] = [];
  if (query.box === 'mine') filters.push(sql`cs.user_id = ${ctx.actor.id}`);
  else if (query.box === 'review') filters.push(myStepSql(ctx));
  else {
    incentivesAccess.require(ctx.actor, 'read');
    filters.push(readable(ctx));
  }
  if (query.period) filters.push(sql`cs.period = ${query.period}`);
  if (query.status) filters.push(sql`cs.status = ${query.status}`);
  const rows = await ctx.db.execute<StatementRow>(
    sql`${STATEMENT_SELECT(ctx)} where ${sql.join(filters, sql` and `)} order by cs.period desc, ou.name nulls last, u.display_name limit 2000`,
  );
  const items = rows.rows.map(summaryOf);
  return { items, totalCents: items.reduce((sum, s) => sum + s.totalCents, 0) };
}

async function loadStatement(ctx: Ctx, executor: Executor, id: string): Promise<CommissionStatement> {
  const row = (
    await executor.execute<StatementRow>(sql`${STATEMENT_SELECT(ctx)} where cs.id = ${id} and (${readable(ctx)} or ${myStepSql(ctx)})`)
  ).rows[0];
  if (!row) throw notFound('commission statement');
  return present(ctx, row);
}

export const getStatement = (ctx: Ctx, id: string) => loadStatement(ctx, ctx.db, id);

/** The person confirms their statement and sends it for approval: supervisor, then finance (policy commission.statement). */
export async function submitStatement(ctx: Ctx, id: string, input: { version: number }): Promise<CommissionStatement> {
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.execute<{ status: string; version: number; period: string; total_cents: string | number; user_name: string }>(sql`
        select cs.status, cs.version, cs.period, cs.total_cents, u.display_name as user_name
          from commission_statements cs join users u on u.id = cs.user_id
         where cs.id = ${id} and cs.user_id = ${ctx.actor.id} for update of cs`)
    ).rows[0];
    if (!row) throw notFound('commission statement');
    if (row.version !== input.version) throw conflict();
    if (row.status !== 'draft' && row.status !== 'rejected') throw new AppError('conflict', `the statement is ${row.status}`);
    const total = Number(row.total_cents);
    const submitted = await submitApproval(tx, ctx, {
      subjectType: 'commission.statement',
      subjectId: id,
      title: `提成单：${row.user_name} ${row.period}（${yuan(total)}）`,
      titleMessage: message('incentives.messages.statementApproval', { name: row.user_name, period: row.period, amount: yuan(total) }),
      details: { period: row.period, amountCents: total },
      amountCents: Math.max(0, total),
      ownerId: ctx.actor.id,
    });
    await tx.execute(sql`
      update commission_statements set status = ${submitted.status === 'approved' ? 'approved' : 'submitted'}, approval_request_id = ${submitted.requestId},
             decided_at = ${submitted.status === 'approved' ? ctx.now.toISOString() : null}::timestamptz,
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'commission_statements',
      entityId: id,
      changes: { status: [row.status, 'submitted'] },
      summaryMessage: message('audit.messages.commissionStatementSubmitted', { name: row.user_name, period: row.period }),
    });
    return loadStatement(ctx, tx, id);
  });
}

/** The supervisor's, then finance's decision on a statement, through the approval engine. */
export async function reviewStatement(
  ctx: Ctx,
  id: string,
  input: { decision: 'approve' | 'reject'; comment?: string | undefined; version: number },
): Promise<CommissionStatement> {
  incentivesAccess.require(ctx.actor, 'review');
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.execute<{ status: string; version: number; approval_request_id: string | null; request_version: number | null }>(sql`
        select cs.status, cs.version, cs.approval_request_id, ar.version as request_version
          from commission_statements cs left join approval_requests ar on ar.id = cs.approval_request_id
         where cs.id = ${id} and (${readable(ctx)} or ${myStepSql(ctx)}) for update of cs`)
    ).rows[0];
    if (!row) throw notFound('commission statement');
    if (row.version !== input.version) throw conflict();
    if (row.status !== 'submitted' || !row.approval_request_id)
      throw new AppError('conflict', `the statement is ${row.status}; there is nothing to review`);
    if (input.decision === 'reject' && !input.comment) throw badRequest('body.comment', 'give a reason');
    await decideApproval(ctx, row.approval_request_id, {
      decision: input.decision,
      version: row.request_version!,
      ...(input.comment ? { comment: input.comment } : {}),
    });
    await tx.execute(
      sql`update commission_statements set updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1 where id = ${id} and version = ${row.version}`,
    );
    return loadStatement(ctx, tx, id);
  });
}

export async function onStatementDecided(tx: Tx, ctx: Ctx, request: { subjectId: string; status: 'approved' | 'rejected' }): Promise<void> {
  const updated = await tx.execute<{ id: string; user_id: string; period: string; status: string }>(sql`
    update commission_statements set status = ${request.status}, decided_at = ${ctx.now.toISOString()}::timestamptz,
           updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
     where id = ${request.subjectId} and status = 'submitted'
    returning id, user_id, period, status`);
  const row = updated.rows[0];
  if (!row) return;
  await ctx.audit(tx, {
    action: request.status === 'approved' ? 'approve' : 'reject',
    entity: 'commission_statements',
    entityId: row.id,
    changes: { status: ['submitted', row.status] },
  });
  await notify(tx, [
    {
      userId: row.user_id,
      kind: `commission.statement.${row.status}`,
      title: `${row.period} 提成单${row.status === 'approved' ? '已批准' : '被驳回'}`,
      titleMessage: message(`incentives.messages.statement_${row.status}`, { period: row.period }),
      link: `/incentives/statements/${row.id}`,
    },
  ]);
}

/** Approved statements of a month in the caller's export scope, for payroll. */
export async function approvedStatements(ctx: Ctx, period: string): Promise<CommissionStatement[]> {
  incentivesAccess.require(ctx.actor, 'export');
  const rows = await ctx.db.execute<StatementRow>(sql`${STATEMENT_SELECT(ctx)}
    where cs.period = ${period} and cs.status = 'approved' and ${incentivesAccess.where(ctx.actor, 'export', sql`cs.user_id`)}
    order by ou.name nulls last, u.display_name`);
  return rows.rows.map((row) => present(ctx, row));
}
