import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import {
  decompositionMismatches,
  levelValue,
  MONTHS,
  TARGET_METRICS,
  type LetterStatus,
  type LetterStatusList,
  type Letter,
  type LetterTerm,
  type TargetGrid,
  type TargetGridQuery,
  type ProductLineOption,
  type TargetMetric,
  type TargetSave,
  message,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { users } from '../../platform/identity/index.js';
import { productLines } from '../products/index.js';
import { targetsAccess } from './targets.access.js';
import { targetAcknowledgements, targetPlans, targetValues, type StoredConfirmation } from './targets.schema.js';
import { loadTargetTree, visibleNodes } from './targets.tree.js';
import { actualsByNode, actualsByOwner } from './targets.actuals.js';
import { renderLetterPdf } from './letter.pdf.js';
import { zoneOffsetMs } from '../../platform/time.js';
import type { PdfLanguage } from '../../platform/pdf/pdf.js';

const zeros = () => new Array<number>(MONTHS).fill(0);
const monthRange = (year: number, month: number) => {
  const first = `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const last = new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
  return { from: first, to: last };
};

/** Which plan: a metric's over all product lines (null), or a product line's own. */
const lineIs = (productLineId: string | null | undefined): SQL =>
  productLineId ? eq(targetPlans.productLineId, productLineId) : isNull(targetPlans.productLineId);

/** The catalogue's product lines, for the product-line plans and the cockpit filter. */
export async function productLineOptions(db: Executor): Promise<ProductLineOption[]> {
  return db
    .select({ id: productLines.id, name: productLines.name })
    .from(productLines)
    .orderBy(asc(productLines.sort), asc(productLines.code));
}

/** A product-line plan is a bookings plan of a product line of the catalogue; anything else is 400 naming the field. */
async function checkProductLine(db: Executor, metric: TargetMetric, productLineId: string | null | undefined, field: string) {
  if (!productLineId) return;
  if (metric !== 'bookings') throw new AppError('validation', 'only the bookings target is set per product line', { field });
  const [line] = await db.select({ id: productLines.id }).from(productLines).where(eq(productLines.id, productLineId));
  if (!line) throw new AppError('validation', 'not a product line', { field });
}

type PlanRow = typeof targetPlans.$inferSelect;
export interface CurrentPlan {
  plan: PlanRow;
  values: Map<string, number[]>;
}

/** The current version of a year's plan for a metric (and product line), with its values. */
export async function currentPlan(
  db: Executor,
  year: number,
  metric: TargetMetric,
  productLineId: string | null = null,
): Promise<CurrentPlan | null> {
  return (await currentPlans(db, year, [metric], productLineId)).get(metric) ?? null;
}

/**
 * The current plans of several metrics in one statement (the cockpit reads three on every load), with
 * only `nodeIds`' values when given (a rep's cockpit needs one row of ~500 per plan).
 */
export async function currentPlans(
  db: Executor,
  year: number,
  metrics: readonly TargetMetric[],
  productLineId: string | null = null,
  nodeIds?: readonly string[],
): Promise<Map<TargetMetric, CurrentPlan>> {
  const plans = new Map<TargetMetric, CurrentPlan>();
  if (metrics.length === 0) return plans;
  const rows = await db
    .select({ plan: targetPlans, nodeId: targetValues.nodeId, months: targetValues.months })
    .from(targetPlans)
    .leftJoin(
      targetValues,
      and(
        eq(targetValues.planId, targetPlans.id),
        nodeIds ? sql`${targetValues.nodeId} = any(${sql.param([...nodeIds])}::uuid[])` : undefined,
      ),
    )
    .where(
      and(
        eq(targetPlans.year, year),
        sql`${targetPlans.metric} = any(${sql.param([...metrics])}::text[])`,
        lineIs(productLineId),
        eq(targetPlans.isCurrent, true),
      ),
    );
  for (const row of rows) {
    const metric = row.plan.metric as TargetMetric;
    let entry = plans.get(metric);
    if (!entry) plans.set(metric, (entry = { plan: row.plan, values: new Map() }));
    if (row.nodeId && row.months) entry.values.set(row.nodeId, row.months.map(Number));
  }
  return plans;
}

/** The decomposition grid (M4): the tree in the caller's scope, this year's figures, last year's actuals. */
export async function getGrid(ctx: Ctx, query: TargetGridQuery): Promise<TargetGrid> {
  targetsAccess.require(ctx.actor, 'read');
  const productLineId = query.productLineId ?? null;
  await checkProductLine(ctx.db, query.metric, productLineId, 'querystring.productLineId');
  const { timeZone } = await getSettings(ctx.db);
  const tree = await loadTargetTree(ctx.db);
  const nodes = visibleNodes(tree, ctx.actor);
  const ids = new Set(nodes.map((node) => node.id));
  const current = await currentPlan(ctx.db, query.year, query.metric, productLineId);
  const versions = await ctx.db
    .select({ version: targetPlans.version, changedByName: users.displayName, changedAt: targetPlans.createdAt, note: targetPlans.note })
    .from(targetPlans)
    .leftJoin(users, eq(users.id, targetPlans.createdById))
    .where(and(eq(targetPlans.year, query.year), eq(targetPlans.metric, query.metric), lineIs(productLineId)))
    .orderBy(desc(targetPlans.version));
  // Last year's actuals per node and month, from the modules' metrics (in the caller's scope).
  const lastYear: Record<string, number[]> = {};
  const months = await Promise.all(
    Array.from({ length: MONTHS }, (_, m) =>
      actualsByOwner(ctx, query.metric, monthRange(query.year - 1, m), timeZone, undefined, productLineId ?? undefined),
    ),
  );
  months.forEach((byOwner, m) => {
    for (const [nodeId, value] of actualsByNode(tree, byOwner)) {
      if (!ids.has(nodeId)) continue;
      (lastYear[nodeId] ??= zeros())[m] = value;
    }
  });
  const values: Record<string, number[]> = {};
  for (const node of nodes) {
    const own = current?.values.get(node.id);
    if (own) values[node.id] = own;
  }
  return {
    year: query.year,
    metric: query.metric,
    productLineId,
    productLines: query.metric === 'bookings' ? await productLineOptions(ctx.db) : [],
    version: current?.plan.version ?? 0,
    stretchPct: current?.plan.stretchPct ?? 110,
    challengePct: current?.plan.challengePct ?? 120,
    nodes: nodes.map(({ path: _path, ...node }) => node),
    values,
    lastYear,
    confirmations: (current?.plan.confirmations ?? []).filter((c) => ids.has(c.nodeId)).map(({ nodeId, reason }) => ({ nodeId, reason })),
    versions: versions.map((v) => ({ ...v, changedAt: v.changedAt.toISOString() })),
    canEdit: targetsAccess.can(ctx.actor, 'write'),
  };
}

/**
 * Saves a new version of a year's plan (the old one stays, marked not current). R-TGT-1: every parent
 * whose children do not add up needs a confirmation with a reason, or nothing is written (400 naming
 * `body.confirmations`, with the mismatches). Another save since `baseVersion` → 409. Audited.
 */
export async function saveGrid(ctx: Ctx, input: TargetSave): Promise<TargetGrid> {
  targetsAccess.require(ctx.actor, 'write');
  const productLineId = input.productLineId ?? null;
  await checkProductLine(ctx.db, input.metric, productLineId, 'body.productLineId');
  const tree = await loadTargetTree(ctx.db);
  const known = new Map(tree.nodes.map((node) => [node.id, node]));
  const unknown = Object.keys(input.values).find((nodeId) => !known.has(nodeId));
  if (unknown) throw new AppError('validation', 'not a unit or person of the target tree', { field: `body.values.${unknown}` });
  const mismatches = decompositionMismatches(tree.nodes, input.values);
  const reasons = new Map(input.confirmations.map((c) => [c.nodeId, c.reason]));
  const unconfirmed = mismatches.filter((m) => !reasons.has(m.nodeId));
  if (unconfirmed.length > 0) {
    throw new AppError('validation', 'children do not add up to their parent; confirm each difference with a reason', {
      field: 'body.confirmations',
      rule: 'R-TGT-1',
      data: { mismatches: unconfirmed },
    });
  }
  const confirmations: StoredConfirmation[] = mismatches.map((m) => ({
    nodeId: m.nodeId,
    reason: reasons.get(m.nodeId)!,
    yearDifference: m.yearDifference,
  }));
  await ctx.db.transaction(async (tx) => {
    // Serialises saves of one plan: the first save of a year has no row to lock, the unique key catches that race.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`targets:${input.year}:${input.metric}:${productLineId ?? 'all'}`}))`);
    const [current] = await tx
      .select()
      .from(targetPlans)
      .where(
        and(eq(targetPlans.year, input.year), eq(targetPlans.metric, input.metric), lineIs(productLineId), eq(targetPlans.isCurrent, true)),
      );
    if ((current?.version ?? 0) !== input.baseVersion) throw conflict('the targets were changed by someone else; reload and try again');
    if (current) await tx.update(targetPlans).set({ isCurrent: false }).where(eq(targetPlans.id, current.id));
    const [plan] = await tx
      .insert(targetPlans)
      .values({
        year: input.year,
        metric: input.metric,
        productLineId,
        version: input.baseVersion + 1,
        stretchPct: input.stretchPct,
        challengePct: input.challengePct,
        confirmations,
        note: input.note ?? null,
        createdById: ctx.actor.id,
      })
      .returning({ id: targetPlans.id, version: targetPlans.version });
    const rows = Object.entries(input.values).map(([nodeId, months]) => ({
      planId: plan!.id,
      nodeId,
      nodeKind: known.get(nodeId)!.kind,
      parentId: known.get(nodeId)!.parentId,
      months,
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(targetValues).values(rows.slice(i, i + 1000));
    const total = (nodeId: string | null) => (nodeId ? (input.values[nodeId] ?? []).reduce((a, b) => a + b, 0) : 0);
    await ctx.audit(tx, {
      action: current ? 'update' : 'create',
      entity: 'target_plan',
      entityId: plan!.id,
      changes: {
        version: [current?.version ?? null, plan!.version],
        companyTotal: [current ? null : null, total(tree.rootId)],
        ...(productLineId ? { productLineId: [null, productLineId] } : {}),
        ...(confirmations.length ? { confirmedMismatches: [null, confirmations] } : {}),
      },
      summary: `${input.year} ${input.metric} targets v${plan!.version}${confirmations.length ? `; ${confirmations.length} difference(s) confirmed` : ''}`,
      summaryMessage: message('audit.messages.targetsSaved', { year: input.year, version: plan!.version, confirmed: confirmations.length }),
    });
  });
  return getGrid(ctx, { year: input.year, metric: input.metric, ...(productLineId ? { productLineId } : {}) });
}

// ——— responsibility letters ———

/**
 * A person's terms for a year: their row of every metric's current plan, and of each product line's
 * bookings plan (issue 18 item 1). One letter per person and year holds them all — a 责任书 is the one
 * document a salesperson signs for the year, so one acknowledgement covers every figure in it; each
 * product line's term follows the all-lines bookings term it is part of.
 */
type Plan = NonNullable<Awaited<ReturnType<typeof currentPlan>>>;
interface LetterPlans {
  metrics: (Plan | null)[];
  lines: { productLineId: string; productLineName: string; plan: Plan }[];
}

async function letterPlans(db: Executor, year: number): Promise<LetterPlans> {
  const lineRows = await db
    .select({ id: productLines.id, name: productLines.name })
    .from(targetPlans)
    .innerJoin(productLines, eq(productLines.id, targetPlans.productLineId))
    .where(and(eq(targetPlans.year, year), eq(targetPlans.metric, 'bookings'), eq(targetPlans.isCurrent, true)))
    .orderBy(asc(productLines.sort), asc(productLines.code));
  const [metrics, lines] = await Promise.all([
    Promise.all(TARGET_METRICS.map((metric) => currentPlan(db, year, metric))),
    Promise.all(lineRows.map(async (line) => ({ line, plan: await currentPlan(db, year, 'bookings', line.id) }))),
  ]);
  return {
    metrics,
    lines: lines.flatMap(({ line, plan }) => (plan ? [{ productLineId: line.id, productLineName: line.name, plan }] : [])),
  };
}

function termOf(current: Plan, userId: string): Omit<LetterTerm, 'metric'> | null {
  const months = current.values.get(userId);
  if (!months) return null;
  const target = months.reduce((a, b) => a + b, 0);
  return {
    version: current.plan.version,
    months,
    target,
    stretch: levelValue(target, 'stretch', current.plan),
    challenge: levelValue(target, 'challenge', current.plan),
  };
}

function termsOf(plans: LetterPlans, userId: string): LetterTerm[] {
  const terms: LetterTerm[] = [];
  for (const [index, metric] of TARGET_METRICS.entries()) {
    const current = plans.metrics[index];
    const term = current ? termOf(current, userId) : null;
    if (term) terms.push({ metric, ...term });
    if (metric !== 'bookings') continue;
    for (const { productLineId, productLineName, plan } of plans.lines) {
      const line = termOf(plan, userId);
      if (line) terms.push({ metric, productLineId, productLineName, ...line });
    }
  }
  return terms;
}

/**
 * Same figures = same letter; a version bump that leaves this person's row unchanged needs no new
 * acknowledgement, nor does renaming a product line (its id is the term). Compared field by field:
 * the stored terms come back from jsonb with their keys reordered.
 */
const comparable = (terms: LetterTerm[]) =>
  JSON.stringify(terms.map((t) => [t.metric, t.productLineId ?? null, t.months, t.target, t.stretch, t.challenge]));
const sameTerms = (a: LetterTerm[], b: LetterTerm[]) => comparable(a) === comparable(b);

async function letterStatus(db: Executor, year: number, userId: string, terms: LetterTerm[]) {
  const [last] = await db
    .select()
    .from(targetAcknowledgements)
    .where(and(eq(targetAcknowledgements.year, year), eq(targetAcknowledgements.userId, userId)))
    .orderBy(desc(targetAcknowledgements.acknowledgedAt))
    .limit(1);
  const status: LetterStatus = terms.length === 0 ? 'none' : last && sameTerms(last.terms, terms) ? 'acknowledged' : 'pending';
  return {
    status,
    acknowledgedAt: status === 'acknowledged' ? last!.acknowledgedAt.toISOString() : null,
    changed: Boolean(last) && status === 'pending',
  };
}

/** The caller's own letter (责任书) for a year. */
export async function myLetter(ctx: Ctx, year: number): Promise<Letter> {
  const settings = await getSettings(ctx.db);
  const terms = termsOf(await letterPlans(ctx.db, year), ctx.actor.id);
  const state = await letterStatus(ctx.db, year, ctx.actor.id, terms);
  const unit = await ctx.db.execute<{ name: string }>(sql`select name from org_units where id = ${ctx.actor.orgUnitId}`);
  return {
    year,
    userId: ctx.actor.id,
    userName: ctx.actor.displayName,
    unitName: unit.rows[0]?.name ?? null,
    companyName: settings.companyName,
    terms,
    status: state.status,
    acknowledgedAt: state.acknowledgedAt,
    changedSinceAcknowledged: state.changed,
  };
}

/** The caller acknowledges the letter they are shown now (the terms are stored with it). Audited. */
export async function acknowledgeLetter(ctx: Ctx, year: number): Promise<Letter> {
  targetsAccess.require(ctx.actor, 'acknowledge');
  await ctx.db.transaction(async (tx) => {
    const terms = termsOf(await letterPlans(tx, year), ctx.actor.id);
    if (terms.length === 0) throw notFound('target letter');
    const state = await letterStatus(tx, year, ctx.actor.id, terms);
    if (state.status === 'acknowledged') return;
    const [row] = await tx
      .insert(targetAcknowledgements)
      .values({ year, userId: ctx.actor.id, terms })
      .returning({ id: targetAcknowledgements.id });
    await ctx.audit(tx, {
      action: 'create',
      entity: 'target_acknowledgement',
      entityId: row!.id,
      summary: `${year} responsibility letter acknowledged`,
      summaryMessage: message('audit.messages.letterAcknowledged', { year }),
    });
  });
  return myLetter(ctx, year);
}

/** Who in the caller's scope has (not) acknowledged their letter (managers follow up). */
export async function letterStatuses(ctx: Ctx, year: number): Promise<LetterStatusList> {
  targetsAccess.require(ctx.actor, 'read');
  const tree = await loadTargetTree(ctx.db);
  const people = visibleNodes(tree, ctx.actor).filter((node) => node.kind === 'user');
  const unitNames = new Map(tree.nodes.filter((n) => n.kind === 'unit').map((n) => [n.id, n.name]));
  const parents = new Map(tree.nodes.map((n) => [n.id, n.parentId]));
  const plans = await letterPlans(ctx.db, year);
  const rows = [];
  for (const person of people) {
    const terms = termsOf(plans, person.id);
    const state = await letterStatus(ctx.db, year, person.id, terms);
    const parentId = parents.get(person.id) ?? null;
    rows.push({
      userId: person.id,
      userName: person.name,
      unitName: parentId ? (unitNames.get(parentId) ?? null) : null,
      status: state.status,
      acknowledgedAt: state.acknowledgedAt,
      productLines: terms.flatMap((term) => (term.productLineName ? [term.productLineName] : [])),
    });
  }
  return { year, rows };
}

/** The caller's letter as a printable PDF (zh or en) to sign; 404 when they hold no target that year. */
export async function myLetterPdf(ctx: Ctx, year: number, language: PdfLanguage): Promise<Buffer> {
  const letter = await myLetter(ctx, year);
  if (letter.status === 'none') throw notFound('target letter');
  const { timeZone } = await getSettings(ctx.db);
  // Wall-clock time in the company zone, to the minute.
  const stamp = (instant: Date) =>
    new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 16).replace('T', ' ');
  return renderLetterPdf(letter, {
    language,
    generatedAt: stamp(ctx.now),
    acknowledgedAt: letter.acknowledgedAt ? stamp(new Date(letter.acknowledgedAt)) : null,
  });
}
