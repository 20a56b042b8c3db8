import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { INTERACTION_TYPES, type CustomerSettings, type Tier } from '@xiaoguan/shared';
import type { Database, Executor } from '../platform/db/client.js';
import { getSettings } from '../platform/settings/settings.js';
import { recomputeRfm } from '../modules/customers/rfm.js';
import { rebuildCustomerNewHourly } from '../modules/customers/new-customers-hourly.js';
import { getCustomerSettings } from '../modules/customers/customers.settings.js';
import { cadenceDueAt } from '../modules/customers/contact-cadence.js';
import { nameKey, phoneKey, taxIdKey } from '../modules/customers/normalize.js';
import {
  BRAND_CHARS,
  CITIES,
  INDUSTRIES,
  ORG_NEEDS,
  ORG_PAINS,
  OUTCOMES,
  POOL_REASONS,
  PRODUCTS,
  RESPONSES,
  STREETS,
} from './demo-customers.js';

/**
 * Bench data (npm run bench:customers): 100,000 customers, 1,000,000 interactions and 1,000,000
 * customer_orders on top of the demo company, owned by its reps, key-account and channel managers
 * plus 500 extra reps spread over the six teams under the existing supervisors — so a rep sees
 * ~200 customers, a supervisor ~16,000 and the director all of them.
 *
 * Set-based and fast: every table is one `INSERT … SELECT FROM generate_series(…)` whose "random"
 * choices are deterministic hashes of the row number (`hashint8extended(n, salt)`), in one
 * transaction. Per-customer interaction aggregates are computed from the same interaction
 * expression before the customers are written, so each customer row is written once, with its
 * final last_contact_at, last_qualifying_contact_at and cadence_due_at.
 *
 * cadence_due_at and the duplicate keys are computed in SQL that mirrors contact-cadence.ts
 * (`cadenceDueAt`) and normalize.ts; `verifyBenchData` recomputes a sample with those TypeScript
 * functions and fails on any difference. Not generated (not needed by the list/search/RFM bench):
 * contacts, tasks, status history, points.
 */
export interface BenchDataOptions {
  customers?: number;
  interactions?: number;
  orders?: number;
  /** Extra reps, spread round-robin over the teams under their supervisors. */
  reps?: number;
  now?: Date;
  /**
   * Skip per-row foreign-key triggers while loading (session_replication_role = replica; needs a
   * superuser, as on the embedded PostgreSQL). The data references only rows created just before;
   * `verifyBenchData` checks for orphans. Default: when the role is a superuser.
   */
  skipForeignKeyChecks?: boolean;
  log?: (message: string) => void;
}

export interface BenchDataResult {
  reps: number;
  customers: number;
  interactions: number;
  orders: number;
  /** Step → milliseconds. */
  timings: Record<string, number>;
  ms: number;
}

const MASK = '9223372036854775807';
/** Deterministic integer in [0, mod) from a row number and a salt. */
export const ri = (expr: string, salt: number, mod: number | string) =>
  `((hashint8extended((${expr})::bigint, ${salt}) & ${MASK}) % (${mod}))::int`;
/** Deterministic float in [0, 1). */
export const rf = (expr: string, salt: number) => `((hashint8extended((${expr})::bigint, ${salt}) & ${MASK})::float8 / ${MASK}::float8)`;
/** A deterministic, valid version-4 UUID from 32 hex digits (the API's z.uuid() checks version and variant). */
const uuidV4Sql = (hex32: string) => `(substr(${hex32}, 1, 12) || '4' || substr(${hex32}, 14, 3) || '8' || substr(${hex32}, 18, 15))::uuid`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const textArray = (items: readonly string[]) => `array[${items.map(literal).join(',')}]::text[]`;
/** One element of a list, chosen by a deterministic hash. */
const choose = (items: readonly string[], expr: string, salt: number) => `(${textArray(items)})[1 + ${ri(expr, salt, items.length)}]`;

/** `nameKey` of normalize.ts in SQL: NFKC, no white space, ASCII brackets, lower case. */
export const nameKeySql = (column: string) =>
  `lower(translate(regexp_replace(normalize(${column}, NFKC), '[[:space:]\u3000]+', '', 'g'), '（）', '()'))`;
/** `phoneKey` of normalize.ts in SQL: digits only; +86/86/0086 before a mainland mobile dropped; under 5 digits → null. */
export const phoneKeySql = (column: string) => {
  const digits = `regexp_replace(normalize(${column}, NFKC), '[^0-9]', '', 'g')`;
  return `(case when length(${digits}) >= 5 then regexp_replace(${digits}, '^(0086|86)(1[0-9]{10})$', '\\2') end)`;
};
/** `taxIdKey` of normalize.ts in SQL. */
export const taxIdKeySql = (column: string) =>
  `nullif(upper(regexp_replace(normalize(${column}, NFKC), '[[:space:]\u3000-]+', '', 'g')), '')`;

/** R-CUS-1 in SQL, generated from the cadence settings: does an interaction type count for a tier? */
export const qualifiesSql = (rules: CustomerSettings['cadence'], tier: string, type: string) =>
  `(case ${tier} ${(['A', 'B', 'C'] as const).map((t) => `when '${t}' then ${type} in (${rules[t].types.map(literal).join(',')})`).join(' ')} end)`;

/**
 * `cadenceDueAt` of contact-cadence.ts in SQL: the start (company time) of calendar day
 * (day of the last qualifying contact, or of the anchor) + tier days + 1.
 */
export const cadenceDueSql = (rules: CustomerSettings['cadence'], tier: string, lastQualifying: string, anchor: string, timeZone: string) =>
  `(((coalesce(${lastQualifying}, ${anchor}) at time zone ${literal(timeZone)})::date + (case ${tier} ${(['A', 'B', 'C'] as const)
    .map((t) => `when '${t}' then ${rules[t].days + 1}`)
    .join(' ')} end))::timestamp at time zone ${literal(timeZone)})`;

const CITY_NAMES = Object.keys(CITIES);
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢'];
const GIVEN = [...'伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力亮宇浩然欣怡子涵梓轩雨佳晨俊博睿瑶琳婷倩雪峰鹏飞'];
const LEGAL = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];
const ORG_TAGS = ['老客户', '价格敏感', '决策周期长', '有预算', '竞品在用', '招投标', '年度框架', '转介绍', '展会获客', '国企'];
const SOURCES = ['referral', 'conference', 'website', 'cold_call', 'exhibition', 'channel_partner', 'advertising', 'import', 'other'];
const OCCUPATIONS = ['企业主', '医生', '律师', '教师', '财务总监', '工程师', '设计师', '自由职业'];
const INTERESTS = ['高尔夫', '茶道', '摄影', '马拉松', '读书', '旅行', '红酒', '书法'];
const TYPE_MIX: Record<Tier, [string, number][]> = {
  A: [
    ['visit', 35],
    ['meeting', 15],
    ['call', 25],
    ['wechat', 20],
    ['email', 5],
  ],
  B: [
    ['call', 40],
    ['visit', 15],
    ['wechat', 25],
    ['email', 10],
    ['meeting', 5],
    ['sms', 5],
  ],
  C: [
    ['wechat', 35],
    ['call', 30],
    ['email', 10],
    ['sms', 10],
    ['visit', 10],
    ['meeting', 5],
  ],
};

/** A weighted choice by tier as a SQL CASE over a percentile 0–99. */
function typeCase(tier: string, percentile: string): string {
  const perTier = (['A', 'B', 'C'] as const).map((t) => {
    let upTo = 0;
    const whens = TYPE_MIX[t].map(([type, weight]) => `when ${percentile} < ${(upTo += weight)} then '${type}'`).join(' ');
    return `when '${t}' then (case ${whens} end)`;
  });
  return `(case ${tier} ${perTier.join(' ')} end)`;
}

export async function buildBenchData(db: Database, options: BenchDataOptions = {}): Promise<BenchDataResult> {
  const started = Date.now();
  const N = options.customers ?? 100_000;
  const I = options.interactions ?? 1_000_000;
  const O = options.orders ?? 1_000_000;
  const R = options.reps ?? 500;
  const now = options.now ?? new Date();
  const log = options.log ?? (() => undefined);
  const [settings, { timeZone }] = await Promise.all([getCustomerSettings(db, { fresh: true }), getSettings(db, { fresh: true })]);
  const rules = settings.cadence;
  const timings: Record<string, number> = {};
  let lap = Date.now();
  const step = async (name: string, run: () => Promise<unknown>) => {
    await run();
    timings[name] = Date.now() - lap;
    log(`bench data: ${name} ${timings[name]} ms`);
    lap = Date.now();
  };
  const nowSql = `${literal(now.toISOString())}::timestamptz`;
  // Tier by customer number (A first), so interactions and orders can be spread by tier with plain arithmetic.
  const nA = Math.round(N * 0.1);
  const nB = Math.round(N * 0.3);
  const nC = N - nA - nB;
  const iA = Math.round(I * 0.3);
  const iB = Math.round(I * 0.36);
  const buyers = Math.floor(N / 2); // the even-numbered customers have orders

  const superuser =
    (await db.execute<{ s: boolean }>(sql`select rolsuper as s from pg_roles where rolname = current_user`)).rows[0]?.s ?? false;
  const skipFk = options.skipForeignKeyChecks ?? superuser;

  await db.transaction(async (tx) => {
    const run = (text: string) => tx.execute(sql.raw(text));
    await run(`set local work_mem = '256MB'`);
    await run(`set local maintenance_work_mem = '256MB'`);
    if (skipFk) await run(`set local session_replication_role = replica`);
    // Bulk-load practice: secondary indexes are dropped and rebuilt afterwards (a sorted build is
    // several times faster than 1M random inserts into each index). The definitions come from the
    // catalog, so the same indexes come back; primary keys (constraints) stay.
    const secondary = (
      await tx.execute<{ name: string; definition: string }>(sql`
        select i.indexname as name, i.indexdef as definition
          from pg_indexes i join pg_class c on c.relname = i.indexname and c.relkind = 'i'
         where i.schemaname = current_schema() and i.tablename in ('customers', 'interactions', 'customer_orders')
           and not exists (select 1 from pg_constraint k where k.conindid = c.oid)
         order by i.tablename, i.indexname`)
    ).rows;
    await step(`drop ${secondary.length} secondary indexes`, () => run(secondary.map((i) => `drop index "${i.name}";`).join('\n')));

    await step(`${R} extra reps`, () =>
      run(`
        with teams as (
          select distinct on (o.id) o.id as team_id, s.id as supervisor_id, s.line_path, dense_rank() over (order by o.path) - 1 as k
            from org_units o join users s on s.org_unit_id = o.id and 'supervisor' = any(s.roles) and not s.disabled
           where o.kind = 'team' and not o.disabled
           order by o.id, s.username),
        ranked as (select team_id, supervisor_id, line_path, row_number() over (order by k) - 1 as k, count(*) over () as n from teams),
        pw as (select password_hash from users where username = 'rep'),
        g as (select g, gen_random_uuid() as id from generate_series(1, ${R}) g)
        insert into users (id, username, display_name, password_hash, phone, email, roles, org_unit_id, manager_id, line_path)
        select g.id, 'bench_rep_' || lpad(g.g::text, 4, '0'),
               ${choose(SURNAMES, 'g.g', 101)} || ${choose(GIVEN, 'g.g', 102)} || ${choose(GIVEN, 'g.g', 103)},
               pw.password_hash, '139' || lpad(${ri('g.g', 104, 100_000_000)}::text, 8, '0'),
               'bench_rep_' || g.g || '@demo.xiaoguan.cn', array['rep'], t.team_id, t.supervisor_id, t.line_path || g.id || '/'
          from g join ranked t on t.k = g.g % t.n cross join pw`),
    );

    await step('customer plan (temp)', async () => {
      await run(`
        create temp table bench_owners on commit drop as
        select (row_number() over (order by u.username) - 1)::int as k, u.id, u.org_unit_id
          from users u where u.roles && array['rep', 'key_account', 'channel'] and not u.disabled`);
      const [{ n: owners }] = (await tx.execute<{ n: number }>(sql`select count(*)::int as n from bench_owners`)).rows as [{ n: number }];
      if (!owners) throw new Error('bench data: no reps to own customers (seed the demo company first)');
      const cityNames = CITY_NAMES;
      const words = INDUSTRIES.flatMap(([{ words: w }]) => w);
      await run(`
        create temp table bench_c on commit drop as
        select c.*,
               case when c.kind = 'organization'
                    then ${choose(cityNames, 'c.n', 11)} || ${choose(BRAND_CHARS, 'c.n', 12)} || ${choose(BRAND_CHARS, 'c.n', 13)} || ${choose(words, 'c.n', 14)} || ${choose(LEGAL, 'c.n', 15)}
                    else ${choose(SURNAMES, 'c.n', 16)} || ${choose(GIVEN, 'c.n', 17)} || ${choose(GIVEN, 'c.n', 18)} end as name,
               '1' || (3 + ${ri('c.n', 19, 7)}) || lpad(${ri('c.n', 20, 1_000_000_000)}::text, 9, '0') as phone,
               case when c.kind = 'organization' and ${ri('c.n', 21, 4)} > 0
                    then '91' || (${textArray(cityNames.map((k) => CITIES[k]!.area))})[1 + ${ri('c.n', 11, cityNames.length)}] || lpad(${ri('c.n', 22, 100)}::text, 2, '0')
                         || upper(substr(md5('tax' || c.n), 1, 10)) end as tax_id
          from (
            select g as n,
                   ${uuidV4Sql(`md5('xg-bench-customer-' || g)`)} as id,
                   case when g <= ${nA} then 'A' when g <= ${nA + nB} then 'B' else 'C' end as tier,
                   case when ${ri('g', 3, 100)} < 65 then 'organization' else 'person' end as kind,
                   ${ri('g', 1, 100)} < 8 as in_pool,
                   o.id as author_id, o.org_unit_id as team_id,
                   g % 2 = 0 as buyer,
                   case when g % 2 = 0 then ${nowSql} - make_interval(days => 545 + ${ri('g', 4, 360)}, mins => ${ri('g', 5, 1440)})
                        else ${nowSql} - make_interval(days => 1 + ${ri('g', 4, 540)}, mins => ${ri('g', 5, 1440)}) end as created_at,
                   case when ${ri('g', 1, 100)} < 8 then ${nowSql} - make_interval(days => 1 + ${ri('g', 6, 200)}) end as pooled_at
              from generate_series(1, ${N}) g
              join bench_owners o on o.k = ${ri('g', 2, owners)}
          ) c`);
      await run(`create unique index on bench_c (n)`);
      await run(`analyze bench_c`);
    });

    // One interaction per series number g: the first 30 % go to A customers, the next 36 % to B, the rest to C.
    const interactionStream = `
      select g, c.n, c.id as customer_id, c.tier, c.author_id, c.created_at,
             ${typeCase('c.tier', ri('g', 31, 100))} as type,
             coalesce(c.pooled_at, ${nowSql})
               - make_interval(secs => power(${rf('g', 32)}, 1.6) * least(365 * 86400, extract(epoch from coalesce(c.pooled_at, ${nowSql}) - c.created_at))) as occurred_at
        from generate_series(1, ${I}) g
        join bench_c c on c.n = case when g <= ${iA} then 1 + (g - 1) % ${nA}
                                     when g <= ${iA + iB} then ${nA} + 1 + (g - ${iA} - 1) % ${nB}
                                     else ${nA + nB} + 1 + (g - ${iA + iB} - 1) % ${nC} end`;

    await step('interaction aggregates (temp)', async () => {
      await run(`
        create temp table bench_agg on commit drop as
        select n, max(occurred_at) as last_at, max(occurred_at) filter (where ${qualifiesSql(rules, 'tier', 'type')}) as last_qualifying_at
          from (${interactionStream}) s group by n`);
      await run(`create unique index on bench_agg (n)`);
    });

    await step(`${N} customers`, () =>
      run(`
        insert into customers (id, kind, name, tier, status, status_changed_at, source, tags, phone, email, address, needs, pain_points,
                               industry, size, annual_purchase_cents, tax_id, gender, birthday, occupation, interests,
                               name_key, phone_key, tax_id_key, owner_id, team_id, assigned_at, pooled_at, pool_reason, pool_warned_at,
                               last_contact_at, last_qualifying_contact_at, cadence_due_at, created_by_id, created_at, updated_at)
        select c.id, c.kind, c.name, c.tier,
               case when c.buyer then 'repeat' else (array['lead','intent','lost','dormant'])[1 + ${ri('c.n', 41, 4)}] end,
               c.created_at,
               case when c.kind = 'organization' then ${choose(SOURCES, 'c.n', 42)} else 'conference' end,
               case when ${ri('c.n', 43, 3)} = 0 then '{}'::text[] else array[${choose(ORG_TAGS, 'c.n', 44)}] end,
               c.phone,
               case when ${ri('c.n', 45, 2)} = 0 then 'c' || c.n || '@' || ${choose(['163.com', 'qq.com', '126.com'], 'c.n', 46)} end,
               ${choose(CITY_NAMES, 'c.n', 11)} || '市' || ${choose(STREETS, 'c.n', 47)} || (1 + ${ri('c.n', 48, 999)}) || '号',
               ${choose(ORG_NEEDS, 'c.n', 49)}, ${choose(ORG_PAINS, 'c.n', 50)},
               case when c.kind = 'organization' then ${choose(
                 INDUSTRIES.map(([{ industry }]) => industry),
                 'c.n',
                 51,
               )} end,
               case when c.kind = 'organization' then ${choose(['1-49', '50-199', '200-999', '1000+'], 'c.n', 52)} end,
               case when c.kind = 'organization' then (case c.tier when 'A' then 100 + ${ri('c.n', 53, 1900)} when 'B' then 20 + ${ri('c.n', 53, 180)} else 1 + ${ri('c.n', 53, 30)} end)::bigint * 1000000 end,
               c.tax_id,
               case when c.kind = 'person' then (array['male','female'])[1 + ${ri('c.n', 54, 2)}] end,
               case when c.kind = 'person' then date '1960-01-01' + ${ri('c.n', 55, 14000)} end,
               case when c.kind = 'person' then ${choose(OCCUPATIONS, 'c.n', 56)} end,
               case when c.kind = 'person' then array[${choose(INTERESTS, 'c.n', 57)}] else '{}'::text[] end,
               ${nameKeySql('c.name')}, ${phoneKeySql('c.phone')}, ${taxIdKeySql('c.tax_id')},
               case when not c.in_pool then c.author_id end,
               case when not c.in_pool then c.team_id end,
               case when not c.in_pool then c.created_at end,
               c.pooled_at,
               case when c.in_pool then ${choose(POOL_REASONS, 'c.n', 58)} end,
               null,
               a.last_at, a.last_qualifying_at,
               case when not c.in_pool then ${cadenceDueSql(rules, 'c.tier', 'a.last_qualifying_at', 'c.created_at', timeZone)} end,
               c.author_id, c.created_at,
               greatest(c.created_at, a.last_at, c.pooled_at)
          from bench_c c left join bench_agg a on a.n = c.n`),
    );

    await step(`${I} interactions`, () =>
      run(`
        insert into interactions (customer_id, type, occurred_at, outcome, notes, author_id, created_at)
        select s.customer_id, s.type, s.occurred_at,
               (case s.type ${INTERACTION_TYPES.map((t) => `when '${t}' then ${choose(OUTCOMES[t], 's.g', 61)}`).join(' ')} end),
               ${choose(PRODUCTS, 's.g', 62)} || '：' || ${choose(RESPONSES, 's.g', 63)},
               s.author_id, s.occurred_at + make_interval(mins => 5)
          from (${interactionStream}) s`),
    );

    await step(`${O} orders`, () =>
      run(`
        insert into customer_orders (customer_id, ordered_at, amount_cents, source)
        select c.id,
               ${nowSql} - make_interval(days => case when ${ri('c.n', 71, 10)} = 0 then 366 + ${ri('g', 72, 170)} else 1 + ${ri('g', 72, 539)} end, mins => ${ri('g', 73, 1440)}),
               (case when c.kind = 'person' then 500 + ${ri('g', 74, 29_500)}
                     when c.tier = 'A' then 50000 + ${ri('g', 74, 1_450_000)}
                     when c.tier = 'B' then 10000 + ${ri('g', 74, 290_000)}
                     else 2000 + ${ri('g', 74, 48_000)} end)::bigint * 100,
               'bench'
          from generate_series(1, ${O}) g
          join bench_c c on c.n = 2 * (1 + (g - 1) % ${buyers})`),
    );

    await step('analyze', () => run(`analyze users, customers, interactions, customer_orders`));
    await step('recomputeRfm', () => recomputeRfm(tx, now, settings));
    // Loaded with triggers off (replica role): the new-customer rollup (migration 0056) is rebuilt here.
    await step('rebuild customer_new_hourly', () => rebuildCustomerNewHourly(tx));
    await step(`rebuild ${secondary.length} indexes`, async () => {
      for (const index of secondary) await run(index.definition);
    });
  });
  lap = Date.now();
  await step('vacuum analyze', async () => {
    for (const table of ['users', 'customers', 'interactions', 'customer_orders']) await db.execute(sql.raw(`vacuum analyze ${table}`));
  });
  return { reps: R, customers: N, interactions: I, orders: O, timings, ms: Date.now() - started };
}

export interface BenchVerification {
  counts: Record<string, number>;
  keyMismatches: number;
  cadenceMismatches: number;
  orphans: number;
  overduePercent: number;
  segments: Record<string, number>;
}

/**
 * Checks the bench data: counts, no orphans, and — on a sample — that the SQL keys and cadence
 * due dates equal what normalize.ts and contact-cadence.ts compute.
 */
export async function verifyBenchData(db: Executor, now: Date, sample = 2000): Promise<BenchVerification> {
  const [settings, { timeZone }] = await Promise.all([getCustomerSettings(db, { fresh: true }), getSettings(db, { fresh: true })]);
  const [counts] = (
    await db.execute<Record<string, number>>(sql`
      select (select count(*)::int from customers) as customers,
             (select count(*)::int from interactions) as interactions,
             (select count(*)::int from customer_orders) as orders,
             (select count(*)::int from users where username like 'bench_rep_%') as bench_reps,
             (select count(*)::int from customers where owner_id is null) as pool`)
  ).rows as [Record<string, number>];
  const [{ orphans }] = (
    await db.execute<{ orphans: number }>(sql`
      select ((select count(*) from interactions i where not exists (select 1 from customers c where c.id = i.customer_id))
            + (select count(*) from interactions i where not exists (select 1 from users u where u.id = i.author_id))
            + (select count(*) from customer_orders o where not exists (select 1 from customers c where c.id = o.customer_id))
            + (select count(*) from customers c where c.owner_id is not null and not exists (select 1 from users u where u.id = c.owner_id)))::int as orphans`)
  ).rows as [{ orphans: number }];
  const rows = (
    await db.execute<{
      name: string;
      phone: string | null;
      tax_id: string | null;
      name_key: string;
      phone_key: string | null;
      tax_id_key: string | null;
      tier: Tier;
      owner_id: string | null;
      last_qualifying_contact_at: Date | null;
      assigned_at: Date | null;
      created_at: Date;
      cadence_due_at: Date | null;
    }>(sql`
      select name, phone, tax_id, name_key, phone_key, tax_id_key, tier, owner_id, last_qualifying_contact_at, assigned_at, created_at, cadence_due_at
        from customers tablesample system (5) repeatable (42) limit ${sample}`)
  ).rows;
  const time = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());
  let keyMismatches = 0;
  let cadenceMismatches = 0;
  for (const row of rows) {
    if (row.name_key !== nameKey(row.name) || row.phone_key !== phoneKey(row.phone) || row.tax_id_key !== taxIdKey(row.tax_id))
      keyMismatches++;
    const lastQ = row.last_qualifying_contact_at === null ? null : new Date(row.last_qualifying_contact_at);
    const expected = row.owner_id
      ? cadenceDueAt(
          settings.cadence,
          { tier: row.tier, lastQualifyingContactAt: lastQ, anchorAt: new Date(row.assigned_at ?? row.created_at) },
          timeZone,
        ).getTime()
      : null;
    if (expected !== time(row.cadence_due_at)) cadenceMismatches++;
  }
  const [{ overdue }] = (
    await db.execute<{ overdue: number }>(
      sql`select round(100.0 * count(*) filter (where cadence_due_at <= ${now}) / greatest(count(*), 1), 1)::float8 as overdue from customers where owner_id is not null`,
    )
  ).rows as [{ overdue: number }];
  const segments = Object.fromEntries(
    (
      await db.execute<{ segment: string | null; n: number }>(
        sql`select v.segment, count(*)::int as n from customers c left join customer_rfm v on v.customer_id = c.id group by 1 order by 1`,
      )
    ).rows.map((r) => [r.segment ?? 'none', r.n]),
  );
  return {
    counts,
    keyMismatches: rows.length ? keyMismatches : -1,
    cadenceMismatches: rows.length ? cadenceMismatches : -1,
    orphans,
    overduePercent: overdue,
    segments,
  };
}

/**
 * The SQL statements a function sends through an executor, without running them (each `execute`
 * answers with no rows) — e.g. to time `recomputeRfm`'s statement run directly as a floor.
 */
export async function captureSql(run: (db: Executor) => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const dialect = new PgDialect();
  const statements: { sql: string; params: unknown[] }[] = [];
  const recorder = {
    execute: async (query: SQL) => {
      statements.push(dialect.sqlToQuery(query));
      return { rows: [], rowCount: 0 };
    },
    transaction: (body: (tx: unknown) => Promise<unknown>) => body(recorder),
  };
  await run(recorder as unknown as Executor);
  return statements;
}
