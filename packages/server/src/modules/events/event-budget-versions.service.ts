import { and, asc, eq, sql } from 'drizzle-orm';
import {
  budgetLineChanges,
  message,
  type BudgetRevisionInput,
  type BudgetVersion,
  type BudgetVersionLine,
  type BudgetVersionStatus,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict } from '../../platform/errors.js';
import { submitApproval } from '../../platform/approvals/approvals.engine.js';
import { eventBudgetLines, eventBudgets, eventBudgetVersions, eventCosts } from './event-ops.schema.js';

/**
 * Budget versions (issue 17 item 2): every submission of an event's budget — the first one and each
 * revision of an approved budget — is a row with the lines asked for, the reason, who asked and the
 * approval. A revision goes through the approval engine as the same `event.budget` subject: it
 * authorises the whole revised budget, so the same matrix by the revised total decides who approves
 * (a revision that lifts the total past 200,000 CNY reaches the director) and there is one policy to
 * keep. Until it is approved the approved lines stay in force (costs are checked against them).
 */

/** The current lines of an event's budget as a version records them. */
export async function currentBudgetLines(executor: Executor, eventId: string): Promise<BudgetVersionLine[]> {
  const rows = await executor
    .select()
    .from(eventBudgetLines)
    .where(eq(eventBudgetLines.eventId, eventId))
    .orderBy(asc(eventBudgetLines.position));
  return rows.map((l) => ({ lineId: l.id, category: l.category, description: l.description, amountCents: l.amountCents }));
}

async function nextNumber(tx: Tx, eventId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${eventBudgetVersions.number}), 0)::int` })
    .from(eventBudgetVersions)
    .where(eq(eventBudgetVersions.eventId, eventId));
  return Number(row?.n ?? 0) + 1;
}

/** Records a first submission of the budget (called where the budget is submitted). */
export async function recordInitialVersion(
  tx: Tx,
  ctx: Ctx,
  eventId: string,
  approval: { requestId: string | null; status: 'approved' | 'pending' },
): Promise<void> {
  const lines = await currentBudgetLines(tx, eventId);
  await tx.insert(eventBudgetVersions).values({
    eventId,
    number: await nextNumber(tx, eventId),
    kind: 'initial',
    status: approval.status,
    lines,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    approvalRequestId: approval.requestId,
    requestedById: ctx.actor.id,
    requestedAt: ctx.now,
    decidedAt: approval.status === 'approved' ? ctx.now : null,
  });
}

/** A pending version whose approval request was withdrawn by its requester is withdrawn too. */
async function settleWithdrawn(tx: Tx, eventId: string): Promise<void> {
  await tx.execute(sql`
    update event_budget_versions v set status = 'withdrawn', decided_at = r.decided_at
      from approval_requests r
     where v.event_id = ${eventId} and v.status = 'pending' and r.id = v.approval_request_id and r.status = 'cancelled'`);
}

/** Replaces the budget's lines by an approved revision's: kept lines keep their id (and their costs), new lines are added. */
async function applyRevision(tx: Tx, eventId: string, versionId: string, lines: readonly BudgetVersionLine[]): Promise<void> {
  const keep = lines.filter((l) => l.lineId).map((l) => l.lineId!);
  // Lines the revision drops had no costs when it was asked for, and costs on them are refused while it waits.
  await tx.execute(sql`
    delete from event_budget_lines l
     where l.event_id = ${eventId}
       and not (l.id = any(${sql.param(keep)}::uuid[]))
       and not exists (select 1 from event_costs c where c.line_id = l.id)`);
  const applied: BudgetVersionLine[] = [];
  for (const [position, line] of lines.entries()) {
    const values = { category: line.category, description: line.description, amountCents: line.amountCents, position };
    if (line.lineId) {
      await tx
        .update(eventBudgetLines)
        .set(values)
        .where(and(eq(eventBudgetLines.id, line.lineId), eq(eventBudgetLines.eventId, eventId)));
      applied.push(line);
    } else {
      const [inserted] = await tx
        .insert(eventBudgetLines)
        .values({ eventId, ...values })
        .returning({ id: eventBudgetLines.id });
      applied.push({ ...line, lineId: inserted!.id });
    }
  }
  // The version keeps the line ids it now has, so the next revision's changes match line by line.
  await tx.update(eventBudgetVersions).set({ lines: applied }).where(eq(eventBudgetVersions.id, versionId));
}

/** R-APR-1 decision on a budget version (first submission or revision): dated; an approved revision takes effect. */
export async function onBudgetVersionDecided(tx: Tx, ctx: Ctx, request: { id: string; status: 'approved' | 'rejected' }): Promise<void> {
  const [decided] = await tx
    .update(eventBudgetVersions)
    .set({ status: request.status, decidedAt: ctx.now })
    .where(and(eq(eventBudgetVersions.approvalRequestId, request.id), eq(eventBudgetVersions.status, 'pending')))
    .returning();
  if (!decided || decided.kind !== 'revision') return;
  if (request.status === 'approved') await applyRevision(tx, decided.eventId, decided.id, decided.lines);
  await tx
    .update(eventBudgets)
    .set({ updatedAt: ctx.now, version: sql`${eventBudgets.version} + 1` })
    .where(eq(eventBudgets.eventId, decided.eventId));
  await ctx.audit(tx, {
    action: 'update',
    entity: 'event_budgets',
    entityId: decided.eventId,
    summary: `budget revision ${decided.number} ${request.status}`,
    summaryMessage: message(
      request.status === 'approved' ? 'audit.messages.eventBudgetRevisionApproved' : 'audit.messages.eventBudgetRevisionRejected',
      { number: decided.number },
    ),
  });
}

/** Line ids a pending revision of the event drops: no costs may be recorded on them while it waits. */
export async function linesDroppedByPendingRevision(tx: Executor, eventId: string): Promise<Set<string>> {
  const [pending] = await tx
    .select({ lines: eventBudgetVersions.lines })
    .from(eventBudgetVersions)
    .where(
      and(eq(eventBudgetVersions.eventId, eventId), eq(eventBudgetVersions.status, 'pending'), eq(eventBudgetVersions.kind, 'revision')),
    );
  if (!pending) return new Set();
  const kept = new Set(pending.lines.map((l) => l.lineId));
  const current = await currentBudgetLines(tx, eventId);
  return new Set(current.filter((l) => !kept.has(l.lineId)).map((l) => l.lineId!));
}

/**
 * Asks for a revision of an approved budget (changed lines and a reason): checked against what is
 * spent, stored as a pending version and sent to the approval engine as `event.budget` for the
 * revised total. The approved budget stays in force meanwhile. 409 on a stale budget version; 422 when
 * the budget is not approved, a revision already waits, nothing changes, a line with costs would be
 * dropped or cut below what it has spent (recorded and waiting over-budget costs).
 */
export async function requestBudgetRevision(
  tx: Tx,
  ctx: Ctx,
  event: { id: string; theme: string; organiserId: string },
  input: BudgetRevisionInput,
): Promise<void> {
  const eventId = event.id;
  const [budget] = await tx.select().from(eventBudgets).where(eq(eventBudgets.eventId, eventId)).for('update');
  if (!budget || budget.status !== 'approved') {
    throw new AppError('rule', 'only an approved budget is revised; edit a draft or rejected one directly', { field: 'body.lines' });
  }
  if (budget.version !== input.version) throw conflict();
  await settleWithdrawn(tx, eventId);
  const [waiting] = await tx
    .select({ id: eventBudgetVersions.id })
    .from(eventBudgetVersions)
    .where(and(eq(eventBudgetVersions.eventId, eventId), eq(eventBudgetVersions.status, 'pending')));
  if (waiting) throw new AppError('rule', 'a revision of this budget is already waiting for approval', { field: 'body.version' });

  const current = await currentBudgetLines(tx, eventId);
  const byId = new Map(current.map((l) => [l.lineId!, l]));
  const used = new Map(
    (
      await tx
        .select({
          lineId: eventCosts.lineId,
          cents: sql<number>`coalesce(sum(${eventCosts.amountCents}) filter (where ${eventCosts.status} <> 'rejected'), 0)::bigint`,
          count: sql<number>`count(*) filter (where ${eventCosts.status} <> 'rejected')::int`,
        })
        .from(eventCosts)
        .where(eq(eventCosts.eventId, eventId))
        .groupBy(eventCosts.lineId)
    ).map((r) => [r.lineId, { cents: Number(r.cents), count: Number(r.count) }]),
  );
  const seen = new Set<string>();
  const lines: BudgetVersionLine[] = input.lines.map((line, index) => {
    if (line.id) {
      if (!byId.has(line.id)) throw badRequest(`body.lines.${index}.id`, 'no such line in this budget');
      if (seen.has(line.id)) throw badRequest(`body.lines.${index}.id`, 'a line appears twice');
      seen.add(line.id);
      const spent = used.get(line.id)?.cents ?? 0;
      if (line.amountCents < spent) {
        throw new AppError('rule', `this line has ${(spent / 100).toFixed(2)} in costs already`, {
          rule: 'R-EXP-2',
          field: `body.lines.${index}.amountCents`,
          data: { spentCents: spent },
        });
      }
    }
    return { lineId: line.id ?? null, category: line.category, description: line.description ?? null, amountCents: line.amountCents };
  });
  for (const old of current) {
    if (!seen.has(old.lineId!) && (used.get(old.lineId!)?.count ?? 0) > 0) {
      throw new AppError('rule', 'a line with costs cannot be dropped; lower it to what it has spent instead', { field: 'body.lines' });
    }
  }
  const changes = budgetLineChanges(current, lines);
  if (changes.length === 0) throw new AppError('rule', 'the revision changes nothing', { field: 'body.lines' });

  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const previousTotalCents = current.reduce((sum, l) => sum + l.amountCents, 0);
  const number = await nextNumber(tx, eventId);
  const [version] = await tx
    .insert(eventBudgetVersions)
    .values({
      eventId,
      number,
      kind: 'revision',
      lines,
      totalCents,
      reason: input.reason,
      requestedById: ctx.actor.id,
      requestedAt: ctx.now,
    })
    .returning({ id: eventBudgetVersions.id });
  const result = await submitApproval(tx, ctx, {
    subjectType: 'event.budget',
    subjectId: eventId,
    title: `活动预算调整：${event.theme}`,
    titleMessage: message('events.ops.notices.budgetRevisionApproval', {
      theme: event.theme,
      amount: (totalCents / 100).toFixed(2),
      previous: (previousTotalCents / 100).toFixed(2),
    }),
    amountCents: totalCents,
    ownerId: event.organiserId,
    details: { eventId, revision: number, amountCents: totalCents, previousTotalCents, reason: input.reason, changes },
  });
  await tx.update(eventBudgetVersions).set({ approvalRequestId: result.requestId }).where(eq(eventBudgetVersions.id, version!.id));
  await tx
    .update(eventBudgets)
    .set({ updatedAt: ctx.now, version: sql`${eventBudgets.version} + 1` })
    .where(eq(eventBudgets.eventId, eventId));
  await ctx.audit(tx, {
    action: 'update',
    entity: 'event_budgets',
    entityId: eventId,
    summary: `budget revision ${number}: ${previousTotalCents / 100} → ${totalCents / 100}`,
    summaryMessage: message('audit.messages.eventBudgetRevisionRequested', {
      number,
      previous: (previousTotalCents / 100).toFixed(2),
      amount: (totalCents / 100).toFixed(2),
    }),
  });
  // No policy matched: the engine approved it on the spot.
  if (result.status === 'approved') {
    await tx.update(eventBudgetVersions).set({ status: 'approved', decidedAt: ctx.now }).where(eq(eventBudgetVersions.id, version!.id));
    await applyRevision(tx, eventId, version!.id, lines);
  }
}

/** The budget's versions, newest first, each with what it changed against the budget in force before it and who decided. */
export async function listBudgetVersions(executor: Executor, eventId: string): Promise<BudgetVersion[]> {
  const rows = await executor.execute<{
    id: string;
    number: number;
    kind: BudgetVersion['kind'];
    status: BudgetVersionStatus;
    lines: BudgetVersionLine[];
    total_cents: string;
    reason: string | null;
    requested_by_name: string | null;
    requested_at: Date | string;
    decided_at: Date | string | null;
    decided_by_name: string | null;
    approval_request_id: string | null;
    request_status: string | null;
  }>(sql`
    select v.id, v.number, v.kind, v.status, v.lines, v.total_cents, v.reason, ru.display_name as requested_by_name,
           v.requested_at, v.decided_at, v.approval_request_id, r.status as request_status,
           (select du.display_name from approval_steps s join users du on du.id = s.decided_by_id
             where s.request_id = v.approval_request_id and s.decided_by_id is not null
             order by s.step_no desc limit 1) as decided_by_name
      from event_budget_versions v
      left join users ru on ru.id = v.requested_by_id
      left join approval_requests r on r.id = v.approval_request_id
     where v.event_id = ${eventId}
     order by v.number`);
  let inForce: BudgetVersionLine[] | null = null;
  const versions: BudgetVersion[] = [];
  for (const v of rows.rows) {
    const status: BudgetVersionStatus = v.status === 'pending' && v.request_status === 'cancelled' ? 'withdrawn' : v.status;
    versions.push({
      id: v.id,
      number: Number(v.number),
      kind: v.kind,
      status,
      totalCents: Number(v.total_cents),
      previousTotalCents: inForce ? inForce.reduce((sum, l) => sum + l.amountCents, 0) : null,
      reason: v.reason,
      requestedByName: v.requested_by_name,
      requestedAt: iso(v.requested_at)!,
      decidedAt: iso(v.decided_at),
      decidedByName: status === 'approved' || status === 'rejected' ? v.decided_by_name : null,
      approvalRequestId: v.approval_request_id,
      changes: budgetLineChanges(inForce ?? [], v.lines),
    });
    if (status === 'approved') inForce = v.lines;
  }
  return versions.reverse();
}
