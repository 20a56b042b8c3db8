import { eq } from 'drizzle-orm';
import type { CockpitLink, ReportFigure, ReportQuery, ReportRow, ReportSectionKey, ReportTotal, SalesReport } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { calendarDay, startOfCalendarDay } from '../../platform/time.js';
import { orgUnits, users } from '../../platform/identity/index.js';
import { bookingsBreakdown, contractsAccess, type BookingsPart } from '../contracts/index.js';
import { collectedByOwner, receivablesAccess } from '../receivables/index.js';
import { customersAccess, newCustomersByOwner } from '../customers/index.js';
import { productCategories, productLines, products } from '../products/index.js';
import { periodTargets } from '../targets/index.js';
import { reportsAccess } from './reports.access.js';
import { lastCompleteDate, reportRanges, type Range } from './reports.periods.js';

const DAY_MS = 86_400_000;
const NONE = '-';

interface Unit {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  path: string;
}

interface Org {
  units: Unit[];
  byId: Map<string, Unit>;
  /** user id → display name and org unit path */
  people: Map<string, { name: string; path: string | null }>;
}

async function loadOrg(ctx: Ctx): Promise<Org> {
  const units = await ctx.db
    .select({ id: orgUnits.id, parentId: orgUnits.parentId, name: orgUnits.name, kind: orgUnits.kind, path: orgUnits.path })
    .from(orgUnits)
    .orderBy(orgUnits.path);
  const people = await ctx.db
    .select({ id: users.id, name: users.displayName, path: orgUnits.path })
    .from(users)
    .leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId));
  return {
    units,
    byId: new Map(units.map((unit) => [unit.id, unit])),
    people: new Map(people.map((person) => [person.id, { name: person.name, path: person.path }])),
  };
}

/** The region a unit lies in (its ancestor of kind region, or itself), or null. */
function regionOf(org: Org, unitId: string | null): Unit | null {
  const unit = unitId ? org.byId.get(unitId) : undefined;
  if (!unit) return null;
  const chain = unit.path.split('/').filter(Boolean);
  for (const id of chain) {
    const ancestor = org.byId.get(id);
    if (ancestor?.kind === 'region') return ancestor;
  }
  return null;
}

/** What the caller's report covers: their record access (company, their unit, themself). */
function scopeOf(ctx: Ctx): 'company' | 'unit' | 'self' {
  const scopes = contractsAccess.can(ctx.actor, 'read')
    ? contractsAccess.scopes(ctx.actor, 'read')
    : receivablesAccess.can(ctx.actor, 'read')
      ? receivablesAccess.scopes(ctx.actor, 'read')
      : reportsAccess.scopes(ctx.actor, 'read');
  if (scopes.includes('all')) return 'company';
  if (scopes.includes('unit') && ctx.actor.orgUnitPath) return 'unit';
  return 'self';
}

/** Regions and teams the caller may narrow the report to. */
function selectableUnits(ctx: Ctx, org: Org, scope: 'company' | 'unit' | 'self'): Unit[] {
  if (scope === 'self') return [];
  return org.units.filter(
    (unit) =>
      (unit.kind === 'region' || unit.kind === 'team' || unit.kind === 'department') &&
      (scope === 'company' || unit.path.startsWith(ctx.actor.orgUnitPath!)),
  );
}

export const change = (current: number, before: number): number | null =>
  before === 0 ? null : Math.round(((current - before) / Math.abs(before)) * 10_000) / 10_000;

const figure = (current: number, previous: number, lastYear: number): ReportFigure => ({
  current,
  previous,
  lastYear,
  mom: change(current, previous),
  yoy: change(current, lastYear),
});

const ratio = (actual: number, target: number | null | undefined) =>
  target && target > 0 ? Math.round((actual / target) * 10_000) / 10_000 : null;

function link(api: string, page: string, query: Record<string, string | undefined>): CockpitLink {
  const clean = Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { api, query: clean, page: `${page}?${new URLSearchParams(clean).toString()}` };
}

function instants(range: Range, timeZone: string) {
  const start = (date: string) => startOfCalendarDay(Date.parse(`${date}T00:00:00Z`), timeZone);
  return {
    createdFrom: start(range.from).toISOString(),
    createdBefore: new Date(startOfCalendarDay(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS, timeZone)).toISOString(),
  };
}

/**
 * The sales report (issue 18 item 4) for a week, month or quarter in the caller's scope, optionally
 * narrowed to a region or team they may see: bookings (the one definition, contracts'
 * `bookingsWhere`), contracts signed, collections and new customers against the period before (MoM)
 * and the same period last year (YoY), bookings against target, and bookings split by region,
 * channel (customer source), product line and rep. Every figure comes from the owning module's
 * metrics function, in the caller's record access; each total and each region, channel, product line
 * or rep row links to the list whose count and sum equal it (a product line's sum: the ledger's
 * `productLineAmountCents`).
 */
export async function salesReport(ctx: Ctx, query: ReportQuery): Promise<SalesReport> {
  reportsAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const today = new Date(calendarDay(ctx.now, timeZone)).toISOString().slice(0, 10);
  const { range, previous, lastYear } = reportRanges(query.period, query.date ?? lastCompleteDate(query.period, today));
  const org = await loadOrg(ctx);
  const scope = scopeOf(ctx);
  const units = selectableUnits(ctx, org, scope);
  const unit = query.unitId ? units.find((candidate) => candidate.id === query.unitId) : undefined;
  if (query.unitId && !unit) throw new AppError('forbidden', 'this unit is outside what you may see', { field: 'query.unitId' });
  const underUnit = (path: string | null | undefined) => !unit || (path ?? '').startsWith(unit.path);
  const ranges = [range, previous, lastYear] as const;

  // Bookings: the contract's team decides the region (the ledger's teamId filter), so links agree.
  const canBook = contractsAccess.can(ctx.actor, 'read');
  const parts: BookingsPart[][] = canBook
    ? (await Promise.all(ranges.map((r) => bookingsBreakdown(ctx, r)))).map((list) =>
        list.filter((part) => underUnit(part.teamId ? org.byId.get(part.teamId)?.path : null)),
      )
    : [[], [], []];
  const collections = receivablesAccess.can(ctx.actor, 'read')
    ? (await Promise.all(ranges.map((r) => collectedByOwner(ctx, r)))).map((rows) =>
        rows.filter((row) => underUnit(org.people.get(row.ownerId)?.path)),
      )
    : null;
  const newCustomers = customersAccess.can(ctx.actor, 'read')
    ? (await Promise.all(ranges.map((r) => newCustomersByOwner(ctx, instants(r, timeZone))))).map((rows) =>
        rows.filter((row) => underUnit(org.people.get(row.ownerId)?.path)),
      )
    : null;
  const targets = canBook ? await periodTargets(ctx, 'bookings', range) : null;

  const scopeNodeId =
    unit?.id ??
    (scope === 'company'
      ? (org.units.find((u) => u.parentId === null)?.id ?? null)
      : scope === 'unit'
        ? ctx.actor.orgUnitId
        : ctx.actor.id);
  const total = (list: { amountCents: number }[]) => list.reduce((sum, row) => sum + row.amountCents, 0);
  const signed = { signedFrom: range.from, signedTo: range.to, teamId: unit?.id };
  const totals: ReportTotal[] = [];
  if (canBook) {
    const bookings = figure(total(parts[0]), total(parts[1]), total(parts[2]));
    const target = scopeNodeId ? (targets?.get(scopeNodeId) ?? null) : null;
    totals.push({
      metric: 'bookings',
      ...bookings,
      target,
      attainment: ratio(bookings.current, target),
      link: link('/api/v1/contracts', '/contracts', signed),
    });
    const count = (list: BookingsPart[]) => list.reduce((sum, part) => sum + part.count, 0);
    totals.push({
      metric: 'contracts',
      ...figure(count(parts[0]), count(parts[1]), count(parts[2])),
      target: null,
      attainment: null,
      link: link('/api/v1/contracts', '/contracts', signed),
    });
  }
  if (collections) {
    const [a, b, c] = collections.map(total) as [number, number, number];
    totals.push({
      metric: 'collections',
      ...figure(a, b, c),
      target: null,
      attainment: null,
      link: unit ? null : link('/api/v1/receipts', '/receivables/receipts', { from: range.from, to: range.to }),
    });
  }
  if (newCustomers) {
    const [a, b, c] = newCustomers.map((rows) => rows.reduce((sum, row) => sum + row.count, 0)) as [number, number, number];
    totals.push({
      metric: 'newCustomers',
      ...figure(a, b, c),
      target: null,
      attainment: null,
      link: unit ? null : link('/api/v1/customers', '/customers', instants(range, timeZone)),
    });
  }

  const lineOf = canBook ? await productLineMap(ctx) : new Map<string, { id: string; name: string }>();
  // Each product line's own bookings target (issue 18 item 1) for the scope's node.
  const lineIds = [...new Set([...lineOf.values()].map((line) => line.id))];
  const lineTargets = new Map(
    canBook && scopeNodeId
      ? await Promise.all(
          lineIds.map(async (id) => [id, (await periodTargets(ctx, 'bookings', range, id))?.get(scopeNodeId) ?? null] as const),
        )
      : [],
  );
  const section = (
    key: ReportSectionKey,
    keyOf: (part: BookingsPart) => { key: string; label: string },
    extra: (key: string) => { target: number | null; link: CockpitLink | null },
  ) => {
    const rows = new Map<string, { label: string; values: [number, number, number] }>();
    parts.forEach((list, index) => {
      for (const part of list) {
        const { key: rowKey, label } = keyOf(part);
        const row = rows.get(rowKey) ?? { label, values: [0, 0, 0] };
        row.values[index] += part.amountCents;
        rows.set(rowKey, row);
      }
    });
    const out: ReportRow[] = [...rows].map(([rowKey, row]) => {
      const { target, link: rowLink } = extra(rowKey);
      return { key: rowKey, label: row.label, ...figure(...row.values), target, attainment: ratio(row.values[0], target), link: rowLink };
    });
    out.sort((a, b) => b.current - a.current || b.previous - a.previous || a.label.localeCompare(b.label));
    return { key, rows: out };
  };
  const sections = canBook
    ? [
        section(
          'region',
          (part) => {
            const region = regionOf(org, part.teamId);
            return region ? { key: region.id, label: region.name } : { key: NONE, label: NONE };
          },
          (key) => ({
            target: key === NONE ? null : (targets?.get(key) ?? null),
            // Narrowed to a team inside the region: the team is the list's filter.
            link:
              key === NONE
                ? null
                : link('/api/v1/contracts', '/contracts', {
                    ...signed,
                    teamId: unit && unit.path.length > (org.byId.get(key)?.path.length ?? 0) ? unit.id : key,
                  }),
          }),
        ),
        section(
          'channel',
          (part) => ({ key: part.customerSource, label: part.customerSource }),
          (key) => ({ target: null, link: link('/api/v1/contracts', '/contracts', { ...signed, customerSource: key }) }),
        ),
        section(
          'productLine',
          (part) => {
            const line = part.productId ? lineOf.get(part.productId) : undefined;
            return line ? { key: line.id, label: line.name } : { key: NONE, label: NONE };
          },
          // The ledger filtered by the line totals that line's amounts (`productLineAmountCents`); the
          // part of contracts on no product line has no list of its own.
          (key) => ({
            target: key === NONE ? null : (lineTargets.get(key) ?? null),
            link: key === NONE ? null : link('/api/v1/contracts', '/contracts', { ...signed, productLineId: key }),
          }),
        ),
        section(
          'rep',
          (part) => ({ key: part.ownerId, label: org.people.get(part.ownerId)?.name ?? NONE }),
          (key) => ({ target: targets?.get(key) ?? null, link: link('/api/v1/contracts', '/contracts', { ...signed, ownerId: key }) }),
        ),
      ]
    : [];

  const scopeName =
    unit?.name ?? (scope === 'self' ? ctx.actor.displayName : (org.byId.get(scopeNodeId ?? '')?.name ?? ctx.actor.displayName));
  return {
    period: query.period,
    range,
    previous,
    lastYear,
    scope: { kind: scope, name: scopeName, unitId: unit?.id ?? null },
    units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, depth: u.path.split('/').filter(Boolean).length - 1 })),
    generatedAt: ctx.now.toISOString(),
    totals,
    sections,
  };
}

/** product id → its product line (the catalogue's category → line). */
async function productLineMap(ctx: Ctx): Promise<Map<string, { id: string; name: string }>> {
  const rows = await ctx.db
    .select({ productId: products.id, lineId: productLines.id, name: productLines.name })
    .from(products)
    .innerJoin(productCategories, eq(productCategories.id, products.categoryId))
    .innerJoin(productLines, eq(productLines.id, productCategories.lineId));
  return new Map(rows.map((row) => [row.productId, { id: row.lineId, name: row.name }]));
}
