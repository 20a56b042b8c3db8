import { Faker, zh_CN, base } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import type { Role } from '@xiaoguan/shared';
import type { Database } from '../platform/db/client.js';
import { hashPassword } from '../platform/auth/password.js';
import { orgUnits, supportAssignments, users } from '../platform/identity/index.js';
import { saveSettings } from '../platform/settings/settings.js';
import { approvalPolicies } from '../platform/approvals/approvals.schema.js';
import { seedDemoCustomers, type DemoCustomersOptions } from './demo-customers.js';
import { seedDemoPipeline, type DemoPipelineOptions } from './demo-pipeline.js';
import { seedDemoEvents } from './demo-events.js';
import { seedDemoEventDeals } from './demo-event-deals.js';
import { seedDemoTargets } from './demo-targets.js';
import { seedDemoService } from './demo-service.js';
import { seedDemoTraining } from './demo-training.js';
import { seedDemoMarketChannels } from './demo-market-channels.js';
import { seedDemoTeamworkAudit } from './demo-teamwork-audit.js';
import { seedDemoExpenses } from './demo-expenses.js';
import { seedDemoIncentives } from './demo-incentives.js';
import { seedDemoEventOps } from './demo-event-ops.js';
import { seedDemoPerformance } from './demo-performance.js';

/** The decision-authority matrix (职责矩阵) the demo starts with; admin edits it in the app. */
export const DEFAULT_APPROVAL_POLICIES = [
  {
    subjectType: 'quote.discount',
    name: '折扣 ≥ 50,000 元：销售经理审批',
    nameEn: 'Discount ≥ ¥50,000: sales manager',
    minAmountCents: 5_000_000,
    steps: [{ role: 'manager', mode: 'line' as const }],
  },
  {
    subjectType: 'quote.discount',
    name: '折扣 ≥ 500,000 元：经理 → 总监',
    nameEn: 'Discount ≥ ¥500,000: manager → director',
    minAmountCents: 50_000_000,
    steps: [
      { role: 'manager', mode: 'line' as const },
      { role: 'director', mode: 'line' as const },
    ],
  },
  {
    subjectType: 'contract.sign',
    name: '合同签订：主管审批',
    nameEn: 'Contract signing: supervisor',
    minAmountCents: 0,
    steps: [{ role: 'supervisor', mode: 'line' as const }],
  },
  {
    subjectType: 'quote.discount',
    name: '折扣 ≥ 50,000 元且 ≥ 20%：经理 → 总监',
    nameEn: 'Discount ≥ ¥50,000 and ≥ 20%: manager → director',
    minAmountCents: 5_000_000,
    minPercent: 20,
    steps: [
      { role: 'manager', mode: 'line' as const },
      { role: 'director', mode: 'line' as const },
    ],
  },
  {
    subjectType: 'quote.floor',
    name: '低于底价：总监审批',
    nameEn: 'Below floor price: director',
    minAmountCents: 0,
    steps: [{ role: 'director', mode: 'line' as const }],
  },
  {
    subjectType: 'quote.floor',
    name: '低于底价且折扣 ≥ 50,000 元：经理 → 总监',
    nameEn: 'Below floor and discount ≥ ¥50,000: manager → director',
    minAmountCents: 5_000_000,
    steps: [
      { role: 'manager', mode: 'line' as const },
      { role: 'director', mode: 'line' as const },
    ],
  },
  {
    subjectType: 'contract.sign',
    name: '合同 ≥ 1,000,000 元：经理 → 总监',
    nameEn: 'Contract ≥ ¥1,000,000: manager → director',
    minAmountCents: 100_000_000,
    steps: [
      { role: 'manager', mode: 'line' as const },
      { role: 'director', mode: 'line' as const },
    ],
  },
  {
    subjectType: 'credit.override',
    name: '超信用额度：经理 → 财务',
    nameEn: 'Over the credit limit: manager → finance',
    minAmountCents: 0,
    steps: [
      { role: 'manager', mode: 'line' as const },
      { role: 'finance', mode: 'any' as const },
    ],
  },
  {
    subjectType: 'receivable.writeoff',
    name: '坏账核销：总监审批',
    nameEn: 'Bad-debt write-off: director',
    minAmountCents: 0,
    steps: [{ role: 'director', mode: 'any' as const }],
  },
  {
    subjectType: 'event.budget',
    name: '活动预算 < 20,000 元：主管审批',
    nameEn: 'Event budget < ¥20,000: supervisor',
    minAmountCents: 0,
    steps: [{ role: 'supervisor', mode: 'line' as const }],
  },
  {
    subjectType: 'event.budget',
    name: '活动预算 ≥ 20,000 元：经理审批',
    nameEn: 'Event budget ≥ ¥20,000: manager',
    minAmountCents: 2_000_000,
    steps: [{ role: 'manager', mode: 'line' as const }],
  },
  {
    subjectType: 'event.budget',
    name: '活动预算 ≥ 200,000 元：经理 → 总监',
    nameEn: 'Event budget ≥ ¥200,000: manager → director',
    minAmountCents: 20_000_000,
    steps: [
      { role: 'manager', mode: 'line' as const },
      { role: 'director', mode: 'line' as const },
    ],
  },
  {
    subjectType: 'event.overbudget',
    name: '活动超预算：经理审批',
    nameEn: 'Event cost over budget: manager',
    minAmountCents: 0,
    steps: [{ role: 'manager', mode: 'line' as const }],
  },
  {
    subjectType: 'expense.claim',
    name: '费用报销：主管 → 财务',
    nameEn: 'Expense claim: supervisor → finance',
    minAmountCents: 0,
    steps: [
      { role: 'supervisor', mode: 'line' as const },
      { role: 'finance', mode: 'any' as const },
    ],
  },
  {
    subjectType: 'expense.budget',
    name: '费用预算：总监审批',
    nameEn: 'Expense budget: director',
    minAmountCents: 0,
    steps: [{ role: 'director', mode: 'any' as const }],
  },
  {
    subjectType: 'expense.overBudget',
    name: '超预算报销：总监审批',
    nameEn: 'Over-budget expense: director',
    minAmountCents: 0,
    steps: [{ role: 'director', mode: 'any' as const }],
  },
  {
    subjectType: 'commission.statement',
    name: '提成单：主管 → 财务',
    nameEn: 'Commission statement: supervisor → finance',
    minAmountCents: 0,
    steps: [
      { role: 'supervisor', mode: 'line' as const },
      { role: 'finance', mode: 'any' as const },
    ],
  },
  {
    subjectType: 'channel.qualification',
    name: '渠道资质审核：总监审批',
    nameEn: 'Partner qualification: director',
    minAmountCents: 0,
    steps: [{ role: 'director', mode: 'any' as const }],
  },
  {
    // R-CHN-2: the channel manager's approval is the submission; finance decides.
    subjectType: 'channel.rebate',
    name: '渠道返利单：渠道主管 → 财务',
    nameEn: 'Partner rebate statement: channel manager → finance',
    minAmountCents: 0,
    steps: [{ role: 'finance', mode: 'any' as const }],
  },
];

export const DEMO_PASSWORD = 'demo1234';

export interface DemoUnit {
  key: string;
  parentKey: string | null;
  name: string;
  kind: 'company' | 'region' | 'department' | 'team';
}

export interface DemoUser {
  username: string;
  displayName: string;
  /** 工号: XG0001 … in the order the users are listed (issue 22: usable as the owner in imports). */
  employeeNo: string;
  phone: string;
  email: string;
  roles: Role[];
  unitKey: string;
  managerUsername: string | null;
}

/** The demo seller on generated contracts (issue 16): made-up but well-formed registration and bank details. */
export const DEMO_SELLER = (name: string) => ({
  sellerLegalName: name,
  sellerCreditCode: '91330106MA2H3K5X7Q',
  sellerAddress: '浙江省杭州市西湖区文三路 478 号华星科技大厦 12 层',
  sellerBankName: '招商银行杭州分行营业部',
  sellerBankAccount: '5719 0832 1610 808',
});

export interface DemoCompany {
  name: string;
  units: DemoUnit[];
  users: DemoUser[];
  /** support username → rep usernames they serve */
  support: Record<string, string[]>;
}

/**
 * The demo company as plain data, the same for the same seed: 3 regions, 6 teams, ~40 users in
 * every role. Tests and benchmarks reuse it (and can scale it with `repsPerTeam`).
 */
export function generateDemoCompany(seed = 20261123, repsPerTeam = 3): DemoCompany {
  const faker = new Faker({ locale: [zh_CN, base] });
  faker.seed(seed);
  const taken = new Set<string>();
  const personName = () => {
    for (;;) {
      const name = `${faker.person.lastName()}${faker.person.firstName()}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
  const phone = () => faker.helpers.fromRegExp(/1[3-9][0-9]{9}/);

  const units: DemoUnit[] = [
    { key: 'company', parentKey: null, name: '示例科技有限公司', kind: 'company' },
    { key: 'it', parentKey: 'company', name: '信息管理部', kind: 'department' },
    { key: 'ops', parentKey: 'company', name: '销售运营部', kind: 'department' },
    { key: 'finance', parentKey: 'company', name: '财务部', kind: 'department' },
    { key: 'audit', parentKey: 'company', name: '审计部', kind: 'department' },
    { key: 'channel', parentKey: 'company', name: '渠道拓展部', kind: 'department' },
  ];
  const regions = [
    {
      key: 'east',
      name: '华东大区',
      teams: [
        ['sh1', '上海一组'],
        ['hz', '杭州组'],
      ],
    },
    {
      key: 'south',
      name: '华南大区',
      teams: [
        ['sz', '深圳组'],
        ['gz', '广州组'],
      ],
    },
    {
      key: 'north',
      name: '华北大区',
      teams: [
        ['bj', '北京组'],
        ['tj', '天津组'],
      ],
    },
  ] as const;
  const list: DemoUser[] = [];
  const add = (username: string, roles: Role[], unitKey: string, managerUsername: string | null) =>
    list.push({
      username,
      displayName: personName(),
      employeeNo: `XG${String(list.length + 1).padStart(4, '0')}`,
      phone: phone(),
      email: `${username}@demo.xiaoguan.cn`,
      roles,
      unitKey,
      managerUsername,
    });

  add('admin', ['admin'], 'it', null);
  add('director', ['director'], 'company', null);
  add('ops', ['ops'], 'ops', 'director');
  add('finance', ['finance'], 'finance', 'director');
  add('finance2', ['finance'], 'finance', 'finance');
  add('auditor', ['auditor'], 'audit', null);
  add('channel', ['channel'], 'channel', 'director');

  regions.forEach((region, r) => {
    units.push({ key: region.key, parentKey: 'company', name: region.name, kind: 'region' });
    const manager = r === 0 ? 'manager' : `manager${r + 1}`;
    add(manager, ['manager'], region.key, 'director');
    if (r === 0) {
      add('key_account', ['key_account'], region.key, manager);
      add('support', ['support'], region.key, manager);
    } else if (r === 1) {
      add('key_account2', ['key_account'], region.key, manager);
      add('support2', ['support'], region.key, manager);
    }
    region.teams.forEach(([teamKey, teamName], t) => {
      units.push({ key: teamKey, parentKey: region.key, name: teamName, kind: 'team' });
      const index = r * 2 + t;
      const supervisor = index === 0 ? 'supervisor' : `supervisor${index + 1}`;
      add(supervisor, ['supervisor'], teamKey, manager);
      for (let i = 0; i < repsPerTeam; i++) {
        let username = `rep_${teamKey}_${i + 1}`;
        if (index === 0 && i === 0) username = 'rep';
        if (teamKey === 'sz' && i === 0) username = 'rep2';
        add(username, ['rep'], teamKey, supervisor);
      }
    });
  });
  const support = {
    support: list
      .filter((u) => u.unitKey === 'sh1' || u.unitKey === 'hz')
      .filter((u) => u.roles.includes('rep'))
      .map((u) => u.username),
    support2: list
      .filter((u) => u.unitKey === 'sz')
      .filter((u) => u.roles.includes('rep'))
      .map((u) => u.username),
  };
  return { name: '示例科技有限公司', units, users: list, support };
}

/**
 * Writes the demo company — its demo customers (`customers.count`, default 2,000; 0 for none) and
 * their pipeline to cash (`pipeline`; false for none) — into an empty database in one transaction.
 * Returns username → id.
 */
export async function seedDemoCompany(
  db: Database,
  company = generateDemoCompany(),
  options: { customers?: DemoCustomersOptions; pipeline?: DemoPipelineOptions | false } = {},
): Promise<Map<string, string>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = await db.transaction(async (tx) => {
    const unitIds = new Map<string, { id: string; path: string }>();
    for (const unit of company.units) {
      const parent = unit.parentKey ? unitIds.get(unit.parentKey)! : null;
      const [row] = await tx
        .insert(orgUnits)
        .values({ name: unit.name, kind: unit.kind, parentId: parent?.id ?? null, path: '/' })
        .returning({ id: orgUnits.id });
      const path = `${parent?.path ?? '/'}${row!.id}/`;
      await tx
        .update(orgUnits)
        .set({ path })
        .where(sql`${orgUnits.id} = ${row!.id}`);
      unitIds.set(unit.key, { id: row!.id, path });
    }
    const userIds = new Map<string, { id: string; linePath: string }>();
    for (const user of company.users) {
      const boss = user.managerUsername ? userIds.get(user.managerUsername)! : null;
      const [row] = await tx
        .insert(users)
        .values({
          username: user.username,
          displayName: user.displayName,
          employeeNo: user.employeeNo,
          passwordHash,
          phone: user.phone,
          email: user.email,
          roles: user.roles,
          orgUnitId: unitIds.get(user.unitKey)!.id,
          managerId: boss?.id ?? null,
          linePath: '/',
        })
        .returning({ id: users.id });
      const linePath = `${boss?.linePath ?? '/'}${row!.id}/`;
      await tx
        .update(users)
        .set({ linePath })
        .where(sql`${users.id} = ${row!.id}`);
      userIds.set(user.username, { id: row!.id, linePath });
    }
    const assignments = Object.entries(company.support).flatMap(([supportUser, reps]) =>
      reps.map((rep) => ({ supportUserId: userIds.get(supportUser)!.id, repUserId: userIds.get(rep)!.id })),
    );
    if (assignments.length) await tx.insert(supportAssignments).values(assignments);
    await saveSettings(tx, { companyName: company.name, ...DEMO_SELLER(company.name) });
    await tx.insert(approvalPolicies).values(DEFAULT_APPROVAL_POLICIES);
    const ids = new Map([...userIds].map(([username, v]) => [username, v.id]));
    if (options.customers?.count !== 0) {
      await seedDemoCustomers(tx, ids, options.customers);
      if (options.pipeline !== false) {
        await seedDemoPipeline(tx, { now: options.customers?.now, ...options.pipeline });
        await seedDemoEvents(tx, { now: options.customers?.now });
        await seedDemoEventDeals(tx);
        await seedDemoTargets(tx, { now: options.customers?.now });
        await seedDemoService(tx, { now: options.customers?.now });
        await seedDemoExpenses(tx, { now: options.customers?.now });
        await seedDemoIncentives(tx, { now: options.customers?.now });
        await seedDemoEventOps(tx, { now: options.customers?.now });
        await seedDemoPerformance(tx, { now: options.customers?.now });
        await seedDemoTraining(tx, { now: options.customers?.now });
        await seedDemoMarketChannels(tx, { now: options.customers?.now });
        await seedDemoTeamworkAudit(tx, { now: options.customers?.now });
      }
    }
    return ids;
  });
  // Statistics for the planner now, not when autovacuum gets round to the new tables.
  await db.execute(sql`analyze`);
  return ids;
}

export async function isEmpty(db: Database): Promise<boolean> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
  return result.rows[0]!.n === 0;
}
