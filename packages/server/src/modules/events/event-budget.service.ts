import { and, asc, eq, sql } from 'drizzle-orm';
import {
  budgetLineFigures,
  checkBudget,
  message,
  type BudgetRevisionInput,
  type BudgetSave,
  type CostInput,
  type EventBudget,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { submitApproval } from '../../platform/approvals/approvals.engine.js';
import { defineSlot } from '../../platform/manifest/index.js';
import { users } from '../org/index.js';
import { events } from './events.schema.js';
import { eventBudgetLines, eventBudgets, eventCosts } from './event-ops.schema.js';
import { eventsAccess } from './events.access.js';
import { loadEvent } from './events.service.js';
import { eventMetrics } from './invitations.service.js';
import {
  linesDroppedByPendingRevision,
  listBudgetVersions,
  onBudgetVersionDecided,
  recordInitialVersion,
  requestBudgetRevision,
} from './event-budget-versions.service.js';

/**
 * The seam for later modules (expense claims, issue 19): amounts committed against an event's budget
 * lines but not yet recorded here as costs. A contribution returns committed cents per line id; the
 * R-EXP-2 check counts them, so claims attach to cost lines without this module changing.
 */
export type LineCommitments = (tx: Executor, lineIds: readonly string[]) => Promise<ReadonlyMap<string, number>>;
export const eventLineCommitments = defineSlot<LineCommitments>('events.lineCommitments');

async function committedByLine(tx: Executor, lineIds: readonly string[]): Promise<Map<string, number>> {
  const total = new Map<string, number>();
  for (const contribution of eventLineCommitments.values()) {
    for (const [lineId, cents] of await contribution(tx, lineIds)) total.set(lineId, (total.get(lineId) ?? 0) + cents);
  }
  return total;
}

/** Recorded (spent) and waiting (over budget, not yet approved) cents per line of an event. */
async function spentByLine(executor: Executor, eventId: string): Promise<Map<string, { spent: number; pending: number }>> {
  const rows = await executor
    .select({
      lineId: eventCosts.lineId,
      spent: sql<number>`coalesce(sum(${eventCosts.amountCents}) filter (where ${eventCosts.status} = 'recorded'), 0)::bigint`,
      pending: sql<number>`coalesce(sum(${eventCosts.amountCents}) filter (where ${eventCosts.status} = 'pending_approval'), 0)::bigint`,
    })
    .from(eventCosts)
    .where(eq(eventCosts.eventId, eventId))
    .groupBy(eventCosts.lineId);
  return new Map(rows.map((r) => [r.lineId, { spent: Number(r.spent), pending: Number(r.pending) }]));
}

/** Who sees an event's budget and costs: those whose read scope covers its organiser (organisers, their line, finance, ops, auditors) — not callers. */
async function budgetEvent(ctx: Ctx, eventId: string, executor: Executor = ctx.db) {
  const row = await loadEvent(ctx, eventId, executor);
  if (!row.canWrite) {
    const [visible] = await executor
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.id, eventId), eventsAccess.where(ctx.actor, 'read', events.organiserId)));
    if (!visible) throw forbidden('an event’s budget is for its organisers and finance');
  }
  return row;
}

/** The event's budget lines with what is spent on each (90 % warning), its costs, and cost per attendee / per deal. */
export async function getEventBudget(ctx: Ctx, eventId: string): Promise<EventBudget> {
  const row = await budgetEvent(ctx, eventId);
  const open = row.e.status !== 'closed' && row.e.status !== 'cancelled';
  const [budget] = await ctx.db.select().from(eventBudgets).where(eq(eventBudgets.eventId, eventId));
  const lines = budget
    ? await ctx.db.select().from(eventBudgetLines).where(eq(eventBudgetLines.eventId, eventId)).orderBy(asc(eventBudgetLines.position))
    : [];
  const [spent, costs, metrics, versions] = await Promise.all([
    spentByLine(ctx.db, eventId),
    ctx.db
      .select({ c: eventCosts, category: eventBudgetLines.category, recordedByName: users.displayName })
      .from(eventCosts)
      .innerJoin(eventBudgetLines, eq(eventBudgetLines.id, eventCosts.lineId))
      .leftJoin(users, eq(users.id, eventCosts.recordedById))
      .where(eq(eventCosts.eventId, eventId))
      .orderBy(asc(eventCosts.createdAt), asc(eventCosts.id)),
    eventMetrics(ctx, eventId),
    listBudgetVersions(ctx.db, eventId),
  ]);
  const committed = await committedByLine(
    ctx.db,
    lines.map((l) => l.id),
  );
  const presentedLines = lines.map((line) => {
    const used = spent.get(line.id) ?? { spent: 0, pending: 0 };
    const figures = budgetLineFigures(line.amountCents, used.spent + (committed.get(line.id) ?? 0));
    return {
      id: line.id,
      category: line.category,
      description: line.description,
      amountCents: line.amountCents,
      spentCents: used.spent,
      pendingCents: used.pending,
      ...figures,
    };
  });
  const editable = row.canWrite && open && (!budget || budget.status === 'draft' || budget.status === 'rejected');
  const pendingRevision = versions.find((v) => v.kind === 'revision' && v.status === 'pending') ?? null;
  return {
    eventId,
    status: budget?.status ?? null,
    version: budget?.version ?? null,
    approvalRequestId: budget?.approvalRequestId ?? null,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    spentCents: presentedLines.reduce((sum, l) => sum + l.spentCents, 0),
    lines: presentedLines,
    costs: costs.map(({ c, category, recordedByName }) => ({
      id: c.id,
      lineId: c.lineId,
      category,
      amountCents: c.amountCents,
      description: c.description,
      incurredOn: c.incurredOn,
      status: c.status,
      overBudget: c.overBudget,
      approvalRequestId: c.approvalRequestId,
      recordedByName,
      createdAt: iso(c.createdAt)!,
    })),
    attendees: metrics.attendees,
    deals: metrics.deals,
    costPerAttendeeCents: metrics.costPerAttendeeCents,
    costPerDealCents: metrics.costPerDealCents,
    abilities: {
      edit: editable,
      submit: editable && lines.length > 0,
      recordCost: row.canWrite && row.e.status !== 'cancelled' && budget?.status === 'approved',
      revise: row.canWrite && row.e.status !== 'cancelled' && budget?.status === 'approved' && !pendingRevision,
    },
    versions,
    pendingRevision,
  };
}

/** The event, locked, if the caller may change it; 404 outside the write scope, 422 once it is closed or cancelled. */
async function lockBudgetEvent(ctx: Ctx, tx: Tx, eventId: string, allowClosed = false) {
  eventsAccess.require(ctx.actor, 'write');
  const [event] = await tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eventsAccess.where(ctx.actor, 'write', events.organiserId)));
  if (!event) throw notFound('event');
  if (event.status === 'cancelled' || (!allowClosed && event.status === 'closed')) {
    throw new AppError('rule', `the budget cannot change while the event is ${event.status}`);
  }
  return event;
}

/** Saves the budget's lines (replacing them) while it is a draft or was rejected; 409 on a stale version. */
export async function saveEventBudget(ctx: Ctx, eventId: string, input: BudgetSave): Promise<EventBudget> {
  await ctx.db.transaction(async (tx) => {
    await lockBudgetEvent(ctx, tx, eventId);
    const [budget] = await tx.select().from(eventBudgets).where(eq(eventBudgets.eventId, eventId)).for('update');
    if (budget) {
      if (input.version !== budget.version) throw conflict();
      if (budget.status === 'pending' || budget.status === 'approved') {
        throw new AppError('rule', `the budget cannot change while it is ${budget.status}`, { field: 'body.lines' });
      }
      await tx.delete(eventBudgetLines).where(eq(eventBudgetLines.eventId, eventId));
      await tx
        .update(eventBudgets)
        .set({ status: 'draft', updatedAt: ctx.now, version: sql`${eventBudgets.version} + 1` })
        .where(eq(eventBudgets.eventId, eventId));
    } else {
      await tx.insert(eventBudgets).values({ eventId, createdAt: ctx.now, updatedAt: ctx.now });
    }
    await tx.insert(eventBudgetLines).values(
      input.lines.map((line, position) => ({
        eventId,
        category: line.category,
        description: line.description ?? null,
        amountCents: line.amountCents,
        position,
      })),
    );
    const total = input.lines.reduce((sum, line) => sum + line.amountCents, 0);
    await ctx.audit(tx, {
      action: budget ? 'update' : 'create',
      entity: 'event_budgets',
      entityId: eventId,
      summary: `budget ${total / 100}`,
      summaryMessage: message('audit.messages.eventBudgetSaved', { amount: (total / 100).toFixed(2) }),
    });
  });
  return getEventBudget(ctx, eventId);
}

/** Submits the budget to the approval engine as `event.budget` (the matrix decides who approves by its total). */
export async function submitEventBudget(ctx: Ctx, eventId: string, version: number): Promise<EventBudget> {
  await ctx.db.transaction(async (tx) => {
    const event = await lockBudgetEvent(ctx, tx, eventId);
    const [budget] = await tx.select().from(eventBudgets).where(eq(eventBudgets.eventId, eventId)).for('update');
    if (!budget) throw new AppError('rule', 'write the budget lines first', { field: 'body.version' });
    if (budget.version !== version) throw conflict();
    if (budget.status !== 'draft' && budget.status !== 'rejected') {
      throw new AppError('rule', `a ${budget.status} budget cannot be submitted`, { field: 'body.version' });
    }
    const [total] = await tx
      .select({ cents: sql<number>`coalesce(sum(${eventBudgetLines.amountCents}), 0)::bigint` })
      .from(eventBudgetLines)
      .where(eq(eventBudgetLines.eventId, eventId));
    const amountCents = Number(total?.cents ?? 0);
    const result = await submitApproval(tx, ctx, {
      subjectType: 'event.budget',
      subjectId: eventId,
      title: `活动预算：${event.theme}`,
      titleMessage: message('events.ops.notices.budgetApproval', { theme: event.theme, amount: (amountCents / 100).toFixed(2) }),
      amountCents,
      ownerId: event.organiserId,
      details: { eventId, amountCents },
    });
    await tx
      .update(eventBudgets)
      .set({
        status: result.status === 'approved' ? 'approved' : 'pending',
        approvalRequestId: result.requestId,
        submittedAt: ctx.now,
        decidedAt: result.status === 'approved' ? ctx.now : null,
        updatedAt: ctx.now,
        version: sql`${eventBudgets.version} + 1`,
      })
      .where(eq(eventBudgets.eventId, eventId));
    await recordInitialVersion(tx, ctx, eventId, {
      requestId: result.requestId,
      status: result.status === 'approved' ? 'approved' : 'pending',
    });
    await ctx.audit(tx, { action: 'update', entity: 'event_budgets', entityId: eventId, changes: { status: [budget.status, 'pending'] } });
  });
  return getEventBudget(ctx, eventId);
}

/** R-APR-1 decision on `event.budget`: the budget becomes approved (costs may be recorded) or rejected (editable again). */
export async function onBudgetDecided(tx: Tx, ctx: Ctx, request: { id: string; subjectId: string; status: 'approved' | 'rejected' }) {
  await onBudgetVersionDecided(tx, ctx, request);
  await tx
    .update(eventBudgets)
    .set({ status: request.status, decidedAt: ctx.now, updatedAt: ctx.now, version: sql`${eventBudgets.version} + 1` })
    .where(and(eq(eventBudgets.eventId, request.subjectId), eq(eventBudgets.approvalRequestId, request.id)));
}

/** R-APR-1 decision on `event.overbudget`: an over-budget cost counts once approved, never when rejected. */
export async function onOverBudgetDecided(tx: Tx, ctx: Ctx, request: { id: string; subjectId: string; status: 'approved' | 'rejected' }) {
  await tx
    .update(eventCosts)
    .set({ status: request.status === 'approved' ? 'recorded' : 'rejected' })
    .where(
      and(eq(eventCosts.id, request.subjectId), eq(eventCosts.approvalRequestId, request.id), eq(eventCosts.status, 'pending_approval')),
    );
  await ctx.audit(tx, {
    action: 'update',
    entity: 'event_costs',
    entityId: request.subjectId,
    summary: `over budget ${request.status}`,
    summaryMessage: message(
      request.status === 'approved' ? 'audit.messages.eventCostOverBudgetApproved' : 'audit.messages.eventCostOverBudgetRejected',
      {},
    ),
  });
}

/**
 * Records an actual cost against an approved budget line. R-EXP-2 (`checkBudget`, the shared rule):
 * a cost that would take the line below zero is refused with the figures — or, when the caller asks,
 * held as pending and sent for an over-budget approval. The budget row is locked first, so
 * concurrent costs are checked one after the other and cannot together overspend.
 */
export async function recordEventCost(ctx: Ctx, eventId: string, input: CostInput): Promise<EventBudget> {
  await ctx.db.transaction(async (tx) => {
    const event = await lockBudgetEvent(ctx, tx, eventId, true);
    const [budget] = await tx.select().from(eventBudgets).where(eq(eventBudgets.eventId, eventId)).for('update');
    if (budget?.status !== 'approved')
      throw new AppError('rule', 'costs are recorded against an approved budget', { field: 'body.lineId' });
    const [line] = await tx
      .select()
      .from(eventBudgetLines)
      .where(and(eq(eventBudgetLines.id, input.lineId), eq(eventBudgetLines.eventId, eventId)));
    if (!line) throw new AppError('validation', 'no such budget line in this event', { field: 'body.lineId' });
    if ((await linesDroppedByPendingRevision(tx, eventId)).has(line.id)) {
      throw new AppError('rule', 'a revision waiting for approval drops this line', { field: 'body.lineId' });
    }
    const spent = (await spentByLine(tx, eventId)).get(line.id)?.spent ?? 0;
    const committed = (await committedByLine(tx, [line.id])).get(line.id) ?? 0;
    const check = checkBudget({ budgetCents: line.amountCents, committedCents: committed, spentCents: spent }, input.amountCents);
    if (!check.allowed && !input.requestOverBudget) {
      throw new AppError(
        'rule',
        `over budget by ${(check.overByCents / 100).toFixed(2)}: ${(Math.max(0, check.remainingCents) / 100).toFixed(2)} left on this line`,
        {
          rule: 'R-EXP-2',
          field: 'body.amountCents',
          data: {
            budgetCents: check.budgetCents,
            spentCents: check.spentCents,
            committedCents: check.committedCents,
            remainingCents: check.remainingCents,
            overByCents: check.overByCents,
          },
        },
      );
    }
    const [cost] = await tx
      .insert(eventCosts)
      .values({
        eventId,
        lineId: line.id,
        amountCents: input.amountCents,
        description: input.description,
        incurredOn: input.incurredOn,
        status: check.overBudget ? 'pending_approval' : 'recorded',
        overBudget: check.overBudget,
        reason: input.reason ?? null,
        recordedById: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning({ id: eventCosts.id });
    if (check.overBudget) {
      const result = await submitApproval(tx, ctx, {
        subjectType: 'event.overbudget',
        subjectId: cost!.id,
        title: `活动超预算：${event.theme}`,
        titleMessage: message('events.ops.notices.overBudgetApproval', {
          theme: event.theme,
          amount: (check.overByCents / 100).toFixed(2),
        }),
        amountCents: check.overByCents,
        ownerId: event.organiserId,
        details: { eventId, lineId: line.id, amountCents: input.amountCents, overByCents: check.overByCents, reason: input.reason ?? null },
      });
      await tx
        .update(eventCosts)
        .set({ approvalRequestId: result.requestId, status: result.status === 'approved' ? 'recorded' : 'pending_approval' })
        .where(eq(eventCosts.id, cost!.id));
    }
    await ctx.audit(tx, {
      action: 'create',
      entity: 'event_costs',
      entityId: cost!.id,
      summary: `${input.description}: ${input.amountCents / 100}`,
    });
  });
  return getEventBudget(ctx, eventId);
}

/** Asks for a revision of the approved budget (issue 17 item 2); the approved budget stays in force until it is approved. */
export async function reviseEventBudget(ctx: Ctx, eventId: string, input: BudgetRevisionInput): Promise<EventBudget> {
  await ctx.db.transaction(async (tx) => {
    const event = await lockBudgetEvent(ctx, tx, eventId, true);
    await requestBudgetRevision(tx, ctx, event, input);
  });
  return getEventBudget(ctx, eventId);
}
