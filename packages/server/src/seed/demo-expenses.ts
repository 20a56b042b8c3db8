import { sql } from 'drizzle-orm';
import { checkBudget, type OverBudgetLine } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { sfc32 } from './demo-customers.js';
import { DEFAULT_EXPENSE_SETTINGS } from '../modules/expenses/expenses.settings.js';

const DAY = 86_400_000;

type Status = 'draft' | 'submitted' | 'returned' | 'approved' | 'paid' | 'rejected';
/** The share of each status among the demo claims (the rest are paid). */
const STATUS_CUTS: [Status, number][] = [
  ['draft', 0.07],
  ['returned', 0.12],
  ['rejected', 0.18],
  ['submitted', 0.34],
  ['approved', 0.5],
  ['paid', 1],
];
const AMOUNTS: Record<string, [number, number]> = {
  客户邀约: [50, 600],
  会议营销: [800, 6000],
  市场推广: [300, 4000],
  差旅: [200, 2500],
  业务招待: [150, 1800],
};

/**
 * Expense demo data (M7, issue 19): this year's approved annual budgets for every team and region
 * in every category, ~200 claims of the reps and supervisors in every state (drafts, returned,
 * rejected, in supervisor or finance review, approved, paid), some team categories near their
 * limit, and one draft blocked over budget (R-EXP-2) with its figures. Budgets are sized from what
 * the claims use, so the usage shown is what the seed intends. Deterministic for a seed and moment.
 */
export async function seedDemoExpenses(db: Executor, options: { now?: Date; seed?: number; claims?: number } = {}) {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261207);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const year = now.getUTCFullYear();
  const todayIndex = Math.floor((now.getTime() - Date.UTC(year, 0, 1)) / DAY);
  const people = (
    await db.execute<{ id: string; username: string; org_unit_id: string; manager_id: string | null; team_path: string }>(sql`
      select u.id, u.username, u.org_unit_id, u.manager_id, ou.path as team_path from users u join org_units ou on ou.id = u.org_unit_id
       where ou.kind = 'team' and ('rep' = any(u.roles) or 'supervisor' = any(u.roles)) and not u.disabled order by u.username`)
  ).rows;
  const finance = (await db.execute<{ id: string }>(sql`select id from users where 'finance' = any(roles) order by username limit 1`))
    .rows[0];
  const director = (await db.execute<{ id: string }>(sql`select id from users where 'director' = any(roles) order by username limit 1`))
    .rows[0];
  if (!people.length || !finance || !director) return { budgets: 0, claims: 0 };
  const teams = (
    await db.execute<{ id: string; parent_id: string; name: string }>(
      sql`select id, parent_id, name from org_units where kind = 'team' order by path`,
    )
  ).rows;
  const customersByOwner = new Map<string, string[]>();
  for (const row of (
    await db.execute<{ owner_id: string; id: string }>(sql`
      select owner_id, id from (select owner_id, id, row_number() over (partition by owner_id order by name_key, id) as n
                                  from customers where owner_id is not null and merged_into_id is null) c where n <= 5`)
  ).rows) {
    customersByOwner.set(row.owner_id, [...(customersByOwner.get(row.owner_id) ?? []), row.id]);
  }
  const categories = DEFAULT_EXPENSE_SETTINGS.categories;
  const at = (dayIndex: number, hour = 2) => new Date(Date.UTC(year, 0, 1 + dayIndex, hour)).toISOString();

  // Budgets: insert first (ids are needed on the lines), amounts set once the claims are known.
  const budgetIds = new Map<string, string>(); // `${teamId}:${category}` → id
  for (const team of teams) {
    for (const category of categories) {
      const row = await db.execute<{ id: string }>(sql`
        insert into expense_budgets (category, org_unit_id, period_kind, period_start, period_end, amount_cents, basis, usage_plan, status,
                                     created_by_id, created_at, updated_at)
        values (${category}, ${team.id}, 'year', ${`${year}-01-01`}::date, ${`${year}-12-31`}::date, 1,
                ${`按 ${year - 1} 年实际支出与今年销售计划编制`}, ${'按季度均衡使用，大型会议单独申请'}, 'approved', ${director.id},
                ${at(0)}::timestamptz, ${at(0)}::timestamptz)
        returning id`);
      budgetIds.set(`${team.id}:${category}`, row.rows[0]!.id);
    }
  }

  const used = new Map<string, number>();
  const total = options.claims ?? 200;
  let seq = 0;
  for (let i = 0; i < total; i++) {
    const person = people[i % people.length]!;
    const roll = random();
    const status = STATUS_CUTS.find(([, cut]) => roll < cut)![0];
    const dayIndex = Math.max(0, Math.floor(random() * Math.max(1, todayIndex - 3)));
    const lineCount = random() < 0.3 ? 2 : 1;
    const lines = Array.from({ length: lineCount }, () => {
      const category = pick(categories);
      const [low, high] = AMOUNTS[category] ?? [100, 1000];
      const amountCents = Math.round(low + random() * (high - low)) * 100;
      const spentDay = Math.max(0, dayIndex - Math.floor(random() * 5));
      const customers = customersByOwner.get(person.id) ?? [];
      return {
        category,
        amountCents,
        spentOn: at(spentDay).slice(0, 10),
        purpose: `${category === '差旅' ? '出差拜访' : category === '业务招待' ? '客户招待' : category}：${pick(['华东客户', '重点客户', '渠道伙伴', '新客户', '老客户回访'])}`,
        customerId: customers.length && random() < 0.5 ? pick(customers) : null,
      };
    });
    const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
    const charged = status === 'submitted' || status === 'approved' || status === 'paid';
    seq += 1;
    const number = `BX-${year}-${String(seq).padStart(5, '0')}`;
    const created = at(dayIndex, 1);
    const submitted = status === 'draft' ? null : at(dayIndex, 3);
    const decided =
      status === 'approved' || status === 'paid' || status === 'rejected' || status === 'returned'
        ? at(Math.min(todayIndex, dayIndex + 2), 6)
        : null;
    const claim = await db.execute<{ id: string }>(sql`
      insert into expense_claims (number, title, claimant_id, org_unit_id, status, total_cents, submitted_at, decided_at, paid_on, payment_reference,
                                  created_at, updated_at)
      values (${number}, ${lines.map((l) => l.category).join('、') + '报销'}, ${person.id}, ${person.org_unit_id}, ${status}, ${totalCents},
              ${submitted}::timestamptz, ${decided}::timestamptz,
              ${status === 'paid' ? at(Math.min(todayIndex, dayIndex + 6)).slice(0, 10) : null}::date,
              ${status === 'paid' ? `ZF${year}${String(seq).padStart(5, '0')}` : null}, ${created}::timestamptz, ${decided ?? submitted ?? created}::timestamptz)
      returning id`);
    const claimId = claim.rows[0]!.id;
    for (const [index, line] of lines.entries()) {
      const budgetId = charged ? budgetIds.get(`${person.org_unit_id}:${line.category}`)! : null;
      if (budgetId) used.set(budgetId, (used.get(budgetId) ?? 0) + line.amountCents);
      const invoice = `${year}${String(seq).padStart(5, '0')}${index + 1}`;
      await db.execute(sql`
        insert into expense_claim_lines (claim_id, line_no, category, spent_on, amount_cents, purpose, customer_id, invoice_number, invoice_key, budget_id)
        values (${claimId}, ${index + 1}, ${line.category}, ${line.spentOn}::date, ${line.amountCents}, ${line.purpose}, ${line.customerId},
                ${invoice}, ${invoice}, ${budgetId})`);
    }
    await db.execute(
      sql`insert into expense_claim_events (claim_id, action, actor_id, at) values (${claimId}, 'created', ${person.id}, ${created}::timestamptz)`,
    );
    if (!submitted) continue;
    await db.execute(
      sql`insert into expense_claim_events (claim_id, action, actor_id, at) values (${claimId}, 'submitted', ${person.id}, ${submitted}::timestamptz)`,
    );
    // The approval request as the engine leaves it: supervisor (line), then finance (any).
    const financeStage = status === 'submitted' && random() < 0.4;
    const requestStatus = status === 'submitted' ? 'pending' : status === 'approved' || status === 'paid' ? 'approved' : 'rejected';
    const request = await db.execute<{ id: string }>(sql`
      insert into approval_requests (subject_type, subject_id, title, details, amount_cents, status, current_step, requester_id, owner_id,
                                     created_at, decided_at, updated_at)
      values ('expense.claim', ${claimId}, ${`费用报销：${number}`}, ${JSON.stringify({ claimNumber: number, amountCents: totalCents })}::jsonb,
              ${totalCents}, ${requestStatus}, ${status === 'submitted' ? (financeStage ? 2 : 1) : null}, ${person.id}, ${person.id},
              ${submitted}::timestamptz, ${decided}::timestamptz, ${decided ?? submitted}::timestamptz)
      returning id`);
    const requestId = request.rows[0]!.id;
    const supervisorId = person.manager_id;
    const step1 =
      status === 'submitted' && !financeStage ? 'pending' : status === 'rejected' || status === 'returned' ? 'rejected' : 'approved';
    const step2 =
      status === 'submitted' ? (financeStage ? 'pending' : 'waiting') : status === 'approved' || status === 'paid' ? 'approved' : 'skipped';
    const comment = status === 'returned' ? '退回修改：请补充发票清单' : status === 'rejected' ? '不符合报销标准' : null;
    await db.execute(sql`
      insert into approval_steps (request_id, step_no, role, mode, approver_id, status, decided_by_id, decided_at, comment)
      values (${requestId}, 1, 'supervisor', 'line', ${supervisorId}, ${step1}, ${step1 === 'pending' ? null : supervisorId},
              ${step1 === 'pending' ? null : at(Math.min(todayIndex, dayIndex + 1), 4)}::timestamptz, ${comment}),
             (${requestId}, 2, 'finance', 'any', null, ${step2}, ${step2 === 'approved' ? finance.id : null},
              ${step2 === 'approved' ? decided : null}::timestamptz, null)`);
    await db.execute(
      sql`insert into approval_events (request_id, actor_id, action, created_at) values (${requestId}, ${person.id}, 'submitted', ${submitted}::timestamptz)`,
    );
    if (step1 !== 'pending') {
      await db.execute(sql`
        insert into approval_events (request_id, actor_id, action, step_no, comment, created_at)
        values (${requestId}, ${supervisorId}, ${step1}, 1, ${comment}, ${at(Math.min(todayIndex, dayIndex + 1), 4)}::timestamptz)`);
    }
    if (step2 === 'approved') {
      await db.execute(sql`
        insert into approval_events (request_id, actor_id, action, step_no, created_at) values (${requestId}, ${finance.id}, 'approved', 2, ${decided}::timestamptz)`);
    }
    if (status === 'paid') {
      await db.execute(
        sql`insert into expense_claim_events (claim_id, action, actor_id, at) values (${claimId}, 'paid', ${finance.id}, ${decided}::timestamptz)`,
      );
    }
    await db.execute(sql`update expense_claims set approval_request_id = ${requestId} where id = ${claimId}`);
  }

  // Budget sizes: usage between 35 % and 80 %, and a few team categories near their limit (92–97 %).
  // The near ones are the four most used (a fixed slot could fall on a team that spent a few hundred
  // yuan, whose budget the ¥5,000 floor and ¥1,000 steps then put far from its limit — and the order of
  // teams depends on their generated ids); their budgets go in ¥100 steps so the ratio holds.
  const nearLimit = new Set(
    [...budgetIds.values()]
      .filter((id) => (used.get(id) ?? 0) > 0)
      .sort((a, b) => (used.get(b) ?? 0) - (used.get(a) ?? 0) || a.localeCompare(b))
      .slice(0, 4),
  );
  const regionSums = new Map<string, number>();
  for (const team of teams) {
    for (const category of categories) {
      const id = budgetIds.get(`${team.id}:${category}`)!;
      const usedCents = used.get(id) ?? 0;
      const near = nearLimit.has(id);
      const ratio = near ? 0.92 + random() * 0.05 : 0.35 + random() * 0.45;
      const amount = near
        ? Math.ceil(usedCents / ratio / 10_000) * 10_000
        : Math.max(500_000, Math.ceil(usedCents / ratio / 100_000) * 100_000);
      await db.execute(sql`update expense_budgets set amount_cents = ${amount} where id = ${id}`);
      regionSums.set(`${team.parent_id}:${category}`, (regionSums.get(`${team.parent_id}:${category}`) ?? 0) + amount);
    }
  }
  for (const [key, sum] of regionSums) {
    const [unitId, category] = key.split(':') as [string, string];
    await db.execute(sql`
      insert into expense_budgets (category, org_unit_id, period_kind, period_start, period_end, amount_cents, basis, usage_plan, status,
                                   created_by_id, created_at, updated_at)
      values (${category}, ${unitId}, 'year', ${`${year}-01-01`}::date, ${`${year}-12-31`}::date, ${Math.ceil((sum * 1.05) / 100_000) * 100_000},
              ${'各团队预算汇总并预留 5% 机动'}, ${'机动部分用于大区级会议'}, 'approved', ${director.id}, ${at(0)}::timestamptz, ${at(0)}::timestamptz)`);
  }

  // One draft blocked over budget (R-EXP-2), with the figures the claimant saw.
  const rep = people.find((p) => p.username === 'rep') ?? people[0]!;
  const budgetId = budgetIds.get(`${rep.org_unit_id}:会议营销`)!;
  const budget = (await db.execute<{ amount_cents: string }>(sql`select amount_cents from expense_budgets where id = ${budgetId}`))
    .rows[0]!;
  const committed = (
    await db.execute<{ committed: string; spent: string }>(sql`
      select coalesce(sum(l.amount_cents) filter (where c.status in ('submitted', 'approved')), 0) as committed,
             coalesce(sum(l.amount_cents) filter (where c.status = 'paid'), 0) as spent
        from expense_claim_lines l join expense_claims c on c.id = l.claim_id where l.budget_id = ${budgetId}`)
  ).rows[0]!;
  const figures = {
    budgetCents: Number(budget.amount_cents),
    committedCents: Number(committed.committed),
    spentCents: Number(committed.spent),
  };
  const requestCents = Math.max(0, figures.budgetCents - figures.committedCents - figures.spentCents) + 1_280_000;
  const check = checkBudget(figures, requestCents);
  seq += 1;
  const number = `BX-${year}-${String(seq).padStart(5, '0')}`;
  const blocked: OverBudgetLine[] = [
    {
      category: '会议营销',
      budgetId,
      orgUnitName: teams.find((t) => t.id === rep.org_unit_id)?.name ?? null,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      budgetCents: check.budgetCents,
      committedCents: check.committedCents,
      spentCents: check.spentCents,
      requestCents,
      remainingCents: check.remainingCents,
      overByCents: check.overByCents,
    },
  ];
  const blockedClaim = await db.execute<{ id: string }>(sql`
    insert into expense_claims (number, title, claimant_id, org_unit_id, status, total_cents, blocked, created_at, updated_at)
    values (${number}, ${'年终客户答谢会场地与餐饮'}, ${rep.id}, ${rep.org_unit_id}, 'draft', ${requestCents}, ${JSON.stringify(blocked)}::jsonb,
            ${at(Math.max(0, todayIndex - 1))}::timestamptz, ${at(Math.max(0, todayIndex - 1))}::timestamptz)
    returning id`);
  const blockedId = blockedClaim.rows[0]!.id;
  await db.execute(sql`
    insert into expense_claim_lines (claim_id, line_no, category, spent_on, amount_cents, purpose, invoice_number, invoice_key)
    values (${blockedId}, 1, '会议营销', ${at(Math.max(0, todayIndex - 2)).slice(0, 10)}::date, ${requestCents}, ${'年终客户答谢会：场地、餐饮与物料'},
            ${`${year}99999`}, ${`${year}99999`})`);
  await db.execute(sql`
    insert into expense_claim_events (claim_id, action, comment, actor_id, at)
    values (${blockedId}, 'created', null, ${rep.id}, ${at(Math.max(0, todayIndex - 1))}::timestamptz),
           (${blockedId}, 'blocked', ${`over by ¥${(check.overByCents / 100).toFixed(2)}`}, ${rep.id}, ${at(Math.max(0, todayIndex - 1), 3)}::timestamptz)`);
  // Later claims continue the year's numbering.
  await db.execute(sql`
    insert into document_counters (key, last_value) values (${`expense_claim:${year}`}, ${seq})
    on conflict (key) do update set last_value = greatest(document_counters.last_value, excluded.last_value)`);
  return { budgets: teams.length * categories.length + regionSums.size, claims: seq };
}
