import { and, desc, eq, sql } from 'drizzle-orm';
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
  type TargetMetric,
  type TargetSave,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { users } from '../../platform/identity/index.js';
import { targetsAccess } from './targets.access.js';
import { targetAcknowledgements, targetPlans, targetValues, type StoredConfirmation } from './targets.schema.js';
import { loadTargetTree, visibleNodes } from './targets.tree.js';
import { actualsByNode, actualsByOwner } from './targets.actuals.js';

const zeros = () => new Array<number>(MONTHS).fill(0);
const monthRange = (year: number, month: number) => {
  const first = `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const last = new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
  return { from: first, to: last };
};

/** The current version of a year's plan for a metric, with its values. */
export async function currentPlan(db: Executor, year: number, metric: TargetMetric) {
  const [plan] = await db
    .select()
    .from(targetPlans)
    .where(and(eq(targetPlans.year, year), eq(targetPlans.metric, metric), eq(targetPlans.isCurrent, true)));
  if (!plan) return null;
  const rows = await db.select().from(targetValues).where(eq(targetValues.planId, plan.id));
  return { plan, values: new Map(rows.map((row) => [row.nodeId, row.months.map(Number)])) };
}

/** The decomposition grid (M4): the tree in the caller's scope, this year's figures, last year's actuals. */
export async function getGrid(ctx: Ctx, query: TargetGridQuery): Promise<TargetGrid> {
  targetsAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const tree = await loadTargetTree(ctx.db);
  const nodes = visibleNodes(tree, ctx.actor);
  const ids = new Set(nodes.map((node) => node.id));
  const current = await currentPlan(ctx.db, query.year, query.metric);
  const versions = await ctx.db
    .select({ version: targetPlans.version, changedByName: users.displayName, changedAt: targetPlans.createdAt, note: targetPlans.note })
    .from(targetPlans)
    .leftJoin(users, eq(users.id, targetPlans.createdById))
    .where(and(eq(targetPlans.year, query.year), eq(targetPlans.metric, query.metric)))
    .orderBy(desc(targetPlans.version));
  // Last year's actuals per node and month, from the modules' metrics (in the caller's scope).
  const lastYear: Record<string, number[]> = {};
  const months = await Promise.all(
    Array.from({ length: MONTHS }, (_, m) => actualsByOwner(ctx, query.metric, monthRange(query.year - 1, m), timeZone)),
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
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`targets:${input.year}:${input.metric}`}))`);
    const [current] = await tx
      .select()
      .from(targetPlans)
      .where(and(eq(targetPlans.year, input.year), eq(targetPlans.metric, input.metric), eq(targetPlans.isCurrent, true)));
    if ((current?.version ?? 0) !== input.baseVersion) throw conflict('the targets were changed by someone else; reload and try again');
    if (current) await tx.update(targetPlans).set({ isCurrent: false }).where(eq(targetPlans.id, current.id));
    const [plan] = await tx
      .insert(targetPlans)
      .values({
        year: input.year,
        metric: input.metric,
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
        ...(confirmations.length ? { confirmedMismatches: [null, confirmations] } : {}),
      },
      summary: `${input.year} ${input.metric} targets v${plan!.version}${confirmations.length ? `; ${confirmations.length} difference(s) confirmed` : ''}`,
    });
  });
  return getGrid(ctx, { year: input.year, metric: input.metric });
}

// ——— responsibility letters ———

/** A person's terms for a year: their row of every metric's current plan. */
type Plans = Awaited<ReturnType<typeof currentPlan>>[];
const currentPlans = (db: Executor, year: number): Promise<Plans> =>
  Promise.all(TARGET_METRICS.map((metric) => currentPlan(db, year, metric)));

function termsOf(plans: Plans, userId: string): LetterTerm[] {
  const terms: LetterTerm[] = [];
  for (const [index, metric] of TARGET_METRICS.entries()) {
    const current = plans[index];
    const months = current?.values.get(userId);
    if (!current || !months) continue;
    const target = months.reduce((a, b) => a + b, 0);
    terms.push({
      metric,
      version: current.plan.version,
      months,
      target,
      stretch: levelValue(target, 'stretch', current.plan),
      challenge: levelValue(target, 'challenge', current.plan),
    });
  }
  return terms;
}

/** Same figures = same letter; a version bump that leaves this person's row unchanged needs no new acknowledgement. */
const sameTerms = (a: LetterTerm[], b: LetterTerm[]) =>
  JSON.stringify(a.map(({ version: _v, ...t }) => t)) === JSON.stringify(b.map(({ version: _v, ...t }) => t));

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
  const terms = termsOf(await currentPlans(ctx.db, year), ctx.actor.id);
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
    const terms = termsOf(await currentPlans(tx, year), ctx.actor.id);
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
  const plans = await currentPlans(ctx.db, year);
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
    });
  }
  return { year, rows };
}
