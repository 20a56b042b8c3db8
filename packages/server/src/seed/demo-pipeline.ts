import { sql } from 'drizzle-orm';
import { mergeTemplate } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { getSettings } from '../platform/settings/settings.js';
import { startOfDayIn } from '../platform/time.js';
import { insertRows } from './bulk-insert.js';
import { quoteFingerprint } from '../modules/quotes/discount-authority.js';
import { DEFAULT_OPPORTUNITY_SETTINGS } from '../modules/opportunities/opportunities.settings.js';
import { sfc32 } from './demo-customers.js';
import { sellerOf } from '../modules/contracts/seller.js';
import {
  priceLists,
  priceListItems,
  priceTiers,
  productCategories,
  productLines,
  products,
  promotions,
} from '../modules/products/products.schema.js';
import { opportunities, opportunityProducts, opportunityStageHistory } from '../modules/opportunities/opportunities.schema.js';
import { quoteLines, quoteRevisions, quotes } from '../modules/quotes/quotes.schema.js';
import { contracts, contractTemplates, paymentInstallments } from '../modules/contracts/contracts.schema.js';
import { orderLines, orders, orderStatusHistory } from '../modules/orders/orders.schema.js';
import { invoices, receipts } from '../modules/receivables/receivables.schema.js';

/**
 * Pipeline-to-cash demo data (M2) on top of the demo customers: a catalogue with ladder prices and
 * promotions; the demo customers' recent orders become signed contracts (with quote, won
 * opportunity, payment plan, receipts, invoices, an order and its delivery history) — their
 * `customer_orders` rows are re-pointed at the contracts, so RFM counts each sale once; small
 * person orders become direct orders; open and lost opportunities fill the funnel; a few
 * customers sit over their credit limit and some installments are overdue.
 * Deterministic for a seed and a moment.
 */
export interface DemoPipelineOptions {
  now?: Date;
  seed?: number;
  contracts?: number;
  opportunities?: number;
}

export interface DemoPipelineResult {
  products: number;
  opportunities: number;
  quotes: number;
  contracts: number;
  installments: number;
  receipts: number;
  orders: number;
  ms: number;
}

const DAY = 86_400_000;

/** Codes of the default lost reasons (opportunities.settings.ts). */
export const DEMO_LOST_REASONS = DEFAULT_OPPORTUNITY_SETTINGS.lostReasons.map((r) => r.code);

interface CatalogueProduct {
  code: string;
  name: string;
  nameEn: string;
  line: string;
  category: string;
  unit: string;
  list: number; // yuan
  floor: number; // yuan
  tiers?: [number, number][]; // [min quantity, unit price yuan]
}

export const DEMO_CATALOGUE: { lines: { code: string; name: string; categories: string[] }[]; products: CatalogueProduct[] } = {
  lines: [
    { code: 'SW', name: '软件产品线', categories: ['企业软件', '数据平台'] },
    { code: 'SV', name: '服务产品线', categories: ['实施服务', '培训与维保'] },
    { code: 'HW', name: '硬件产品线', categories: ['终端设备', '服务器'] },
  ],
  products: [
    {
      code: 'SW-ERP-STD',
      name: '企业版软件（标准版）',
      nameEn: 'Enterprise Suite (Standard)',
      line: 'SW',
      category: '企业软件',
      unit: '套',
      list: 68_000,
      floor: 48_000,
      tiers: [
        [5, 62_000],
        [10, 56_000],
        [20, 51_000],
      ],
    },
    {
      code: 'SW-ERP-PRO',
      name: '企业版软件（专业版）',
      nameEn: 'Enterprise Suite (Pro)',
      line: 'SW',
      category: '企业软件',
      unit: '套',
      list: 128_000,
      floor: 90_000,
      tiers: [
        [5, 118_000],
        [10, 108_000],
      ],
    },
    {
      code: 'SW-USER',
      name: '用户许可',
      nameEn: 'User licence',
      line: 'SW',
      category: '企业软件',
      unit: '用户/年',
      list: 1_200,
      floor: 700,
      tiers: [
        [50, 1_080],
        [100, 960],
        [500, 840],
      ],
    },
    {
      code: 'SW-BI',
      name: '数据分析平台',
      nameEn: 'Analytics platform',
      line: 'SW',
      category: '数据平台',
      unit: '套',
      list: 260_000,
      floor: 190_000,
    },
    {
      code: 'SW-CLOUD',
      name: '云服务套餐',
      nameEn: 'Cloud package',
      line: 'SW',
      category: '数据平台',
      unit: '年',
      list: 36_000,
      floor: 26_000,
      tiers: [[3, 33_000]],
    },
    {
      code: 'SV-IMPL',
      name: '实施服务',
      nameEn: 'Implementation',
      line: 'SV',
      category: '实施服务',
      unit: '人天',
      list: 2_800,
      floor: 1_900,
      tiers: [
        [20, 2_600],
        [60, 2_400],
      ],
    },
    {
      code: 'SV-DEV',
      name: '定制开发服务',
      nameEn: 'Custom development',
      line: 'SV',
      category: '实施服务',
      unit: '人天',
      list: 3_200,
      floor: 2_200,
      tiers: [[30, 3_000]],
    },
    { code: 'SV-TRAIN', name: '培训服务', nameEn: 'Training', line: 'SV', category: '培训与维保', unit: '场', list: 8_000, floor: 5_000 },
    {
      code: 'SV-MAINT',
      name: '年度技术服务（维保）',
      nameEn: 'Annual support',
      line: 'SV',
      category: '培训与维保',
      unit: '年',
      list: 24_000,
      floor: 16_000,
    },
    {
      code: 'HW-TERM',
      name: '智能终端',
      nameEn: 'Smart terminal',
      line: 'HW',
      category: '终端设备',
      unit: '台',
      list: 3_600,
      floor: 2_600,
      tiers: [
        [10, 3_400],
        [50, 3_150],
        [200, 2_900],
      ],
    },
    {
      code: 'HW-SRV',
      name: '应用服务器',
      nameEn: 'Application server',
      line: 'HW',
      category: '服务器',
      unit: '台',
      list: 45_000,
      floor: 34_000,
      tiers: [[4, 42_500]],
    },
    {
      code: 'HW-KIT',
      name: '会销体验套装',
      nameEn: 'Event experience kit',
      line: 'HW',
      category: '终端设备',
      unit: '套',
      list: 980,
      floor: 600,
      tiers: [
        [10, 900],
        [50, 820],
      ],
    },
  ],
};

export const DEMO_CONTRACT_TEMPLATE = `销售合同

合同编号：{{contract.number}}
甲方（买方）：{{customer.name}}
地址：{{customer.address}}
统一社会信用代码：{{customer.taxId}}

乙方（卖方）：{{seller.name}}
地址：{{seller.address}}
统一社会信用代码：{{seller.creditCode}}
开户银行：{{seller.bankName}}
银行账号：{{seller.bankAccount}}

一、合同金额：{{contract.amount}}。
二、付款方式：按本合同所附回款计划分期支付。
三、交付：乙方按订单约定交付产品与服务，甲方于交付后十五日内验收。
四、本合同自双方签字盖章之日起生效。

乙方代表：{{owner.name}}
签订日期：{{contract.signedOn}}
`;

type CustomerRow = {
  id: string;
  name: string;
  kind: 'organization' | 'person';
  tier: string;
  status: string;
  owner_id: string;
  team_id: string | null;
  address: string | null;
  tax_id: string | null;
  owner_name: string;
};
type OrderRow = { id: string; customer_id: string; ordered_at: string; amount_cents: number };

export async function seedDemoPipeline(db: Executor, options: DemoPipelineOptions = {}): Promise<DemoPipelineResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const rand = sfc32(options.seed ?? 20261125);
  const settings = await getSettings(db, { fresh: true });
  const { timeZone } = settings;
  const seller = sellerOf(settings);
  // Receipts and invoices are finance's work (issue 16), spread over the finance users in turn
  // (no draw from the generator, so every other figure stays as it was).
  const finance = (
    await db.execute<{ id: string }>(sql`select id from users where 'finance' = any(roles) and not disabled order by username`)
  ).rows.map((row) => row.id);
  const financeUser = (index: number, fallback: string) => finance[index % Math.max(finance.length, 1)] ?? fallback;
  const int = (min: number, max: number) => (max <= min ? min : min + Math.floor(rand() * (max - min + 1)));
  // Late collections draw from their own generator, so the rest of the demo stays what it was.
  const chase = sfc32((options.seed ?? 20261125) + 1);
  const chance = (p: number) => rand() < p;
  const one = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const HEX = '0123456789abcdef';
  const hex = (n: number) => {
    let text = '';
    for (let k = 0; k < n; k++) text += HEX[Math.floor(rand() * 16)];
    return text;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${HEX[8 + Math.floor(rand() * 4)]}${hex(3)}-${hex(12)}`;
  const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dateOf = (d: Date) => dayFmt.format(d);
  const nowMs = now.getTime();
  const todayStart = startOfDayIn(now, timeZone).getTime();
  const atMost = (ms: number) => new Date(Math.min(ms, nowMs));
  const yearOf = (d: Date) => Number(dateOf(d).slice(0, 4));

  // ------------------------------------------------------------------ catalogue
  const lineIds = new Map<string, string>();
  const categoryIds = new Map<string, string>();
  const lineRows = DEMO_CATALOGUE.lines.map((line, i) => {
    const id = uuid();
    lineIds.set(line.code, id);
    return { id, code: line.code, name: line.name, sort: i };
  });
  const categoryRows = DEMO_CATALOGUE.lines.flatMap((line) =>
    line.categories.map((name, i) => {
      const id = uuid();
      categoryIds.set(name, id);
      return { id, lineId: lineIds.get(line.code)!, name, sort: i };
    }),
  );
  const productRows = DEMO_CATALOGUE.products.map((p) => ({
    id: uuid(),
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    categoryId: categoryIds.get(p.category)!,
    unit: p.unit,
    listPriceCents: p.list * 100,
    floorPriceCents: p.floor * 100,
    description: `${p.name}（${p.nameEn}）`,
  }));
  const productByCode = new Map(productRows.map((p) => [p.code, p]));
  const standardList = { id: uuid(), code: 'STD', name: '标准价目表', isDefault: true };
  const channelList = { id: uuid(), code: 'CHANNEL', name: '渠道价目表（代理商）', isDefault: false };
  const items = productRows.map((p) => ({
    priceListId: channelList.id,
    productId: p.id,
    unitPriceCents: Math.round((p.listPriceCents * 0.85) / 100) * 100,
    floorPriceCents: p.floorPriceCents,
  }));
  const tierRows = DEMO_CATALOGUE.products.flatMap((p) =>
    (p.tiers ?? []).map(([minQuantity, yuan]) => ({
      id: uuid(),
      productId: productByCode.get(p.code)!.id,
      priceListId: null,
      minQuantity,
      unitPriceCents: yuan * 100,
    })),
  );
  const year = yearOf(now);
  const promotionRows = [
    {
      id: uuid(),
      name: `${year} 年末促销（软件 9 折）`,
      kind: 'seasonal' as const,
      startsOn: `${year}-11-01`,
      endsOn: `${year}-12-31`,
      productIds: ['SW-ERP-STD', 'SW-ERP-PRO', 'SW-CLOUD'].map((c) => productByCode.get(c)!.id),
      memberLevels: [],
      percentOffBp: 1000,
      amountOffCents: null,
      stackable: false,
    },
    {
      id: uuid(),
      name: '软件 + 实施 套餐优惠',
      kind: 'bundle' as const,
      startsOn: `${year}-01-01`,
      endsOn: `${year + 1}-12-31`,
      productIds: ['SW-ERP-PRO', 'SV-IMPL'].map((c) => productByCode.get(c)!.id),
      memberLevels: [],
      percentOffBp: 500,
      amountOffCents: null,
      stackable: true,
    },
    {
      id: uuid(),
      name: '会员专享：金卡/钻石卡 体验套装立减',
      kind: 'member' as const,
      startsOn: `${year}-01-01`,
      endsOn: `${year + 1}-12-31`,
      productIds: [productByCode.get('HW-KIT')!.id],
      memberLevels: ['gold', 'diamond'],
      percentOffBp: null,
      amountOffCents: 8_000,
      stackable: false,
    },
  ];
  await insertRows(db, productLines, lineRows);
  await insertRows(db, productCategories, categoryRows);
  await insertRows(db, products, productRows);
  await insertRows(db, priceLists, [standardList, channelList]);
  await insertRows(db, priceListItems, items);
  await insertRows(db, priceTiers, tierRows);
  await insertRows(db, promotions, promotionRows);
  const template = { id: uuid(), name: '标准销售合同', body: DEMO_CONTRACT_TEMPLATE };
  await insertRows(db, contractTemplates, [template]);

  // ------------------------------------------------------------------ who and what sold
  const customerRows = (
    await db.execute<CustomerRow>(sql`
      select c.id, c.name, c.kind, c.tier, c.status, c.owner_id, u.org_unit_id as team_id, c.address, c.tax_id, u.display_name as owner_name
        from customers c join users u on u.id = c.owner_id
       where c.merged_into_id is null
       order by c.id`)
  ).rows;
  const customerById = new Map(customerRows.map((c) => [c.id, c]));
  const soldOrders = (
    await db.execute<OrderRow>(sql`
      select o.id, o.customer_id, o.ordered_at::text as ordered_at, o.amount_cents::float8 as amount_cents
        from customer_orders o join customers c on c.id = o.customer_id
       where o.source = 'demo' and c.owner_id is not null and c.merged_into_id is null
       order by o.ordered_at desc, o.id`)
  ).rows;
  const contractCount = options.contracts ?? 1500;
  const contractOrders = soldOrders
    .filter((o) => customerById.get(o.customer_id)!.kind === 'organization' && o.amount_cents >= 1_000_000)
    .slice(0, contractCount);
  const directOrders = soldOrders
    .filter(
      (o) =>
        customerById.get(o.customer_id)!.kind === 'person' && o.amount_cents <= 5_000_000 && nowMs - Date.parse(o.ordered_at) < 120 * DAY,
    )
    .slice(0, 300);

  const out = {
    opportunities: [] as (typeof opportunities.$inferInsert)[],
    opportunityProducts: [] as (typeof opportunityProducts.$inferInsert)[],
    stageHistory: [] as (typeof opportunityStageHistory.$inferInsert)[],
    quotes: [] as (typeof quotes.$inferInsert)[],
    quoteLines: [] as (typeof quoteLines.$inferInsert)[],
    quoteRevisions: [] as (typeof quoteRevisions.$inferInsert)[],
    contracts: [] as (typeof contracts.$inferInsert)[],
    installments: [] as (typeof paymentInstallments.$inferInsert)[],
    receipts: [] as (typeof receipts.$inferInsert)[],
    invoices: [] as (typeof invoices.$inferInsert)[],
    orders: [] as (typeof orders.$inferInsert)[],
    orderLines: [] as (typeof orderLines.$inferInsert)[],
    orderHistory: [] as (typeof orderStatusHistory.$inferInsert)[],
    repoint: [] as { id: string; sid: string }[],
  };
  const counters = new Map<string, number>();
  const next = (kind: string, prefix: string, at: Date) => {
    const y = yearOf(at);
    const key = `${kind}:${y}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return `${prefix}-${y}-${String(n).padStart(6, '0')}`;
  };

  /** Lines adding up exactly to `amountCents`: one product, the quantity that fits its list price. */
  const linesFor = (amountCents: number, kind: 'organization' | 'person') => {
    const pool =
      kind === 'person'
        ? productRows.filter((p) => p.listPriceCents <= 1_000_000)
        : productRows.filter((p) => p.listPriceCents <= amountCents);
    const product = pool.length ? one(pool) : productByCode.get('HW-KIT')!;
    let quantity = Math.max(1, Math.round(amountCents / product.listPriceCents));
    if (amountCents % quantity !== 0) quantity = 1;
    const unit = amountCents / quantity;
    const listUnit = Math.max(product.listPriceCents, unit);
    return { product, quantity, unit, listUnit };
  };

  type Stage = 'lead' | 'discovery' | 'solution' | 'negotiation' | 'won' | 'lost';
  const STAGES: Stage[] = ['lead', 'discovery', 'solution', 'negotiation'];
  const PROBABILITY: Record<Stage, number> = { lead: 10, discovery: 25, solution: 50, negotiation: 75, won: 100, lost: 0 };
  /** Stage history from lead to `last`, spread from `createdMs` to `endMs`. */
  const history = (opportunityId: string, path: Stage[], createdMs: number, endMs: number, actorId: string) => {
    const span = Math.max(endMs - createdMs, DAY);
    let at = createdMs;
    path.forEach((stage, i) => {
      if (i > 0) at = Math.min(endMs, at + Math.floor((span / path.length) * (0.5 + rand())));
      out.stageHistory.push({
        id: uuid(),
        opportunityId,
        fromStage: i === 0 ? null : path[i - 1]!,
        toStage: stage,
        at: new Date(i === path.length - 1 ? endMs : at),
        actorId,
      });
    });
  };

  const quoteFor = (input: {
    customer: CustomerRow;
    opportunityId: string | null;
    at: Date;
    status: (typeof quotes.$inferInsert)['status'];
    line: ReturnType<typeof linesFor>;
  }) => {
    const { customer, line } = input;
    const id = uuid();
    const listTotal = line.listUnit * line.quantity;
    const total = line.unit * line.quantity;
    const lineDiscount = listTotal - total;
    const validUntil = dateOf(new Date(input.at.getTime() + 30 * DAY));
    const discountBp = listTotal ? Math.round((lineDiscount * 10_000) / listTotal) : 0;
    const fingerprint = quoteFingerprint({
      customerId: customer.id,
      priceListId: standardList.id,
      totalDiscountCents: 0,
      lines: [
        {
          productId: line.product.id,
          quantity: line.quantity,
          unitPriceCents: line.listUnit,
          floorUnitCents: line.product.floorPriceCents,
          lineDiscountCents: lineDiscount,
        },
      ],
    });
    const approved = input.status !== 'draft';
    out.quotes.push({
      id,
      number: next('quote', 'BJ', input.at),
      title: `${customer.name} · ${line.product.name}`,
      customerId: customer.id,
      opportunityId: input.opportunityId,
      ownerId: customer.owner_id,
      teamId: customer.team_id,
      priceListId: standardList.id,
      status: input.status,
      validUntil,
      listTotalCents: listTotal,
      subtotalCents: total,
      totalCents: total,
      discountCents: lineDiscount,
      discountBp,
      belowFloor: line.unit < line.product.floorPriceCents,
      // The demo's deals were approved as they stand: no approval needed now, the content covered.
      authority: {
        needsApproval: false,
        subjectType: null,
        reasons: [],
        steps: [],
        policyName: null,
        discountCents: lineDiscount,
        discountBp,
      },
      fingerprint,
      approvedFingerprint: approved ? fingerprint : null,
      sentAt: input.status === 'sent' || input.status === 'accepted' ? input.at : null,
      createdById: customer.owner_id,
      createdAt: input.at,
      updatedAt: input.at,
    });
    out.quoteLines.push({
      id: uuid(),
      quoteId: id,
      lineNo: 1,
      productId: line.product.id,
      quantity: line.quantity,
      listUnitCents: line.listUnit,
      unitPriceCents: line.listUnit,
      floorUnitCents: line.product.floorPriceCents,
      lineDiscountCents: lineDiscount,
      lineTotalCents: total,
    });
    out.quoteRevisions.push({
      id: uuid(),
      quoteId: id,
      revision: 1,
      snapshot: {
        // The same shape as quotes.service's snapshotOf, so the revision history presents it.
        listTotalCents: listTotal,
        subtotalCents: total,
        totalDiscountCents: 0,
        totalCents: total,
        discountCents: lineDiscount,
        discountBp,
        lines: [
          {
            productId: line.product.id,
            productCode: line.product.code,
            productName: line.product.name,
            quantity: line.quantity,
            unitPriceCents: line.listUnit,
            lineDiscountCents: lineDiscount,
            lineTotalCents: total,
          },
        ],
      },
      actorId: customer.owner_id,
      createdAt: input.at,
    });
    return id;
  };

  // ------------------------------------------------------------------ signed contracts
  const contractByCustomer = new Map<string, number>();
  for (const order of [...contractOrders].reverse()) {
    const customer = customerById.get(order.customer_id)!;
    const signedAt = new Date(Date.parse(order.ordered_at));
    const ageDays = Math.floor((nowMs - signedAt.getTime()) / DAY);
    const line = linesFor(order.amount_cents, 'organization');
    const createdMs = signedAt.getTime() - int(30, 120) * DAY;
    const opportunityId = uuid();
    out.opportunities.push({
      id: opportunityId,
      name: `${customer.name} · ${line.product.name}项目`,
      customerId: customer.id,
      ownerId: customer.owner_id,
      teamId: customer.team_id,
      stage: 'won',
      rank: 0,
      amountCents: order.amount_cents,
      probability: 100,
      expectedCloseOn: dateOf(signedAt),
      competitors: chance(0.4) ? [one(['用友', '金蝶', '鼎捷', '浪潮', '本地服务商'])] : [],
      source: one(['referral', 'conference', 'website', 'existing_customer', 'exhibition'] as const),
      stageChangedAt: signedAt,
      closedAt: signedAt,
      createdById: customer.owner_id,
      createdAt: new Date(createdMs),
      updatedAt: signedAt,
    });
    out.opportunityProducts.push({ opportunityId, productId: line.product.id, quantity: line.quantity, amountCents: order.amount_cents });
    history(opportunityId, ['lead', 'discovery', 'solution', 'negotiation', 'won'], createdMs, signedAt.getTime(), customer.owner_id);
    const quoteAt = new Date(signedAt.getTime() - int(3, 20) * DAY);
    const quoteId = quoteFor({ customer, opportunityId, at: quoteAt, status: 'accepted', line });

    const contractId = uuid();
    const number = next('contract', 'HT', signedAt);
    const amount = order.amount_cents;
    const endsOn = dateOf(new Date(signedAt.getTime() + (chance(0.1) ? int(330, 380) : 365) * DAY));
    // payment plan: one installment for small deals; 30/60/10 for larger ones
    const plan: { due: number; amount: number }[] =
      amount < 10_000_000
        ? [{ due: signedAt.getTime() + 30 * DAY, amount }]
        : [
            { due: signedAt.getTime() + 15 * DAY, amount: Math.round(amount * 0.3) },
            { due: signedAt.getTime() + 75 * DAY, amount: Math.round(amount * 0.6) },
            { due: signedAt.getTime() + 180 * DAY, amount: amount - Math.round(amount * 0.3) - Math.round(amount * 0.6) },
          ];
    let allPaid = true;
    plan.forEach((step, i) => {
      const installmentId = uuid();
      const dueOn = dateOf(new Date(step.due));
      let received = 0;
      let settledOn: string | null = null;
      const isDue = step.due <= nowMs;
      const roll = rand();
      const payments: { at: number; amount: number }[] = [];
      if (isDue ? roll < 0.86 : roll < 0.12) payments.push({ at: Math.min(nowMs, step.due + int(-5, 20) * DAY), amount: step.amount });
      else if (isDue && roll < 0.9)
        payments.push({ at: Math.min(nowMs, step.due + int(0, 25) * DAY), amount: Math.round(step.amount * 0.4) });
      // Debts get chased: most installments more than a month past due have been collected late by
      // now, so the overdue list (and the receivables.overdue alerts, R-RSK-1) shows a believable
      // handful of old debts rather than one in seven of everything ever due.
      const pastDueDays = Math.floor((nowMs - step.due) / DAY);
      const paid = payments.reduce((sum, p) => sum + p.amount, 0);
      if (isDue && paid < step.amount && pastDueDays > 30) {
        const roll = chase();
        const delay = 25 + Math.floor(chase() * 30);
        if (roll < (pastDueDays > 90 ? 0.97 : 0.9))
          payments.push({ at: Math.min(nowMs, step.due + delay * DAY), amount: step.amount - paid });
      }
      for (const p of payments) {
        received += p.amount;
        out.receipts.push({
          id: uuid(),
          contractId,
          installmentId,
          customerId: customer.id,
          amountCents: p.amount,
          receivedOn: dateOf(new Date(p.at)),
          method: one(['bank_transfer', 'bank_transfer', 'bank_transfer', 'acceptance_bill', 'check', 'online'] as const),
          reference: `BANK${hex(10).toUpperCase()}`,
          idempotencyKey: `demo-${installmentId}-${out.receipts.length}`,
          recordedById: financeUser(out.receipts.length, customer.owner_id),
          createdAt: new Date(p.at),
        });
      }
      if (received === step.amount) settledOn = dateOf(new Date(payments[payments.length - 1]!.at));
      else allPaid = false;
      let invoiced = 0;
      if (isDue || received > 0) {
        invoiced = step.amount;
        const issued = new Date(Math.min(nowMs, step.due - 3 * DAY));
        out.invoices.push({
          id: uuid(),
          contractId,
          installmentId,
          number: next('invoice', 'FP', issued),
          issuedOn: dateOf(issued),
          amountCents: step.amount,
          createdById: financeUser(out.invoices.length, customer.owner_id),
          createdAt: issued,
        });
      }
      const overdueDays = isDue && received < step.amount ? Math.floor((todayStart - step.due) / DAY) : 0;
      const warnedDays = [90, 60, 30, 1].find((d) => overdueDays >= d) ?? 0;
      out.installments.push({
        id: installmentId,
        contractId,
        customerId: customer.id,
        ownerId: customer.owner_id,
        seq: i + 1,
        dueOn,
        amountCents: step.amount,
        receivedCents: received,
        invoicedCents: invoiced,
        settledOn,
        warnedDays,
        note: plan.length === 1 ? '全款' : ['预付款 30%', '到货款 60%', '验收尾款 10%'][i]!,
        createdAt: signedAt,
        updatedAt: signedAt,
      });
    });

    // the order and its delivery
    const orderId = uuid();
    const path = ['pending', 'in_production', 'shipped', 'delivered', 'accepted'] as const;
    const reached = ageDays > 45 ? 4 : ageDays > 25 ? 3 : ageDays > 12 ? 2 : ageDays > 5 ? 1 : 0;
    let at = signedAt.getTime() + DAY;
    out.orders.push({
      id: orderId,
      number: next('order', 'DD', new Date(at)),
      customerId: customer.id,
      contractId,
      ownerId: customer.owner_id,
      teamId: customer.team_id,
      status: path[reached],
      amountCents: amount,
      orderedAt: atMost(at),
      createdById: customer.owner_id,
      createdAt: atMost(at),
      updatedAt: atMost(at),
    });
    out.orderLines.push({
      id: uuid(),
      orderId,
      lineNo: 1,
      productId: line.product.id,
      quantity: line.quantity,
      unitPriceCents: line.unit,
      lineTotalCents: amount,
    });
    for (let s = 0; s <= reached; s++) {
      out.orderHistory.push({
        id: uuid(),
        orderId,
        fromStatus: s === 0 ? null : path[s - 1],
        toStatus: path[s],
        at: atMost(at),
        actorId: customer.owner_id,
      });
      at += int(2, 10) * DAY;
    }
    const status = reached === 4 && allPaid ? 'completed' : reached >= 2 ? 'executing' : 'signed';
    const title = `${customer.name} ${line.product.name}采购合同`;
    const body = mergeTemplate(DEMO_CONTRACT_TEMPLATE, {
      customer: { name: customer.name, address: customer.address, taxId: customer.tax_id },
      contract: { number, title, amountCents: amount, signedOn: dateOf(signedAt), startsOn: dateOf(signedAt), endsOn },
      owner: { name: customer.owner_name },
      seller,
      today: dateOf(signedAt),
    });
    out.contracts.push({
      id: contractId,
      number,
      title,
      customerId: customer.id,
      ownerId: customer.owner_id,
      teamId: customer.team_id,
      quoteId,
      opportunityId,
      templateId: template.id,
      body,
      amountCents: amount,
      lines: [{ productId: line.product.id, quantity: line.quantity, unitPriceCents: line.unit, lineTotalCents: amount }],
      status,
      signedOn: dateOf(signedAt),
      startsOn: dateOf(signedAt),
      endsOn,
      createdById: customer.owner_id,
      createdAt: quoteAt,
      updatedAt: signedAt,
    });
    out.repoint.push({ id: order.id, sid: `contract:${contractId}` });
    contractByCustomer.set(customer.id, Math.max(contractByCustomer.get(customer.id) ?? 0, amount));
  }

  // ------------------------------------------------------------------ direct orders (persons, small deals)
  for (const order of [...directOrders].reverse()) {
    const customer = customerById.get(order.customer_id)!;
    const at = new Date(Date.parse(order.ordered_at));
    const ageDays = Math.floor((nowMs - at.getTime()) / DAY);
    const line = linesFor(order.amount_cents, 'person');
    const orderId = uuid();
    const path = ['pending', 'shipped', 'delivered', 'accepted'] as const;
    const reached = ageDays > 20 ? 3 : ageDays > 7 ? 2 : ageDays > 2 ? 1 : 0;
    out.orders.push({
      id: orderId,
      number: next('order', 'DD', at),
      customerId: customer.id,
      contractId: null,
      ownerId: customer.owner_id,
      teamId: customer.team_id,
      status: path[reached],
      amountCents: order.amount_cents,
      orderedAt: at,
      createdById: customer.owner_id,
      createdAt: at,
      updatedAt: at,
    });
    out.orderLines.push({
      id: uuid(),
      orderId,
      lineNo: 1,
      productId: line.product.id,
      quantity: line.quantity,
      unitPriceCents: line.unit,
      lineTotalCents: order.amount_cents,
    });
    let t = at.getTime();
    for (let s = 0; s <= reached; s++) {
      out.orderHistory.push({
        id: uuid(),
        orderId,
        fromStatus: s === 0 ? null : path[s - 1],
        toStatus: path[s],
        at: atMost(t),
        actorId: customer.owner_id,
      });
      t += int(1, 6) * DAY;
    }
    out.repoint.push({ id: order.id, sid: `order:${orderId}` });
  }

  // ------------------------------------------------------------------ open and lost opportunities
  const prospects = customerRows.filter(
    (c) => c.status === 'lead' || c.status === 'intent' || c.status === 'signed' || c.status === 'repeat',
  );
  const wanted = Math.max(0, (options.opportunities ?? 3000) - out.opportunities.length);
  for (let k = 0; k < wanted && prospects.length; k++) {
    const customer = one(prospects);
    const lost = chance(0.3);
    const stageIndex = Math.floor(rand() * (lost ? 4 : 4.0));
    const stage: Stage = lost
      ? 'lost'
      : STAGES[Math.min(3, Math.floor(rand() * 10) < 3 ? 0 : Math.floor(rand() * 10) < 4 ? 1 : stageIndex)]!;
    const amountCents =
      (customer.kind === 'person' ? int(5, 300) * 100 : customer.tier === 'A' ? int(50, 1500) * 1000 : int(10, 300) * 1000) * 100;
    const line = linesFor(amountCents, customer.kind);
    const createdMs = nowMs - int(5, lost ? 330 : 180) * DAY;
    const id = uuid();
    const step = int(1, 90);
    // A lost deal closed `step` days after it began. Most open deals are being worked — they last moved
    // within the past two or three weeks — and about one in nine was left idle, so a first look shows
    // a handful of stalled opportunities (R-RSK-1), not most of the pipeline.
    const lastAt =
      lost || step > 80
        ? Math.min(nowMs, createdMs + step * DAY)
        : Math.min(nowMs, Math.max(createdMs + DAY, nowMs - Math.round(step * 0.2) * DAY));
    const path: Stage[] = lost ? [...STAGES.slice(0, stageIndex + 1), 'lost'] : STAGES.slice(0, STAGES.indexOf(stage) + 1);
    const expected = lost ? dateOf(new Date(lastAt)) : dateOf(new Date(todayStart + int(-20, 180) * DAY));
    out.opportunities.push({
      id,
      name: `${customer.name} · ${line.product.name}${customer.kind === 'person' ? '' : '项目'}`,
      customerId: customer.id,
      ownerId: customer.owner_id,
      teamId: customer.team_id,
      stage,
      rank: k,
      amountCents,
      probability: PROBABILITY[stage],
      expectedCloseOn: stage === 'lead' && chance(0.5) ? null : expected,
      competitors: chance(0.35) ? [one(['用友', '金蝶', '鼎捷', '浪潮', '本地服务商'])] : [],
      nextStep: lost ? null : one(['安排技术交流', '提交方案', '约客户高层拜访', '报价并确认预算', '推动合同审批', '邀请参加会销活动']),
      source: one(['referral', 'conference', 'website', 'existing_customer', 'exhibition', 'cold_call'] as const),
      lostReason: lost ? one(DEMO_LOST_REASONS) : null,
      lostNote: lost && chance(0.5) ? one(['客户选择了价格更低的方案', '预算被砍，项目暂停', '决策人调岗', '需求转为自研']) : null,
      stageChangedAt: new Date(lastAt),
      closedAt: lost ? new Date(lastAt) : null,
      createdById: customer.owner_id,
      createdAt: new Date(createdMs),
      updatedAt: new Date(lastAt),
    });
    if (stage !== 'lead')
      out.opportunityProducts.push({ opportunityId: id, productId: line.product.id, quantity: line.quantity, amountCents });
    history(id, path, createdMs, lastAt, customer.owner_id);
    if (stage === 'negotiation' || (stage === 'solution' && chance(0.5))) {
      quoteFor({
        customer,
        opportunityId: id,
        at: new Date(lastAt - int(0, 5) * DAY),
        status: stage === 'negotiation' ? one(['sent', 'approved'] as const) : 'draft',
        line,
      });
    }
  }

  // ------------------------------------------------------------------ write
  await insertRows(db, opportunities, out.opportunities);
  await insertRows(db, opportunityProducts, out.opportunityProducts);
  await insertRows(db, opportunityStageHistory, out.stageHistory);
  await insertRows(db, quotes, out.quotes);
  await insertRows(db, quoteLines, out.quoteLines);
  await insertRows(db, quoteRevisions, out.quoteRevisions);
  await insertRows(db, contracts, out.contracts);
  await insertRows(db, paymentInstallments, out.installments);
  await insertRows(db, receipts, out.receipts);
  await insertRows(db, invoices, out.invoices);
  await insertRows(db, orders, out.orders);
  await insertRows(db, orderLines, out.orderLines);
  await insertRows(db, orderStatusHistory, out.orderHistory);
  // The sales now exist as contracts and direct orders: their RFM rows point at them (one row per sale, never two).
  for (let start = 0; start < out.repoint.length; start += 5000) {
    await db.execute(sql`
      update customer_orders o set source = 'pipeline', source_id = m.sid
        from json_to_recordset(${JSON.stringify(out.repoint.slice(start, start + 5000))}::json) as m(id uuid, sid text)
       where o.id = m.id`);
  }
  // Credit limits: 1.5 × the largest contract, rounded up to 10,000 yuan; every 20th customer is set
  // below what it owes, so the credit block (R-AR-2) can be seen.
  const limits = [...contractByCustomer].map(([id, max], i) => ({
    id,
    limit: i % 20 === 7 ? 1_000_000 : Math.ceil((max * 1.5) / 1_000_000) * 1_000_000,
  }));
  await db.execute(sql`
    update customers c set credit_limit_cents = m.limit
      from json_to_recordset(${JSON.stringify(limits)}::json) as m(id uuid, "limit" bigint)
     where c.id = m.id`);
  const counterRows = [...counters].map(([key, lastValue]) => ({ key, lastValue }));
  if (counterRows.length) {
    await db.execute(sql`
      insert into document_counters (key, last_value)
      select key, last_value from json_to_recordset(${JSON.stringify(counterRows.map((r) => ({ key: r.key, last_value: r.lastValue })))}::json) as m(key text, last_value int)
      on conflict (key) do update set last_value = greatest(document_counters.last_value, excluded.last_value)`);
  }
  return {
    products: productRows.length,
    opportunities: out.opportunities.length,
    quotes: out.quotes.length,
    contracts: out.contracts.length,
    installments: out.installments.length,
    receipts: out.receipts.length,
    orders: out.orders.length,
    ms: Date.now() - started,
  };
}
