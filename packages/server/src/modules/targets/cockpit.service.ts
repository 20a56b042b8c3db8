import {
  AGING_BUCKETS,
  TARGET_METRICS,
  levelValue,
  type Attainment,
  type Cockpit,
  type CockpitQuery,
  type RankedRow,
  type TargetMetric,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { badRequest } from '../../platform/errors.js';
import type { Actor } from '../../platform/access/index.js';
import { calendarDay } from '../../platform/time.js';
import { countInbox } from '../../platform/approvals/approvals.engine.js';
import { contractsAccess, signedContractsByOwner } from '../contracts/index.js';
import { receivablesAccess, receivablesSummary } from '../receivables/index.js';
import { customersAccess, overdueCadenceCount } from '../customers/index.js';
import { opportunitiesAccess, opportunityMetrics } from '../opportunities/index.js';
import { loadTargetTree, scopeNode, type TargetTree } from './targets.tree.js';
import { currentPlans, productLineOptions } from './targets.service.js';
import { activeAlertCount } from './alerts.service.js';
import { actualsByNode, actualsByOwner, canReadMetric, dateOfDay, metricLink, projection, type Period } from './targets.actuals.js';

const SALES_ROLES = ['director', 'manager', 'supervisor', 'rep', 'key_account', 'channel', 'ops'] as const;

/** The calendar period containing `date`, and the one it is compared with. */
export function cockpitPeriods(
  kind: CockpitQuery['period'],
  date: string,
  compare: CockpitQuery['compare'],
): { period: Period; compareWith: Period } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const firstMonth = kind === 'month' ? m - 1 : kind === 'quarter' ? Math.floor((m - 1) / 3) * 3 : 0;
  const length = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  const range = (year: number, month0: number): Period => ({
    from: dateOfDay(Date.UTC(year, month0, 1)),
    to: dateOfDay(Date.UTC(year, month0 + length, 0)),
  });
  const period = range(y, firstMonth);
  const compareWith = compare === 'lastYear' ? range(y - 1, firstMonth) : range(y, firstMonth - length);
  return { period, compareWith };
}

/**
 * The regions and teams a caller may filter the cockpit by: the units of the target tree inside
 * their scope (the company's for company scope, their own unit's subtree for unit scope, none for self).
 */
function filterUnits(tree: TargetTree, actor: Actor, scopeKind: Cockpit['scope']['kind']): TargetTree['nodes'] {
  if (scopeKind === 'self') return [];
  return tree.nodes.filter(
    (node) =>
      node.kind === 'unit' &&
      node.id !== tree.rootId &&
      (scopeKind === 'company' || (actor.orgUnitPath !== null && (node.path ?? '').startsWith(actor.orgUnitPath))),
  );
}

/** Months (0–11) of `year` a period covers. */
function monthsOf(period: Period): { year: number; months: number[] } {
  const year = Number(period.from.slice(0, 4));
  const first = Number(period.from.slice(5, 7)) - 1;
  const last = Number(period.to.slice(5, 7)) - 1;
  return { year, months: Array.from({ length: last - first + 1 }, (_, i) => first + i) };
}

/**
 * The role cockpit (M5), the home page of every sales role. Scoped by record access: each figure
 * comes from a module's metrics function in the caller's read scope (a director's company, a
 * manager's region, a supervisor's team, a rep's own), and the target from the node of the target
 * tree that scope stands for. Every figure carries the list behind it (same filters, same scope).
 */
export async function cockpit(ctx: Ctx, query: CockpitQuery): Promise<Cockpit> {
  const { timeZone } = await getSettings(ctx.db);
  const asOf = dateOfDay(calendarDay(ctx.now, timeZone));
  const { period, compareWith } = cockpitPeriods(query.period, query.date ?? asOf, query.compare);
  const previous = cockpitPeriods(query.period, query.date ?? asOf, 'previous').compareWith;
  const lastYear = cockpitPeriods(query.period, query.date ?? asOf, 'lastYear').compareWith;
  const roles = ctx.actor.roles as string[];
  const view: Cockpit['view'] = roles.some((role) => (SALES_ROLES as readonly string[]).includes(role))
    ? 'sales'
    : roles.includes('finance')
      ? 'finance'
      : 'operations';
  const readScope = contractsAccess.can(ctx.actor, 'read')
    ? contractsAccess.scopes(ctx.actor, 'read')
    : receivablesAccess.scopes(ctx.actor, 'read');
  const scopeKind: Cockpit['scope']['kind'] = readScope.includes('all')
    ? 'company'
    : readScope.includes('unit') && ctx.actor.orgUnitId
      ? 'unit'
      : 'self';
  // The reads that do not depend on each other go out together (a pool connection each): the cockpit's
  // time is then its slowest read, not the sum of them (bench/RESULTS.md, cockpit).
  const [tree, lines, approvals, alertCount] = await Promise.all([
    loadTargetTree(ctx.db),
    productLineOptions(ctx.db),
    countInbox(ctx),
    activeAlertCount(ctx),
  ]);
  const units = filterUnits(tree, ctx.actor, scopeKind);
  // A region or team filter, only within the caller's scope: the figures and target of that unit.
  const filter = query.unitId ? units.find((unit) => unit.id === query.unitId) : undefined;
  if (query.unitId && !filter) throw badRequest('querystring.unitId', 'not a region or team in your scope');
  const teamId = filter?.id;
  const node = filter ?? scopeNode(tree, ctx.actor, scopeKind);
  // A product line (issue 18 item 3): bookings, average order, ranking and the pipeline count only its
  // lines; the cards that have no product line (collections, new customers, receivables, cadence) are left out.
  const productLineId = query.productLineId;
  if (productLineId && !lines.some((line) => line.id === productLineId))
    throw badRequest('querystring.productLineId', 'not a product line');
  const depthOffset = Math.min(...units.map((unit) => unit.depth));
  const base = {
    view,
    scope: {
      kind: scopeKind,
      name: scopeKind === 'self' ? ctx.actor.displayName : (node?.name ?? ctx.actor.displayName),
      ...(teamId ? { unitId: teamId } : {}),
      ...(productLineId ? { productLineId } : {}),
    },
    productLines: lines,
    units: units.map((unit) => ({ id: unit.id, name: unit.name, kind: 'unit', depth: unit.depth - depthOffset })),
    period: { kind: query.period, from: period.from, to: period.to, asOf, compareFrom: compareWith.from, compareTo: compareWith.to },
    approvalsWaiting: {
      count: approvals,
      link: { api: '/api/v1/approvals', query: { box: 'inbox', status: 'pending' }, page: '/approvals' },
    },
    alerts:
      alertCount === null ? null : { count: alertCount, link: { api: '/api/v1/alerts', query: { status: 'active' }, page: '/alerts' } },
  };
  if (view === 'operations') {
    return { ...base, attainment: [], averageOrder: null, pipeline: null, receivables: null, overdueCadence: null, ranking: [] };
  }
  const metrics: TargetMetric[] = (view === 'finance' ? (['collections'] as TargetMetric[]) : [...TARGET_METRICS]).filter(
    (metric) => canReadMetric(ctx, metric) && (!productLineId || metric === 'bookings'),
  );
  const { year, months } = monthsOf(period);
  const people = rankedPeople(tree, node?.id ?? null);
  const unit: Record<string, string> = teamId ? { teamId } : {};
  const whole = !productLineId;
  // Each metric's actuals for the period and the two it is compared with, read once per distinct range
  // (for a year the previous period is last year).
  const ranges = new Map([period, previous, lastYear].map((range) => [`${range.from}/${range.to}`, range]));
  const rangeKey = (range: Period) => `${range.from}/${range.to}`;
  const [plans, actualList, deals, pipeline, receivables, overdueCadence] = await Promise.all([
    // The targets of the scope's node and of the people ranked under it only.
    currentPlans(ctx.db, year, metrics, productLineId ?? null, [...(node ? [node.id] : []), ...people.map((person) => person.id)]),
    Promise.all(
      metrics.flatMap((metric) =>
        [...ranges.values()].map(async (range) => ({
          metric,
          key: rangeKey(range),
          byOwner: await actualsByOwner(ctx, metric, range, timeZone, teamId, productLineId),
        })),
      ),
    ),
    view === 'sales' && metrics.includes('bookings') ? dealCount(ctx, period, teamId, productLineId) : null,
    // Deals carry products: under a product line the pipeline counts the deals with products in it, at those products' amounts.
    view === 'sales' && opportunitiesAccess.can(ctx.actor, 'read')
      ? opportunityMetrics.pipelineByStage(ctx, { ...unit, ...(productLineId ? { productLineId } : {}) })
      : null,
    whole && receivablesAccess.can(ctx.actor, 'read') ? receivablesSummary(ctx, { from: period.from, to: period.to, ...unit }) : null,
    whole && view === 'sales' && customersAccess.can(ctx.actor, 'read') ? overdueCadenceCount(ctx, unit) : null,
  ]);
  const actualsOf = (metric: TargetMetric, range: Period) =>
    actualList.find((entry) => entry.metric === metric && entry.key === rangeKey(range))?.byOwner ?? new Map<string, number>();
  const targetOf = (metric: TargetMetric, nodeId: string | undefined) => {
    const plan = plans.get(metric);
    const row = nodeId ? plan?.values.get(nodeId) : undefined;
    return plan && row ? { value: months.reduce((sum, m) => sum + (row[m] ?? 0), 0), plan: plan.plan } : null;
  };
  const current = new Map<TargetMetric, Map<string, number>>();
  const attainment: Attainment[] = [];
  for (const metric of metrics) {
    const byOwner = actualsOf(metric, period);
    const beforePrevious = actualsOf(metric, previous);
    const beforeLastYear = actualsOf(metric, lastYear);
    current.set(metric, byOwner);
    const actual = sum(byOwner);
    const comparison = (range: Period, values: Map<string, number>) => ({
      from: range.from,
      to: range.to,
      value: sum(values),
      link: metricLink(metric, range, timeZone, undefined, teamId, productLineId),
    });
    const target = targetOf(metric, node?.id);
    attainment.push({
      metric,
      actual,
      target: target?.value ?? null,
      stretch: target ? levelValue(target.value, 'stretch', target.plan) : null,
      challenge: target ? levelValue(target.value, 'challenge', target.plan) : null,
      attainment: target && target.value > 0 ? round4(actual / target.value) : null,
      gap: target ? Math.max(0, target.value - actual) : null,
      projection: projection(actual, period, asOf),
      compare: sum(query.compare === 'lastYear' ? beforeLastYear : beforePrevious),
      link: metricLink(metric, period, timeZone, undefined, teamId, productLineId),
      comparisons: { previous: comparison(previous, beforePrevious), lastYear: comparison(lastYear, beforeLastYear) },
    });
  }
  const bookings = current.get('bookings');
  const withUnit = (page: string, query: Record<string, string>) => {
    const all = { ...query, ...unit };
    return { query: all, page: `${page}?${new URLSearchParams(all).toString()}` };
  };
  return {
    ...base,
    attainment,
    averageOrder:
      bookings && deals !== null
        ? {
            cents: deals > 0 ? Math.round(sum(bookings) / deals) : 0,
            deals,
            link: metricLink('bookings', period, timeZone, undefined, teamId, productLineId),
          }
        : null,
    pipeline: pipeline
      ? pipeline.map((row) => ({
          ...row,
          link: {
            api: '/api/v1/opportunities',
            ...withUnit('/opportunities/list', { stage: row.stage, ...(productLineId ? { productLineId } : {}) }),
          },
        }))
      : null,
    receivables: receivables
      ? {
          dsoDays: receivables.dsoDays,
          overdueCents: receivables.overdueCents,
          buckets: AGING_BUCKETS.filter((bucket) => bucket !== 'current').map((bucket) => ({
            bucket,
            cents: receivables.buckets[bucket],
            link: { api: '/api/v1/receivables/overdue', ...withUnit('/receivables', { bucket }) },
          })),
        }
      : null,
    overdueCadence:
      overdueCadence === null
        ? null
        : { count: overdueCadence, link: { api: '/api/v1/customers', ...withUnit('/customers', { overdue: 'true' }) } },
    ranking: bookings
      ? ranking(tree, people, bookings, (id) => targetOf('bookings', id)?.value ?? null, period, timeZone, teamId, productLineId)
      : [],
  };
}

const sum = (byOwner: Map<string, number>) => [...byOwner.values()].reduce((a, b) => a + b, 0);
const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

async function dealCount(ctx: Ctx, period: Period, teamId?: string, productLineId?: string): Promise<number> {
  const filters = { ...(teamId ? { teamId } : {}), ...(productLineId ? { productLineId } : {}) };
  return (await signedContractsByOwner(ctx, { ...period, ...filters })).reduce((a, row) => a + row.count, 0);
}

/**
 * Top people under the scope's node by bookings attainment (then bookings): their rank among these
 * peers. Only people whose figures the caller can read — a rep's scope has no peers to rank.
 */
/** The people under the scope's node (or the node itself if a person) whom the ranking compares. */
function rankedPeople(tree: TargetTree, scopeNodeId: string | null): TargetTree['nodes'] {
  if (!scopeNodeId) return [];
  const scopeNode = tree.nodes.find((node) => node.id === scopeNodeId);
  return tree.nodes.filter(
    (node) =>
      node.kind === 'user' &&
      (node.id === scopeNodeId || (scopeNode?.kind === 'unit' && node.path?.startsWith(scopeNode.path ?? '\u0000'))),
  );
}

function ranking(
  tree: TargetTree,
  people: TargetTree['nodes'],
  byOwner: Map<string, number>,
  targetOf: (nodeId: string) => number | null,
  period: Period,
  timeZone: string,
  teamId?: string,
  productLineId?: string,
): RankedRow[] {
  if (people.length < 2) return [];
  const actuals = actualsByNode({ ...tree, nodes: people }, byOwner);
  const rows = people.map((person) => {
    const target = targetOf(person.id);
    const actual = actuals.get(person.id) ?? 0;
    return {
      nodeId: person.id,
      name: person.name,
      actual,
      target,
      attainment: target && target > 0 ? round4(actual / target) : null,
      link: metricLink('bookings', period, timeZone, person.id, teamId, productLineId),
    };
  });
  rows.sort((a, b) => (b.attainment ?? -1) - (a.attainment ?? -1) || b.actual - a.actual || a.name.localeCompare(b.name));
  return rows.slice(0, 10).map((row, index) => ({ ...row, rank: index + 1 }));
}
