import { sql, type SQL } from 'drizzle-orm';
import {
  ROLES,
  escalationDue,
  type Escalation,
  type Handover,
  type HandoverKind,
  type HandoverTarget,
  type Role,
  type handoverTargetQuerySchema,
  type escalationInputSchema,
  type escalationListQuerySchema,
  type escalationResolveSchema,
  type handoverDecisionSchema,
  type handoverInputSchema,
} from '@xiaoguan/shared';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Database, Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { SYSTEM_ACTOR } from '../../platform/access/index.js';
import { containsPattern } from '../../platform/db/like.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import { staleVersion } from '../../platform/audit/stale-version.js';
import { notify } from '../../platform/notifications/notifications.js';
import { jobOutcome, type JobOutcome } from '../../platform/jobs/scheduler.js';
import { customerInScope, customersAccess } from '../customers/index.js';
import { teamworkAccess } from './teamwork.access.js';
import { getTeamworkSettings } from './teamwork.settings.js';

/** The people above someone on the reporting line, nearest first (`/director/manager/supervisor/rep/` → supervisor, manager, director). */
export function lineAbove(linePath: string, selfId: string): string[] {
  return linePath
    .split('/')
    .filter((id) => id && id !== selfId)
    .reverse();
}

/** An escalation is seen by the raiser's reach (up the line), by everyone on its line and by its assignee. */
export function escalationVisible(ctx: Ctx, e: SQL = sql`e`): SQL {
  return sql`(${teamworkAccess.where(ctx.actor, 'read', sql`${e}.raised_by_id`)} or ${ctx.actor.id}::uuid = any(${e}.line_ids)
    or ${e}.assignee_id = ${ctx.actor.id})`;
}

type EscalationRow = {
  id: string;
  category: Escalation['category'];
  title: string;
  details: string;
  customer_id: string | null;
  customer_name: string | null;
  raised_by_id: string;
  raised_by_name: string;
  level: number;
  line_ids: string[];
  assignee_id: string | null;
  assignee_name: string | null;
  level_started_at: string;
  status: Escalation['status'];
  resolution: string | null;
  created_at: string;
  version: number;
};

async function loadEscalations(ctx: Ctx, executor: Executor, where: SQL): Promise<Escalation[]> {
  const rows = await executor.execute<EscalationRow>(sql`
    select e.id, e.category, e.title, e.details, e.customer_id, c.name as customer_name, e.raised_by_id, r.display_name as raised_by_name,
           e.level, e.line_ids, e.assignee_id, a.display_name as assignee_name, e.level_started_at, e.status, e.resolution, e.created_at, e.version
      from escalations e join users r on r.id = e.raised_by_id left join users a on a.id = e.assignee_id
      left join customers c on c.id = e.customer_id
     where ${where} and ${escalationVisible(ctx)}
     order by e.status, e.created_at desc, e.id limit 200`);
  if (!rows.rows.length) return [];
  const events = await executor.execute<{
    escalation_id: string;
    kind: string;
    at: string;
    actor_name: string | null;
    level: number;
    note: string | null;
  }>(sql`
    select ev.escalation_id, ev.kind, ev.at, u.display_name as actor_name, ev.level, ev.note from escalation_events ev
      left join users u on u.id = ev.actor_id
     where ev.escalation_id = any(${sql.param(rows.rows.map((r) => r.id))}::uuid[]) order by ev.at, ev.id`);
  const { escalationSlaHours } = await getTeamworkSettings(executor);
  return rows.rows.map((e) => {
    const mine = e.line_ids.slice(0, e.level).includes(ctx.actor.id) || e.assignee_id === ctx.actor.id;
    return {
      id: e.id,
      category: e.category,
      title: e.title,
      details: e.details,
      customerId: e.customer_id,
      customerName: e.customer_name,
      raisedById: e.raised_by_id,
      raisedByName: e.raised_by_name,
      level: e.level,
      assigneeId: e.assignee_id,
      assigneeName: e.assignee_name,
      dueAt:
        e.status === 'open'
          ? escalationDue(e.level, new Date(iso(e.level_started_at)!), ctx.now, escalationSlaHours, e.line_ids.length).dueAt.toISOString()
          : null,
      status: e.status,
      resolution: e.resolution,
      createdAt: iso(e.created_at)!,
      events: events.rows
        .filter((ev) => ev.escalation_id === e.id)
        .map((ev) => ({ kind: ev.kind, at: iso(ev.at)!, actorName: ev.actor_name, level: ev.level, note: ev.note })),
      version: e.version,
      abilities: { resolve: e.status === 'open' && mine },
    };
  });
}

export async function getEscalation(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Escalation> {
  teamworkAccess.require(ctx.actor, 'read');
  const [found] = await loadEscalations(ctx, executor, sql`e.id = ${id}`);
  if (!found) throw notFound('escalation');
  return found;
}

export async function listEscalations(ctx: Ctx, query: z.infer<typeof escalationListQuerySchema>): Promise<Escalation[]> {
  teamworkAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [sql`true`];
  if (query.status) filters.push(sql`e.status = ${query.status}`);
  if (query.mine === 'raised') filters.push(sql`e.raised_by_id = ${ctx.actor.id}`);
  if (query.mine === 'assigned') filters.push(sql`e.assignee_id = ${ctx.actor.id}`);
  return loadEscalations(ctx, ctx.db, sql.join(filters, sql` and `));
}

/** 分层级汇报: raised to the raiser's direct manager (level 1); the sweep moves it up when a level's SLA runs out. */
export async function raiseEscalation(ctx: Ctx, input: z.infer<typeof escalationInputSchema>): Promise<Escalation> {
  teamworkAccess.require(ctx.actor, 'write');
  const line = lineAbove(ctx.actor.linePath, ctx.actor.id);
  if (!line.length) throw badRequest('body.category', 'there is nobody above you on the reporting line');
  return ctx.db.transaction(async (tx) => {
    if (input.customerId) await customerInScope(ctx, tx, input.customerId);
    const created = await tx.execute<{ id: string }>(sql`
      insert into escalations (category, title, details, customer_id, raised_by_id, line_ids, level, assignee_id, level_started_at, created_at, updated_at)
      values (${input.category}, ${input.title}, ${input.details}, ${input.customerId ?? null}, ${ctx.actor.id}, ${sql.param(line)}::uuid[], 1,
              ${line[0]!}, ${ctx.now}, ${ctx.now}, ${ctx.now})
      returning id`);
    const id = created.rows[0]!.id;
    await tx.execute(
      sql`insert into escalation_events (escalation_id, kind, level, actor_id, at) values (${id}, 'raised', 1, ${ctx.actor.id}, ${ctx.now})`,
    );
    await ctx.audit(tx, { action: 'create', entity: 'escalations', entityId: id, summary: input.title });
    await notify(tx, [{ userId: line[0]!, kind: 'teamwork.escalation', title: input.title, link: `/teamwork/escalations?open=${id}` }]);
    return getEscalation(ctx, id, tx);
  });
}

export async function resolveEscalation(ctx: Ctx, id: string, input: z.infer<typeof escalationResolveSchema>): Promise<Escalation> {
  teamworkAccess.require(ctx.actor, 'read');
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.execute<{
      version: number;
      status: string;
      level: number;
      line_ids: string[];
      assignee_id: string | null;
      raised_by_id: string;
      title: string;
    }>(sql`
      select e.version, e.status, e.level, e.line_ids, e.assignee_id, e.raised_by_id, e.title from escalations e
       where e.id = ${id} and ${escalationVisible(ctx)} for update`);
    const e = rows.rows[0];
    if (!e) throw notFound('escalation');
    // Anyone the issue has reached on the line (or its assignee) answers it; the raiser does not close their own.
    if (!(e.line_ids.slice(0, e.level).includes(ctx.actor.id) || e.assignee_id === ctx.actor.id))
      throw forbidden('only someone the escalation has reached resolves it');
    if (e.version !== input.version) throw await staleVersion(tx, 'escalations', id);
    if (e.status !== 'open') throw new AppError('conflict', 'the escalation is already resolved');
    await tx.execute(sql`
      update escalations set status = 'resolved', resolution = ${input.resolution}, resolved_at = ${ctx.now}, resolved_by_id = ${ctx.actor.id},
             updated_at = ${ctx.now}, version = version + 1 where id = ${id}`);
    await tx.execute(sql`
      insert into escalation_events (escalation_id, kind, level, actor_id, note, at) values (${id}, 'resolved', ${e.level}, ${ctx.actor.id}, ${input.resolution}, ${ctx.now})`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'escalations',
      entityId: id,
      summary: e.title,
      changes: { status: ['open', 'resolved'] },
    });
    await notify(tx, [
      { userId: e.raised_by_id, kind: 'teamwork.escalationResolved', title: e.title, link: `/teamwork/escalations?open=${id}` },
    ]);
    return getEscalation(ctx, id, tx);
  });
}

/**
 * The escalation sweep (every 15 minutes; the scheduler's lease runs it once across processes): an
 * open escalation past its level's SLA moves to the next person up the line. The update names the
 * level it read, so a second run on the same rows changes nothing.
 */
export async function sweepEscalations(db: Database, now: Date): Promise<JobOutcome> {
  const { escalationSlaHours } = await getTeamworkSettings(db);
  const open = await db.execute<{
    id: string;
    level: number;
    level_started_at: string;
    line_ids: string[];
    title: string;
    raised_by_id: string;
  }>(sql`
    select id, level, level_started_at, line_ids, title, raised_by_id from escalations where status = 'open' order by level_started_at limit 5000`);
  let moved = 0;
  for (const e of open.rows) {
    const { escalate } = escalationDue(e.level, new Date(iso(e.level_started_at)!), now, escalationSlaHours, e.line_ids.length);
    if (!escalate) continue;
    const next = e.line_ids[e.level]!;
    await db.transaction(async (tx) => {
      const updated = await tx.execute(sql`
        update escalations set level = level + 1, assignee_id = ${next}, level_started_at = ${now}, updated_at = ${now}, version = version + 1
         where id = ${e.id} and status = 'open' and level = ${e.level}`);
      if (!updated.rowCount) return;
      moved += 1;
      await tx.execute(
        sql`insert into escalation_events (escalation_id, kind, level, at) values (${e.id}, 'escalated', ${e.level + 1}, ${now})`,
      );
      await notify(tx, [
        { userId: next, kind: 'teamwork.escalation', title: e.title, link: `/teamwork/escalations?open=${e.id}` },
        { userId: e.raised_by_id, kind: 'teamwork.escalationMoved', title: e.title, link: `/teamwork/escalations?open=${e.id}` },
      ]);
    });
  }
  return jobOutcome('teamworkEscalations', { count: moved }, `${moved} escalations moved up`);
}

/** A handover is seen by both people and by whoever's reach covers either of them. */
function handoverVisible(ctx: Ctx): SQL {
  return sql`(${teamworkAccess.where(ctx.actor, 'read', sql`h.from_id`)} or ${teamworkAccess.where(ctx.actor, 'read', sql`h.to_user_id`)})`;
}

async function loadHandovers(ctx: Ctx, executor: Executor, where: SQL): Promise<Handover[]> {
  const rows = await executor.execute<{
    id: string;
    kind: Handover['kind'];
    title: string;
    context: string;
    customer_id: string | null;
    customer_name: string | null;
    escalation_id: string | null;
    from_id: string;
    from_name: string;
    from_unit: string | null;
    to_user_id: string;
    to_name: string;
    to_unit: string | null;
    status: Handover['status'];
    response_note: string | null;
    decided_at: string | null;
    created_at: string;
    version: number;
  }>(sql`
    select h.id, h.kind, h.title, h.context, h.customer_id, c.name as customer_name, h.escalation_id, h.from_id, f.display_name as from_name,
           fu.name as from_unit, h.to_user_id, t.display_name as to_name, tu.name as to_unit, h.status, h.response_note, h.decided_at,
           h.created_at, h.version
      from handovers h join users f on f.id = h.from_id join users t on t.id = h.to_user_id
      left join org_units fu on fu.id = f.org_unit_id left join org_units tu on tu.id = t.org_unit_id
      left join customers c on c.id = h.customer_id
     where ${where} and ${handoverVisible(ctx)}
     order by (h.status = 'pending') desc, h.created_at desc, h.id limit 200`);
  return rows.rows.map((h) => ({
    id: h.id,
    kind: h.kind,
    title: h.title,
    context: h.context,
    customerId: h.customer_id,
    customerName: h.customer_name,
    escalationId: h.escalation_id,
    fromId: h.from_id,
    fromName: h.from_name,
    fromUnitName: h.from_unit,
    toUserId: h.to_user_id,
    toName: h.to_name,
    toUnitName: h.to_unit,
    status: h.status,
    responseNote: h.response_note,
    decidedAt: iso(h.decided_at),
    createdAt: iso(h.created_at)!,
    version: h.version,
    abilities: { decide: h.status === 'pending' && h.to_user_id === ctx.actor.id },
  }));
}

export async function listHandovers(ctx: Ctx): Promise<Handover[]> {
  teamworkAccess.require(ctx.actor, 'read');
  return loadHandovers(ctx, ctx.db, sql`true`);
}

async function getHandover(ctx: Ctx, id: string, executor: Executor): Promise<Handover> {
  const [found] = await loadHandovers(ctx, executor, sql`h.id = ${id}`);
  if (!found) throw notFound('handover');
  return found;
}

/** Cross-department handover (跨部门协作): a lead, customer or issue passed to a person, with context, until they accept. */
/**
 * Who may receive a handover of `kind` (跨部门协作, issue 21 item 7): anyone in the company — any
 * department, not only the sender's tree — whose role takes on team work (accepts, raises, follows
 * up); a lead or customer also becomes theirs on acceptance, so only roles that may own customers.
 * Read from the access policies, so a policy change moves the rule with it.
 */
export function handoverReceiverRoles(kind: HandoverKind): Role[] {
  return ROLES.filter((role) => {
    const actor = { ...SYSTEM_ACTOR, roles: [role] };
    return teamworkAccess.can(actor, 'write') && (kind === 'issue' || customersAccess.can(actor, 'write'));
  });
}

/** The row predicate of that rule for `users u`: active, not the sender, a receiving role. */
function handoverReceiver(ctx: Ctx, kind: HandoverKind): SQL {
  return sql`not u.disabled and u.id <> ${ctx.actor.id} and u.roles && ${sql.param(handoverReceiverRoles(kind))}::text[]`;
}

/** The people the caller may hand `kind` over to, by name or username, with their department. */
export async function listHandoverTargets(ctx: Ctx, query: z.infer<typeof handoverTargetQuerySchema>): Promise<HandoverTarget[]> {
  teamworkAccess.require(ctx.actor, 'write');
  const pattern = query.q ? containsPattern(query.q) : null;
  const rows = await ctx.db.execute<{ id: string; display_name: string; username: string; unit_name: string | null }>(sql`
    select u.id, u.display_name, u.username, o.name as unit_name
      from users u left join org_units o on o.id = u.org_unit_id
     where ${handoverReceiver(ctx, query.kind)}
       ${pattern ? sql`and (u.display_name ilike ${pattern} or u.username ilike ${pattern} or o.name ilike ${pattern})` : sql``}
     order by o.path nulls last, u.display_name, u.id limit 20`);
  return rows.rows.map((r) => ({ id: r.id, displayName: r.display_name, username: r.username, unitName: r.unit_name }));
}

export async function createHandover(ctx: Ctx, input: z.infer<typeof handoverInputSchema>): Promise<Handover> {
  teamworkAccess.require(ctx.actor, 'write');
  if (input.toUserId === ctx.actor.id) throw badRequest('body.toUserId', 'hand over to someone else');
  return ctx.db.transaction(async (tx) => {
    const to = await tx.execute(sql`select 1 from users u where u.id = ${input.toUserId} and ${handoverReceiver(ctx, input.kind)}`);
    if (!to.rows.length) throw badRequest('body.toUserId', 'not someone who can take this handover');
    if (input.customerId) {
      // Handing a customer over is a change to it: only someone who may change it.
      const customer = await tx.execute(sql`
        select 1 from customers c where c.id = ${input.customerId} and c.merged_into_id is null
           and ${customersAccess.where(ctx.actor, 'write', sql`c.owner_id`)}`);
      if (!customer.rows.length) throw badRequest('body.customerId', 'no such customer you may hand over');
    }
    if (input.escalationId) {
      const escalation = await tx.execute(
        sql`select 1 from escalations e where e.id = ${input.escalationId} and ${escalationVisible(ctx)}`,
      );
      if (!escalation.rows.length) throw badRequest('body.escalationId', 'no such escalation');
    }
    const created = await tx.execute<{ id: string }>(sql`
      insert into handovers (kind, title, context, customer_id, escalation_id, from_id, to_user_id, created_at, updated_at)
      values (${input.kind}, ${input.title}, ${input.context}, ${input.customerId ?? null}, ${input.escalationId ?? null}, ${ctx.actor.id},
              ${input.toUserId}, ${ctx.now}, ${ctx.now})
      returning id`);
    const id = created.rows[0]!.id;
    await ctx.audit(tx, { action: 'create', entity: 'handovers', entityId: id, summary: input.title });
    await notify(tx, [{ userId: input.toUserId, kind: 'teamwork.handover', title: input.title, link: '/teamwork/handovers' }]);
    return getHandover(ctx, id, tx);
  });
}

/** The receiver accepts (a lead or customer becomes theirs) or declines with a note; the sender is told. */
export async function decideHandover(ctx: Ctx, id: string, input: z.infer<typeof handoverDecisionSchema>): Promise<Handover> {
  teamworkAccess.require(ctx.actor, 'read');
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.execute<{
      version: number;
      status: string;
      to_user_id: string;
      from_id: string;
      customer_id: string | null;
      kind: string;
      title: string;
    }>(sql`
      select h.version, h.status, h.to_user_id, h.from_id, h.customer_id, h.kind, h.title from handovers h
       where h.id = ${id} and ${handoverVisible(ctx)} for update`);
    const h = rows.rows[0];
    if (!h) throw notFound('handover');
    if (h.to_user_id !== ctx.actor.id) throw forbidden('only the receiver accepts or declines');
    if (h.version !== input.version) throw await staleVersion(tx, 'handovers', id);
    if (h.status !== 'pending') throw new AppError('conflict', 'the handover is already decided');
    const status = input.accept ? 'accepted' : 'declined';
    await tx.execute(sql`
      update handovers set status = ${status}, response_note = ${input.note || null}, decided_at = ${ctx.now}, updated_at = ${ctx.now},
             version = version + 1 where id = ${id}`);
    if (input.accept && h.customer_id && h.kind !== 'issue') {
      const moved = await tx.execute<{ owner_id: string | null }>(sql`
        update customers set owner_id = ${ctx.actor.id}, updated_at = ${ctx.now}, version = version + 1
         where id = ${h.customer_id} returning (select owner_id from customers where id = ${h.customer_id}) as owner_id`);
      if (moved.rowCount)
        await ctx.audit(tx, {
          action: 'update',
          entity: 'customers',
          entityId: h.customer_id,
          changes: { ownerId: [h.from_id, ctx.actor.id] },
        });
    }
    await ctx.audit(tx, {
      action: 'update',
      entity: 'handovers',
      entityId: id,
      summary: h.title,
      changes: { status: ['pending', status] },
    });
    await notify(tx, [{ userId: h.from_id, kind: 'teamwork.handoverDecided', title: h.title, link: '/teamwork/handovers' }]);
    return getHandover(ctx, id, tx);
  });
}
