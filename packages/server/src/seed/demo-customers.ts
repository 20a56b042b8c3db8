import { Faker, zh_CN, base } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import {
  INTERACTION_TYPES,
  type CustomerKind,
  type CustomerSettings,
  type CustomerStatus,
  type InteractionType,
  type Role,
  type Tier,
} from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { getSettings } from '../platform/settings/settings.js';
import { startOfDayIn } from '../platform/time.js';
import {
  customerContacts,
  customerOrders,
  customers,
  customerStatusHistory,
  followUpTasks,
  interactions,
  pointsLedger,
} from '../modules/customers/customers.schema.js';
import { cadenceDueAt } from '../modules/customers/contact-cadence.js';
import { duplicateKeys } from '../modules/customers/normalize.js';
import { recomputeRfm } from '../modules/customers/rfm.js';
import { getCustomerSettings } from '../modules/customers/customers.settings.js';
import { insertRows } from './bulk-insert.js';

/**
 * Demo customers on top of the demo company: the same for the same seed and `now` (dates are
 * relative to `now`). Owners are the reps, key-account managers (A-tier, large buyers) and channel
 * managers; ~8 % sit in the pool. Interactions over the past 12 months put every owned customer
 * either inside its R-CUS-1 cadence or (~15 %) overdue — but never so long that the nightly pool
 * return (R-CUS-3) would take it. Customers with orders are signed/repeat; RFM is computed at the end.
 */
export const DEMO_CUSTOMER_COUNT = 2000;
export const DEMO_CUSTOMER_SEED = 20261124;

export interface DemoCustomersOptions {
  count?: number;
  seed?: number;
  now?: Date;
}

export interface DemoCustomersResult {
  customers: number;
  contacts: number;
  interactions: number;
  tasks: number;
  orders: number;
  pointsEntries: number;
  statusChanges: number;
  ms: number;
}

type CustomerRow = typeof customers.$inferInsert;
type ContactRow = typeof customerContacts.$inferInsert;
type InteractionRow = typeof interactions.$inferInsert & { id: string; occurredAt: Date };
type TaskRow = typeof followUpTasks.$inferInsert;
type OrderRow = typeof customerOrders.$inferInsert & { id: string; orderedAt: Date; amountCents: number };
type PointsRow = typeof pointsLedger.$inferInsert;
type HistoryRow = typeof customerStatusHistory.$inferInsert;
type DecisionRole = NonNullable<ContactRow['decisionRole']>;
type Weighted<T> = readonly (readonly [T, number])[];

const DAY = 86_400_000;
const MINUTE = 60_000;

// ------------------------------------------------------------------ vocabulary

interface City {
  name: string;
  province: string | null;
  districts: string[];
  /** Administrative division code prefix for tax ids (统一社会信用代码 positions 3–8). */
  area: string;
}

export const CITIES: Record<string, City> = {
  上海: { name: '上海', province: null, districts: ['浦东新区', '徐汇区', '闵行区', '静安区', '长宁区', '杨浦区', '嘉定区'], area: '3101' },
  杭州: { name: '杭州', province: '浙江省', districts: ['西湖区', '滨江区', '余杭区', '拱墅区', '萧山区'], area: '3301' },
  宁波: { name: '宁波', province: '浙江省', districts: ['鄞州区', '海曙区', '北仑区'], area: '3302' },
  苏州: { name: '苏州', province: '江苏省', districts: ['工业园区', '吴中区', '相城区', '姑苏区'], area: '3205' },
  南京: { name: '南京', province: '江苏省', districts: ['鼓楼区', '建邺区', '江宁区', '玄武区'], area: '3201' },
  深圳: { name: '深圳', province: '广东省', districts: ['南山区', '福田区', '宝安区', '龙岗区', '龙华区'], area: '4403' },
  东莞: { name: '东莞', province: '广东省', districts: ['松山湖', '长安镇', '虎门镇'], area: '4419' },
  广州: { name: '广州', province: '广东省', districts: ['天河区', '海珠区', '番禺区', '黄埔区', '白云区'], area: '4401' },
  佛山: { name: '佛山', province: '广东省', districts: ['南海区', '顺德区', '禅城区'], area: '4406' },
  厦门: { name: '厦门', province: '福建省', districts: ['思明区', '湖里区', '集美区'], area: '3502' },
  北京: { name: '北京', province: null, districts: ['海淀区', '朝阳区', '东城区', '丰台区', '大兴区', '昌平区'], area: '1101' },
  天津: { name: '天津', province: null, districts: ['滨海新区', '和平区', '南开区', '河西区'], area: '1201' },
  石家庄: { name: '石家庄', province: '河北省', districts: ['长安区', '裕华区'], area: '1301' },
};

/** Where an owner's customers are, by the name of the owner's unit (demo company); others anywhere. */
const CITIES_BY_UNIT: Record<string, string[]> = {
  上海一组: ['上海', '上海', '苏州'],
  杭州组: ['杭州', '杭州', '宁波'],
  深圳组: ['深圳', '深圳', '东莞'],
  广州组: ['广州', '广州', '佛山'],
  北京组: ['北京', '北京', '石家庄'],
  天津组: ['天津', '天津', '北京'],
  华东大区: ['上海', '杭州', '苏州', '南京', '宁波'],
  华南大区: ['深圳', '广州', '厦门', '东莞'],
  华北大区: ['北京', '天津', '石家庄'],
};

export const STREETS = [
  '人民路',
  '建设路',
  '中山路',
  '解放路',
  '科技路',
  '创新大道',
  '学院路',
  '长江路',
  '东方路',
  '金融街',
  '高新大道',
  '滨江大道',
  '软件园路',
  '工业大道',
];
export const BRAND_CHARS = [...'华信达泰恒瑞德盛康鑫源博宏金联创新嘉远凯天中安明正汇通海卓润亿威丰'];
const HEX = '0123456789abcdef';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** sfc32: a small, fast, seedable PRNG — the same numbers for the same seed, on every platform. */
export function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let k = 0; k < 15; k++) next();
  return next;
}

export const INDUSTRIES: Weighted<{ industry: string; words: string[] }> = [
  [{ industry: '信息技术', words: ['科技', '信息技术', '软件', '网络科技', '数据科技', '智能科技'] }, 20],
  [{ industry: '制造业', words: ['机械', '精密制造', '智能装备', '工业', '自动化设备'] }, 18],
  [{ industry: '电子电器', words: ['电子', '电器', '光电科技', '半导体'] }, 8],
  [{ industry: '零售', words: ['商贸', '百货', '连锁超市', '电子商务'] }, 10],
  [{ industry: '医疗健康', words: ['医疗器械', '生物科技', '医药', '健康科技'] }, 8],
  [{ industry: '物流运输', words: ['物流', '供应链管理', '货运代理'] }, 7],
  [{ industry: '建筑工程', words: ['建设工程', '建筑装饰', '工程咨询'] }, 7],
  [{ industry: '能源化工', words: ['新能源', '化工', '环保科技'] }, 6],
  [{ industry: '汽车及零部件', words: ['汽车零部件', '汽车销售服务', '汽配'] }, 6],
  [{ industry: '食品饮料', words: ['食品', '饮品', '餐饮管理'] }, 6],
  [{ industry: '金融服务', words: ['投资管理', '融资租赁', '保险代理'] }, 5],
  [{ industry: '教育培训', words: ['教育科技', '培训', '文化传播'] }, 4],
];

export const ORG_NEEDS = [
  '希望统一管理全国门店的销售数据',
  '需要替换使用多年的老旧 ERP 系统',
  '计划年内采购一批生产设备',
  '需要提升客服中心的响应效率',
  '新厂区投产，需要配套的信息化系统',
  '采购办公设备及年度维保服务',
  '希望打通线上线下订单与库存',
  '需要数据分析平台支持经营决策',
  '集团推进数字化转型，寻找长期合作伙伴',
  '现有供应商合同年底到期，重新招标',
];
export const ORG_PAINS = [
  '现有系统数据分散，报表靠手工汇总',
  '供应商交付周期长，影响生产排期',
  '售后响应慢，设备停机损失大',
  '价格敏感，预算审批流程严格',
  '内部 IT 人员不足，缺少实施能力',
  '多部门协作效率低，信息传递靠微信群',
  '上一家供应商服务不到位，信任度低',
  '历史数据质量差，迁移难度大',
];
const PERSON_NEEDS = [
  '为家庭选购高品质产品，看重售后服务',
  '关注理财与资产配置方面的活动',
  '希望参加行业沙龙，拓展人脉',
  '需要个性化定制服务',
  '为孩子选购教育类产品',
  '经常出差，希望有专属顾问对接',
];
const PERSON_PAINS = [
  '时间紧张，沟通要简短高效',
  '对价格比较敏感',
  '之前购买的产品售后体验不好',
  '信息太多，难以比较选择',
  '担心个人信息泄露',
];
const ORG_TAGS: Weighted<string> = [
  ['老客户', 8],
  ['价格敏感', 8],
  ['决策周期长', 7],
  ['有预算', 7],
  ['竞品在用', 6],
  ['招投标', 5],
  ['年度框架', 4],
  ['转介绍', 5],
  ['展会获客', 5],
  ['上市公司', 3],
  ['国企', 4],
  ['外资', 3],
  ['集团客户', 3],
  ['待激活', 4],
];
const PERSON_TAGS: Weighted<string> = [
  ['高净值', 3],
  ['会员', 6],
  ['活动参与', 6],
  ['转介绍', 4],
  ['价格敏感', 5],
  ['老客户', 5],
  ['潜在大客户', 2],
];
const INTERESTS = [
  '高尔夫',
  '茶道',
  '摄影',
  '马拉松',
  '读书',
  '旅行',
  '红酒',
  '书法',
  '亲子教育',
  '理财',
  '户外徒步',
  '美食',
  '瑜伽',
  '钓鱼',
];
const OCCUPATIONS = [
  '企业主',
  '医生',
  '律师',
  '教师',
  '财务总监',
  '工程师',
  '设计师',
  '自由职业',
  '公务员',
  '投资人',
  '高校教授',
  '销售总监',
];
const SOURCES: Weighted<CustomerRow['source'] & string> = [
  ['referral', 15],
  ['conference', 10],
  ['website', 15],
  ['cold_call', 15],
  ['exhibition', 12],
  ['channel_partner', 6],
  ['advertising', 8],
  ['import', 10],
  ['other', 7],
];
const TITLES: Weighted<readonly [string, DecisionRole]> = [
  [['总经理', 'decision_maker'], 8],
  [['董事长', 'decision_maker'], 2],
  [['副总经理', 'decision_maker'], 4],
  [['采购经理', 'influencer'], 10],
  [['采购专员', 'gatekeeper'], 6],
  [['技术总监', 'influencer'], 7],
  [['IT经理', 'influencer'], 5],
  [['财务总监', 'influencer'], 4],
  [['行政主管', 'gatekeeper'], 4],
  [['项目经理', 'user'], 6],
  [['工程师', 'user'], 5],
  [['运营主管', 'user'], 4],
];
export const PRODUCTS = ['企业版软件', '年度技术服务', '数据分析平台', '硬件设备', '定制开发服务', '培训服务', '云服务套餐', '维保续约'];
const FOCUS = ['价格和付款方式', '实施周期', '售后响应时间', '与现有系统的集成', '数据安全', '交付周期', '同行业案例'];
export const RESPONSES = [
  '需要内部讨论后答复',
  '基本认可，等领导审批',
  '希望价格再优惠一些',
  '下周安排技术评估',
  '预算要到下季度',
  '已提交采购流程',
  '对方案很感兴趣',
];
const DOCS = ['产品手册', '报价单', '解决方案 PPT', '合同草稿', '成功案例', '技术白皮书', '演示视频'];
const NEXT_STEPS = [
  '发送正式报价',
  '安排技术交流会',
  '跟进合同审批进度',
  '邀请参加新品发布会',
  '提供试用账号',
  '上门演示',
  '确认付款条件',
  '回访使用情况',
  '沟通续约方案',
];
const TASK_TITLES = [
  '回访客户，确认报价反馈',
  '发送产品方案及报价单',
  '安排技术交流会',
  '跟进合同签订进度',
  '跟进回款进度',
  '邀请参加新品发布会',
  '确认样品测试结果',
  '节日问候',
  '沟通续约方案',
  '上门拜访，了解新需求',
];
export const OUTCOMES: Record<InteractionType, string[]> = {
  visit: [
    '拜访顺利，客户认可方案',
    '客户提出价格异议',
    '确认了采购需求和预算',
    '决策人出差，未见到',
    '现场演示效果好，客户有意向',
    '了解到竞品也在跟进',
  ],
  call: ['电话沟通顺畅', '客户在忙，约好改天再聊', '确认了报价细节', '客户表示预算已批', '未接通，已发短信留言'],
  sms: ['已发送', '客户已回复确认'],
  email: ['已发送，客户已读', '客户回复了补充需求', '已发送，暂无回复'],
  wechat: ['客户已回复', '客户点赞，暂无进一步反馈', '约好了下次见面时间', '客户转发给了同事'],
  meeting: ['会议达成初步共识', '确认了实施范围', '客户要求补充材料', '会上明确了决策流程'],
};
export const POOL_REASONS = [
  '客户暂无采购计划，主动释放',
  '销售人员岗位调整，客户回收',
  '多次跟进无进展，释放给其他同事',
  '客户联系方式失效',
  '超期未跟进，按规则退回公海（R-CUS-3）',
];
const REDEMPTIONS = ['兑换礼品：定制保温杯', '兑换：年度客户答谢会门票', '积分抵扣货款', '兑换：延保服务一年', '兑换礼品：茶叶礼盒'];

// ------------------------------------------------------------------ tax ids (GB 32100-2015)

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CODE_CHARS = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

/** A syntactically valid 18-character unified social credit code, both check characters correct. */
export function unifiedSocialCreditCode(area6: string, orgBody8: string): string {
  const value = (c: string) => (c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55);
  const orgCheck = 11 - (ORG_CODE_WEIGHTS.reduce((sum, w, i) => sum + w * value(orgBody8[i]!), 0) % 11);
  const orgCode = orgBody8 + (orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : String(orgCheck));
  const body = `91${area6}${orgCode}`;
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_CHARS.indexOf(body[i]!), 0);
  return body + USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** `采购经理、技术总监评估 → 总经理拍板` from the contacts' titles and decision roles. */
function decisionChain(chain: { title: string; role: DecisionRole }[]): string {
  const deciders = chain.filter((c) => c.role === 'decision_maker').map((c) => c.title);
  const others = chain.filter((c) => c.role !== 'decision_maker').map((c) => c.title);
  if (!others.length) return `${deciders.join('、')}共同决策`;
  return deciders.length ? `${others.join('、')}评估 → ${deciders.join('、')}拍板` : `${others.join('、')}评估，决策人待确认`;
}

// ------------------------------------------------------------------ generator

interface Owner {
  id: string;
  username: string;
  roles: Role[];
  orgUnitId: string | null;
  unitName: string | null;
}

/** Seeds the demo customers and everything hanging off them, then scores RFM. Use inside the seeding transaction. */
export async function seedDemoCustomers(
  db: Executor,
  userIdsByUsername: Map<string, string>,
  options: DemoCustomersOptions = {},
): Promise<DemoCustomersResult> {
  const started = Date.now();
  const count = options.count ?? DEMO_CUSTOMER_COUNT;
  const now = options.now ?? new Date();
  const [settings, { timeZone }] = await Promise.all([getCustomerSettings(db, { fresh: true }), getSettings(db, { fresh: true })]);

  const found = await db.execute<{ id: string; username: string; roles: Role[]; org_unit_id: string | null; unit_name: string | null }>(
    sql`select u.id, u.username, u.roles, u.org_unit_id, o.name as unit_name from users u left join org_units o on o.id = u.org_unit_id`,
  );
  const byId = new Map(found.rows.map((r) => [r.id, r]));
  // Map order (the demo company's order), not the database's, keeps the output deterministic.
  const people: Owner[] = [...userIdsByUsername.values()].flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id, username: r.username, roles: r.roles, orgUnitId: r.org_unit_id, unitName: r.unit_name }] : [];
  });
  const reps = people.filter((u) => u.roles.includes('rep'));
  const keyAccounts = people.filter((u) => u.roles.includes('key_account'));
  const channels = people.filter((u) => u.roles.includes('channel'));
  if (!reps.length) throw new Error('seedDemoCustomers: the demo company has no reps');

  const data = generate({ count, seed: options.seed ?? DEMO_CUSTOMER_SEED, now, settings, timeZone, reps, keyAccounts, channels });

  await insertRows(db, customers, data.customers);
  await insertRows(db, customerContacts, data.contacts);
  await insertRows(db, interactions, data.interactions);
  await insertRows(db, followUpTasks, data.tasks);
  await insertRows(db, customerOrders, data.orders);
  await insertRows(db, pointsLedger, data.points);
  await insertRows(db, customerStatusHistory, data.history);
  await recomputeRfm(db, now, settings);
  return {
    customers: data.customers.length,
    contacts: data.contacts.length,
    interactions: data.interactions.length,
    tasks: data.tasks.length,
    orders: data.orders.length,
    pointsEntries: data.points.length,
    statusChanges: data.history.length,
    ms: Date.now() - started,
  };
}

interface GenerateInput {
  count: number;
  seed: number;
  now: Date;
  settings: CustomerSettings;
  timeZone: string;
  reps: Owner[];
  keyAccounts: Owner[];
  channels: Owner[];
}

/** The rows, in memory, without touching the database. */
export function generate(input: GenerateInput) {
  const { count, now, settings, timeZone, reps, keyAccounts, channels } = input;
  // faker (seeded) for names; a seeded sfc32 for the many numeric draws — faker's per-call cost
  // (and garbage) made generation several times slower.
  const faker = new Faker({ locale: [zh_CN, base] });
  faker.seed(input.seed);
  const rand = sfc32(input.seed);
  const int = (min: number, max: number) => (max <= min ? min : min + Math.floor(rand() * (max - min + 1)));
  const chance = (p: number) => rand() < p;
  const one = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const pick = <T>(items: Weighted<T>): T => {
    let r = rand() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of items) if ((r -= w) < 0) return value;
    return items[items.length - 1]![0];
  };
  const some = <T>(items: Weighted<T>, n: number): T[] => {
    const chosen = new Set<T>();
    for (let i = 0; i < n * 3 && chosen.size < n; i++) chosen.add(pick(items));
    return [...chosen];
  };
  const hex = (n: number) => {
    let text = '';
    for (let k = 0; k < n; k++) text += HEX[Math.floor(rand() * 16)];
    return text;
  };
  /** A version-4 UUID from the seeded generator (deterministic ids). */
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${HEX[8 + Math.floor(rand() * 4)]}${hex(3)}-${hex(12)}`;
  const alnum = (n: number) => {
    let text = '';
    for (let k = 0; k < n; k++) text += ALNUM[Math.floor(rand() * ALNUM.length)];
    return text;
  };

  const nowMs = now.getTime();
  const todayStart = startOfDayIn(now, timeZone).getTime();
  const endOfToday = todayStart + DAY;
  /** An instant in working hours `daysAgo` calendar days before today (company time), never after now. */
  const at = (daysAgo: number, minuteOfDay = int(9 * 60, 18 * 60 + 30)) => {
    const ms = todayStart - daysAgo * DAY + minuteOfDay * MINUTE;
    return new Date(daysAgo > 0 || ms < nowMs ? ms : nowMs - int(5, 90) * MINUTE);
  };
  /** An instant `daysAhead` calendar days after today (company time). */
  const ahead = (daysAhead: number, minuteOfDay: number) => new Date(todayStart + daysAhead * DAY + minuteOfDay * MINUTE);
  const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
  const atMost = (d: Date) => (d.getTime() > nowMs ? new Date(nowMs) : d);

  const takenPhones = new Set<string>();
  const mobile = () => {
    for (;;) {
      const phone = `1${int(3, 9)}${String(int(0, 999_999_999)).padStart(9, '0')}`;
      if (!takenPhones.has(phone)) {
        takenPhones.add(phone);
        return phone;
      }
    }
  };
  const takenNames = new Set<string>();
  const person = (sex?: 'male' | 'female') => {
    const last = faker.person.lastName();
    return { last, full: `${last}${faker.person.firstName(sex)}` };
  };
  const mail = () => `${alnum(int(6, 10))}@${one(['163.com', 'qq.com', '126.com', 'sina.com', 'foxmail.com'])}`;

  const out = {
    customers: [] as CustomerRow[],
    contacts: [] as ContactRow[],
    interactions: [] as InteractionRow[],
    tasks: [] as TaskRow[],
    orders: [] as OrderRow[],
    points: [] as PointsRow[],
    history: [] as HistoryRow[],
  };
  const repLoad = new Map<string, number>();
  const openTasks = new Set<string>();
  const byOwner = new Map<string, { customerId: string; name: string; interactions: InteractionRow[] }[]>();
  let orderNo = 0;

  const addTask = (t: { customerId: string; ownerId: string; title: string; dueAt: Date; done: boolean; interactionId: string | null }) => {
    const remindAt = new Date(t.dueAt.getTime() - 60 * MINUTE);
    const doneAt = t.done ? atMost(new Date(t.dueAt.getTime() + int(-180, 600) * MINUTE)) : null;
    const createdAt = new Date(Math.min(t.dueAt.getTime() - int(1, 7) * DAY, nowMs - int(1, 48) * 60 * MINUTE));
    out.tasks.push({
      id: uuid(),
      customerId: t.customerId,
      ownerId: t.ownerId,
      title: t.title,
      dueAt: t.dueAt,
      remindAt,
      // Past reminders count as sent: the reminder job must not fire hundreds on first start.
      remindedAt: remindAt.getTime() <= nowMs ? remindAt : null,
      doneAt,
      interactionId: t.interactionId,
      createdAt,
      updatedAt: doneAt ?? createdAt,
      version: 1,
    });
    if (!t.done) openTasks.add(t.customerId);
  };

  for (let i = 0; i < count; i++) {
    // ---------------------------------------------------------- who and what
    const u = rand();
    const inPool = u < 0.08;
    let owner: Owner | null = null;
    let role: 'rep' | 'key_account' | 'channel' | 'pool' = 'pool';
    if (!inPool) {
      if (u < 0.12 && keyAccounts.length) [owner, role] = [one(keyAccounts), 'key_account'];
      else if (u < 0.15 && channels.length) [owner, role] = [one(channels), 'channel'];
      else {
        // least-loaded of two random reps: an even spread that is still random
        const a = one(reps);
        const b = one(reps);
        owner = (repLoad.get(a.id) ?? 0) <= (repLoad.get(b.id) ?? 0) ? a : b;
        repLoad.set(owner.id, (repLoad.get(owner.id) ?? 0) + 1);
        role = 'rep';
      }
    }
    const formerOwner = owner ?? one(reps);
    const tier: Tier =
      role === 'key_account'
        ? pick([
            ['A', 80],
            ['B', 20],
          ])
        : role === 'channel'
          ? pick([
              ['A', 5],
              ['B', 35],
              ['C', 60],
            ])
          : role === 'pool'
            ? pick([
                ['A', 3],
                ['B', 25],
                ['C', 72],
              ])
            : pick([
                ['A', 7.5],
                ['B', 31],
                ['C', 61.5],
              ]);
    const kind: CustomerKind = chance(tier === 'A' ? 0.95 : tier === 'B' ? 0.75 : 0.55) ? 'organization' : 'person';
    const cityNames = (owner?.unitName && CITIES_BY_UNIT[owner.unitName]) || Object.keys(CITIES);
    const city = CITIES[one(cityNames)]!;
    const { industry, words } = pick(INDUSTRIES);

    let name: string;
    let surname = '';
    let gender: 'male' | 'female' | null = null;
    for (;;) {
      if (kind === 'organization') {
        const brand = (() => {
          const a = one(BRAND_CHARS);
          let b = one(BRAND_CHARS);
          while (b === a) b = one(BRAND_CHARS);
          return a + b;
        })();
        const legal = pick<string>(
          tier === 'A'
            ? [
                ['股份有限公司', 35],
                ['集团有限公司', 25],
                ['有限公司', 40],
              ]
            : [
                ['有限公司', 75],
                ['有限责任公司', 12],
                ['股份有限公司', 13],
              ],
        );
        name = chance(0.1) ? `${brand}${one(words)}（${city.name}）${legal}` : `${city.name}${brand}${one(words)}${legal}`;
      } else {
        gender = chance(0.5) ? 'male' : 'female';
        ({ full: name, last: surname } = person(gender));
      }
      if (!takenNames.has(name)) break;
    }
    takenNames.add(name);

    // ---------------------------------------------------------- orders → lifecycle
    const hasOrders = !inPool && chance(tier === 'A' ? 0.85 : tier === 'B' ? 0.55 : 0.25);
    const orderDays: number[] = [];
    if (hasOrders) {
      const n = kind === 'person' ? int(1, 5) : tier === 'A' ? int(3, 18) : tier === 'B' ? int(1, 8) : int(1, 4);
      const lapsed = chance(0.12); // bought only more than a year ago → RFM dormant
      const last = lapsed ? int(370, 480) : int(1, 200);
      orderDays.push(last);
      for (let k = 1; k < n; k++) orderDays.push(int(last, 540));
      orderDays.sort((a, b) => b - a); // oldest first
    }
    let status: CustomerStatus;
    if (hasOrders) status = orderDays.length > 1 ? 'repeat' : 'signed';
    else if (inPool)
      status = pick([
        ['lead', 40],
        ['lost', 35],
        ['dormant', 25],
      ]);
    else
      status = pick([
        ['lead', 35],
        ['intent', 40],
        ['lost', 10],
        ['dormant', 15],
      ]);

    let createdDays = hasOrders ? Math.min(orderDays[0]! + int(7, 120), 900) : 1 + Math.round(539 * rand() ** 1.3);

    // ---------------------------------------------------------- cadence plan (R-CUS-1, within R-CUS-3)
    const rule = settings.cadence[tier];
    const qualifying = rule.types;
    const other = INTERACTION_TYPES.filter((t) => !qualifying.includes(t));
    const returnDays = settings.poolReturnDays[tier];
    let lastQualifyingDays: number | null = null;
    let pooledDays: number | null = null;
    // Issue 16: a draw of "today" is moved to another day of the cadence for seven customers in eight,
    // so the demo's last contacts spread as real work does; the generator's draws stay the same (every
    // other figure of the seed is unchanged), and contacts after a moved one are left out as before.
    let movedFromToday = false;
    const overdue = !inPool && chance(0.15);
    if (inPool) {
      createdDays = Math.max(createdDays, int(60, 700));
      pooledDays = int(1, Math.min(createdDays - 30, 240));
    } else if (overdue) {
      // overdue by at least a day, but returned to the pool only after `returnDays` without contact
      lastQualifyingDays = int(rule.days + 1, returnDays - 1);
      if (createdDays <= lastQualifyingDays) createdDays = lastQualifyingDays + int(1, 90);
    } else if (!hasOrders && createdDays <= rule.days - 1 && chance(0.35)) {
      lastQualifyingDays = null; // a new customer nobody has contacted yet: counts from its assignment
    } else {
      const maxDays = Math.min(rule.days - 1, createdDays);
      lastQualifyingDays = int(0, maxDays);
      if (lastQualifyingDays === 0 && maxDays >= 1 && i % 8 !== 0) {
        lastQualifyingDays = 1 + (i % maxDays);
        movedFromToday = true;
      }
    }
    const createdAt = at(createdDays);

    // ---------------------------------------------------------- contacts
    const customerId = uuid();
    const contactIds: string[] = [];
    const contactTitles: string[] = [];
    const chain: { title: string; role: DecisionRole }[] = [];
    let phone: string | null = kind === 'person' || chance(0.1) ? mobile() : null;
    let email: string | null = chance(0.5) ? mail() : null;
    if (kind === 'organization') {
      const n = tier === 'A' ? int(2, 4) : tier === 'B' ? int(1, 3) : int(1, 2);
      const titles = some(TITLES, n);
      titles.forEach(([title, decisionRole], k) => {
        const contact: ContactRow = {
          id: uuid(),
          customerId,
          name: person().full,
          title,
          decisionRole,
          phone: mobile(),
          email: chance(0.6) ? mail() : null,
          wechat: chance(0.5) ? `wxid_${alnum(10)}` : null,
          isPrimary: k === 0,
          createdAt: new Date(createdAt.getTime() + k * MINUTE),
          updatedAt: new Date(createdAt.getTime() + k * MINUTE),
          version: 1,
        };
        out.contacts.push(contact);
        contactIds.push(contact.id!);
        contactTitles.push(`${title}${contact.name}`);
        chain.push({ title, role: decisionRole });
        if (k === 0) {
          phone ??= contact.phone!;
          email ??= contact.email ?? null;
        }
      });
    }

    // ---------------------------------------------------------- interactions
    const author = owner ?? formerOwner;
    const list: InteractionRow[] = [];
    const typeMix: Weighted<InteractionType> =
      tier === 'A'
        ? [
            ['visit', 35],
            ['meeting', 15],
            ['call', 25],
            ['wechat', 20],
            ['email', 5],
          ]
        : tier === 'B'
          ? [
              ['call', 40],
              ['visit', 15],
              ['wechat', 25],
              ['email', 10],
              ['meeting', 5],
              ['sms', 5],
            ]
          : [
              ['wechat', 35],
              ['call', 30],
              ['email', 10],
              ['sms', 10],
              ['visit', 10],
              ['meeting', 5],
            ];
    const qualifyingMix = typeMix.filter(([t]) => qualifying.includes(t));
    const otherMix = typeMix.filter(([t]) => other.includes(t));
    const noteFor = (type: InteractionType, who: string, product: string): string => {
      switch (type) {
        case 'visit':
          return one([
            `上门拜访${who}，介绍了${product}，客户比较关注${one(FOCUS)}。`,
            `到客户现场调研，现有方案的问题：${one(ORG_PAINS)}。${who}${one(RESPONSES)}。`,
            `陪同技术同事拜访${who}，讨论${product}的实施方案，客户${one(RESPONSES)}。`,
          ]);
        case 'call':
          return one([
            `电话联系${who}，沟通${product}的报价，客户${one(RESPONSES)}。`,
            `电话回访${who}，了解${product}的使用情况，反馈良好。`,
            `与${who}电话确认${one(FOCUS)}，${one(RESPONSES)}。`,
          ]);
        case 'sms':
          return `短信提醒${who}：${one(['下周的产品演示会', '合同盖章回寄', '发票已开具', '节日问候'])}。`;
        case 'email':
          return `邮件发送${one(DOCS)}给${who}，抄送采购部。`;
        case 'wechat':
          return one([
            `微信发送了${one(DOCS)}，${who}${one(RESPONSES)}。`,
            `微信问候${who}，顺带了解了近期的采购计划。`,
            `${who}微信咨询${product}的交付周期，已答复。`,
          ]);
        case 'meeting':
          return `组织线上会议，${who}及团队参加，演示了${product}，会上确认了${one(FOCUS)}。`;
      }
    };
    const interaction = (daysAgo: number, type: InteractionType) => {
      const occurredAt = at(daysAgo);
      const who = contactTitles.length
        ? one(contactTitles)
        : kind === 'person'
          ? `${surname}${gender === 'male' ? '先生' : '女士'}`
          : '客户';
      const product = one(PRODUCTS);
      const notes = noteFor(type, who, product);
      const row: InteractionRow = {
        id: uuid(),
        customerId,
        contactId: contactIds.length && chance(0.8) ? one(contactIds) : null,
        type,
        occurredAt,
        outcome: one(OUTCOMES[type]),
        notes,
        nextStep: null,
        nextFollowUpAt: null,
        authorId: author.id,
        archivedAt: null,
        createdAt: atMost(new Date(occurredAt.getTime() + int(2, 240) * MINUTE)),
      };
      list.push(row);
      return row;
    };
    const historyFrom = Math.min(createdDays, 365);
    const historyTo = inPool ? pooledDays! + 1 : lastQualifyingDays === null ? historyFrom + 1 : lastQualifyingDays + 1;
    const historyCount = Math.round(
      (tier === 'A' ? int(6, 18) : tier === 'B' ? int(3, 10) : int(1, 5)) * (status === 'lost' || status === 'dormant' || inPool ? 0.5 : 1),
    );
    if (historyTo <= historyFrom) for (let k = 0; k < historyCount; k++) interaction(int(historyTo, historyFrom), pick(typeMix));
    if (lastQualifyingDays !== null) {
      interaction(lastQualifyingDays, pick(qualifyingMix));
      // contacts of a type that does not count for the tier may come later (a WeChat after the last visit)
      if (otherMix.length && lastQualifyingDays > 0 && !movedFromToday)
        for (let k = int(0, 2); k > 0; k--) {
          const days = int(0, lastQualifyingDays - 1);
          interaction(days === 0 && lastQualifyingDays > 1 && i % 8 !== 0 ? 1 + (i % (lastQualifyingDays - 1)) : days, pick(otherMix));
        }
    }
    list.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    const lastContactAt = list.length ? list[list.length - 1]!.occurredAt : null;
    const lastQualifying = list.filter((x) => qualifying.includes(x.type)).pop()?.occurredAt ?? null;
    const assignedAt = owner ? createdAt : null;
    const dueAt = owner
      ? cadenceDueAt(settings.cadence, { tier, lastQualifyingContactAt: lastQualifying, anchorAt: assignedAt! }, timeZone)
      : null;
    let poolWarnedAt: Date | null = null;
    const anchorDays = lastQualifyingDays ?? createdDays;
    if (owner && settings.poolWarningDays > 0 && anchorDays > returnDays - settings.poolWarningDays) {
      poolWarnedAt = at(anchorDays - (returnDays - settings.poolWarningDays) - 1, 2 * 60 + 15);
    }

    // ---------------------------------------------------------- tasks (owned customers only)
    if (owner) {
      const past = list.filter((x) => x.occurredAt.getTime() < nowMs - 3 * DAY);
      if (past.length && chance(0.45)) {
        const from = one(past);
        const daysAgo = Math.ceil((todayStart - from.occurredAt.getTime()) / DAY);
        const due = at(Math.max(1, daysAgo - int(1, 7)), int(9 * 60, 17 * 60));
        if (due.getTime() > from.occurredAt.getTime()) {
          from.nextStep = one(NEXT_STEPS);
          from.nextFollowUpAt = due;
          addTask({ customerId, ownerId: owner.id, title: from.nextStep, dueAt: due, done: true, interactionId: from.id });
        }
      }
      const latest = list[list.length - 1] ?? null;
      const r = rand();
      let due: Date | null = null;
      if (r < 0.14) due = ahead(int(1, 14), int(9 * 60 + 30, 17 * 60));
      else if (r < 0.19) due = new Date(nowMs + Math.max(MINUTE, Math.round((endOfToday - nowMs) * (0.2 + 0.7 * rand()))));
      else if (r < 0.25) due = at(int(1, 10), int(10 * 60, 17 * 60));
      if (due) {
        const title = latest ? one(NEXT_STEPS) : '首次联系客户，了解需求';
        if (latest && latest.occurredAt.getTime() < due.getTime()) {
          latest.nextStep = title;
          latest.nextFollowUpAt = due;
        }
        addTask({
          customerId,
          ownerId: owner.id,
          title,
          dueAt: due,
          done: false,
          interactionId: latest && latest.occurredAt.getTime() < due.getTime() ? latest.id : null,
        });
      }
      const mine = byOwner.get(owner.id) ?? [];
      mine.push({ customerId, name, interactions: list });
      byOwner.set(owner.id, mine);
    }
    out.interactions.push(...list);

    // ---------------------------------------------------------- orders and points
    let pointsBalance = 0;
    const member = hasOrders && (kind === 'person' || chance(0.25));
    const windowStart = nowMs - 365 * DAY;
    const orders: OrderRow[] = orderDays.map((days) => {
      const yuan =
        kind === 'person'
          ? int(5, 300) * 100
          : tier === 'A'
            ? int(50, 1500) * 1000
            : tier === 'B'
              ? int(10, 300) * 1000
              : int(20, 500) * 100;
      return { id: uuid(), customerId, orderedAt: at(days), amountCents: yuan * 100, source: 'demo', sourceId: `demo-${++orderNo}` };
    });
    out.orders.push(...orders);
    if (member) {
      for (const order of orders) {
        if (order.orderedAt.getTime() <= windowStart) continue; // the points programme started a year ago
        const points = Math.floor((order.amountCents / 100) * settings.pointsPerYuan);
        pointsBalance += points;
        out.points.push({
          id: uuid(),
          customerId,
          kind: 'earned',
          points,
          reason: `订单积分（${(order.amountCents / 100).toLocaleString('zh-CN')} 元）`,
          at: order.orderedAt,
          expiresAt: new Date(order.orderedAt.getTime() + 365 * DAY),
          actorId: null,
          orderId: order.id,
        });
      }
      if (pointsBalance > 0 && chance(0.35)) {
        const spend = Math.max(1, Math.floor(pointsBalance * (0.1 + 0.4 * rand())));
        const last = out.points[out.points.length - 1]!;
        const when = atMost(new Date(last.at!.getTime() + int(1, 30) * DAY));
        pointsBalance -= spend;
        out.points.push({
          id: uuid(),
          customerId,
          kind: 'redeemed',
          points: -spend,
          reason: one(REDEMPTIONS),
          at: when,
          expiresAt: null,
          actorId: author.id,
          orderId: null,
        });
      }
    }

    // ---------------------------------------------------------- status history
    const steps: [CustomerStatus, Date][] = [['lead', createdAt]];
    const between = (fromDays: number, toDays: number) => at(int(Math.min(fromDays, toDays), Math.max(fromDays, toDays)));
    if (status !== 'lead') {
      if (status === 'intent' || status === 'signed' || status === 'repeat' || (status === 'lost' && chance(0.6))) {
        steps.push(['intent', between(Math.max(createdDays - 1, 0), hasOrders ? orderDays[0]! + 1 : Math.max(createdDays - 30, 0))]);
      }
      if (hasOrders) {
        steps.push(['signed', orders[0]!.orderedAt]);
        if (status === 'repeat') steps.push(['repeat', orders[1]!.orderedAt]);
      }
      if (status === 'lost') steps.push(['lost', lastContactAt ?? between(Math.max(createdDays - 1, 0), 0)]);
      if (status === 'dormant') steps.push(['dormant', between(Math.max(createdDays - 30, 0), pooledDays ?? 0)]);
    }
    for (let k = 1; k < steps.length; k++) {
      if (steps[k]![1].getTime() <= steps[k - 1]![1].getTime()) steps[k]![1] = new Date(steps[k - 1]![1].getTime() + 30 * MINUTE);
      steps[k]![1] = atMost(steps[k]![1]);
    }
    steps.forEach(([to, when], k) =>
      out.history.push({ id: uuid(), customerId, fromStatus: k ? steps[k - 1]![0] : null, toStatus: to, at: when, actorId: author.id }),
    );
    const statusChangedAt = steps[steps.length - 1]![1];
    const pooledAt = pooledDays === null ? null : at(pooledDays, 2 * 60 + 15);
    const updatedAt = atMost([createdAt, statusChangedAt, lastContactAt ?? createdAt, pooledAt ?? createdAt].reduce(later));

    // ---------------------------------------------------------- the customer
    const org = kind === 'organization';
    const size = org
      ? pick<string>(
          tier === 'A'
            ? [
                ['1000+', 60],
                ['200-999', 40],
              ]
            : tier === 'B'
              ? [
                  ['1000+', 10],
                  ['200-999', 40],
                  ['50-199', 50],
                ]
              : [
                  ['200-999', 10],
                  ['50-199', 40],
                  ['1-49', 50],
                ],
        )
      : null;
    const taxId =
      org && chance(0.75)
        ? unifiedSocialCreditCode(
            `${city.area}${String(int(1, 18)).padStart(2, '0')}`,
            Array.from({ length: 8 }, () => one(ORG_CODE_CHARS)).join(''),
          )
        : null;
    const tags = org ? some(ORG_TAGS, int(0, 3)) : some(PERSON_TAGS, int(0, 2));
    if (tier === 'A' && org) tags.unshift('重点客户');
    const address = `${city.province ?? ''}${city.name}市${one(city.districts)}${one(STREETS)}${int(1, 999)}号${org && chance(0.5) ? `${one(['A', 'B', 'C', ''])}${int(1, 30)}0${int(1, 9)}室` : ''}`;
    const source = role === 'channel' && chance(0.8) ? 'channel_partner' : pick(SOURCES);
    const birthYear = now.getUTCFullYear() - int(25, 62);
    out.customers.push({
      id: customerId,
      kind,
      name,
      tier,
      status,
      statusChangedAt,
      source,
      tags,
      phone,
      email,
      wechat: chance(0.5) ? (kind === 'person' && phone ? phone : `wxid_${alnum(10)}`) : null,
      address,
      needs: org ? one(ORG_NEEDS) : one(PERSON_NEEDS),
      painPoints: chance(0.8) ? (org ? one(ORG_PAINS) : one(PERSON_PAINS)) : null,
      industry: org ? industry : null,
      size,
      annualPurchaseCents: org ? (tier === 'A' ? int(100, 2000) : tier === 'B' ? int(20, 200) : int(1, 30)) * 10_000 * 100 : null,
      taxId,
      decisionChain: org && chain.length > 1 ? decisionChain(chain) : null,
      gender: org ? null : gender,
      birthday: org ? null : `${birthYear}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
      occupation: org ? null : one(OCCUPATIONS),
      interests: org ? [] : [...new Set(Array.from({ length: int(1, 3) }, () => one(INTERESTS)))],
      ...duplicateKeys({ name, phone, taxId }),
      ownerId: owner?.id ?? null,
      teamId: owner?.orgUnitId ?? null,
      assignedAt,
      pooledAt,
      poolReason: inPool ? one(POOL_REASONS) : null,
      poolWarnedAt,
      lastContactAt,
      lastQualifyingContactAt: lastQualifying,
      cadenceDueAt: dueAt,
      pointsBalance,
      mergedIntoId: null,
      createdById: author.id,
      createdAt,
      updatedAt,
      version: 1,
    });
  }

  // ------------------------------------------------------------ "my day" for user rep: tasks due today and overdue
  const rep = reps.find((r) => r.username === 'rep');
  if (rep) {
    const mine = byOwner.get(rep.id) ?? [];
    const dueTodayTask = (t: TaskRow) =>
      !t.doneAt && t.ownerId === rep.id && t.dueAt!.getTime() >= nowMs && t.dueAt!.getTime() < endOfToday;
    const overdueTask = (t: TaskRow) => !t.doneAt && t.ownerId === rep.id && t.dueAt!.getTime() < nowMs;
    const free = mine.filter((c) => !openTasks.has(c.customerId));
    for (const [wanted, test, due] of [
      [5, dueTodayTask, () => new Date(nowMs + Math.max(MINUTE, Math.round((endOfToday - nowMs) * (0.1 + 0.8 * rand()))))],
      [3, overdueTask, () => at(int(1, 5), int(10 * 60, 17 * 60))],
    ] as const) {
      for (let have = out.tasks.filter(test).length; have < wanted && free.length; have++) {
        const c = free.shift()!;
        addTask({ customerId: c.customerId, ownerId: rep.id, title: one(TASK_TITLES), dueAt: due(), done: false, interactionId: null });
      }
    }
  }
  return out;
}
