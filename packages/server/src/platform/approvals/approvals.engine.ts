import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ApprovalRequest, Message, PolicyStep, Role } from '@xiaoguan/shared';
import type { Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { iso } from '../db/client.js';
import { AppError, conflict, forbidden, notFound, ruleViolation } from '../errors.js';
import { notify } from '../notifications/notifications.js';
import { users } from '../identity/index.js';
import { approvalDelegations, approvalEvents, approvalPolicies, approvalRequests, approvalSteps } from './approvals.schema.js';
import { approvalsAccess } from './approvals.access.js';

/**
 * R-APR-1: one approval engine for discounts, contracts, credit overrides, budgets and expense
 * claims. Modules submit a subject with its amount/percent; the matrix (approval_policies) gives
 * the steps; each step's approver is found up the owner's reporting line or among the role's
 * holders; delegates act while the approver is away; every action is in the history.
 */
export interface ApprovalSubjectHandler {
  /** Called in the deciding transaction when the request is finally approved or rejected. */
  onDecided?: (tx: Tx, ctx: Ctx, request: { id: string; subjectId: string; status: 'approved' | 'rejected' }) => Promise<void>;
  /** Where the web app shows the subject (`/quotes/123`). */
  link?: (subjectId: string) => string;
  /**
   * The request's details as this reader may see them: figures meant for the approver (a floor
   * price) are hidden from a requester without the field permission (issue 16). `canDecide` is
   * whether the reader is an approver of the request.
   */
  presentDetails?: (ctx: Ctx, details: Record<string, unknown>, reader: { canDecide: boolean }) => Record<string, unknown>;
}

const handlers = new Map<string, ApprovalSubjectHandler>();

export function registerApprovalSubject(subjectType: string, handler: ApprovalSubjectHandler): void {
  handlers.set(subjectType, handler);
}

export interface PolicyRow {
  id: string;
  minAmountCents: number;
  minPercent: number | null;
  steps: PolicyStep[];
}

/**
 * R-APR-1 matrix lookup: among the active rows of a subject type whose thresholds the request
 * reaches (amount ≥ minAmount and, where set, percent ≥ minPercent), the most demanding wins:
 * highest minAmount, then highest minPercent. No matching row: no approval needed.
 */
export function selectPolicy(policies: PolicyRow[], amountCents: number | null, percent: number | null): PolicyRow | null {
  const amount = amountCents ?? 0;
  const matching = policies.filter(
    (p) => amount >= p.minAmountCents && (p.minPercent === null || (percent !== null && percent >= p.minPercent)),
  );
  matching.sort((a, b) => b.minAmountCents - a.minAmountCents || (b.minPercent ?? -1) - (a.minPercent ?? -1));
  return matching[0] ?? null;
}

/** Ids up a reporting line, nearest manager first, excluding the person themself. */
export function managersUpLine(linePath: string): string[] {
  return linePath.split('/').filter(Boolean).slice(0, -1).reverse();
}

export interface SubmitInput {
  subjectType: string;
  subjectId: string;
  title: string;
  /** The title as i18n key + parameters, shown in each reader's language (`title` is the stored fallback). */
  titleMessage?: Message;
  details?: Record<string, unknown>;
  amountCents?: number | null;
  percent?: number | null;
  /** Owner of the subject record (whose reporting line approves); defaults to the requester. */
  ownerId?: string;
}

export type SubmitResult = { status: 'approved'; requestId: null } | { status: 'pending'; requestId: string };

/** Opens an approval request in the caller's transaction, superseding any pending one for the same subject. */
export async function submitApproval(tx: Tx, ctx: Ctx, input: SubmitInput): Promise<SubmitResult> {
  const policies = await tx
    .select({
      id: approvalPolicies.id,
      minAmountCents: approvalPolicies.minAmountCents,
      minPercent: approvalPolicies.minPercent,
      steps: approvalPolicies.steps,
    })
    .from(approvalPolicies)
    .where(and(eq(approvalPolicies.subjectType, input.subjectType), eq(approvalPolicies.active, true)));
  const policy = selectPolicy(policies as PolicyRow[], input.amountCents ?? null, input.percent ?? null);

  const superseded = await tx
    .update(approvalRequests)
    .set({ status: 'cancelled', decidedAt: ctx.now, updatedAt: ctx.now, version: sql`${approvalRequests.version} + 1` })
    .where(
      and(
        eq(approvalRequests.subjectType, input.subjectType),
        eq(approvalRequests.subjectId, input.subjectId),
        eq(approvalRequests.status, 'pending'),
      ),
    )
    .returning({ id: approvalRequests.id });
  for (const old of superseded) {
    await tx.insert(approvalEvents).values({ requestId: old.id, actorId: ctx.actor.id, action: 'superseded' });
  }
  if (!policy) return { status: 'approved', requestId: null };

  const ownerId = input.ownerId ?? ctx.actor.id;
  const [owner] = await tx.select({ linePath: users.linePath }).from(users).where(eq(users.id, ownerId));
  if (!owner) throw notFound('owner');
  const line = managersUpLine(owner.linePath).filter((id) => id !== ctx.actor.id);
  const lineUsers = line.length
    ? await tx
        .select({ id: users.id, roles: users.roles })
        .from(users)
        .where(and(inArray(users.id, line), eq(users.disabled, false)))
    : [];
  const steps: { role: Role; mode: 'line' | 'any'; approverId: string | null }[] = [];
  for (const step of policy.steps) {
    let approverId: string | null = null;
    if (step.mode === 'line') {
      const found = line.map((id) => lineUsers.find((u) => u.id === id)).find((u) => u?.roles.includes(step.role));
      approverId = found?.id ?? null;
    }
    if (!approverId) {
      const [holder] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(sql`${step.role} = any(${users.roles})`, eq(users.disabled, false), sql`${users.id} <> ${ctx.actor.id}`))
        .limit(1);
      if (!holder) throw ruleViolation('R-APR-1', `no active user other than you holds the role "${step.role}" to approve this`);
    }
    steps.push({ role: step.role, mode: approverId ? 'line' : 'any', approverId });
  }

  const [request] = await tx
    .insert(approvalRequests)
    .values({
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      title: input.title,
      titleMessage: input.titleMessage ?? null,
      details: input.details ?? {},
      amountCents: input.amountCents ?? null,
      percent: input.percent ?? null,
      status: 'pending',
      currentStep: 1,
      requesterId: ctx.actor.id,
      ownerId,
      policyId: policy.id,
      createdAt: ctx.now,
    })
    .returning({ id: approvalRequests.id });
  await tx.insert(approvalSteps).values(
    steps.map((step, index) => ({
      requestId: request!.id,
      stepNo: index + 1,
      role: step.role,
      mode: step.mode,
      approverId: step.approverId,
      status: index === 0 ? ('pending' as const) : ('waiting' as const),
    })),
  );
  await tx.insert(approvalEvents).values({ requestId: request!.id, actorId: ctx.actor.id, action: 'submitted', at: ctx.now });
  await notifyStep(tx, ctx, request!.id, { title: input.title, titleMessage: input.titleMessage ?? null }, steps[0]!);
  await ctx.audit(tx, {
    action: 'create',
    entity: 'approval_requests',
    entityId: request!.id,
    summary: `${input.subjectType} ${input.subjectId}: ${input.title}`,
    summaryMessage: input.titleMessage ?? null,
  });
  return { status: 'pending', requestId: request!.id };
}

/** Tells whoever can decide the step: the approver, their current delegates, or every holder of the role. */
async function notifyStep(
  tx: Tx,
  ctx: Ctx,
  requestId: string,
  heading: { title: string; titleMessage: Message | null },
  step: { role: string; approverId: string | null },
) {
  let recipients: string[];
  if (step.approverId) {
    const delegates = await tx
      .select({ id: approvalDelegations.toUserId })
      .from(approvalDelegations)
      .where(
        and(
          eq(approvalDelegations.fromUserId, step.approverId),
          sql`${approvalDelegations.startsAt} <= ${ctx.now}`,
          sql`${approvalDelegations.endsAt} > ${ctx.now}`,
        ),
      );
    recipients = [step.approverId, ...delegates.map((d) => d.id)];
  } else {
    const holders = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(sql`${step.role} = any(${users.roles})`, eq(users.disabled, false)));
    recipients = holders.map((h) => h.id).filter((id) => id !== ctx.actor.id);
  }
  await notify(
    tx,
    [...new Set(recipients)].map((userId) => ({ userId, kind: 'approval.pending', ...heading, link: `/approvals/${requestId}` })),
  );
}

/** SQL: the current pending step of `approval_requests` may be decided by the actor. */
function canDecideSql(ctx: Ctx): SQL {
  return sql`exists (
    select 1 from approval_steps st
     where st.request_id = ${approvalRequests.id} and st.status = 'pending'
       and ${approvalRequests.requesterId} <> ${ctx.actor.id}
       and (st.approver_id = ${ctx.actor.id}
            or st.approver_id in (select d.from_user_id from approval_delegations d
                                   where d.to_user_id = ${ctx.actor.id} and d.starts_at <= ${ctx.now} and d.ends_at > ${ctx.now})
            or (st.approver_id is null and st.role = any(string_to_array(${ctx.actor.roles.join(',')}, ',')))))`;
}

/** Visible: within read scope, or I asked, or I am (or stand in for) an approver on it. */
function visibleSql(ctx: Ctx): SQL {
  return or(
    approvalsAccess.where(ctx.actor, 'read', approvalRequests.ownerId),
    eq(approvalRequests.requesterId, ctx.actor.id),
    sql`exists (select 1 from approval_steps sv where sv.request_id = ${approvalRequests.id}
                 and (sv.approver_id = ${ctx.actor.id} or sv.decided_by_id = ${ctx.actor.id}
                      or (sv.approver_id is null and sv.role = any(string_to_array(${ctx.actor.roles.join(',')}, ',')))
                      or sv.approver_id in (select d.from_user_id from approval_delegations d where d.to_user_id = ${ctx.actor.id})))`,
  )!;
}

export async function listApprovals(
  ctx: Ctx,
  query: { box: 'inbox' | 'mine' | 'all'; status?: ApprovalRequest['status']; page: number; pageSize: number },
) {
  const filters: SQL[] = [];
  if (query.box === 'inbox') filters.push(eq(approvalRequests.status, 'pending'), canDecideSql(ctx));
  else if (query.box === 'mine') filters.push(eq(approvalRequests.requesterId, ctx.actor.id));
  else filters.push(visibleSql(ctx));
  if (query.status) filters.push(eq(approvalRequests.status, query.status));
  const where = and(...filters);
  const [rows, [{ total }]] = await Promise.all([
    selectRequests(ctx)
      .where(where)
      .orderBy(desc(approvalRequests.createdAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(approvalRequests)
      .where(where),
  ]);
  return { items: await present(ctx, ctx.db, rows), total, page: query.page, pageSize: query.pageSize };
}

function selectRequests(ctx: Ctx, executor: Executor = ctx.db) {
  return executor
    .select({
      request: approvalRequests,
      requesterName: users.displayName,
      canDecide: sql<boolean>`${canDecideSql(ctx)}`,
    })
    .from(approvalRequests)
    .innerJoin(users, eq(users.id, approvalRequests.requesterId));
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['where']>>[number];

async function present(ctx: Ctx, executor: Executor, rows: RequestRow[]): Promise<ApprovalRequest[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.request.id);
  const approver = sql`(select du.display_name from users du where du.id = ${approvalSteps.approverId})`;
  const decider = sql`(select du.display_name from users du where du.id = ${approvalSteps.decidedById})`;
  const [steps, events] = await Promise.all([
    executor
      .select({ step: approvalSteps, approverName: sql<string | null>`${approver}`, decidedByName: sql<string | null>`${decider}` })
      .from(approvalSteps)
      .where(inArray(approvalSteps.requestId, ids))
      .orderBy(asc(approvalSteps.stepNo)),
    executor
      .select({ event: approvalEvents, actorName: users.displayName })
      .from(approvalEvents)
      .leftJoin(users, eq(users.id, approvalEvents.actorId))
      .where(inArray(approvalEvents.requestId, ids))
      .orderBy(asc(approvalEvents.at)),
  ]);
  return rows.map(({ request, requesterName, canDecide }) => ({
    id: request.id,
    subjectType: request.subjectType,
    subjectLink: handlers.get(request.subjectType)?.link?.(request.subjectId) ?? null,
    subjectId: request.subjectId,
    title: request.title,
    titleMessage: request.titleMessage ?? null,
    details:
      handlers.get(request.subjectType)?.presentDetails?.(ctx, request.details, { canDecide: Boolean(canDecide) }) ?? request.details,
    amountCents: request.amountCents,
    percent: request.percent === null ? null : Number(request.percent),
    status: request.status,
    currentStep: request.currentStep,
    requesterId: request.requesterId,
    requesterName,
    createdAt: iso(request.createdAt)!,
    decidedAt: iso(request.decidedAt),
    version: request.version,
    steps: steps
      .filter((s) => s.step.requestId === request.id)
      .map(({ step, approverName, decidedByName }) => ({
        stepNo: step.stepNo,
        role: step.role as Role,
        mode: step.mode,
        approverId: step.approverId,
        approverName,
        status: step.status,
        decidedById: step.decidedById,
        decidedByName,
        decidedAt: iso(step.decidedAt),
        comment: step.comment,
      })),
    history: events
      .filter((e) => e.event.requestId === request.id)
      .map(({ event, actorName }) => ({
        at: iso(event.at)!,
        actorName,
        action: event.action,
        stepNo: event.stepNo,
        comment: event.comment,
      })),
    abilities: {
      approve: Boolean(canDecide) && request.status === 'pending',
      reject: Boolean(canDecide) && request.status === 'pending',
      cancel: request.status === 'pending' && request.requesterId === ctx.actor.id,
    },
  }));
}

/** One request, or 404 when the caller may not see it. */
export async function getApproval(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<ApprovalRequest> {
  const rows = await selectRequests(ctx, executor).where(and(eq(approvalRequests.id, id), visibleSql(ctx)));
  if (!rows.length) throw notFound('approval request');
  return (await present(ctx, executor, rows))[0]!;
}

/** Approve or reject the current step. Stale version → 409; not the approver → 403; rejects end the request. */
export async function decideApproval(
  ctx: Ctx,
  id: string,
  input: { decision: 'approve' | 'reject'; comment?: string; version: number },
): Promise<ApprovalRequest> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await selectRequests(ctx, tx)
      .where(and(eq(approvalRequests.id, id), visibleSql(ctx)))
      .for('update', { of: approvalRequests });
    if (!row) throw notFound('approval request');
    const request = row.request;
    if (request.version !== input.version) throw conflict();
    if (request.status !== 'pending') throw new AppError('conflict', `the request is already ${request.status}`);
    if (!row.canDecide) throw forbidden('you are not the approver of the current step');
    if (input.decision === 'reject' && !input.comment)
      throw new AppError('validation', 'give a reason when rejecting', { field: 'body.comment' });
    const [step] = await tx
      .update(approvalSteps)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'rejected',
        decidedById: ctx.actor.id,
        decidedAt: ctx.now,
        comment: input.comment ?? null,
      })
      .where(and(eq(approvalSteps.requestId, id), eq(approvalSteps.status, 'pending')))
      .returning();
    const onBehalf = step!.approverId && step!.approverId !== ctx.actor.id ? ' (delegate)' : '';
    await tx.insert(approvalEvents).values({
      requestId: id,
      actorId: ctx.actor.id,
      action: `${input.decision === 'approve' ? 'approved' : 'rejected'}${onBehalf}`,
      stepNo: step!.stepNo,
      comment: input.comment ?? null,
      at: ctx.now,
    });

    let status: 'pending' | 'approved' | 'rejected' = 'pending';
    let currentStep: number | null = step!.stepNo + 1;
    if (input.decision === 'reject') {
      status = 'rejected';
      currentStep = null;
      await tx
        .update(approvalSteps)
        .set({ status: 'skipped' })
        .where(and(eq(approvalSteps.requestId, id), eq(approvalSteps.status, 'waiting')));
    } else {
      const [next] = await tx
        .update(approvalSteps)
        .set({ status: 'pending' })
        .where(and(eq(approvalSteps.requestId, id), eq(approvalSteps.stepNo, step!.stepNo + 1)))
        .returning();
      if (next) await notifyStep(tx, ctx, id, { title: request.title, titleMessage: request.titleMessage ?? null }, next);
      else {
        status = 'approved';
        currentStep = null;
      }
    }
    await tx
      .update(approvalRequests)
      .set({
        status,
        currentStep,
        decidedAt: status === 'pending' ? null : ctx.now,
        updatedAt: ctx.now,
        version: sql`${approvalRequests.version} + 1`,
      })
      .where(eq(approvalRequests.id, id));
    await ctx.audit(tx, {
      action: input.decision === 'approve' ? 'approve' : 'reject',
      entity: 'approval_requests',
      entityId: id,
      changes: { status: [request.status, status], step: [step!.stepNo, currentStep] },
      summary: input.comment ?? null,
    });
    if (status !== 'pending') {
      await handlers.get(request.subjectType)?.onDecided?.(tx, ctx, { id, subjectId: request.subjectId, status });
      await notify(tx, [
        {
          userId: request.requesterId,
          kind: `approval.${status}`,
          title: request.title,
          titleMessage: request.titleMessage ?? null,
          body: input.comment ?? null,
          link: `/approvals/${id}`,
        },
      ]);
    }
    return getApproval(ctx, id, tx);
  });
}

/** The requester withdraws a pending request. */
export async function cancelApproval(ctx: Ctx, id: string, version: number): Promise<ApprovalRequest> {
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.id, id), visibleSql(ctx)))
      .for('update');
    if (!request) throw notFound('approval request');
    if (request.requesterId !== ctx.actor.id) throw forbidden('only the requester can withdraw a request');
    if (request.version !== version) throw conflict();
    if (request.status !== 'pending') throw new AppError('conflict', `the request is already ${request.status}`);
    await tx
      .update(approvalRequests)
      .set({
        status: 'cancelled',
        currentStep: null,
        decidedAt: ctx.now,
        updatedAt: ctx.now,
        version: sql`${approvalRequests.version} + 1`,
      })
      .where(eq(approvalRequests.id, id));
    await tx
      .update(approvalSteps)
      .set({ status: 'skipped' })
      .where(and(eq(approvalSteps.requestId, id), or(eq(approvalSteps.status, 'waiting'), eq(approvalSteps.status, 'pending'))));
    await tx.insert(approvalEvents).values({ requestId: id, actorId: ctx.actor.id, action: 'cancelled', at: ctx.now });
    await ctx.audit(tx, { action: 'update', entity: 'approval_requests', entityId: id, changes: { status: ['pending', 'cancelled'] } });
    return getApproval(ctx, id, tx);
  });
}

/** Count of requests waiting on the actor (home page, menu badge). */
export async function countInbox(ctx: Ctx): Promise<number> {
  const [{ n }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, 'pending'), canDecideSql(ctx)));
  return n;
}

export async function countMyOpenRequests(ctx: Ctx): Promise<number> {
  const [{ n }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, 'pending'), eq(approvalRequests.requesterId, ctx.actor.id), isNull(approvalRequests.decidedAt)));
  return n;
}
